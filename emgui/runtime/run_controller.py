"""The run controller: keeps the history of a run, a cursor on it, and the worker that extends it.

Stepping, playing and scrubbing all move one cursor over the history. When
the cursor wants a snapshot the history does not have yet, the controller
raises the worker's target and shows the snapshot when it arrives. Drawing is
coalesced: however fast frames arrive, the view is redrawn at most once per
screen frame (about 60 times a second), always with the newest wanted state.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QObject, Qt, QTimer, Signal

from emgui.core import initial_means
from emgui.core.validate import count_distinct
from emgui.model.history import History
from emgui.model.run_types import Frame, RunRequest, run_request
from emgui.runtime.coalesce import Coalesced
from emgui.runtime.history_budget import HistoryBudget
from emgui.runtime.initial_centers import InitialCenters
from emgui.runtime.session import Session
from emgui.runtime.worker import RunHandle

FRAME_INTERVAL_MS = 16
LOOKAHEAD = 2  # snapshots computed ahead of a playing cursor, so playback never waits
# Runs whose half-step outlived a shutdown: kept, as destroying a running QThread aborts.
_STILL_RUNNING: list[RunHandle] = []
# n * k up to which initial centers are computed at once (k-means++: ~10 ms); above, in the
# background, as k-means++ takes seconds at 1e6 points and k = 64.
INLINE_INIT_WORK = 1_000_000
# The settings a run starts with: a change of one restarts the run (the others only redraw).
RUN_SETTINGS = (
    "algorithm",
    "covariance_type",
    "init",
    "k",
    "seed",
    "max_iter",
    "tol",
    "reg_covar",
    "beta",
)


def runs_still_running() -> int:
    """How many runs' threads outlived a shutdown and still run (see RunController.shutdown)."""
    _STILL_RUNNING[:] = [r for r in _STILL_RUNNING if not r.thread.isFinished()]
    return len(_STILL_RUNNING)


