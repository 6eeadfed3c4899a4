"""The objective per half-step: inertia for k-means, log-likelihood for a GMM, E and M marked.

The x axis counts iterations; an E-step sits half an iteration before its M-step,
so EM's staircase (E then M, never worse) is visible.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets

from emgui.core import Snapshot
from emgui.model.algorithms import OBJECTIVE_NAMES

E_COLOR = "#D55E00"
M_COLOR = "#0072B2"
# A pending refresh is applied by flush(), which the window calls after each paint of the
# main plot; this timer is the fallback when the main plot does not paint.
REFRESH_DELAY_MS = 100


def half_step_x(snap: Snapshot) -> float:
    """Position on the x axis: init at 0, E-step t at t - 0.5, M-step t at t."""
    return snap.iteration - 0.5 if snap.phase == "E" else float(snap.iteration)


class ObjectivePlot(pg.PlotWidget):
    """A small plot of the run's objective with a marker at the displayed half-step."""

    def __init__(self, parent=None):
        # No context menu: not built at all (pyqtgraph's takes ~13 ms to build).
        super().__init__(parent=parent, background="w", viewBox=pg.ViewBox(enableMenu=False))
        self.setMinimumHeight(140)
        item = self.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        item.showGrid(x=True, y=True, alpha=0.2)
        item.setLabel("bottom", "iteration")
        self.getViewBox().setMouseEnabled(x=False, y=False)
        self.getViewBox().disableAutoRange()  # ranges are set with the data (_refresh)
        self.curve = pg.PlotCurveItem(pen=pg.mkPen("#555555", width=2))
        self.e_marks = pg.ScatterPlotItem(symbol="t", size=10, brush=pg.mkBrush(E_COLOR), pen=None)
        self.m_marks = pg.ScatterPlotItem(symbol="o", size=9, brush=pg.mkBrush(M_COLOR), pen=None)
        self.cursor = pg.InfiniteLine(angle=90, pen=pg.mkPen("#222222", width=2))
        for it in (self.curve, self.e_marks, self.m_marks, self.cursor):
            item.addItem(it)
        self.cursor.setVisible(False)
        self.legend = item.addLegend(offset=(-10, 10), labelTextSize="10pt")
        self.legend.addItem(self.e_marks, "E-step")
        self.legend.addItem(self.m_marks, "M-step")
        self._count = -1
        self._first: Snapshot | None = None  # of the run shown
        self._label = ""
        self._fitted = False  # ranges set for a run: kept while the curve fits them
        self._pending: tuple[list[Snapshot], int] | None = None
        self._refresh_timer = QtCore.QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(REFRESH_DELAY_MS)
        self._refresh_timer.timeout.connect(self.flush)
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        font = QtGui.QFont()
        font.setPointSizeF(10 * scale)
        for axis in ("bottom", "left"):
            ax = self.getPlotItem().getAxis(axis)
            # Ticks as "-3.8e+06"; the automatic SI prefix would also re-set the axis label's
            # HTML at every range change, that is at every new half-step.
            ax.enableAutoSIPrefix(False)
            ax.setTickFont(font)
            ax.label.setFont(font)
            ax.setStyle(maxTickLevel=0)
        # A fixed width for the y axis, room for ticks such as "-3.712e+06": one that
        # followed its tick labels would lay the plot out again whenever they change.
        metrics = QtGui.QFontMetricsF(font)
        left = self.getPlotItem().getAxis("left")
        left.setWidth(int(metrics.horizontalAdvance("-8.888e+88") + 2.2 * metrics.height() + 10))
        self.curve.setPen(pg.mkPen("#555555", width=2 * scale))
        self.e_marks.setSize(10 * scale)
        self.m_marks.setSize(9 * scale)
        size = f"{10 * scale:.0f}pt"
        self.legend.setLabelTextSize(size)
        for _, label in self.legend.items:  # existing labels keep their size unless re-set
            label.setText(label.text, size=size)

    def show_run(self, snapshots: list[Snapshot], cursor: int) -> None:
        """Plot the whole run so far and mark the displayed half-step, in an event of its own.

        Called from the same event that updates the main plot, the two would be painted
        together; a new point on this curve costs ~15 ms (its axes are laid out again), and
        at a million points the pair would stall the event loop beyond 50 ms. Deferred to
        flush() (after the main plot's paint) or REFRESH_DELAY_MS; later calls join it.
        """
        self._pending = (snapshots, cursor)
        if not self._refresh_timer.isActive():
            self._refresh_timer.start()

    def flush(self) -> None:
        """Apply a pending show_run now."""
        self._refresh_timer.stop()
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self._refresh(*pending)

    def _refresh(self, snapshots: list[Snapshot], cursor: int) -> None:
        item = self.getPlotItem()
        if not snapshots:
            self.curve.setData([], [])
            self.e_marks.setData([], [])
            self.m_marks.setData([], [])
            self.cursor.setVisible(False)
            self._count, self._first = 0, None
            return
        # A run only grows; another run (same length or not) starts with another snapshot.
        if len(snapshots) != self._count or snapshots[0] is not self._first:
            if snapshots[0] is not self._first:
                self._fitted = False  # another run: fit its curve afresh
            self._count, self._first = len(snapshots), snapshots[0]
            x = np.array([half_step_x(s) for s in snapshots])
            y = np.array([s.objective for s in snapshots])
            is_e = np.array([s.phase == "E" for s in snapshots])
            self.curve.setData(x, y)
            self.e_marks.setData(x[is_e], y[is_e])
            self.m_marks.setData(x[~is_e], y[~is_e])
            label = OBJECTIVE_NAMES[snapshots[0].algorithm]
            if label != self._label:  # re-set, the label is laid out again: ~1 ms a frame
                self._label = label
                item.setLabel("left", label)
                # The legend in the corner the curve leaves free: a log-likelihood rises to
                # the top, an inertia falls to the bottom.
                rising = snapshots[0].algorithm != "kmeans"
                corner = (1, 1) if rising else (1, 0)
                self.legend.anchor(corner, corner, offset=(-10, -10 if rising else 10))
            self._fit_ranges(x, y)
        if 0 <= cursor < len(snapshots):
            self.cursor.setPos(half_step_x(snapshots[cursor]))
            self.cursor.setVisible(True)
        else:
            self.cursor.setVisible(False)

    def _fit_ranges(self, x: np.ndarray, y: np.ndarray) -> None:
        """Set both ranges at once, changing them only when the curve outgrows them.

        pyqtgraph's y auto-range would apply at paint time and cost a second paint, and
        axes whose range changes are laid out again: so the x range grows in whole steps
        and the y range only when the curve leaves it or fills less than half of it.
        """
        (_, old_x1), (old_y0, old_y1) = self.getViewBox().viewRange()
        last = float(x.max())
        step = 5.0 if last <= 20 else 10.0 if last <= 100 else 50.0
        x1 = max(1.0, math.ceil(last / step) * step) if last > 1 else 1.0
        finite = y[np.isfinite(y)]
        lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
        # Kept while the curve stays clear of the edges (markers have a size in pixels):
        # refitted with a 10% margin once it comes within 5% of one.
        span = old_y1 - old_y0
        inside = old_y0 + 0.05 * span <= lo and hi <= old_y1 - 0.05 * span and hi - lo > 0.5 * span
        if inside and self._fitted and abs(old_x1 - 1.04 * x1) < 1e-9 * max(1.0, x1):
            return
        # A lone value gets a 1% range around it, whose ticks differ in the shown digits.
        pad = 0.1 * (hi - lo) if hi > lo else max(1.0, 1e-2 * abs(lo))
        y0, y1 = (old_y0, old_y1) if inside and self._fitted else (lo - pad, hi + pad)
        self.getPlotItem().setRange(xRange=(-0.04 * x1, 1.04 * x1), yRange=(y0, y1), padding=0)
        self._fitted = True
        # Apply the new view now: applied when painting, it would move the items during
        # the paint and have them ask for a second one.
        self.getViewBox().updateMatrix()


class ObjectiveView(QtWidgets.QStackedWidget):
    """The objective dock: a short note until the first run, then the ObjectivePlot.

    The plot is built when first needed: a pyqtgraph plot costs ~35 ms to build and
    paint, a tenth of what the window may take to appear.
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
            self.setCurrentWidget(self.plot)
        self.plot.show_run(snapshots, cursor)

    def flush(self) -> None:
        if self.plot is not None:
            self.plot.flush()
