"""The side plots' common set-up: a white pyqtgraph plot that does not move under the mouse."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtGui


class QuietPlot(pg.PlotWidget):
    """A plot without buttons, menus or mouse panning: its ranges are set by its owner."""

    def __init__(self, bottom_label: str, parent=None):
        # No context menu: not built at all (pyqtgraph's takes ~13 ms to build).
        super().__init__(parent=parent, background="w", viewBox=pg.ViewBox(enableMenu=False))
        self.setMinimumHeight(140)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setLabel("bottom", bottom_label)
        self.getViewBox().setMouseEnabled(x=False, y=False)

    def scale_axes(
        self, scale: float, widest_tick: str, axes: tuple[str, ...] = ("bottom", "left")
    ) -> QtGui.QFont:
        """Axis type at 10 pt × ``scale`` (presentation mode) and fixed axis sizes for it.

        Ticks as "-3.8e+06": the automatic SI prefix would also re-set the axis label's HTML
        at every range change. The y axis has room for ``widest_tick`` whatever its ticks (one
        that followed them would lay the plot out again whenever they change), and the x axis
        the height of this font (an axis keeps the height it measured for another one, so the
        layout before presentation mode would not come back after it). Returns the font.
        """
        font = QtGui.QFont()
        font.setPointSizeF(10 * scale)
        item = self.getPlotItem()
        for name in axes:
            ax = item.getAxis(name)
            ax.enableAutoSIPrefix(False)
            ax.setTickFont(font)
            ax.label.setFont(font)
            ax.setStyle(maxTickLevel=0)
        metrics = QtGui.QFontMetricsF(font)
        item.getAxis("left").setWidth(
            int(metrics.horizontalAdvance(widest_tick) + 2.2 * metrics.height() + 10)
        )
        item.getAxis("bottom").setHeight(int(2.4 * metrics.height() + 10))
        return font
