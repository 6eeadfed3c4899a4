"""A long computation (restarts, model selection) in a thread, with progress and cancel."""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from emgui.core.select import Cancelled


class _Runner(QObject):
    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable, cancel: threading.Event):
        super().__init__()
        self.fn = fn
        self.cancel = cancel

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(progress=self.progress.emit, should_cancel=self.cancel.is_set)
            if not self.cancel.is_set():
                self.done.emit(result)
        except Cancelled:
            pass
        except ValueError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: a message, never a traceback in front of the user
            self.failed.emit(traceback.format_exception_only(type(exc), exc)[-1].strip())
        self.finished.emit()


class BackgroundTask(QObject):
    """Runs ``fn(progress=..., should_cancel=...)`` in a QThread; results come on the GUI thread."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    finished = Signal()

    def __init__(self, fn: Callable, parent: QObject | None = None):
        super().__init__(parent)
        self._cancel = threading.Event()
        self._thread = QThread(self)
        self._runner = _Runner(fn, self._cancel)
        self._runner.moveToThread(self._thread)
        self._thread.started.connect(self._runner.run)
        queued = Qt.ConnectionType.QueuedConnection
        self._runner.progress.connect(self.progress, queued)
        self._runner.done.connect(self.done, queued)
        self._runner.failed.connect(self.failed, queued)
        self._runner.finished.connect(self._on_finished, queued)

    def start(self) -> None:
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def running(self) -> bool:
        return self._thread.isRunning()

    def join(self, timeout_ms: int = 10000) -> bool:
        self.cancel()
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    def _on_finished(self) -> None:
        self._thread.quit()
        self._thread.wait()
        self.finished.emit()
