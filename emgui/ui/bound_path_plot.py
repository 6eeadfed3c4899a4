"""The bound along a step (PRML figure 9.14), on the user's own points.

For the shown iteration, θ(t) runs from the E state's parameters θ_old (t = 0) to the M
state's θ_new (t = 1) and on, t from −0.5 to 1.5. A mixture: log p(X | θ(t)) and the bound
L(q_E, θ(t)) with q held from the E-step; they touch at t = 0 and the bound is highest at
t = 1, where the M-step put θ. k-means: the mirror, J(c_E, μ(t)) above J*(μ(t)), lowest at 1.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.render.theory_figure import CURVE_NAMES, legend_corner
from emgui.ui.objective_plot import BOUND_COLOR, OBJECTIVE_COLOR
from emgui.ui.objective_plot import E_COLOR as OLD_COLOR  # θ_old: the E state's colour there
from emgui.ui.objective_plot import M_COLOR as NEW_COLOR  # θ_new: the M state's
from emgui.ui.quiet_plot import QuietPlot


class BoundPathPlot(QuietPlot):
    """Two curves over t with θ_old at t = 0 and θ_new at t = 1 marked; a note when empty."""

    def __init__(self, parent=None):
        super().__init__("t: θ(t) from θ_old (t = 0) to θ_new (t = 1)", parent)
        item = self.getPlotItem()
        self.objective_curve = pg.PlotCurveItem()
        self.bound_curve = pg.PlotCurveItem()
        self.old_line = pg.InfiniteLine(pos=0.0, angle=90)
        self.new_line = pg.InfiniteLine(pos=1.0, angle=90)
        # θ_old and θ_new named on an axis of their own above the plot: inside it, a label
        # would sit on a curve wherever the curves go.
        item.showAxis("top")
        item.getAxis("top").setTicks([[(0.0, "θ_old (E-step)"), (1.0, "θ_new (M-step)")]])
        self.ends = pg.ScatterPlotItem(symbol="o")
        self.shown_mark = pg.ScatterPlotItem(symbol="o", brush=None)
        self.note = pg.TextItem("", color="#555555", anchor=(0.5, 0.5))
        for it in (
            self.old_line,
            self.new_line,
            self.bound_curve,
            self.objective_curve,
            self.ends,
            self.shown_mark,
        ):
            item.addItem(it)
        item.addItem(self.note, ignoreBounds=True)
        self.legend = item.addLegend(offset=(10, 10), labelTextSize="10pt")
        self._kind: str | None = None
        self._path = None
        self.set_scale(1.0)
        self.show_note("")

    def set_scale(self, scale: float) -> None:
        """Fonts, lines and markers for presentation mode."""
        self._scale = scale
        font = self.scale_axes(scale, "-8888.88", ("bottom", "left", "top"))
        # Its height for the font in use: an axis keeps the height it measured for another one.
        height = QtGui.QFontMetricsF(font).height()
        self.getPlotItem().getAxis("top").setHeight(int(1.5 * height + 8))
        self.objective_curve.setPen(pg.mkPen(OBJECTIVE_COLOR, width=2.5 * scale))
        dash = QtCore.Qt.PenStyle.DashLine
        self.bound_curve.setPen(pg.mkPen(BOUND_COLOR, width=2.5 * scale, style=dash))
        for line, color in ((self.old_line, OLD_COLOR), (self.new_line, NEW_COLOR)):
            line.setPen(pg.mkPen(color, width=1.5 * scale, style=QtCore.Qt.PenStyle.DotLine))
        self.ends.setSize(10 * scale)
        self.shown_mark.setSize(22 * scale)
        self.shown_mark.setPen(pg.mkPen("#222222", width=2 * scale))
        self.note.setFont(font)
        size = f"{10 * scale:.0f}pt"
        self.legend.setLabelTextSize(size)
        for _, label in self.legend.items:
            label.setText(label.text, size=size)

    def show_note(self, text: str) -> None:
        """Nothing to draw: say why (no E-step yet, the M-step not computed, computing…)."""
        self._path = None
        for it in (self.objective_curve, self.bound_curve):
            it.setData([], [])
        self.ends.setData([], [])
        self.shown_mark.setData([], [])
        self.old_line.setVisible(False)
        self.new_line.setVisible(False)
        self.getPlotItem().getAxis("top").setVisible(False)
        self.legend.setVisible(False)
        self.note.setText(text)
        # Wrapped to the widget, centred on the plot: a narrow dock cut the note at both ends.
        centre = self.getViewBox().sceneBoundingRect().center().x()
        self.note.setTextWidth(max(80.0, 2 * min(centre, self.width() - centre) - 10))
        self.note.setVisible(bool(text))
        self.getPlotItem().setRange(xRange=(-0.5, 1.5), yRange=(0, 1), padding=0)
        self.note.setPos(0.5, 0.5)

    def note_text(self) -> str:
        return self.note.toPlainText() if self.note.isVisible() else ""

    def show_path(self, path, kind: str, shown_phase: str) -> None:
        """Draw a BoundPath; ``kind`` "mixture" or "kmeans"; ring the shown state (t = 0 or 1)."""
        self._path = path
        t = np.asarray(path.t, dtype=float)
        objective = np.asarray(path.objective, dtype=float)
        bound = np.asarray(path.bound, dtype=float)
        self.note.setVisible(False)
        self.objective_curve.setData(t, objective)
        self.bound_curve.setData(t, bound)
        if kind != self._kind:
            self._kind = kind
            self.legend.clear()
            names = CURVE_NAMES[kind]
            self.legend.addItem(self.objective_curve, names[0])
            self.legend.addItem(self.bound_curve, names[1])
            self.set_scale(self._scale)
        self.legend.setVisible(True)
        old = int(np.argmin(np.abs(t)))
        new = int(np.argmin(np.abs(t - 1.0)))
        ends_x = [t[old], t[old], t[new], t[new]]
        ends_y = [objective[old], bound[old], objective[new], bound[new]]
        brushes = [pg.mkBrush(c) for c in (OLD_COLOR, OLD_COLOR, NEW_COLOR, NEW_COLOR)]
        self.ends.setData(ends_x, ends_y, brush=brushes, pen=None)
        at = old if shown_phase == "E" else new
        self.shown_mark.setData([t[at], t[at]], [objective[at], bound[at]])
        self.old_line.setVisible(True)
        self.new_line.setVisible(True)
        self.getPlotItem().getAxis("top").setVisible(True)
        finite = np.concatenate([objective, bound])
        finite = finite[np.isfinite(finite)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        pad = 0.08 * (hi - lo) if hi > lo else max(1.0, 1e-2 * abs(lo))
        top, right = legend_corner(t, objective, bound)
        # The legend in the corner the curves leave most free; room for it: its height in
        # pixels as a share of the plot's, so that it fits at every scale and dock size.
        corner = (1 if right else 0, 0 if top else 1)
        self.legend.anchor(corner, corner, offset=(-10 if right else 10, 10 if top else -10))
        plot_px = max(self.getViewBox().height(), 1.0)
        legend_px = min(self.legend.boundingRect().height() + 20, 0.6 * plot_px)
        extra = (hi - lo + 2 * pad) * legend_px / (plot_px - legend_px)
        y0, y1 = (lo - pad, hi + pad + extra) if top else (lo - pad - extra, hi + pad)
        self.getPlotItem().setRange(
            xRange=(t.min() - 0.05, t.max() + 0.05), yRange=(y0, y1), padding=0
        )

    def path(self):
        """The BoundPath drawn (None while a note is shown)."""
        return self._path
