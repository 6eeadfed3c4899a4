"""Points drawn with a marker shape per group (class or component) as well as their colour.

Colour alone is lost in a grey print and to some readers; a shape per component keeps the
clusters apart, and a shape per known class while the colour shows the cluster is the
"clusters are not classes" picture (iris: three species, three shapes, three colours).

One pyqtgraph ScatterPlotItem draws them (its symbol atlas: one pixmap per shape and
colour). Its brushes are shared objects, one per distinct colour after quantising to
4 bits a channel (as the point item's atlas does), never one per point; the shapes mode is
meant for the data sets a lecture shows (up to MAX_POINTS), the point item draws more.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtGui

from emgui.render.argb import colour_codes

# Shapes that differ in outline, not only in size or fill, in the order they are given out:
# circle, square, triangle up, diamond, plus, cross, star, triangle down, pentagon, hexagon.
SYMBOLS = ("o", "s", "t1", "d", "+", "x", "star", "t", "p", "h")
SHAPE_NAMES = (
    "circle",
    "square",
    "triangle",
    "diamond",
    "plus",
    "cross",
    "star",
    "triangle down",
    "pentagon",
    "hexagon",
)
# Above this many points the shapes are not drawn; the caller keeps the colour-only point
# item. pyqtgraph's per-point bookkeeping costs ~4 µs a point at each recolouring (an E-step,
# each frame of its fade): 20,000 points ~75 ms, 100,000 ~340 ms (AMD EPYC), a stalled window.
MAX_POINTS = 20_000


def symbols_for(groups: np.ndarray) -> np.ndarray:
    """The pyqtgraph symbol of each point's group (0, 1, 2, …); shapes repeat after ten."""
    table = np.array(SYMBOLS, dtype=object)
    return table[np.asarray(groups, dtype=np.intp) % len(SYMBOLS)]


def shape_name(group: int) -> str:
    """The shape's name for a legend ("triangle")."""
    return SHAPE_NAMES[group % len(SHAPE_NAMES)]


def legend_rows(names: tuple[str, ...]) -> list[tuple[str, str]]:
    """(pyqtgraph symbol, "setosa (circle)") for each group, for a legend of the shapes."""
    return [
        (SYMBOLS[i % len(SYMBOLS)], f"{name} ({shape_name(i)})") for i, name in enumerate(names)
    ]


def quantised_colours(argb: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(distinct 0xAARRGGBB colours, each point's index into them), at 4 bits a channel.

    Mixtures blend colours per point; quantising bounds the brushes (and atlas cells) to
    4096 whatever the number of points, with an error of at most 8/255 a channel.
    """
    argb = np.asarray(argb, dtype=np.uint32)
    codes = colour_codes(argb)
    _, first, inverse = np.unique(codes, return_index=True, return_inverse=True)
    # Each code is shown in the first colour that has it: exact for hard colours.
    return argb[first], inverse.reshape(-1)


class ShapeMarkersItem(pg.ScatterPlotItem):
    """Markers with a shape per group and a colour per point, sized in screen pixels."""

    def __init__(self, size: float = 9.0, outline: QtGui.QColor | None = None) -> None:
        super().__init__(pxMode=True)
        self._size = size
        self._outline = outline if outline is not None else QtGui.QColor(0, 0, 0, 170)
        self._brushes: dict[int, QtGui.QBrush] = {}

    def setStyle(self, size: float, outline: QtGui.QColor | None = None) -> None:
        """Marker size in pixels (shapes need about a third more than discs to be told apart)."""
        self._size = size
        if outline is not None:
            self._outline = outline
        self.setSize(size)

    def set_points(self, xy: np.ndarray, colors: np.ndarray, groups: np.ndarray) -> bool:
        """Draw ``xy`` (n, 2) in ``colors`` (n,) 0xAARRGGBB with the shape of ``groups`` (n,).

        False (and nothing drawn) above MAX_POINTS: the caller keeps its point item.
        """
        xy = np.asarray(xy, dtype=np.float64)
        n = xy.shape[0]
        if not (len(colors) == len(groups) == n):
            raise ValueError(f"{n} points, {len(colors)} colours and {len(groups)} groups")
        if n > MAX_POINTS:
            self.clear()
            return False
        palette, index = quantised_colours(colors)
        brushes = np.array([self._brush(int(c)) for c in palette.tolist()], dtype=object)
        pen = pg.mkPen(self._outline, width=1)
        self.setData(
            x=xy[:, 0],
            y=xy[:, 1],
            symbol=symbols_for(groups),
            brush=brushes[index] if n else [],
            pen=pen,
            size=self._size,
        )
        return True

    def _brush(self, argb: int) -> QtGui.QBrush:
        brush = self._brushes.get(argb)
        if brush is None:
            brush = self._brushes[argb] = QtGui.QBrush(QtGui.QColor.fromRgba(argb))
        return brush
