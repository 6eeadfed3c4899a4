"""Analysis windows: restarts (local optima, as thumbnails) and model selection (BIC/AIC over k).

Both compute through the one off-thread helper, cancellable between half-steps, and
hand the chosen run back to the main window, which loads its initial centers and runs
it, so it can be stepped. Closing one never waits for its computation, and they close
with the main window (their parent).
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal

from emgui.core import COVARIANCE_TYPES, INIT_METHODS
from emgui.core.select import FittedRun, model_selection, restarts
from emgui.io.atomic import write_atomic
from emgui.model.algorithms import OBJECTIVE_NAMES
from emgui.model.rounding import is_rounding
from emgui.render.analysis_figure import criteria_figure, restart_states, restarts_figure
from emgui.render.export_options import format_of
from emgui.render.figure import figure_bytes, state_extent
from emgui.runtime.background import BackgroundTask

THUMB = (280, 210)
IMAGE_FILTERS = "PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf)"
PNG_SCALE = 2.0  # PNG pixels per figure pixel: sharp on slides and in print


def objective_text(run: FittedRun) -> str:
    """E.g. "log-likelihood -385.461"."""
    name = OBJECTIVE_NAMES[run.final.algorithm]
    return f"{name} {run.objective:.6g}"


def distinct_objectives(runs: list[FittedRun], n_points: int, tol: float = 0.0) -> int:
    """How many different final objectives the runs reached, counting as one those that differ
    only by rounding (model.rounding) or, for the mixtures, by less than the convergence
    tolerance allows (a run stops once the mean log-likelihood moves by under ``tol``, so
    runs to the same optimum end up to about ``tol`` × n apart).

    ``runs`` are sorted by objective (as restarts returns them), so equal ones are neighbours.
    """
    count = 0
    previous: float | None = None
    for run in runs:
        value = run.objective
        slack = tol * n_points if run.final.algorithm != "kmeans" else 0.0
        same = previous is not None and (
            is_rounding(value - previous, previous, n_points) or abs(value - previous) <= slack
        )
        if not same:
            count += 1
            previous = value
    return count


def shared_view(states: list, settings) -> tuple:
    """One data view for every thumbnail: all that the states draw (render.figure.state_extent)."""
    allpts = np.vstack([state_extent(state, settings) for state in states])
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    span = np.maximum(hi - lo, 1e-9 * np.maximum(np.abs(lo), 1.0))
    return (float(lo[0]), float(lo[0] + span[0])), (float(lo[1]), float(lo[1] + span[1]))


class _AnalysisWindow(QtWidgets.QWidget):
    """Common frame: controls, a Run button, a progress bar, a result area."""

    load_requested = Signal(object, str)  # FittedRun, algorithm

    def __init__(self, title: str, window):
        super().__init__(window, Qt.WindowType.Window)
        self.setWindowTitle(f"emgui — {title}")
        self.session = window.session  # what is analysed: points, settings, column names
        self.task: BackgroundTask | None = None
        self._closes_with = _ClosesWith(window, self)
        layout = QtWidgets.QVBoxLayout(self)
        self.form = QtWidgets.QFormLayout()
        layout.addLayout(self.form)
        row = QtWidgets.QHBoxLayout()
        self.run_button = QtWidgets.QPushButton("Run")
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QtWidgets.QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        self.progress = QtWidgets.QProgressBar()
        self.save_button = QtWidgets.QPushButton("Save image…")
        self.save_button.setToolTip("Save the results as a PNG, SVG or PDF figure")
        self.save_button.clicked.connect(self.save_image)
        row.addWidget(self.run_button)
        row.addWidget(self.cancel_button)
        row.addWidget(self.progress, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.note = QtWidgets.QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.results = QtWidgets.QWidget()
        layout.addWidget(self.results, 1)

    def save_image(self, path: str | None = None) -> bool:
        """The results as a figure: PNG (twice the figure's pixels), SVG or PDF by extension,
        drawn by the figure renderer (the same picture in every format), whole or not at all."""
        if path is None:
            path, chosen = QtWidgets.QFileDialog.getSaveFileName(
                self, "Save image", "emgui-analysis.png", IMAGE_FILTERS
            )
            if not path:
                return False
            if not Path(path).suffix:  # the type chosen in the dialog's filter
                path += "." + (chosen.split("*.")[-1].rstrip(")") if "*." in chosen else "png")
        try:
            data, note = figure_bytes(self.figure(), format_of(path), scale=PNG_SCALE)
            write_atomic(path, data)
        except (OSError, ValueError) as exc:
            self.note.setText(f"Could not save the image: {exc}")
            return False
        # Many points in a PDF are embedded as one image: said, as the window's export does.
        self.note.setText(f"Saved {path}" + (f" ({note})" if note else ""))
        return True

    def points(self) -> np.ndarray:
        """A copy of the session's points."""
        return np.array(self.session.points)

    def start(self) -> None:
        """Compute (in the background) with the controls' values; results replace the last."""
        if self.task is not None and self.task.running():
            return
        pts = self.points()
        if pts.shape[0] < 2:
            self.note.setText("Place or load some points first.")
            return
        fn = self.make_job(pts)
        if fn is None:
            return
        self.task = BackgroundTask(fn, self, name="emgui-analysis")
        self.task.progress.connect(self._on_progress)
        self.task.done.connect(self.show_results)
        self.task.failed.connect(self._on_failed)
        self.task.cancelled.connect(lambda: self.note.setText("Cancelled."))
        self.task.finished.connect(self._on_finished)
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.note.setText("Running…")
        self.task.start()

    def cancel(self) -> None:
        """Stop the computation after its current half-step."""
        if self.task is not None and self.task.running():
            self.task.cancel()
            self.note.setText("Cancelling…")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _on_failed(self, text: str) -> None:
        self.note.setText(f"Could not finish: {text}")

    def _on_finished(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def shutdown(self) -> None:
        """Stop the computation without waiting for it; nothing it finds is shown."""
        if self.task is not None:
            self.task.shutdown(0)
            self.task = None
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def closeEvent(self, ev) -> None:
        # Never waits: a fit in the middle of a long half-step ends on its own, unseen.
        self.shutdown()
        super().closeEvent(ev)

    def make_job(self, pts: np.ndarray):  # pragma: no cover - overridden
        raise NotImplementedError

    def figure(self):  # pragma: no cover - overridden
        """The results as a figure (emgui.render.figure); ValueError when there are none."""
        raise NotImplementedError

    def show_results(self, result) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class RestartsWindow(_AnalysisWindow):
    """R runs from different seeds; their final states as thumbnails, best first."""

    def __init__(self, window):
        super().__init__("Restarts (local optima)", window)
        st = window.session.settings
        self.count = QtWidgets.QSpinBox(minimum=2, maximum=48, value=8)
        self.k = QtWidgets.QSpinBox(minimum=1, maximum=64, value=max(1, st.k))
        if window.session.centers.shape[0]:
            self.k.setValue(window.session.centers.shape[0])
        self.init = QtWidgets.QComboBox()
        for m in INIT_METHODS:
            self.init.addItem(m, m)
        self.init.setCurrentIndex(self.init.findData("random"))
        self.first_seed = QtWidgets.QSpinBox(minimum=0, maximum=1_000_000, value=0)
        self.form.addRow("Runs", self.count)
        self.form.addRow("k", self.k)
        self.form.addRow("Initial centers", self.init)
        self.form.addRow("First seed", self.first_seed)
        self.grid = QtWidgets.QGridLayout(self.results)
        self._job_tol = window.session.settings.tol  # of the runs shown
        self.runs: list[FittedRun] = []
        self.resize(960, 720)

    def make_job(self, pts):
        st = self.session.settings
        seeds = list(range(self.first_seed.value(), self.first_seed.value() + self.count.value()))
        if self.k.value() > pts.shape[0]:
            self.note.setText(f"k = {self.k.value()} needs at least that many points.")
            return None
        self._job_tol = st.tol
        return functools.partial(
            restarts,
            pts,
            self.k.value(),
            seeds,
            st.algorithm,
            st.covariance_type,
            self.init.currentData(),
            st.max_iter,
            st.tol,
            st.reg_covar,
            beta=st.beta,
        )

    def show_results(self, runs: list[FittedRun]) -> None:
        from emgui.render.exporter import Exporter, ExportOptions

        self.runs = list(runs)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        settings = self.session.settings
        exporter = Exporter(
            ExportOptions(
                size=THUMB,
                caption=False,
                legend=False,
                settings=settings,
                equal_aspect=settings.equal_aspect,  # as the window shows the data
            )
        )
        pts = self.points()
        s = self.session
        # Each run's clusters in the colours of the classes, or of the best run's clusters.
        states = restart_states(pts, runs, settings, s.scene.columns, s.known_classes)
        # Every thumbnail in the same view of the data (points, centers and ellipses of all
        # the runs), so that tiles compare at a glance; the axes named by the columns.
        exporter.set_range(*shared_view(states, settings), fixed=True)
        cols = 4
        for n, (run, state) in enumerate(zip(runs, states, strict=True)):
            snap = run.final
            image = exporter.render(state)
            button = QtWidgets.QToolButton()
            button.setIcon(QtGui.QIcon(QtGui.QPixmap.fromImage(image)))
            button.setIconSize(image.size())
            best = "  ★ best" if n == 0 else ""
            button.setText(f"seed {run.seed} · {objective_text(run)}{best}")
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)
            button.setToolTip("Load this run into the main window")
            # Loaded with its centers in colour order: the window then draws it in the
            # colours of its thumbnail.
            loaded = in_colour_order(run, state.slots)
            button.clicked.connect(
                functools.partial(self.load_requested.emit, loaded, snap.algorithm)
            )
            self.grid.addWidget(button, n // cols, n % cols)
        distinct = distinct_objectives(runs, pts.shape[0], self._job_tol)
        if distinct > 1:
            summary = (
                f"{len(runs)} runs, {distinct} different final objectives: "
                "different starts end in different local optima."
            )
        else:
            summary = (
                f"{len(runs)} runs, one final objective: every start ended in the same optimum."
            )
        self.note.setText(summary + " Click a run to load it.")

    def figure(self):
        """The runs as a contact sheet: one panel per run, best first, shared axes."""
        s = self.session
        return restarts_figure(
            self.points(),
            self.runs,
            s.settings,
            s.scene.columns,
            known=s.known_classes,
        )


class ModelSelectionWindow(_AnalysisWindow):
    """BIC and AIC of Gaussian mixtures for k = 1..K; click a k to load that model."""

    def __init__(self, window):
        super().__init__("Model selection (BIC / AIC)", window)
        st = window.session.settings
        self.k_max = QtWidgets.QSpinBox(minimum=2, maximum=20, value=10)
        self.covariance = QtWidgets.QComboBox()
        for c in COVARIANCE_TYPES:
            self.covariance.addItem(c, c)
        self.covariance.setCurrentIndex(self.covariance.findData(st.covariance_type))
        self.form.addRow("k from 1 to", self.k_max)
        self.form.addRow("Covariance", self.covariance)
        layout = QtWidgets.QVBoxLayout(self.results)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setLabel("bottom", "k (number of components)")
        self.plot.setLabel("left", "criterion (lower is better)")
        self.plot.addLegend(offset=(-10, 10))
        self.plot.showGrid(x=True, y=True, alpha=0.2)
        layout.addWidget(self.plot)
        self.criteria = []
        self._job_covariance = st.covariance_type  # of the criteria shown
        self._pending_covariance = st.covariance_type  # of the job running
        self.bic_curve = self.plot.plot(
            [], [], pen=pg.mkPen("#0072B2", width=3), symbol="o", symbolBrush="#0072B2", name="BIC"
        )
        self.aic_curve = self.plot.plot(
            [], [], pen=pg.mkPen("#E69F00", width=3), symbol="t", symbolBrush="#E69F00", name="AIC"
        )
        for curve in (self.bic_curve, self.aic_curve):
            curve.sigPointsClicked.connect(self._on_click)
        self.resize(760, 560)

    def make_job(self, pts):
        ks = list(range(1, min(self.k_max.value(), pts.shape[0]) + 1))
        st = self.session.settings
        self._pending_covariance = self.covariance.currentData()
        return functools.partial(
            model_selection,
            pts,
            ks,
            self._pending_covariance,
            (0, 1, 2),
            max(st.max_iter, 100),
            st.tol,
            st.reg_covar,
        )

    def show_results(self, criteria) -> None:
        self.criteria = criteria
        self._job_covariance = self._pending_covariance
        ks = np.array([c.k for c in criteria])
        bics = np.array([c.bic for c in criteria])
        aics = np.array([c.aic for c in criteria])
        self.bic_curve.setData(ks, bics)
        self.aic_curve.setData(ks, aics)
        best_b, best_a = ks[int(np.argmin(bics))], ks[int(np.argmin(aics))]
        self.note.setText(
            f"Best k: {best_b} by BIC, {best_a} by AIC (each the best of 3 "
            "k-means++ starts). Click a point to load that model."
        )

    def figure(self):
        """BIC and AIC against k as a line figure."""
        return criteria_figure(self.criteria, self._job_covariance)

    def _on_click(self, item, points, *_) -> None:
        if not points:
            return
        k = round(points[0].pos().x())
        for c in self.criteria:
            if c.k == k:
                self.load_requested.emit(c.run, "gmm")


class _ClosesWith(QObject):
    """Closes ``window`` when ``main`` closes (its close accepted: it is hidden after it)."""

    def __init__(self, main: QtWidgets.QWidget, window: QtWidgets.QWidget):
        super().__init__(window)
        self._main, self._window = main, window
        main.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if obj is self._main and event.type() == QEvent.Type.Close:
            # Decided after the main window's own closeEvent, which may refuse to close.
            QTimer.singleShot(0, self, self._follow)
        return False

    def _follow(self) -> None:
        if not self._main.isVisible():
            self._window.close()


def in_colour_order(run: FittedRun, slots) -> FittedRun:
    """``run`` with its initial centers renumbered so that component i is the one drawn in
    colour i (``slots``, emgui.model.palette): run again from them, it comes out in the same
    colours in the plain order."""
    if slots is None:
        return run
    order = np.argsort(np.asarray(slots), kind="stable")
    return dataclasses.replace(run, centers=np.asarray(run.centers)[order])
