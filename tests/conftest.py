"""Test setup: run Qt offscreen when there is no display, and fail on leftover threads."""

from __future__ import annotations

import os
import sys

if sys.platform.startswith("linux") and not os.environ.get("DISPLAY") and not os.environ.get(
    "WAYLAND_DISPLAY"
):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
