"""VoronoiItem: k-means cells as exact polygons with smooth borders, under the points.

A label image of the view (the earlier drawing) showed every border as a staircase of
2 to 8 screen pixels, worse on a projector. Polygons from :func:`voronoi_cells`, filled
lightly, and the borders between them as antialiased lines of a fixed pixel
width are straight at any zoom. The cells are computed for a box larger than the view, so
that panning and zooming a little draw the same polygons again.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.core.geometry import voronoi_diagram

__all__ = ["BORDER", "VORONOI_ALPHA", "VoronoiItem", "cover_box", "shows_voronoi"]

MARGIN = 1.0  # the cells' box reaches this many view widths and heights beyond the view
VORONOI_ALPHA = 38  # light shading: the points must stay the strongest thing on screen
BORDER = (40, 40, 40, 130)  # the borders' colour (RGBA), in the window and in every figure


def shows_voronoi(state, settings) -> bool:
    """Whether ``state`` is shaded by its Voronoi cells: asked for, and k-means centers."""
    snap = state.snapshot
    return (
        settings.show_voronoi
        and state.centers.shape[0] > 0
        and (snap is None or snap.algorithm == "kmeans")
        and settings.algorithm == "kmeans"
    )


def cover_box(x_range, y_range, margin: float = MARGIN) -> tuple[tuple, tuple]:
    """The view's box grown by ``margin`` times its size on every side."""
    (x0, x1), (y0, y1) = x_range, y_range
    w, h = x1 - x0, y1 - y0
    return (x0 - margin * w, x1 + margin * w), (y0 - margin * h, y1 + margin * h)


def _inside(inner, outer) -> bool:
    (ix, iy), (ox, oy) = inner, outer
    return ox[0] <= ix[0] and ix[1] <= ox[1] and oy[0] <= iy[0] and iy[1] <= oy[1]


class VoronoiItem(pg.GraphicsObject):
    """Voronoi cells of the centers, filled with their colours, and their borders."""

    def __init__(self) -> None:
        super().__init__()
        self._polygons: list[tuple[QtGui.QPolygonF, QtGui.QBrush]] = []
        self._lines: list[QtCore.QLineF] = []
        self._pen = QtGui.QPen(QtGui.QColor(*BORDER), 1.5)
        self._pen.setCosmetic(True)  # a width in screen pixels at any zoom
        self._key: tuple | None = None
        self._box: tuple | None = None
        self._rect = QtCore.QRectF()

    def set_style(self, line_width: float) -> None:
        """Border width in screen pixels (scaled up in presentation mode)."""
        self._pen.setWidthF(line_width)
        self.update()

    def show_cells(self, centers: np.ndarray, rgba: np.ndarray, x_range, y_range) -> bool:
        """Cells of ``centers`` (k, 2) coloured ``rgba`` (k, 4) for a view; False if unchanged.

        Computed anew only when the centers or colours change or the view leaves the box
        they were computed for.
        """
        centers = np.asarray(centers, dtype=np.float64).reshape(-1, 2)
        key = (centers.tobytes(), np.asarray(rgba).tobytes())
        view = (tuple(x_range), tuple(y_range))
        if key == self._key and self._box is not None and _inside(view, self._box):
            # Zoomed far in, the kept box is needlessly large; far out, it no longer covers.
            (bx0, bx1), _ = self._box
            if (bx1 - bx0) <= 8 * (view[0][1] - view[0][0]):
                return False
        self._key = key
        self._box = cover_box(*view)
        (x0, x1), (y0, y1) = self._box
        self.prepareGeometryChange()
        self._rect = QtCore.QRectF(x0, y0, x1 - x0, y1 - y0)
        self._polygons = []
        cells, edges = voronoi_diagram(centers, *self._box)
        for cell, colour in zip(cells, rgba, strict=True):
            if len(cell) < 3:
                continue
            poly = QtGui.QPolygonF([QtCore.QPointF(x, y) for x, y in cell.tolist()])
            self._polygons.append((poly, QtGui.QBrush(QtGui.QColor(*(int(v) for v in colour)))))
        self._lines = [QtCore.QLineF(a[0], a[1], b[0], b[1]) for a, b in edges.tolist()]
        self.update()
        return True

    def line_count(self) -> int:
        """Borders drawn (for tests)."""
        return len(self._lines)

    def boundingRect(self) -> QtCore.QRectF:
        return QtCore.QRectF(self._rect)

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        for poly, brush in self._polygons:
            painter.setBrush(brush)
            painter.drawPolygon(poly)
        # The borders over the fills also cover the faint seams antialiasing leaves between
        # neighbouring polygons.
        painter.setPen(self._pen)
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        if self._lines:
            painter.drawLines(self._lines)
