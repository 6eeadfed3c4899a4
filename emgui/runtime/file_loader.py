"""Opening files off the GUI thread, with progress and cancel: big CSVs never freeze the window."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from emgui.io.errors import InputError, LoadCancelled


class _LoadWorker(QObject):
    progress = Signal(int)  # per mille
    loaded = Signal(str, object)  # path, PointsData or SessionData
    failed = Signal(str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, path: str):
        super().__init__()
        self.path = path
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @Slot()
    def run(self) -> None:
        try:
            if Path(self.path).suffix.lower() == ".json":
                from emgui.io.session_file import load_session

                result = load_session(self.path)
            else:
                from emgui.io.csv_points import read_points

                result = read_points(
                    self.path,
                    progress=lambda f: self.progress.emit(int(1000 * f)),
                    should_cancel=self._cancel.is_set,
                )
            if self._cancel.is_set():
                self.cancelled.emit()
            else:
                self.loaded.emit(self.path, result)
        except LoadCancelled:
            self.cancelled.emit()
        except InputError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug in a reader: still a message, never a traceback
            self.failed.emit(f"{self.path}: could not be read ({type(exc).__name__}: {exc})")
        self.done.emit()


class FileLoader(QObject):
    """Loads one file at a time in a thread; the result arrives as a signal on the GUI thread."""

    progress = Signal(int)
    loaded = Signal(str, object)  # path, PointsData | SessionData
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: _LoadWorker | None = None

    @property
    def busy(self) -> bool:
        return self._thread is not None

    def load(self, path: str) -> bool:
        """Start loading ``path``; False if a load is already running."""
        if self._thread is not None:
            return False
        self._thread = QThread(self)
        self._worker = _LoadWorker(path)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        queued = Qt.ConnectionType.QueuedConnection  # delivered on the GUI thread
        self._worker.progress.connect(self.progress, queued)
        self._worker.loaded.connect(self.loaded, queued)
        self._worker.failed.connect(self.failed, queued)
        self._worker.cancelled.connect(self.cancelled, queued)
        self._worker.done.connect(self._finish, queued)
        self._thread.start()
        return True

    def cancel(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _finish(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._thread = None
        self._worker = None

    def shutdown(self) -> None:
        self.cancel()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(3000)
            self._thread = None
