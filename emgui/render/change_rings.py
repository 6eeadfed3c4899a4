"""ChangeRings: rings round points whose cluster changed, readable however dense the points are.

Black rings around every changed point merged into solid black where points are dense and
hid the new colours. Here a ring is drawn in the point's new colour, semi-transparent, with a
thin dark edge that keeps it visible on a point of the same colour; and at most one ring per
screen cell of about a ring's size, none in cells so crowded with points that a ring could
not single one out (there the new colours themselves show the change). The thinning is by
density on the screen, so zooming in on a crowded region shows its rings.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.render.pixel_reach import device_rect, device_xy, reach_in_data

__all__ = ["ChangeRings", "rings_to_draw"]

CROWDED = 12  # points in one ring-sized cell beyond which a ring singles out none of them


DENSITY_SAMPLE = 250_000  # beyond this many points, a regular sample estimates the density


def rings_to_draw(
    ring_xy: np.ndarray,
    all_xy: np.ndarray,
    cell: float,
    crowded: int = CROWDED,
    weight: int = 1,
) -> np.ndarray:
    """Indices into ``ring_xy`` (pixels) of the rings to draw: one per ``cell``-sized square.

    Squares holding more than ``crowded`` of ``all_xy`` (pixels: every point drawn, or every
    ``weight``-th of them) get no ring. The ring kept in a square is the first one in it, so
    a redraw keeps the same rings.
    """
    ring_xy = np.asarray(ring_xy, dtype=np.float64).reshape(-1, 2)
    if not len(ring_xy) or not (cell > 0 and math.isfinite(cell)):
        return np.zeros(0, dtype=np.intp)
    # Squares counted from the corner of the rings' own box: a small grid, whatever the view.
    origin = np.floor(ring_xy.min(axis=0) / cell) * cell
    ix = np.floor((ring_xy[:, 0] - origin[0]) / cell).astype(np.int64)
    iy = np.floor((ring_xy[:, 1] - origin[1]) / cell).astype(np.int64)
    nx, ny = int(ix.max()) + 1, int(iy.max()) + 1
    squares, first = np.unique(ix * ny + iy, return_index=True)
    all_xy = np.asarray(all_xy, dtype=np.float64).reshape(-1, 2)
    if len(all_xy):
        ax = np.floor((all_xy[:, 0] - origin[0]) / cell)
        ay = np.floor((all_xy[:, 1] - origin[1]) / cell)
        inside = (ax >= 0) & (ax < nx) & (ay >= 0) & (ay < ny)
        flat = ax[inside].astype(np.int64) * ny + ay[inside].astype(np.int64)
        counts = np.bincount(flat, minlength=nx * ny)
        keep = counts[squares] * weight <= crowded
        squares, first = squares[keep], first[keep]
    return np.sort(first[_spaced(ring_xy[first], squares, ny, 0.8 * cell)])


def _spaced(xy: np.ndarray, squares: np.ndarray, ny: int, gap: float) -> np.ndarray:
    """Which of these rings (one per square, ``squares`` sorted) to keep so that no two drawn
    rings are nearer than ``gap``: two in neighbouring squares can be, across their border.

    Each ring is checked against the rings of the squares before it (left column, and below
    in its own column); a ring too near one of them goes. Vectorised: no loop over rings.
    """
    keep = np.ones(len(squares), dtype=bool)
    for offset in (-ny - 1, -ny, -ny + 1, -1):
        pos = np.searchsorted(squares, squares + offset)
        pos = np.minimum(pos, len(squares) - 1)
        found = squares[pos] == squares + offset
        # Squares one column apart in y wrap into the next column: the x index must differ
        # by exactly what the offset says.
        column = (squares + offset) // ny - squares // ny
        found &= column == (-1 if offset != -1 else 0)
        near = np.hypot(*(xy - xy[pos]).T) < gap
        keep &= ~(found & near)
    return keep


class ChangeRings(pg.GraphicsObject):
    """Rings of a fixed pixel size around some points, each in its own colour."""

    def __init__(self) -> None:
        super().__init__()
        self._xy = np.zeros((0, 2))
        self._argb = np.zeros(0, np.uint32)
        self._all = np.zeros((0, 2))
        self._diameter = 15.0
        self._width = 2.0
        self._crowded = CROWDED
        self._drawn = 0
        self._bounds: QtCore.QRectF | None = None
        self._version = 0  # counts setData and set_style calls: the chosen rings' cache key
        self._chosen: tuple | None = None

    def set_style(self, diameter: float, width: float) -> None:
        """Ring diameter and coloured line width, in screen pixels."""
        self._diameter, self._width = float(diameter), float(width)
        self._version += 1
        self.prepareGeometryChange()
        self.update()

    def setData(self, xy: np.ndarray, argb: np.ndarray, all_xy: np.ndarray) -> None:
        """Rings at ``xy`` (m, 2) in the colours ``argb`` (m,) among all points ``all_xy``."""
        self.prepareGeometryChange()
        self._version += 1
        xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        keep = np.isfinite(xy).all(axis=1)
        self._xy, self._argb = xy[keep], np.asarray(argb, dtype=np.uint32)[keep]
        self._all = np.asarray(all_xy, dtype=np.float64).reshape(-1, 2)
        if len(self._xy):
            lo, hi = self._xy.min(axis=0), self._xy.max(axis=0)
            self._bounds = QtCore.QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1])
        else:
            self._bounds = None
        self.update()

    def clear(self) -> None:
        """No rings."""
        self.setData(np.zeros((0, 2)), np.zeros(0, np.uint32), np.zeros((0, 2)))

    def drawn_count(self) -> int:
        """Rings drawn by the last paint (for tests)."""
        return self._drawn

    def boundingRect(self) -> QtCore.QRectF:
        if self._bounds is None:
            return QtCore.QRectF()
        px, py = reach_in_data(self, self._diameter / 2 + self._width + 2)
        return self._bounds.adjusted(-px - 1e-9, -py - 1e-9, px + 1e-9, py + 1e-9)

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()  # the reach is in pixels
        super().viewTransformChanged()

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        self._drawn = 0
        if not len(self._xy):
            return
        t = painter.transform()
        # Device pixels per screen pixel: a high-dpi screen, or an image export's scale.
        dev = painter.device()
        scale = float(dev.devicePixelRatioF()) if hasattr(dev, "devicePixelRatioF") else 1.0
        if self._exportOpts is not False:
            scale *= float(self._exportOpts.get("resolutionScale", 1.0))
        painter.save()
        try:
            painter.resetTransform()  # rings have a size in pixels: drawn in device coordinates
            rx, ry, idx = self._choose(t, device_rect(painter), scale)
            self._drawn = len(idx)
            if len(idx):
                self._stroke(painter, rx[idx].tolist(), ry[idx].tolist(), idx, scale)
        finally:
            painter.restore()

    def _choose(self, t: QtGui.QTransform, device: QtCore.QRectF, dev_scale: float):
        """Device positions of the rings and the indices of those to draw.

        Kept while the data and the view stay: mapping a million points for the density
        costs ~20 ms, too much for every repaint.
        """
        key = (
            self._version, t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(),
            device.left(), device.top(), device.width(), device.height(),
            self._diameter, dev_scale,
        )  # fmt: skip
        if self._chosen is not None and self._chosen[0] == key:
            return self._chosen[1]
        rx, ry = device_xy(t, self._xy)
        pad = self._diameter * dev_scale
        inside = (rx > device.left() - pad) & (rx < device.right() + pad)
        inside &= (ry > device.top() - pad) & (ry < device.bottom() + pad)
        idx = np.flatnonzero(inside)
        if len(idx):
            # The density from every point, or from a regular sample of a large cloud.
            weight = max(1, len(self._all) // DENSITY_SAMPLE)
            ax, ay = device_xy(t, self._all[::weight])
            chosen = rings_to_draw(
                np.column_stack([rx[idx], ry[idx]]),
                np.column_stack([ax, ay]),
                cell=1.2 * self._diameter * dev_scale,
                crowded=self._crowded,
                weight=weight,
            )
            idx = idx[chosen]
        result = (rx, ry, idx)
        self._chosen = (key, result)
        return result

    def _stroke(self, painter: QtGui.QPainter, xs, ys, idx, scale: float) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        diameter, width = self._diameter * scale, self._width * scale
        r = (diameter - width) / 2
        # A thin dark edge on both sides of the coloured line: one path, one stroke.
        edge = QtGui.QPainterPath()
        for x, y in zip(xs, ys, strict=True):
            edge.addEllipse(QtCore.QPointF(x, y), r, r)
        painter.strokePath(edge, QtGui.QPen(QtGui.QColor(20, 20, 20, 170), width + 2 * scale))
        # The new colours, grouped (4 bits a channel) so that a soft mixture's many blends
        # still cost few strokes.
        argb = self._argb[idx]
        quant = (argb & np.uint32(0x00F0F0F0)) | np.uint32(0x00080808)
        for q in np.unique(quant).tolist():
            path = QtGui.QPainterPath()
            for i in np.flatnonzero(quant == q).tolist():
                path.addEllipse(QtCore.QPointF(xs[i], ys[i]), r, r)
            colour = QtGui.QColor.fromRgb((q >> 16) & 255, (q >> 8) & 255, q & 255, 215)
            painter.strokePath(path, QtGui.QPen(colour, width))
