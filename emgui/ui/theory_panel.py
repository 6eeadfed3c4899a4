"""The "Why EM works" dock: the decomposition bar (PRML 9.11) and the bound along the step (9.14).

The panel knows nothing of the window: it is given a way to get the run's points and, at
each step, the E and M states of the shown iteration; it answers by signals. The bound
along the step needs a pass over the points per value of t, so it is computed off the GUI
thread (the project's BackgroundTask), one computation at a time, the newest request
served (Coalesced); results are kept for the last few iterations, so stepping back and
forth redraws at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import numpy as np
from PySide6 import QtCore, QtWidgets

from emgui.core import Snapshot, bound_path, point_gaps
from emgui.io.atomic import write_atomic
from emgui.model.gap_colours import gap_argb
from emgui.model.theory_view import PATH_TS, decomposition, step_pair
from emgui.render.figure import figure_bytes
from emgui.render.theory_figure import TheoryFigure
from emgui.runtime.background import BackgroundTask
from emgui.runtime.coalesce import Coalesced
from emgui.ui.bound_bar import DecompositionBar
from emgui.ui.bound_path_plot import BoundPathPlot

# Stepping through a run asks for a new path at every key press; requests closer together
# than this join one computation.
REQUEST_INTERVAL_MS = 40
CACHE_SIZE = 16  # bound paths kept (a few hundred kB each at most)
STALE_CACHE_SIZE = 4  # point colourings kept (4 bytes a point each)

NO_STEP = "The bound appears with the first E-step: press → ."
NO_M_STEP = (
    "Iteration {it}: the M-step is not computed yet; step forward (→) to see the bound along it."
)
COMPUTING = "Computing the bound along iteration {it}…"


def _kind(snap: Snapshot) -> str:
    return "kmeans" if snap.algorithm == "kmeans" else "mixture"


class TheoryPanel(QtWidgets.QWidget):
    """Decomposition bar and bound-along-the-step plot for the shown half-step.

    ``points`` is the run's points array, or a callable returning it (called on the GUI
    thread when a computation starts). Call :meth:`show_state` whenever the shown half-step
    changes, :meth:`set_scale` for presentation mode and :meth:`shutdown` before the
    window closes.
    """

    # A computation failed: one line for the status bar.
    failed = QtCore.Signal(str)
    # While set_stale_colouring(True): the points' colours, (n,) uint32 0xAARRGGBB as in
    # ViewState.colors, by their share of the gap at the shown M state ("where q is stale"),
    # or None: draw the usual colours. Emitted when it changes.
    stale_colours = QtCore.Signal(object)

    def __init__(self, points: np.ndarray | Callable[[], np.ndarray], parent=None):
        super().__init__(parent)
        self._points = points if callable(points) else (lambda: points)
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.bar = DecompositionBar()
        self.path_plot = BoundPathPlot()
        split = QtWidgets.QSplitter(QtCore.Qt.Orientation.Horizontal)
        split.addWidget(self.bar)
        split.addWidget(self.path_plot)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setChildrenCollapsible(False)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.title)
        layout.addWidget(split, 1)
        self._e: Snapshot | None = None
        self._m: Snapshot | None = None
        self._shown: Snapshot | None = None
        self._before: Snapshot | None = None
        self._cache: list[tuple[Snapshot, Snapshot, object]] = []
        self._want_stale = False
        self._stale: list[tuple[Snapshot, Snapshot, np.ndarray]] = []  # 4 bytes a point each
        self._emitted_stale: np.ndarray | None = None
        self._task: BackgroundTask | None = None
        self._again = False  # a request came while a task ran: serve it when that one ends
        self._request = Coalesced(self._compute, REQUEST_INTERVAL_MS, leading=True, parent=self)
        self.set_scale(1.0)
        self._show_nothing(NO_STEP)

    # ----- public ------------------------------------------------------------------
    def set_scale(self, scale: float) -> None:
        """Fonts, lines and the bar's size for presentation mode (1.8: from the back of a hall)."""
        self._scale = scale
        self.title.setStyleSheet(f"font-size: {11 * scale:.0f}pt; color: #111;")
        self.bar.set_scale(scale)
        self.path_plot.set_scale(scale)

    def show_state(
        self,
        e_snapshot: Snapshot | None,
        m_snapshot: Snapshot | None,
        shown_snapshot: Snapshot | None,
        before: Snapshot | None = None,
    ) -> None:
        """The shown half-step and its iteration's E and M states (M None while not computed).

        ``before`` is the state before the E state (the previous M state, or the initial
        state), for the dashed "bound before this step" on the bar; optional. See
        :func:`emgui.model.theory_view.step_pair` for getting all four from a run.
        """
        self._e, self._m, self._shown, self._before = e_snapshot, m_snapshot, shown_snapshot, before
        if shown_snapshot is None or e_snapshot is None or shown_snapshot.phase == "init":
            self._request.cancel()
            self._show_nothing(NO_STEP)
            self._update_stale()
            return
        phase = "E-step" if shown_snapshot.phase == "E" else "M-step"
        what = (
            "log p(X | θ) = L(q, θ) + KL(q ‖ p)"
            if _kind(shown_snapshot) == "mixture"
            else "J(c, μ) = J*(μ) + gap"
        )
        self.title.setText(f"Iteration {shown_snapshot.iteration}, {phase}:  {what}")
        self._update_bar()
        if m_snapshot is None:
            self._request.cancel()
            self.path_plot.show_note(NO_M_STEP.format(it=e_snapshot.iteration))
            self._update_stale()
            return
        self._update_stale()
        cached = self._cached(e_snapshot, m_snapshot)
        if cached is not None:
            self._draw_path(cached)
        else:
            self.path_plot.show_note(COMPUTING.format(it=e_snapshot.iteration))
        if self._work_wanted():
            self._request.request()
        else:
            self._request.cancel()
        # A hidden dock computes no path (showEvent asks for it), only stale colours.

    def show_run(self, snapshots: list[Snapshot], cursor: int) -> None:
        """:meth:`show_state` for snapshot ``cursor`` of a run (the window's one-line call)."""
        if not 0 <= cursor < len(snapshots):
            self.show_state(None, None, None)
            return
        before, e, m = step_pair(snapshots, cursor)
        self.show_state(e, m, snapshots[cursor], before)

    def set_stale_colouring(self, on: bool) -> None:
        """Whether to compute the points' colours by their gap (the stale_colours signal)."""
        self._want_stale = on
        self._update_stale()
        if self._work_wanted():
            self._request.request()

    def figure(self) -> TheoryFigure:
        """What the panel shows, as a figure for PNG, SVG or PDF (emgui.render.figure)."""
        shown = self._shown
        kind = "mixture" if shown is None else _kind(shown)
        return TheoryFigure(
            decomposition=self.bar.decomposition(),
            path=self.current_path(),
            kind=kind,
            shown_phase="E" if shown is None else shown.phase,
            title=self.title.text(),
            note=self.path_plot.note_text(),
        )

    def save_image(self, path: str) -> None:
        """Write the panel as a .png, .svg or .pdf file, whole or not at all.

        ValueError naming the file for any other extension; OSError from the file system.
        """
        fmt = os.path.splitext(path)[1].lower().lstrip(".")
        if fmt not in ("png", "svg", "pdf"):
            raise ValueError(
                f"{path}: cannot write a .{fmt or '(no extension)'} image; use .png, .svg or .pdf"
            )
        data, _ = figure_bytes(self.figure(), fmt, scale=2.0 if fmt == "png" else 1.0)
        write_atomic(path, data)

    def current_path(self):
        """The BoundPath drawn for the shown iteration (None while there is none)."""
        return self.path_plot.path()

    def computing(self) -> bool:
        return self._task is not None and self._task.running()

    def shutdown(self) -> None:
        """Stop asking and join a running computation (the window is closing)."""
        self._request.cancel()
        self._again = False
        if self._task is not None:
            # The work is left to end on its own thread (a daemon): no wait, no more signals.
            self._task.shutdown()
            self._task = None

    # ----- Qt ------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._work_wanted():
            self._request.request()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ----- inside ----------------------------------------------------------------------
    def _show_nothing(self, note: str) -> None:
        self.title.setText("Why EM works: the bound and the gap")
        self.bar.set_decomposition(None, "The decomposition appears with the first E-step.")
        self.path_plot.show_note(note)

    def _kmeans_star(self) -> float | None:
        """J*(μ) of a k-means M state: the bound path's objective at t = 1, once computed."""
        if self._e is None or self._m is None:
            return None
        path = self._cached(self._e, self._m)
        if path is None:
            return None
        t = np.asarray(path.t)
        return float(np.asarray(path.objective)[int(np.argmin(np.abs(t - 1.0)))])

    def _update_bar(self) -> None:
        shown = self._shown
        before = self._before if shown is self._e else self._e
        star = self._kmeans_star() if shown is not None and shown.algorithm == "kmeans" else None
        d = decomposition(shown, before, star)
        note = ""
        if d is None and shown is not None and shown.phase == "M":
            note = "J*(μ) comes with the bound along the step: computing…"
        self.bar.set_decomposition(d, note)

    def _cached(self, e: Snapshot, m: Snapshot):
        return _find(self._cache, e, m)

    def _draw_path(self, path) -> None:
        shown = self._shown
        if shown is None:
            return
        self.path_plot.show_path(path, _kind(shown), shown.phase)
        self._update_bar()

    def _stale_cached(self, e: Snapshot, m: Snapshot) -> np.ndarray | None:
        return _find(self._stale, e, m)

    def _stale_wanted(self) -> bool:
        """Colours by the gap are wanted for the shown state (an M state, the toggle on)."""
        shown = self._shown
        return (
            self._want_stale
            and shown is not None
            and shown.phase == "M"
            and shown is self._m
            and self._e is not None
        )

    def _work_wanted(self) -> bool:
        """Something to compute for the shown state: its path (if shown), its colours."""
        return any(self._needs())

    def _needs(self) -> tuple[bool, bool]:
        """What to compute for the shown state: (its path, if shown; its colours by the gap)."""
        e, m = self._e, self._m
        if e is None or m is None:
            return False, False
        path = self.isVisible() and self._cached(e, m) is None
        return path, self._stale_wanted() and self._stale_cached(e, m) is None

    def _update_stale(self) -> None:
        rgba = self._stale_cached(self._e, self._m) if self._stale_wanted() else None
        if rgba is not self._emitted_stale:
            self._emitted_stale = rgba
            self.stale_colours.emit(rgba)

    def _compute(self) -> None:
        """Start the computation of the newest request, unless one runs (then: after it)."""
        e, m = self._e, self._m
        need_path, need_stale = self._needs()
        if not (need_path or need_stale):
            return
        if self._task is not None and self._task.running():
            self._again = True
            return
        points = np.asarray(self._points())
        if e.n_points is not None and points.shape[0] != e.n_points:
            self.path_plot.show_note("The points changed since this run: no bound to draw.")
            return
        if points.flags.writeable:  # the thread must not see an edit in the middle
            points = points.copy()

        def job(progress, should_cancel):
            path = bound_path(points, e, m, PATH_TS) if need_path else None
            rgba = gap_argb(point_gaps(points, e, m)) if need_stale else None
            return e, m, path, rgba

        task = BackgroundTask(job, self)
        task.done.connect(self._on_done)
        task.failed.connect(self._on_failed)
        task.finished.connect(self._on_finished)
        self._task = task
        task.start()

    def _on_done(self, result) -> None:
        e, m, path, rgba = result
        if rgba is not None:
            self._stale.append((e, m, rgba))
            del self._stale[:-STALE_CACHE_SIZE]
            self._update_stale()
        if path is None:
            return
        self._cache.append((e, m, path))
        del self._cache[:-CACHE_SIZE]
        if e is self._e and m is self._m:
            self._draw_path(path)

    def _on_failed(self, text: str) -> None:
        self.path_plot.show_note(f"The bound along the step could not be computed: {text}")
        self.failed.emit(f"Bound along the step: {text}")

    def _on_finished(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.deleteLater()
        if self._again:
            self._again = False
            self._request.request()


def _find(entries: list[tuple], e: Snapshot, m: Snapshot):
    """The value cached for the step from ``e`` to ``m`` (the very snapshots), or None."""
    for ce, cm, value in entries:
        if ce is e and cm is m:
            return value
    return None
