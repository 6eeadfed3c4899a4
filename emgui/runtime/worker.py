"""The EM worker: runs emgui.core in a QThread, one half-step at a time, as far as it is allowed.

The GUI never waits on it: it sets how many snapshots it wants (``set_target``)
and receives immutable Frames through a queued signal. Stop is honoured
between half-steps. Each run has an id; frames of a stopped run that are still
in the event queue are recognised by it and dropped by the receiver.
"""

from __future__ import annotations

import itertools
import math
import threading
import time
import traceback

import numpy as np
from PySide6.QtCore import QObject, QThread, Signal, Slot

from emgui.core import DegenerateCovarianceError, Snapshot, run_em
from emgui.model.agreement import run_colour_slots
from emgui.model.palette import Slots, hard_colors, soft_colors
from emgui.model.run_types import Frame, RunRequest

UNLIMITED = math.inf
BATCH_SECONDS = 0.01


class EMWorker(QObject):
    """Produces Frames of one run in its own thread; controlled from the GUI thread."""

    frames_ready = Signal(object)  # tuple of Frames, in order
    failed = Signal(int, str)  # run_id, a message for the user
    finished = Signal(int, str)  # run_id, "converged" | "max_iter" | "stopped" | "error"

    def __init__(self, request: RunRequest):
        super().__init__()
        self.request = request
        self._cond = threading.Condition()
        self._target: float = 0
        self._stop = False

    # Thread-safe controls, called from the GUI thread.
    def set_target(self, count: float) -> None:
        """Produce snapshots until ``count`` exist (math.inf: to the end of the run)."""
        with self._cond:
            self._target = count
            self._cond.notify_all()

    def stop(self) -> None:
        """Ask the run to end; honoured before the next half-step."""
        with self._cond:
            self._stop = True
            self._cond.notify_all()

    @Slot()
    def run(self) -> None:
        """The thread's body: wait for demand, compute, emit; until the run ends or is stopped."""
        r = self.request
        status = "stopped"
        batch = _Batch(self.frames_ready.emit)
        try:
            steps = run_em(
                r.points,
                r.centers,
                r.algorithm,
                r.covariance_type,
                r.max_iter,
                r.tol,
                r.reg_covar,
                covariances=r.covariances,
                weights=r.weights,
                keep_resp=r.algorithm != "kmeans",
                beta=r.beta,
            )
            slots = r.slots  # kept from the last run, or matched to the classes below
            if r.classes is not None:
                steps, slots = _with_colour_slots(steps, r.classes, r.n_classes)
            produced = 0
            while True:
                with self._cond:
                    if produced >= self._target:
                        batch.flush()  # all that was asked for: deliver before waiting
                    while not self._stop and produced >= self._target:
                        self._cond.wait()
                    if self._stop:
                        break
                snap = next(steps, None)
                if snap is None or self._stop:
                    break
                colors, kind = _colors_of(snap, slots)
                batch.add(Frame(r.run_id, produced, snap.without_resp(), colors, kind, slots))
                produced += 1
                if snap.final:
                    status = "converged" if snap.converged else "max_iter"
                    break
        except (ValueError, DegenerateCovarianceError) as exc:
            status = "error"
            self.failed.emit(r.run_id, str(exc))
        except Exception as exc:  # a bug: report it in the window, keep the last good state
            status = "error"
            detail = traceback.format_exception_only(type(exc), exc)[-1].strip()
            self.failed.emit(r.run_id, f"internal error in the EM worker: {detail}")
        batch.flush()
        self.finished.emit(r.run_id, status)


def _with_colour_slots(steps, classes: np.ndarray, n_classes: int):
    """(the same steps, the run's colour slots): matched at the first E-step, computed here
    before the initial state is sent, so that no colour changes once the run is on screen."""
    first = next(steps)  # the initial state
    try:
        second = next(steps, None)  # the first E-step
    except Exception as exc:  # raised again after the initial state, as without classes
        error = exc  # ``exc`` itself is unbound when the block ends

        def initial_then_error():
            yield first
            raise error

        return initial_then_error(), None
    if second is None:
        return iter([first]), None
    slots = run_colour_slots(classes, n_classes, second.labels, second.k)
    return itertools.chain([first, second], steps), slots


def _colors_of(snap: Snapshot, slots: Slots = None) -> tuple[np.ndarray | None, str]:
    """The colours a new assignment gives the points, and their kind ("soft" or "hard")."""
    if snap.phase != "E":
        return None, "soft"
    if snap.resp is not None:
        return soft_colors(snap.resp, slots), "soft"
    return hard_colors(snap.labels, snap.k, slots), "hard"


class _Batch:
    """Frames sent in groups at most every BATCH_SECONDS.

    A fast run (small data, no pace) makes thousands of half-steps a second; a
    signal for each would flood the GUI's event queue and starve its timers
    and input. Grouped, the GUI sees about a hundred deliveries a second.
    """

    def __init__(self, emit):
        self.emit = emit
        self.frames: list[Frame] = []
        self.last = time.monotonic()

    def add(self, frame: Frame) -> None:
        self.frames.append(frame)
        if time.monotonic() - self.last >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.frames:
            self.emit(tuple(self.frames))
            self.frames = []
        self.last = time.monotonic()


class RunHandle:
    """A worker and its thread, started together and stopped and joined together."""

    def __init__(self, request: RunRequest, parent: QObject | None = None):
        self.run_id = request.run_id
        self.thread = QThread(parent)
        self.thread.setObjectName(f"emgui-run-{request.run_id}")
        self.worker = EMWorker(request)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.finished.connect(self.thread.quit)

    def start(self) -> None:
        self.thread.start()

    def stop_and_join(self, timeout_ms: int = 5000) -> bool:
        """Stop the run and wait for its thread; True when the thread has ended."""
        self.worker.stop()
        self.thread.quit()
        return self.thread.wait(timeout_ms)
