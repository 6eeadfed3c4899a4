"""The one helper that runs work off the GUI thread: progress, cancel, and a prompt shutdown.

The work is ``fn(progress=..., should_cancel=...)``, which checks ``should_cancel()``
between small units of work and raises ``Cancelled`` (or returns) when it is set. Results
arrive as queued signals on the GUI thread.

The thread is a daemon Python thread, not a QThread: a QThread still running when its
object is destroyed aborts the process ("QThread: Destroyed while thread is still
running"), so a window closed in the middle of a long unit of work would take the program
down; a daemon thread is simply abandoned at exit. After :meth:`BackgroundTask.shutdown`
the task emits nothing more, so work that finishes after its window is gone touches no
deleted object.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from emgui.core.select import Cancelled
from emgui.io.errors import InputError, LoadCancelled

__all__ = ["BackgroundTask", "Cancelled"]


class _Relay(QObject):
    """Emits from the worker thread; the task re-emits on the GUI thread (queued).

    The thread touches only its relay, never the task, and a relay is deleted only on the
    GUI thread after its thread has ended (or never, for work abandoned at shutdown), so
    deleting the task while its work runs cannot race with an emission.
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()
        self.open = True

    def close(self, *_) -> None:
        with self.lock:
            self.open = False


_LIVE_RELAYS: set[_Relay] = set()  # relays whose thread may still run


class BackgroundTask(QObject):
    """Runs ``fn(progress=..., should_cancel=...)`` in a thread; results come on the GUI thread.

    Exactly one of ``done(result)``, ``failed(message)`` or ``cancelled()`` is emitted,
    then ``finished()`` (unless :meth:`shutdown` came first: then nothing more is).
    """

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, fn: Callable, parent: QObject | None = None, name: str = "emgui-task"):
        super().__init__(parent)
        self._fn = fn
        self._name = name
        self._cancel = threading.Event()
        self._relay = relay = _Relay()
        _LIVE_RELAYS.add(relay)
        for name in ("progress", "done", "failed", "cancelled"):
            getattr(relay, name).connect(getattr(self, name))
        relay.finished.connect(self._on_finished)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Start the work (once)."""
        if self._thread is not None:
            raise RuntimeError("a BackgroundTask runs once")
        # The thread holds the work (and the data it closes over) only while it runs: a task
        # kept after it ends (a child of its owner, until that goes) keeps no points alive.
        fn, self._fn = self._fn, None
        self._thread = threading.Thread(
            target=_run, args=(fn, self._relay, self._cancel), name=self._name, daemon=True
        )
        self._thread.start()

    def cancel(self) -> None:
        """Ask the work to stop at its next check; ``cancelled`` follows."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        """Whether :meth:`cancel` (or :meth:`shutdown`) was called."""
        return self._cancel.is_set()

    def running(self) -> bool:
        """Whether the work has started and not yet returned."""
        return self._thread is not None and self._thread.is_alive()

    def shutdown(self, timeout_s: float = 0.0) -> bool:
        """Cancel, stop all signals, wait at most ``timeout_s``; True if the work has ended.

        Never blocks longer than asked: work still inside a long unit is left to end on
        its own (the thread is a daemon, so it does not keep the process alive).
        """
        self._cancel.set()
        self._relay.close()
        if self._thread is None:
            _LIVE_RELAYS.discard(self._relay)
            return True
        self._thread.join(max(0.0, timeout_s))
        return not self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait at most ``timeout_s`` (None: as long as it takes) for the work to end, without
        cancelling it; True if it has ended (or never started). Its signals still come."""
        if self._thread is not None:
            self._thread.join(timeout_s)
        return not self.running()

    def _on_finished(self) -> None:
        if self._thread is not None:
            self._thread.join()  # it has nothing left to do but return
        _LIVE_RELAYS.discard(self._relay)
        self.finished.emit()


def _run(fn: Callable, relay: _Relay, cancel: threading.Event) -> None:
    """The worker thread: run ``fn``, report through ``relay``."""

    def emit(signal: str, *args: object) -> None:
        with relay.lock:  # shutdown() waits for an emission in progress, then none follow
            if relay.open:
                getattr(relay, signal).emit(*args)

    try:
        result = fn(
            progress=lambda done, total: emit("progress", int(done), int(total)),
            should_cancel=cancel.is_set,
        )
    except (Cancelled, LoadCancelled):
        emit("cancelled")
    except (InputError, ValueError, OverflowError) as exc:
        emit("failed", str(exc))
    except MemoryError:
        emit("failed", "not enough memory for this computation")
    except Exception as exc:  # a bug: a message, never a traceback in front of the user
        emit("failed", traceback.format_exception_only(type(exc), exc)[-1].strip())
    else:
        if cancel.is_set():
            emit("cancelled")
        else:
            emit("done", result)
    emit("finished")
