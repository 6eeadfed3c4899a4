"""emgui's application icon, from the shipped PNG sizes and SVG (resources/icons)."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from emgui.io.desktop_entry import ICON_SIZES
from emgui.model.resources import resource_dir


def application_icon() -> QIcon:
    """The icon at every shipped size; a null icon if the files are missing (never an error)."""
    icon = QIcon()
    folder = resource_dir() / "icons"
    for size in ICON_SIZES:
        path = folder / f"emgui-{size}.png"
        if path.exists():
            icon.addFile(str(path), QSize(size, size))
    svg = folder / "emgui.svg"
    if svg.exists():  # drawn sharp at sizes between and above the PNGs where Qt reads SVG
        icon.addFile(str(svg))
    return icon
