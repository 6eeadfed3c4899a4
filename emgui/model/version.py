"""emgui's version: the installed distribution's, or the package's own in a bare checkout."""

from __future__ import annotations

from importlib import metadata


def version() -> str:
    """The version string, e.g. ``0.1.0``."""
    try:
        return metadata.version("emgui")
    except metadata.PackageNotFoundError:
        import emgui

        return emgui.__version__
