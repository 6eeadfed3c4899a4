"""Points with a marker shape per known class or per component, in the window and in a figure.

The shapes are the window's (emgui.render.shape_markers: pyqtgraph's symbols), turned into
polygons so that every canvas can draw them: an SVG holds a filled polygon and its outline per
point, and discs stay circles. The window and the figures choose the shapes by one rule
(:func:`figure_groups`): plain discs above shape_markers.MAX_POINTS points, without known
classes for these points, and, for shapes by component, before the first E-step.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols

from emgui.model.known_classes import classes_of
from emgui.model.settings import Settings
from emgui.model.view_state import ViewState
from emgui.render import shape_markers
from emgui.render.figure_canvas import Canvas, Color, rgba_of_argb
from emgui.render.shape_markers import symbols_for

# Shapes need about a third more size than discs to be told apart (as in the window).
SIZE_OVER_DISC = 9.5 / 7.0


@cache
def unit_polygon(symbol: str) -> np.ndarray:
    """(m, 2) outline of pyqtgraph's ``symbol``, one unit across round the origin, y down."""
    polygons = Symbols[symbol].toFillPolygons()
    outline = max(polygons, key=len)
    xy = np.array([[p.x(), p.y()] for p in outline], dtype=np.float64)
    if len(xy) > 1 and np.allclose(xy[0], xy[-1]):
        xy = xy[:-1]  # Qt closes a fill polygon by repeating its first point
    xy.setflags(write=False)
    return xy


def figure_groups(state: ViewState, settings: Settings) -> np.ndarray | None:
    """Each point's shape (0, 1, …) under ``settings.point_shapes``: its known class or its
    component; None for plain discs.

    None too when there is nothing to go by (no known classes for these points, no
    assignments yet) or too many points to draw one by one.
    """
    n = state.points.shape[0]
    groups = None
    if settings.point_shapes == "classes":
        groups = classes_of(state.known, n)
    elif settings.point_shapes == "components" and state.snapshot is not None:
        groups = state.snapshot.labels
    if groups is None or n == 0 or len(groups) != n or n > shape_markers.MAX_POINTS:
        return None
    return np.asarray(groups)


def draw_shapes(
    canvas: Canvas,
    xy: np.ndarray,
    diameter: float,
    argb: np.ndarray,
    groups: np.ndarray,
    outline: Color | None,
    width: float,
) -> None:
    """Draw a marker ``diameter`` px across at each figure position, in the points' order;
    ``outline``: the colour of a ``width`` px outline round each, or None."""
    symbols = symbols_for(groups).tolist()
    words = np.asarray(argb, dtype=np.uint32).tolist()
    for (x, y), word, symbol in zip(np.asarray(xy).tolist(), words, symbols, strict=True):
        if symbol == "o":
            at = np.array([[x, y]])
            canvas.circles(at, diameter / 2, np.array([word], np.uint32), outline, width)
            continue
        polygon = unit_polygon(symbol) * diameter + (x, y)
        canvas.polygon(polygon, rgba_of_argb(word))
        if outline is not None:
            canvas.polyline(polygon, outline, width, closed=True)
