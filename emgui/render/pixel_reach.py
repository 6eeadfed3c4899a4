"""Pixels in data units, for items whose marks reach a fixed number of pixels beyond their data."""

from __future__ import annotations

import math

import pyqtgraph as pg


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
