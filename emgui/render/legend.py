"""Legend: a plot legend painted by one item, cheap to relabel every frame.

pyqtgraph's LegendItem holds a LabelItem (an HTML text item in a layout) per row:
creating a row costs ~5 ms and relabelling one ~0.5 ms, and a Gaussian
mixture relabels every row at every M-step (the weights π change). This item
measures its rows with QFontMetricsF and paints them itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols
from PySide6 import QtCore, QtGui

__all__ = ["Legend", "LegendRow"]


@dataclass(frozen=True)
class LegendRow:
    """One entry: a ``"marker"`` or a ``"line"`` sample in ``color``, and its text.

    ``symbol``: the marker's pyqtgraph symbol ("o" a disc, "s" a square, …), for points
    drawn with a shape per class or component (render.shape_markers).
    """

    kind: Literal["marker", "line"]
    color: str
    text: str
    symbol: str = "o"


class Legend(pg.GraphicsWidgetAnchor, pg.GraphicsWidget):
    """Rows of a sample and a text on a translucent white box; placed with ``anchor()``."""

    PAD = 8.0  # px around the rows, at scale 1
    GAP = 8.0  # px between the sample and its text

    def __init__(self, point_size: float = 11.0, scale: float = 1.0) -> None:
        pg.GraphicsWidget.__init__(self)
        pg.GraphicsWidgetAnchor.__init__(self)
        # In screen pixels whatever the zoom, like pyqtgraph's legend.
        self.setFlag(self.GraphicsItemFlag.ItemIgnoresTransformations)
        self._rows: tuple[LegendRow, ...] = ()
        self._font = QtGui.QFont()
        self._scale = 1.0
        self._text_pen = QtGui.QPen(QtGui.QColor("#222222"))
        self._outline_pen = QtGui.QPen(QtGui.QColor("#111111"), 2.0)
        self._box_pen = QtGui.QPen(QtGui.QColor(0, 0, 0, 60), 1.0)
        self._box_brush = QtGui.QBrush(QtGui.QColor(255, 255, 255, 200))
        self._row_height = 0.0
        self.set_style(point_size, scale)

    def texts(self) -> list[str]:
        return [row.text for row in self._rows]

    def set_rows(self, rows: list[LegendRow]) -> None:
        """Show these rows; nothing is done when they are the ones shown."""
        rows = tuple(rows)
        if rows == self._rows:
            return
        self._rows = rows
        self._relayout()

    def set_style(self, point_size: float, scale: float) -> None:
        """Text size in points, and the scale of samples and margins (about 1.8 on a projector)."""
        self._font.setPointSizeF(point_size)
        self._scale = scale
        self._relayout()

    def _relayout(self) -> None:
        metrics = QtGui.QFontMetricsF(self._font)
        s = self._scale
        self._sample = 14.0 * s
        self._row_height = max(metrics.height(), self._sample) + 4.0 * s
        text_width = max((metrics.horizontalAdvance(r.text) for r in self._rows), default=0.0)
        pad = self.PAD * s
        width = 2 * pad + self._sample + self.GAP * s + text_width
        height = 2 * pad + self._row_height * len(self._rows)
        # setGeometry emits geometryChanged, which re-applies the anchor.
        self.setGeometry(QtCore.QRectF(self.pos(), QtCore.QSizeF(width, height)))
        self.update()

    def paint(self, painter: QtGui.QPainter, *args) -> None:
        if not self._rows:
            return
        s = self._scale
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setPen(self._box_pen)
        painter.setBrush(self._box_brush)
        painter.drawRoundedRect(self.boundingRect().adjusted(0.5, 0.5, -0.5, -0.5), 4 * s, 4 * s)
        painter.setFont(self._font)
        pad, d = self.PAD * s, self._sample
        text_x = pad + d + self.GAP * s
        for i, row in enumerate(self._rows):
            top = pad + i * self._row_height
            middle = top + self._row_height / 2
            color = QtGui.QColor(row.color)
            if row.kind == "marker" and row.symbol != "o":
                painter.setPen(self._outline_pen)
                painter.setBrush(color)
                # pyqtgraph's symbol paths are one unit wide round the origin.
                shape = QtGui.QTransform.fromScale(d - 2, d - 2).map(Symbols[row.symbol])
                painter.drawPath(shape.translated(pad + d / 2, middle))
            elif row.kind == "marker":
                painter.setPen(self._outline_pen)
                painter.setBrush(color)
                painter.drawEllipse(QtCore.QPointF(pad + d / 2, middle), d / 2 - 1, d / 2 - 1)
            else:
                painter.setPen(QtGui.QPen(color, 3.0 * s))
                painter.drawLine(QtCore.QPointF(pad, middle), QtCore.QPointF(pad + d, middle))
            painter.setPen(self._text_pen)
            painter.drawText(
                QtCore.QRectF(text_x, top, self.boundingRect().width() - text_x, self._row_height),
                QtCore.Qt.AlignmentFlag.AlignVCenter | QtCore.Qt.AlignmentFlag.AlignLeft,
                row.text,
            )
