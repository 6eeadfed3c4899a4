"""Point markers for vector devices (SVG, PDF, QPicture): one ellipse per point.

An exported SVG thus holds exactly one circle per point, drawn in the points' order.
"""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtCore, QtGui

from emgui.render.point_raster import Shape

__all__ = ["paint_markers"]


def paint_markers(
    painter: QtGui.QPainter,
    fx: np.ndarray,
    fy: np.ndarray,
    argb: np.ndarray,
    size: float,
    outline: int | None,
    shape: Shape,
    ring_width: float,
) -> None:
    """Draw a marker of diameter ``size`` at each device position (fx, fy) in its 0xAARRGGBB colour.

    ``outline``: 0xAARRGGBB of a 1 px cosmetic outline around discs, or None; a "ring" is an
    open circle with a line ``ring_width`` wide in the point's colour, and no outline.
    """
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    ring = shape == "ring"
    if ring:
        r = (size - ring_width) / 2
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
    else:
        r = size / 2
        if outline is None:
            painter.setPen(QtCore.Qt.PenStyle.NoPen)
        else:
            pen = QtGui.QPen(QtGui.QColor.fromRgba(outline), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
    # One brush (or pen) per run of equal colours keeps the painter order, so overlaps
    # look as on screen, and one SVG group per run rather than per point.
    starts = np.flatnonzero(np.r_[True, argb[1:] != argb[:-1]])
    ends = np.r_[starts[1:], len(argb)]
    xs, ys = fx.tolist(), fy.tolist()
    for s, e, c in zip(starts.tolist(), ends.tolist(), argb[starts].tolist(), strict=True):
        color = QtGui.QColor.fromRgba(c)
        if ring:
            pen = QtGui.QPen(color, ring_width)
            painter.setPen(pen)
        else:
            painter.setBrush(color)
        for i in range(s, e):
            painter.drawEllipse(QtCore.QPointF(xs[i], ys[i]), r, r)
