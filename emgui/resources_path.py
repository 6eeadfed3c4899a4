"""Where the shipped data sets and icons are, in a checkout and when installed."""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    """The resources folder: emgui/resources when installed, ./resources in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "resources", here.parent / "resources"):
        if (candidate / "data").is_dir():
            return candidate
    raise FileNotFoundError("emgui's resources folder is missing; reinstall emgui")
