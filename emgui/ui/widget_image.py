"""A widget's picture as PNG or PDF: the analysis windows' "Save image…".

PNG at twice the screen resolution (for slides); PDF through QPainter onto QPdfWriter, so
lines and text stay vector. Not SVG: Qt's SVG generator draws pyqtgraph's plots wrongly
(cosmetic pens inside the view's transform become filled bands, as librsvg shows).
Written whole or not at all.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QPoint, Qt

from emgui.io.atomic import write_atomic

FORMATS = ("png", "pdf")
FILTERS = "PNG image (*.png);;PDF document (*.pdf)"
SCREEN_DPI = 96


def widget_image_bytes(widget: QtWidgets.QWidget, fmt: str) -> bytes:
    """The widget drawn as ``fmt`` ("png" or "pdf")."""
    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    size = widget.size()
    if fmt == "png":
        ratio = 2.0
        image = QtGui.QImage(size * ratio, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(ratio)
        image.fill(Qt.GlobalColor.white)
        painter = QtGui.QPainter(image)
        widget.render(painter, QPoint(0, 0))
        painter.end()
        image.save(buffer, "PNG")
    elif fmt == "pdf":
        writer = QtGui.QPdfWriter(buffer)
        writer.setResolution(SCREEN_DPI)
        points = QtCore.QSizeF(size.width() * 72 / SCREEN_DPI, size.height() * 72 / SCREEN_DPI)
        writer.setPageSize(QtGui.QPageSize(points, QtGui.QPageSize.Unit.Point))
        writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0))
        painter = QtGui.QPainter(writer)
        widget.render(painter, QPoint(0, 0))
        painter.end()
    else:
        raise ValueError(f"cannot write a .{fmt} image here; use .png or .pdf")
    buffer.close()
    return bytes(buffer.data())


def save_widget_image(widget: QtWidgets.QWidget, path: str) -> None:
    """Write the widget's picture to ``path`` as its extension says (ValueError naming it)."""
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ValueError(
            f"{path}: cannot write a .{fmt or '(no extension)'} image here; use .png or .pdf"
        )
    write_atomic(path, widget_image_bytes(widget, fmt))
