"""The side plots' common set-up: a white pyqtgraph plot that does not move under the mouse."""

from __future__ import annotations

import pyqtgraph as pg


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
