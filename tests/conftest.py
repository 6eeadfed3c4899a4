"""Test setup: run Qt offscreen when there is no display, and fail on leftover threads."""

from __future__ import annotations

import os
import sys

if (
    sys.platform.startswith("linux")
    and not os.environ.get("DISPLAY")
    and not os.environ.get("WAYLAND_DISPLAY")
):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def no_dangling_threads(request, monkeypatch):
    """Every QThread a test starts must have finished by the end of the test (napari-style)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QThread

    qtbot = request.getfixturevalue("qtbot")
    started: list = []
    original = QThread.start

    def tracking_start(self, *args, **kwargs):
        started.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", tracking_start)
    yield
    for thread in started:
        try:
            qtbot.waitUntil(lambda t=thread: not t.isRunning(), timeout=5000)
        except RuntimeError:  # the C++ object is gone: the thread ended with its owner
            continue
