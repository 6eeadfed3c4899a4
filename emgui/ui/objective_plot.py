"""The objective per half-step and EM's bound beside it, E and M marked.

The x axis counts iterations; an E-step sits half an iteration before its M-step. For a
mixture the two curves are log p(X | θ) and the bound L(q, θ): each E-step lifts the bound
to touch the log-likelihood, each M-step raises the bound and the log-likelihood further
(PRML §9.4). For k-means the mirror: the inertia J(c, μ) and J*(μ) below it.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtWidgets

from emgui.core import Snapshot
from emgui.model.algorithms import OBJECTIVE_NAMES
from emgui.model.objective_series import (
    CurveSeries,
    curve_series,
    half_step_x,
    iteration_tick_step,
    y_range,
)
from emgui.runtime.coalesce import Coalesced
from emgui.ui.quiet_plot import QuietPlot

__all__ = ["BOUND_COLOR", "E_COLOR", "M_COLOR", "ObjectivePlot", "ObjectiveView", "half_step_x"]

E_COLOR = "#D55E00"
M_COLOR = "#0072B2"
INIT_COLOR = "#666666"
OBJECTIVE_COLOR = "#444444"
BOUND_COLOR = "#009E73"  # Okabe-Ito bluish green: the bound, here and in the theory panel
FALL_COLOR = "#CC79A7"
# A pending refresh is applied by flush(), which the window calls after each paint of the
# main plot; this timer is the fallback when the main plot does not paint.
REFRESH_DELAY_MS = 100

# What the legend says, in words, per kind of run.
LEGENDS = {
    "mixture": ("log-likelihood log p(X | θ)", "its lower bound L(q, θ)"),
    "kmeans": ("inertia J(c, μ), assignments held", "J*(μ), each point to its nearest center"),
}


class _FocusNote(pg.TextItem):
    """The note that says the y range leaves the start out; a click shows the whole range."""

    def __init__(self, on_click):
        super().__init__("", color="#333333", anchor=(0, 0), fill=pg.mkBrush(255, 255, 255, 210))
        self._on_click = on_click
        self.setCursor(QtCore.Qt.CursorShape.PointingHandCursor)

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == QtCore.Qt.MouseButton.LeftButton:
            ev.accept()
            self._on_click()


class ObjectivePlot(QuietPlot):
    """A small plot of the run's objective and its bound, with a marker at the shown half-step."""

    # The whole-range toggle changed (True: the whole range; False: from iteration 1 on).
    whole_range_changed = QtCore.Signal(bool)

    def __init__(self, parent=None):
        super().__init__("iteration", parent)
        item = self.getPlotItem()
        self.getViewBox().disableAutoRange()  # ranges are set with the data (_refresh)
        self.bound_curve = pg.PlotCurveItem(connect="finite")
        self.curve = pg.PlotCurveItem()
        self.e_marks = pg.ScatterPlotItem(symbol="t", brush=pg.mkBrush(E_COLOR), pen=None)
        self.m_marks = pg.ScatterPlotItem(symbol="o", brush=pg.mkBrush(M_COLOR), pen=None)
        self.init_marks = pg.ScatterPlotItem(symbol="d", brush=pg.mkBrush(INIT_COLOR), pen=None)
        self.bound_marks = pg.ScatterPlotItem(symbol="o", brush=pg.mkBrush(BOUND_COLOR), pen=None)
        self.fall_marks = pg.ScatterPlotItem(symbol="o", brush=None)
        self.cursor = pg.InfiniteLine(angle=90)
        self.focus_note = _FocusNote(self.toggle_whole_range)
        for it in (
            self.bound_curve,
            self.curve,
            self.bound_marks,
            self.e_marks,
            self.m_marks,
            self.init_marks,
            self.fall_marks,
            self.cursor,
        ):
            item.addItem(it)
        item.addItem(self.focus_note, ignoreBounds=True)
        self.cursor.setVisible(False)
        self.focus_note.setVisible(False)
        self.focus_note.setZValue(50)  # over the cursor line and the curve
        self.legend = item.addLegend(offset=(-10, 10), labelTextSize="10pt", colCount=2)
        self._legend_key: tuple[str, bool] | None = None
        self._whole = False  # the user's toggle: the whole y range, the start included
        self._series: CurveSeries | None = None
        self._count = -1
        self._first: Snapshot | None = None  # of the run shown
        self._label = ""
        self._fitted = False  # ranges set for a run: kept while the curve fits them
        self._pending: tuple[list[Snapshot], int] | None = None
        self._later = Coalesced(self.flush, REFRESH_DELAY_MS, parent=self)
        self._refit = Coalesced(self._fit_to_size, 0, parent=self)  # after the last resize
        self.set_scale(1.0)

    # ----- looks ---------------------------------------------------------------
    def set_scale(self, scale: float) -> None:
        """Fonts, lines and markers for presentation mode (1.8: readable from the back)."""
        self._scale = scale
        font = self.scale_axes(scale, "-8.888e+88")  # room for ticks such as "-3.712e+06"
        self.curve.setPen(pg.mkPen(OBJECTIVE_COLOR, width=2 * scale))
        dash = QtCore.Qt.PenStyle.DashLine
        self.bound_curve.setPen(pg.mkPen(BOUND_COLOR, width=2 * scale, style=dash))
        self.e_marks.setSize(10 * scale)
        self.m_marks.setSize(9 * scale)
        self.init_marks.setSize(11 * scale)
        self.bound_marks.setSize(6 * scale)
        self.fall_marks.setSize(20 * scale)
        self.fall_marks.setPen(pg.mkPen(FALL_COLOR, width=2.5 * scale))
        self.cursor.setPen(pg.mkPen("#222222", width=2 * scale))
        self.focus_note.setFont(font)
        size = f"{10 * scale:.0f}pt"
        self.legend.setLabelTextSize(size)
        # Rows are added again: re-set labels keep the rows' larger sizes from before.
        entries = [(sample.item, label.text) for sample, label in self.legend.items]
        self.legend.clear()
        for item, text in entries:
            self.legend.addItem(item, text)
        self._fit_legend_columns()

    def _fit_legend_columns(self) -> None:
        """Three columns (two rows) when they fit across the plot, else two (three rows): in
        a short dock a three-row legend took the plot's lower half, over the curve's start."""
        view = self.getViewBox().width()
        # From the texts' own widths: the layout's may lag behind a change of font size.
        entries = [
            sample.boundingRect().width() + label.item.boundingRect().width() + 12 * self._scale
            for sample, label in self.legend.items
        ]
        need = sum(max(entries[c::3]) for c in range(min(3, len(entries))))
        self.legend.setColumnCount(3 if 0 < need + 30 * self._scale <= view else 2)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        if "_refit" not in self.__dict__ or self.__dict__.get("plotItem") is None:
            return  # resized while being built or taken down
        self._refit.request()

    def _fit_to_size(self) -> None:
        """At a new size, the legend's columns and the ranges for that size: a function of
        the final size alone, so that a window back at its size (after presentation mode)
        looks exactly as it did, whatever sizes it passed through."""
        self._fit_legend_columns()
        if self._series is not None:
            self._fitted = False
            self._fit_ranges(self._series)

    def _set_legend(self, kind: str, has_falls: bool) -> None:
        """The legend in words: what each curve and marker is (built again only when it changes)."""
        key = (kind, has_falls)
        if key == self._legend_key:
            return
        self._legend_key = key
        self.legend.clear()
        objective, other = LEGENDS[kind]
        self.legend.addItem(self.curve, objective)
        self.legend.addItem(self.bound_curve, other)
        e_words = "E-step: the bound meets it" if kind == "mixture" else "E-step: J meets J*"
        self.legend.addItem(self.e_marks, e_words)
        self.legend.addItem(self.m_marks, "M-step")
        self.legend.addItem(self.init_marks, "initial state")
        if has_falls:
            self.legend.addItem(self.fall_marks, "fell: reg_covar, M-step not exact")
        self.legend.setVisible(True)
        self._fit_legend_columns()  # the rows were added at the current scale's text size

    # ----- the whole-range toggle -----------------------------------------------
    def whole_range(self) -> bool:
        return self._whole

    def set_whole_range(self, whole: bool) -> None:
        """Show the whole y range (True) or, where the start would flatten it, from iteration 1."""
        if whole == self._whole:
            return
        self._whole = whole
        self._fitted = False
        if self._series is not None:
            self._fit_ranges(self._series)
        self.whole_range_changed.emit(whole)

    def toggle_whole_range(self) -> None:
        self.set_whole_range(not self._whole)

    # ----- data ----------------------------------------------------------------
    def show_run(self, snapshots: list[Snapshot], cursor: int) -> None:
        """Plot the whole run so far and mark the displayed half-step, in an event of its own.

        Called from the same event that updates the main plot, the two would be painted
        together; a new point on this curve costs ~15 ms (its axes are laid out again), and
        at a million points the pair would stall the event loop beyond 50 ms. Deferred to
        flush() (after the main plot's paint) or REFRESH_DELAY_MS; later calls join it.
        """
        self._pending = (snapshots, cursor)
        self._later.request()

    def flush(self) -> None:
        """Apply a pending show_run now."""
        self._later.cancel()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._refresh(*pending)

    def _clear(self) -> None:
        """No run: no curve, no marks, no axis name, no legend, no note."""
        for it in (self.curve, self.bound_curve):
            it.setData([], [])
        for it in (self.e_marks, self.m_marks, self.init_marks, self.bound_marks, self.fall_marks):
            it.setData([], [])
        self.cursor.setVisible(False)
        self.focus_note.setVisible(False)
        self.legend.clear()
        self.legend.setVisible(False)
        self._legend_key = None
        self.getPlotItem().setLabel("left", "")
        self._label = ""
        self._series = None
        self._count, self._first = 0, None

    def _refresh(self, snapshots: list[Snapshot], cursor: int) -> None:
        if not snapshots:
            self._clear()
            return
        # A run only grows; another run (same length or not) starts with another snapshot.
        if len(snapshots) != self._count or snapshots[0] is not self._first:
            if snapshots[0] is not self._first:
                self._fitted = False  # another run: fit its curve afresh
            self._count, self._first = len(snapshots), snapshots[0]
            self._series = series = curve_series(snapshots)
            x, y, other = series.x, series.objective, series.other
            self.curve.setData(x, y)
            self.bound_curve.setData(x, other)
            has_other = np.isfinite(other)
            self.bound_marks.setData(x[has_other], other[has_other])
            for marks, mask in (
                (self.e_marks, series.is_e),
                (self.m_marks, series.is_m),
                (self.init_marks, series.is_init),
            ):
                marks.setData(x[mask], y[mask])
            self.fall_marks.setData(x[series.falls], y[series.falls])
            algorithm = snapshots[0].algorithm
            label = OBJECTIVE_NAMES[algorithm]
            if label != self._label:  # re-set, the label is laid out again: ~1 ms a frame
                self._label = label
                self.getPlotItem().setLabel("left", label)
                # The axis places its label only when resized: placed now, not half cut off.
                self.getPlotItem().getAxis("left").resizeEvent(None)
                # The legend in the corner the curve leaves free: a log-likelihood rises to
                # the top, an inertia falls to the bottom.
                rising = algorithm != "kmeans"
                corner = (1, 1) if rising else (1, 0)
                self.legend.anchor(corner, corner, offset=(-10, -10 if rising else 10))
            kind = "kmeans" if algorithm == "kmeans" else "mixture"
            self._set_legend(kind, series.falls.size > 0)
            self._fit_ranges(series)
        if 0 <= cursor < len(snapshots):
            self.cursor.setPos(half_step_x(snapshots[cursor]))
            self.cursor.setVisible(True)
        else:
            self.cursor.setVisible(False)

    def _fit_ranges(self, series: CurveSeries) -> None:
        """Set both ranges at once, changing them only when the curve outgrows them.

        pyqtgraph's y auto-range would apply at paint time and cost a second paint, and
        axes whose range changes are laid out again: so the x range grows in whole steps
        and the y range only when the curve leaves it or fills less than half of it.
        """
        (_, old_x1), (old_y0, old_y1) = self.getViewBox().viewRange()
        last = float(series.x.max())
        step = 5.0 if last <= 20 else 10.0 if last <= 100 else 50.0
        x1 = max(1.0, math.ceil(last / step) * step) if last > 1 else 1.0
        wanted = y_range(series, whole=self._whole)
        self._place_note(series, wanted)
        lo, hi = wanted.lo, wanted.hi
        # Kept while the curve stays clear of the edges (markers have a size in pixels):
        # refitted with a 10% margin once it comes within 5% of one.
        span = old_y1 - old_y0
        inside = old_y0 + 0.05 * span <= lo and hi <= old_y1 - 0.05 * span and hi - lo > 0.5 * span
        if inside and self._fitted and abs(old_x1 - 1.04 * x1) < 1e-9 * max(1.0, x1):
            self._move_note()
            return
        # A lone value gets a 1% range around it, whose ticks differ in the shown digits.
        pad = 0.1 * (hi - lo) if hi > lo else max(1.0, 1e-2 * abs(lo))
        # Room for the note that says the start is left out: above a rising curve, below a
        # falling one.
        room = 0.18 * (hi - lo) if wanted.focused or self.focus_note.isVisible() else 0.0
        rising = self._first is None or self._first.algorithm != "kmeans"
        # Shares of the plot's height: the note's band and the legend's band (bottom right
        # for a rising log-likelihood, where over a short run the curve crossed it).
        core = hi - lo + 2 * pad
        note_share = room / (core + room)
        legend_share = self._legend_share()
        total = core / max(0.3, 1.0 - note_share - legend_share)
        room, legend = note_share * total, legend_share * total
        above, below = (room, legend) if rising else (legend, room)
        y0, y1 = (
            (old_y0, old_y1) if inside and self._fitted else (lo - pad - below, hi + pad + above)
        )
        whole_step = iteration_tick_step(x1)
        self.getPlotItem().getAxis("bottom").setTickSpacing(whole_step, whole_step)
        self.getPlotItem().setRange(xRange=(-0.04 * x1, 1.04 * x1), yRange=(y0, y1), padding=0)
        self._fitted = True
        self._move_note()
        # Apply the new view now: applied when painting, it would move the items during
        # the paint and have them ask for a second one.
        self.getViewBox().updateMatrix()

    def _legend_share(self) -> float:
        """The share of the plot's height the legend takes (at most half: a tiny plot)."""
        view = self.getViewBox().height()
        if not self.legend.isVisible() or view <= 0:
            return 0.0
        return min(0.5, (self.legend.boundingRect().height() + 12) / view)

    def _place_note(self, series: CurveSeries, wanted) -> None:
        """Say when the y range leaves the start out, and offer the other view."""
        focusable = wanted.focused or (self._whole and y_range(series, whole=False).focused)
        if not focusable:
            self.focus_note.setVisible(False)
            return
        if wanted.focused:
            start = series.objective[0]
            text = (
                f"y axis from iteration 1 on: the start ({start:.6g}) is off the scale. "
                "Click: whole range"
            )
        else:
            text = "Whole range. Click: from iteration 1 on"
        if self.focus_note.toPlainText() != text:
            self.focus_note.setText(text)
        self.focus_note.setVisible(True)

    def _move_note(self) -> None:
        # Opposite the legend: top left for a rising log-likelihood (its legend is at the
        # bottom right), bottom left for a falling inertia (legend top right).
        (x0, _), (y0, y1) = self.getViewBox().viewRange()
        rising = self._first is None or self._first.algorithm != "kmeans"
        self.focus_note.setAnchor((0, 0) if rising else (0, 1))
        self.focus_note.setPos(x0, y1 if rising else y0)


