"""One light look for the whole window, whatever the desktop's palette.

The plot keeps its own light theme (white, dark ink) on every desktop; with a dark desktop
palette, the labels around it (the explanation line, the panels) came out dark grey with
near-black text. Rather than a half-dark window around a white plot, emgui is light throughout.
"""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws windows dark (their background darker than their text)."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    return window.lightness() < text.lightness()


def light_palette() -> QPalette:
    """A light palette: Qt derives the roles from a light grey button and window colour."""
    grey = QColor("#efefef")
    palette = QPalette(grey, grey)
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#000000"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#000000"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#ffffdc"))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor("#000000"))
    return palette


def use_light_look(app: QtWidgets.QApplication) -> bool:
    """Make ``app`` light (Fusion, a light palette) when its palette is dark; True if it did.

    Fusion draws with the palette it is given (a desktop style may not); on a light desktop
    nothing changes, so the desktop's own style stays.
    """
    if not is_dark(app.palette()):
        return False
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8: the title bar and dialogs follow too
        hints.setColorScheme(Qt.ColorScheme.Light)
    app.setStyle(QtWidgets.QStyleFactory.create("Fusion"))
    app.setPalette(light_palette())
    return True