class RunController(QObject):
    """Owns the worker thread and the cursor; the window calls its actions and listens."""

    display = Signal(int)  # the cursor moved, or what it shows changed: redraw
    state_changed = Signal()  # running / paused / finished / cursor: update controls
    message = Signal(str, str)  # level ("info", "warning", "error"), text for the user

    def __init__(self, session: Session, parent: QObject | None = None, algorithm_override=None):
        super().__init__(parent)
        self.session = session
        # A callable giving the algorithm to run instead of the session's (the compare view).
        self.algorithm_override = algorithm_override
        self.history = History.empty()
        self._budget = HistoryBudget()  # the history's memory; a run is stopped at its limit
        self.cursor = -1  # index of the displayed snapshot; -1: the bare scene, no run
        self.wanted: int | None = None  # a snapshot asked for that has not arrived yet
        self.playing = False
        self.follow_live = False  # End: show the newest as it comes, at full speed
        # idle | initialising | ready | running | converged | max_iter | error | stopped
        self.status = "idle"
        self._centers = InitialCenters(self)  # initial centers of large scenes, off-thread
        self._centers.ready.connect(lambda centers: self._begin(self._request(centers)))
        self._centers.failed.connect(self._fail)
        self._run: RunHandle | None = None
        self._old_runs: list[RunHandle] = []
        self._run_id = 0
        self._points: np.ndarray | None = None  # the worker's copy, for colours
        # Redraws at most once per screen frame, with the cursor of the moment.
        self._draw = Coalesced(
            lambda: self.display.emit(self.cursor), FRAME_INTERVAL_MS, parent=self
        )
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._play_tick)
        # An edit's restart waits for the event loop; a key pressed meanwhile flushes it first
        # (else End pressed in the same turn as an edit ran the old run, and the restart that
        # followed threw the request away).
        self._restart = Coalesced(self.restart, 0, parent=self)
        self._last_run_settings: tuple | None = None
        self.end_after_restart = False  # set by "load this run": run to the end once primed
        session.changed.connect(self._on_session_changed)
        session.classes_changed.connect(self._on_classes_changed)
        self._last_slots: np.ndarray | None = None

    # ----- the run -----------------------------------------------------------
    @property
    def points(self) -> np.ndarray:
        """The points of the current run (what the history's labels refer to)."""
        return self._points if self._points is not None else self.session.points

    def can_run(self) -> tuple[bool, str]:
        """Whether the scene is complete enough to run, and if not, what to do."""
        s, settings = self.session.scene, self.session.settings
        n = s.points.shape[0]
        if n == 0:
            return False, "Click to add points, or open a data set (Ctrl+O) or a preset."
        if settings.init == "centers":
            k = s.centers.shape[0]
            if k == 0:
                return False, "Shift+click (or the Add centers tool) to place initial centers."
        else:
            k = settings.k
        if k > n:
            return False, f"{k} components need at least {k} points; there are {n}."
        return True, ""

    def restart(self) -> None:
        """Stop any run and prime a new one from the session: its initial state, then wait."""
        self._stop_run()
        self._run_settings_changed()  # remember the settings this run starts with
        if len(self.history):
            self._last_slots = self.history.slots  # its colours, kept while the next starts
        self.history = History.empty()
        self._budget = HistoryBudget()
        self.cursor, self.wanted = -1, None
        self.follow_live = False
        self._set_playing(False)
        ok, _why = self.can_run()
        if not ok:
            self.status = "idle"
            self._points = None
            self.state_changed.emit()
            self.display.emit(-1)
            return
        self._centers.cancel()
        st, n = self.session.settings, self.session.points.shape[0]
        if st.init != "centers" and n * st.k > INLINE_INIT_WORK:
            self._start_init()
            return
        self._begin(self._request())

    def _start_init(self) -> None:
        """Initial centers (k-means++, random) in the background: seconds at 1e6 points."""
        st = self.session.settings
        self._points = self.session.points
        self._centers.start(self._points, st.k, st.init, st.seed)
        self.status = "initialising"
        self.state_changed.emit()
        self.display.emit(-1)

    def _begin(self, request: RunRequest | None) -> None:
        """Start the worker on ``request``, primed with its initial state."""
        if request is None:
            return
        k = request.centers.shape[0]
        if k > 1 and request.points.shape[0] < 200_000:
            distinct = count_distinct(request.points)
            if distinct < k:
                self.message.emit(
                    "warning",
                    f"k = {k} but the points have only {distinct} distinct positions: "
                    "some components will share points or stay empty.",
                )
        self._points = request.points
        self._run = RunHandle(request)
        # Queued explicitly: these slots must run on the GUI thread (they start
        # timers and touch the history), whatever PySide infers for the callable.
        queued = Qt.ConnectionType.QueuedConnection
        self._run.worker.frames_ready.connect(self._on_frames, queued)
        self._run.worker.failed.connect(self._on_failed, queued)
        self._run.worker.finished.connect(self._on_finished, queued)
        self.status = "ready"
        # A step asked for while the centers were computed is kept.
        self.wanted = max(self.wanted or 0, 0)
        self._run.worker.set_target(self.wanted + 1)
        self._run.start()
        self.state_changed.emit()
        if self.follow_live:  # End pressed while the centers were computed
            self._demand(math.inf)
        if self.end_after_restart:
            self.end_after_restart = False
            self.go_end()

    def _request(self, initial: np.ndarray | None = None) -> RunRequest | None:
        """The run the session asks for; ``initial``: its centers, computed beforehand."""
        s, st = self.session.scene, self.session.settings
        if st.init == "centers":
            centers = None  # the scene's own, with their hand-drawn Gaussians and weights
        elif initial is not None:
            centers = initial
        else:
            try:
                centers = initial_means(s.points, st.k, st.init, st.seed)
            except ValueError as exc:
                self._fail(str(exc))
                return None
        self._run_id += 1
        algorithm = st.algorithm if self.algorithm_override is None else self.algorithm_override()
        known = self.session.known_classes
        return run_request(self._run_id, s, st, algorithm, centers, known, self._last_slots)

    def _stop_run(self) -> None:
        if self._run is None:
            return
        run, self._run = self._run, None
        run.worker.stop()
        run.thread.quit()
        # Never block the GUI on a half-step in progress: the thread is joined
        # later (or at shutdown); its late frames carry an old run id and are dropped.
        self._old_runs.append(run)
        self._reap()

    def _reap(self) -> None:
        self._old_runs = [r for r in self._old_runs if not r.thread.wait(0)]

    def shutdown(self, timeout_ms: int = 2000) -> bool:
        """Stop everything and join the threads, within ``timeout_ms`` in all; True if they ended.

        A half-step still running then (seconds at a million points and large k) keeps its
        thread referenced (destroying a running QThread aborts the process); the caller may
        then end the process with os._exit after flushing its output.
        """
        self._draw.cancel()
        self._play_timer.stop()
        self._restart.cancel()
        self._centers.cancel()
        if self._run is not None:
            self._old_runs.append(self._run)
            self._run = None
        for r in self._old_runs:
            r.worker.stop()
        deadline = time.monotonic() + timeout_ms / 1000
        for r in self._old_runs:
            r.stop_and_join(max(0, round(1000 * (deadline - time.monotonic()))))
        running = [r for r in self._old_runs if not r.thread.isFinished()]
        _STILL_RUNNING.extend(running)
        self._old_runs = []
        return not running

    # ----- navigation ----------------------------------------------------------
    @property
    def finished(self) -> bool:
        return self.status in ("converged", "max_iter", "error", "stopped")

    def step_forward(self) -> None:
        """Next half-step: from the history when it has it, else computed now."""
        self._restart.flush()  # an edit in this turn: its restart first
        self.follow_live = False
        self._set_playing(False)
        if self.cursor == -1 and self._run is None and not self._centers.busy:
            self.restart()
            return
        self._advance()

    def step_back(self) -> None:
        self.follow_live = False
        self._set_playing(False)
        self.wanted = None
        if self.cursor > 0:
            self._show(self.cursor - 1)

    def go_home(self) -> None:
        self.follow_live = False
        self._set_playing(False)
        self.wanted = None
        if len(self.history):
            self._show(0)

    def go_end(self) -> None:
        """Run to convergence at full speed, showing the newest state as it arrives."""
        self._restart.flush()  # an edit in this turn: its restart first
        self._set_playing(False)
        if self._run is None and self.cursor == -1 and not self._centers.busy:
            self.restart()
        if self.finished:  # nothing left to run: show the end, and nothing is "running"
            self.follow_live = False
            self._show(len(self.history) - 1)
            self.state_changed.emit()
            return
        self.follow_live = True
        self._demand(math.inf)
        self._mark_dirty()

    def toggle_play(self) -> None:
        self._restart.flush()  # an edit in this turn: its restart first
        if self.playing or self.follow_live:
            self.follow_live = False
            self._set_playing(False)
            self._demand(len(self.history))
            return
        if self._run is None and self.cursor == -1 and not self._centers.busy:
            self.restart()
        if self.finished and self.cursor >= len(self.history) - 1:
            self.go_home()  # replay a finished run from the start
        pace = self.session.settings.pace_ms
        if pace == 0:
            self.go_end()
            self.playing = True
            self.state_changed.emit()
            return
        self._set_playing(True)
        self._play_timer.start(pace)
        self._advance()

    def set_pace(self, ms: int) -> None:
        if self.playing and not self.follow_live:
            if ms == 0:
                self.go_end()
                self.playing = True
            else:
                self._play_timer.start(ms)

    def complete(self) -> None:
        """Compute the rest of the run without moving the cursor (an export of the whole run)."""
        if not self.finished and self._run is not None:
            self._demand(math.inf)

    def scrub(self, index: int) -> None:
        """Show snapshot ``index`` of the history (the timeline slider)."""
        self.follow_live = False
        self._set_playing(False)
        self.wanted = None
        if 0 <= index < len(self.history):
            self._show(index)

    def go_to(self, index: int) -> None:
        """Show snapshot ``index``, computing up to it if the run has not got there yet."""
        self.follow_live = False
        self._set_playing(False)
        if index < len(self.history):
            self._show(index)
        elif not self.finished and self._run is not None:
            self.wanted = index
            self._demand(index + 1)
        elif len(self.history):
            self._show(len(self.history) - 1)

    def current_frame(self) -> Frame | None:
        if 0 <= self.cursor < len(self.history):
            return self.history.frames[self.cursor]
        return None

    # ----- internals -------------------------------------------------------------
    def _advance(self) -> None:
        nxt = self.cursor + 1
        if nxt < len(self.history):
            self._show(nxt)
            if self.playing:
                self._demand(nxt + 1 + LOOKAHEAD)
        elif not self.finished and self._run is not None:
            self.wanted = nxt
            self._demand(nxt + 1 + (LOOKAHEAD if self.playing else 0))
            self.state_changed.emit()
        elif self._centers.busy:
            self.wanted = nxt  # asked of the run that starts when the centers are ready
        else:
            self._set_playing(False)
            if self.finished and self.status in ("converged", "max_iter"):
                self.message.emit("info", self._end_text())

    def _end_text(self) -> str:
        if not len(self.history):
            return ""
        last = self.history.frames[-1].snapshot
        if self.status == "converged":
            return f"Converged after {last.iteration} iterations."
        return f"Stopped at the maximum of {last.iteration} iterations without converging."

    def _demand(self, count: float) -> None:
        if self._run is not None:
            self._run.worker.set_target(count)
            if count > len(self.history) and not self.finished:
                self.status = "running"
                self.state_changed.emit()

    def _play_tick(self) -> None:
        if self.wanted is None:
            self._advance()

    def _set_playing(self, playing: bool) -> None:
        if not playing:
            self._play_timer.stop()
        if playing != self.playing:
            self.playing = playing
            self.state_changed.emit()

    def _show(self, index: int) -> None:
        self.cursor = index
        self.wanted = None
        self._mark_dirty()
        self.state_changed.emit()

    def _mark_dirty(self) -> None:
        self._draw.request()

    def _on_frames(self, frames: tuple[Frame, ...]) -> None:
        if self._run is None or frames[0].run_id != self._run.run_id or self._budget.full:
            return  # late frames of a stopped run
        for frame in frames:
            if not self._budget.add(frame):
                self._stop_for_memory()
                return
            self.history.add(frame)
        frame = frames[-1]
        if self.follow_live:
            self.cursor = len(self.history) - 1
            self._mark_dirty()  # coalesced: many frames, one redraw per screen frame
            self.state_changed.emit()
        elif self.wanted is not None and frame.index >= self.wanted:
            self._show(self.wanted)
        elif self.wanted is not None and frame.snapshot.final:
            self._show(frame.index)  # the run ended before the wanted step: show its end
        else:
            self.state_changed.emit()  # the timeline grew

    def _stop_for_memory(self) -> None:
        """The history reached its budget: the run stops here, saying why."""
        self._run.worker.stop()
        last = self.history.frames[-1].snapshot.iteration if len(self.history) else 0
        self.status = "stopped"
        self.follow_live = False
        self.wanted = None
        self._set_playing(False)
        self.cursor = len(self.history) - 1
        self._mark_dirty()
        self.message.emit("warning", self._budget.message(last))
        self.state_changed.emit()

    def _on_failed(self, run_id: int, text: str) -> None:
        if self._run is not None and run_id == self._run.run_id:
            self._fail(text)

    def _fail(self, text: str) -> None:
        self.status = "error"
        self.follow_live = False
        self.wanted = None
        self._set_playing(False)
        self.message.emit("error", text)
        self.state_changed.emit()

    def _on_finished(self, run_id: int, status: str) -> None:
        self._reap()
        if self._run is None or run_id != self._run.run_id:
            return
        if self.status != "error":
            self.status = status
        if self.follow_live:
            self.follow_live = False
            self.playing = False
            self._play_timer.stop()
            self.cursor = len(self.history) - 1
            self._mark_dirty()
            if status in ("converged", "max_iter"):
                self.message.emit("info", self._end_text())
        self.wanted = None
        self.state_changed.emit()

    @property
    def colour_slots(self) -> np.ndarray | None:
        """The colour slots of the run shown (emgui.model.palette); while a new run starts
        after an edit, the last run's, so that dragging a center does not flicker colours."""
        if len(self.history):
            return self.history.slots
        slots, st = self._last_slots, self.session.settings
        k = self.session.centers.shape[0] if st.init == "centers" else st.k
        return slots if slots is not None and len(slots) == k else None  # not of other centers

    def _on_classes_changed(self) -> None:
        self._last_slots = None
        self._restart.request()  # the run's colours follow the classes

    def _on_session_changed(self, what: str) -> None:
        # Editing during a run stops it first; the run restarts, primed, from the new scene.
        # Display-only settings do not touch the run.
        if what == "settings" and not self._run_settings_changed():
            self.display.emit(self.cursor)
            return
        self._restart.request()

    def _run_settings_changed(self) -> bool:
        st = self.session.settings
        current = tuple(getattr(st, k) for k in RUN_SETTINGS)
        changed = current != self._last_run_settings
        self._last_run_settings = current
        return changed
