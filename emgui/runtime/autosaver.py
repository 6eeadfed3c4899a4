"""Autosave: the scene is written to the user's data folder within 2 s of any edit.

A normal exit removes the file; finding it at start-up therefore means the
last session ended abnormally (a crash, kill -9, power loss), and the window
offers to restore it. At most the last 2 s of edits can be lost.

The file's format is :mod:`emgui.io.autosave_file`; writing happens in a
background thread from immutable data.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from emgui.io.autosave_file import (
    read_autosave,
    write_autosave,
)
from emgui.io.session_file import SessionData

AUTOSAVE_DELAY_MS = 1500  # after the last edit: within the promised 2 s, with margin


def default_autosave_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".emgui") / "autosave.npz"


class Autosaver(QObject):
    """Debounced, background autosave of a session; ``snapshot`` returns what to save."""

    def __init__(self, path: Path, snapshot, parent: QObject | None = None):
        super().__init__(parent)
        self.path = Path(path)
        self._snapshot = snapshot
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.last_error: str | None = None

    def schedule(self, *_) -> None:
        """Called on every edit: save once the edits pause (at most AUTOSAVE_DELAY_MS later)."""
        if not self._timer.isActive():
            self._timer.start()

    def save_now(self) -> None:
        data: SessionData = self._snapshot()
        self.wait()
        self._thread = threading.Thread(target=self._write, args=(data,), name="emgui-autosave")
        self._thread.start()

    def _write(self, data: SessionData) -> None:
        with self._lock:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                write_autosave(self.path, data)
                self.last_error = None
            except (OSError, ValueError) as exc:  # a full disk must not take the program down
                self.last_error = str(exc)

    def wait(self) -> None:
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def pending(self) -> bool:
        return self._timer.isActive()

    def discard(self) -> None:
        """A clean exit: nothing to restore next time."""
        self._timer.stop()
        self.wait()
        try:
            os.remove(self.path)
        except FileNotFoundError:
            pass
        except OSError as exc:
            self.last_error = str(exc)

    def recoverable(self) -> SessionData | None:
        """The scene left by a session that did not exit cleanly, if any and readable."""
        if not self.path.exists():
            return None
        try:
            data = read_autosave(self.path)
        except Exception:  # an unreadable autosave is worth nothing; never block start-up
            return None
        return data if data.points.shape[0] or data.centers.shape[0] else None
