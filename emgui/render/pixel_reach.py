"""Pixels in data units, for items whose marks reach a fixed number of pixels beyond their data,
and data in device pixels, for items that paint their marks in device coordinates."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui


def reach_in_data(item: pg.GraphicsObject, pixels: float) -> tuple[float, float]:
    """(dx, dy): ``pixels`` screen pixels in ``item``'s x and y data units; (0, 0) without a view.

    A degenerate view (zero or infinite scale) gives (0, 0) rather than inf or NaN bounds.
    """
    pvx, pvy = item.pixelVectors()
    if pvx is None:
        return 0.0, 0.0
    try:
        dx, dy = pvx.length() * pixels, pvy.length() * pixels
    except OverflowError:
        return 0.0, 0.0
    if not (math.isfinite(dx) and math.isfinite(dy)):
        return 0.0, 0.0
    return dx, dy


def device_xy(
    t: QtGui.QTransform,
    xy: np.ndarray,
    factor: float = 1.0,
    shift: tuple[float, float] = (0.0, 0.0),
) -> tuple[np.ndarray, np.ndarray]:
    """(n, 2) points in device coordinates under the affine part of ``t``, times factor, plus
    shift, as x and y columns."""
    # Column by column: broadcasting (n, 2) * (2,) is several times slower in numpy.
    x, y = xy[:, 0], xy[:, 1]
    fx = np.multiply(x, t.m11() * factor)
    fx += t.dx() * factor + shift[0]
    if t.m21() != 0.0:
        fx += y * (t.m21() * factor)
    fy = np.multiply(y, t.m22() * factor)
    fy += t.dy() * factor + shift[1]
    if t.m12() != 0.0:
        fy += x * (t.m12() * factor)
    return fx, fy


def device_rect(painter: QtGui.QPainter) -> QtCore.QRectF:
    """The device rect within the clip, in device coordinates."""
    dev = painter.device()
    rect = QtCore.QRectF(0, 0, dev.width(), dev.height())
    if painter.hasClipping():
        rect = rect.intersected(painter.clipBoundingRect())
    return rect
