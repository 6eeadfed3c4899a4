"""Opening files off the GUI thread, with progress and cancel: big files never freeze the window.

A CSV and a session JSON alike report progress and honour cancel within a few tens of
ms. ``slow`` says when a load has lasted long enough to deserve a progress dialog, and
``finished`` ends every load, whatever its outcome: a dialog shown on ``slow`` and closed
on ``finished`` can neither appear after the load nor outlive it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from emgui.io.errors import InputError
from emgui.runtime.background import BackgroundTask

#: A load still running after this long shows its progress (as QProgressDialog's default).
SLOW_AFTER_MS = 400


def read_file(path: str, progress, should_cancel, **options):
    """A points CSV (PointsData) or, for .json, a session (SessionData); InputError if bad.

    ``options`` go to the CSV reader: the columns chosen, the labels column.
    """
    if Path(path).suffix.lower() == ".json":
        from emgui.io.session_file import load_session

        return load_session(path, progress=progress, should_cancel=should_cancel)
    from emgui.io.csv_points import read_points

    return read_points(path, progress=progress, should_cancel=should_cancel, **options)


class FileLoader(QObject):
    """Loads one file at a time in a thread; the result arrives as a signal on the GUI thread.

    Each load emits ``slow(path)`` once if it runs longer than SLOW_AFTER_MS, ``progress``
    (per mille) along the way, then one of ``loaded``, ``failed`` or ``cancelled``, then
    ``finished``.
    """

    progress = Signal(int)
    loaded = Signal(str, object)  # path, PointsData | SessionData
    failed = Signal(str)
    cancelled = Signal()
    slow = Signal(str)  # path: show a progress dialog now
    finished = Signal()

    def __init__(self, parent: QObject | None = None, read=read_file):
        super().__init__(parent)
        self._read = read
        self._task: BackgroundTask | None = None
        self._last_task: BackgroundTask | None = None
        self._path = ""
        self._slow_timer = QTimer(self, singleShot=True, interval=SLOW_AFTER_MS)
        self._slow_timer.timeout.connect(self._on_slow)

    @property
    def busy(self) -> bool:
        """Whether a load is under way (from load() until finished)."""
        return self._task is not None

    @property
    def path(self) -> str:
        """The file being loaded (or last loaded)."""
        return self._path

    def load(self, path: str, options: dict | None = None) -> bool:
        """Start loading ``path`` (``options`` for a CSV); False if a load is already running."""
        if self._task is not None:
            return False
        self._path = path
        read = self._read

        def job(progress, should_cancel):
            return read(
                path,
                progress=lambda fraction: progress(int(1000 * fraction), 1000),
                should_cancel=should_cancel,
                **(options or {}),
            )

        task = BackgroundTask(job, self, name="emgui-load")
        task.progress.connect(lambda done, _total: self.progress.emit(done))
        task.done.connect(lambda result: self.loaded.emit(path, result))
        task.failed.connect(self._on_failed)
        task.cancelled.connect(self.cancelled)
        task.finished.connect(self._on_finished)
        self._task = task
        self._slow_timer.start()
        task.start()
        return True

    def cancel(self) -> None:
        """Stop the load at its next check; ``cancelled`` then ``finished`` follow."""
        if self._task is not None:
            self._task.cancel()

    def _on_slow(self) -> None:
        if self._task is not None:
            self.slow.emit(self._path)

    def _on_failed(self, text: str) -> None:
        if not text.startswith(self._path):  # a reader's bug: still name the file
            text = str(InputError(f"could not be read ({text})", path=self._path))
        self.failed.emit(text)

    def _on_finished(self) -> None:
        self._slow_timer.stop()
        # Kept until the next load ends: deleting a task inside its own signal, or with a
        # deleteLater pending when the loader goes, crashes PySide.
        self._last_task, self._task = self._task, None
        self.finished.emit()

    def shutdown(self, timeout_s: float = 1.0) -> bool:
        """Cancel and wait at most ``timeout_s``; True if no load is left running.

        A load stuck in a long unit of work is abandoned (its thread is a daemon); nothing
        it produces is delivered.
        """
        self._slow_timer.stop()
        task, self._task = self._task, None
        if task is None:
            return True
        return task.shutdown(timeout_s)
