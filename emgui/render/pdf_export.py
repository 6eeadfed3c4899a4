"""PDF output of a figure through QPdfWriter: vector marks, text as text, fonts embedded.

The page is the figure's size at 96 pixels per inch (a 1280 x 960 figure is 960 x 720 pt).
Above :data:`VECTOR_POINT_LIMIT` points the points alone are embedded as one image at
:data:`RASTER_DPI` (a PDF viewer slows down on hundreds of thousands of vector discs);
everything else stays vector, and the caller is told.
"""

from __future__ import annotations

VECTOR_POINT_LIMIT = 20_000
RASTER_DPI = 300.0


def pdf_bytes(figure) -> tuple[bytes, str | None]:
    """(the PDF file's bytes, a note when the points were embedded as an image, else None)."""
    from PySide6 import QtCore, QtGui

    data = QtCore.QByteArray()
    buffer = QtCore.QBuffer(data)
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    writer = QtGui.QPdfWriter(buffer)
    writer.setCreator("emgui")
    writer.setTitle(figure.title)
    writer.setResolution(96)  # painter units are figure pixels
    size = QtCore.QSizeF(figure.width * 0.75, figure.height * 0.75)
    writer.setPageSize(QtGui.QPageSize(size, QtGui.QPageSize.Unit.Point, "figure"))
    writer.setPageMargins(QtCore.QMarginsF(0, 0, 0, 0), QtGui.QPageLayout.Unit.Point)
    n = figure.point_count()
    dpi = RASTER_DPI if n > VECTOR_POINT_LIMIT else None
    painter = QtGui.QPainter(writer)
    try:
        from emgui.render.figure_canvas import PainterCanvas

        figure.draw(PainterCanvas(painter), points_dpi=dpi)
    finally:
        painter.end()
    buffer.close()
    note = None
    if dpi is not None:
        note = (
            f"{n} points: drawn as one {dpi:.0f}-dpi image in the PDF "
            f"(vector above {VECTOR_POINT_LIMIT} points would make a slow file); "
            "the rest is vector"
        )
    return bytes(data.data()), note
