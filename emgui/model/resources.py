"""Where the shipped data sets and icons are, in a checkout and when installed."""

from __future__ import annotations

from pathlib import Path


def resource_dir() -> Path:
    """The resources folder: emgui/resources when installed, ./resources in a checkout."""
    package = Path(__file__).resolve().parent.parent  # emgui/
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "data").is_dir():
            return candidate
    raise FileNotFoundError("emgui's resources folder is missing; reinstall emgui")