class ObjectiveView(QtWidgets.QStackedWidget):
    """The objective dock: a short note until the first run, then the ObjectivePlot.

    The plot is built when first needed: a pyqtgraph plot costs ~35 ms to build and
    paint, a tenth of what the window may take to appear. With no run (the points
    cleared) the note comes back: no old axes, no old legend.
    """

    NOTE = (
        "The objective (log-likelihood or inertia) is plotted here, half-step by "
        "half-step, once a run starts."
    )

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumHeight(140)
        self._note = QtWidgets.QLabel(self.NOTE)
        self._note.setWordWrap(True)
        self._note.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.addWidget(self._note)
        self.plot: ObjectivePlot | None = None
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self._note.setStyleSheet(f"color: #555; font-size: {11 * scale:.0f}pt; padding: 12px;")
        if self.plot is not None:
            self.plot.set_scale(scale)

    def show_run(self, snapshots: list[Snapshot], cursor: int) -> None:
        """As ObjectivePlot.show_run; the plot is built for the first non-empty run."""
        if self.plot is None:
            if not snapshots:
                return
            self.plot = ObjectivePlot()
            self.plot.set_scale(self._scale)
            self.addWidget(self.plot)
        self.setCurrentWidget(self.plot if snapshots else self._note)
        self.plot.show_run(snapshots, cursor)

    def flush(self) -> None:
        if self.plot is not None:
            self.plot.flush()
