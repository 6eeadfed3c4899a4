"""Autosave: the scene is written to the user's data folder within 2 s of any edit.

Each running window has its own autosave file, ``autosave-<pid>-<n>.npz``, and holds a
lock on ``autosave-<pid>-<n>.lock`` while it runs. A normal exit removes both; an
autosave whose lock nobody holds was left by a window that ended abnormally (a crash,
kill -9, power loss), and the next window offers to restore it. The lock is the
operating system's (flock), released when its process dies whatever the way, so a
live window's autosave is never offered to another, and a recycled process id fools
nothing. At most the last 2 s of edits can be lost.

A save that fails (a full disk) is reported by ``failed``; then the file on disk holds
an older scene, and ``stale_since`` says from when. Hidden temporary files that a kill
during a write leaves behind are removed with their stale autosave.

The file's format is :mod:`emgui.io.autosave_file`; writing happens off the GUI thread (the
project's BackgroundTask) from immutable data, and its outcome is taken in on the GUI thread.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import time
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, Signal

from emgui.io.autosave_file import read_autosave, write_autosave
from emgui.io.session_file import SessionData
from emgui.runtime.background import BackgroundTask
from emgui.runtime.coalesce import Coalesced

try:
    import fcntl
except ImportError:  # Windows: no flock; see _lock_is_free
    fcntl = None

AUTOSAVE_DELAY_MS = 1500  # after the last edit: within the promised 2 s, with margin
#: At a clean exit, how long to wait for a save in progress before leaving it to finish.
EXIT_WAIT_S = 2.0
_NUMBERS = itertools.count(1)  # windows of this process


def default_autosave_path() -> Path:
    """Where autosaves go: the user's data folder for emgui (the file name is a base name)."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".emgui") / "autosave.npz"


class Autosaver(QObject):
    """Debounced, background autosave of a session; ``snapshot`` returns what to save.

    ``path`` names the folder and base name: this window saves to
    ``<stem>-<pid>-<n><suffix>`` next to it (:attr:`path`).
    """

    #: A save failed: the message (the file still holds the previous scene).
    failed = Signal(str)
    #: A save succeeded after failures.
    recovered = Signal()

    def __init__(self, path: Path, snapshot, parent: QObject | None = None):
        super().__init__(parent)
        base = Path(path)
        self.folder = base.parent
        self._stem, self._suffix = base.stem, base.suffix or ".npz"
        self.name = f"{os.getpid()}-{next(_NUMBERS)}"
        self.path = self._file(self.name)
        self._snapshot = snapshot
        self._save_soon = Coalesced(self.save_now, AUTOSAVE_DELAY_MS, parent=self)
        self._task: BackgroundTask | None = None
        self._lock_fd: int | None = None
        self.last_error: str | None = None
        #: When the file on disk stopped following the scene (a save failed), else None.
        self.stale_since: float | None = None
        #: The modification time of the autosave recoverable() found, else None.
        self.recovered_time: float | None = None

    # ----- names ---------------------------------------------------------------------
    def _file(self, name: str) -> Path:
        return self.folder / f"{self._stem}-{name}{self._suffix}"

    def _lock_file(self, name: str) -> Path:
        return self.folder / f"{self._stem}-{name}.lock"

    def _others(self) -> list[tuple[str, Path]]:
        """(name, file) of the autosaves of other windows, and an old single autosave."""
        pattern = re.compile(re.escape(self._stem) + r"-(\d+-\d+)" + re.escape(self._suffix))
        found = []
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                match = pattern.fullmatch(entry.name)
                if match and match.group(1) != self.name:
                    found.append((match.group(1), Path(entry.path)))
        legacy = self.folder / f"{self._stem}{self._suffix}"  # emgui before one file per window
        if legacy.exists():
            found.append(("", legacy))
        return found

    # ----- saving --------------------------------------------------------------------
    def schedule(self, *_) -> None:
        """Called on every edit: save once the edits pause (at most AUTOSAVE_DELAY_MS later)."""
        self._save_soon.request()

    def save_now(self) -> None:
        """Write the current scene now (in the background)."""
        data: SessionData = self._snapshot()
        self.wait()
        task = BackgroundTask(
            lambda progress, should_cancel: self._write(data), self, name="emgui-autosave"
        )
        task.done.connect(self._saved)
        task.failed.connect(self._saved)  # a bug in the writer: reported as a failed save
        task.finished.connect(task.deleteLater)  # one task per save: none piles up
        self._task = task
        task.start()

    def _write(self, data: SessionData) -> str | None:
        """(The background thread.) Write ``data``; None, or what went wrong, in words."""
        # One save at a time: save_now waits for the last before starting the next.
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._hold_lock()
            write_autosave(self.path, data)
        except (OSError, ValueError) as exc:  # a full disk must not take the program down
            return _describe(exc)
        return None

    def _saved(self, error: str | None) -> None:
        """(The GUI thread.) A save's outcome: report a failure, and the recovery after it."""
        if error is not None:
            if self.last_error is None:
                self.stale_since = time.time()
            self.last_error = error
            self.failed.emit(f"Autosave failed: {error}")
        elif self.last_error is not None:
            self.last_error = None
            self.stale_since = None
            self.recovered.emit()

    def _hold_lock(self) -> None:
        """Take this window's lock (once): its autosave is then never offered elsewhere."""
        if self._lock_fd is not None or fcntl is None:
            return
        fd = os.open(self._lock_file(self.name), os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise
        self._lock_fd = fd

    def wait(self, timeout_s: float | None = None) -> bool:
        """Wait for a save in progress (at most ``timeout_s``); True if none is left."""
        if self._task is not None:
            if not self._task.wait(timeout_s):
                return False
            self._task = None
        return True

    def pending(self) -> bool:
        """Whether an edit waits to be saved."""
        return self._save_soon.pending()

    def discard(self) -> None:
        """A clean exit: nothing to restore next time. Waits at most EXIT_WAIT_S for a save."""
        self._save_soon.cancel()
        if not self.wait(EXIT_WAIT_S):
            # A save stuck on a slow disk: leave it; with the lock released at exit its
            # file counts as left by an abnormal end, which it then is.
            return
        for path in (self.path, self._lock_file(self.name)):
            try:
                os.remove(path)
            except FileNotFoundError:
                pass
            except OSError as exc:
                self.last_error = _describe(exc)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # ----- recovering ----------------------------------------------------------------
    def recoverable(self) -> SessionData | None:
        """The newest scene left by a window that did not exit cleanly, if any and readable.

        The stale file becomes this window's autosave (so it is offered once: a later
        save or a clean exit replaces or removes it); other stale ones and the hidden
        temporary files of killed writes are removed.
        """
        stale = []
        for name, path in self._others():
            if name and not _lock_is_free(self._lock_file(name), path):
                continue  # a running window's
            with contextlib.suppress(OSError):
                stale.append((path.stat().st_mtime, name, path))
        self._remove_temporaries()
        if not stale:
            return None
        stale.sort(reverse=True)
        data = None
        for mtime, name, path in stale:
            if data is None:
                data = self._claim(path, mtime)
            else:
                with contextlib.suppress(OSError):
                    os.remove(path)
            if name:
                with contextlib.suppress(OSError):
                    os.remove(self._lock_file(name))
        return data

    def _claim(self, path: Path, mtime: float) -> SessionData | None:
        try:
            self._hold_lock()  # first: once renamed, the file is this running window's
            os.replace(path, self.path)
        except OSError:  # another window took it first
            return None
        try:
            data = read_autosave(self.path)
        except Exception:  # an unreadable autosave is worth nothing; never block start-up
            return None
        self.recovered_time = mtime
        return data if data.points.shape[0] or data.centers.shape[0] else None

    def _remove_temporaries(self) -> None:
        """Hidden temporaries (".autosave-….npz.xxxxxxxx.tmp") of writes no window is doing."""
        pattern = re.compile(
            r"\." + re.escape(self._stem) + r"(?:-(\d+-\d+))?" + re.escape(self._suffix)
            + r"\.[0-9a-f]{8}\.tmp"
        )  # fmt: skip
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.folder):
                match = pattern.fullmatch(entry.name)
                if match is None or match.group(1) == self.name:
                    continue
                name = match.group(1)
                if name and not _lock_is_free(self._lock_file(name), Path(entry.path)):
                    continue  # a running window is writing it
                with contextlib.suppress(OSError):
                    os.remove(entry.path)


def _lock_is_free(lock: Path, file: Path) -> bool:
    """Whether no running process holds ``lock`` (the window that wrote ``file`` is gone)."""
    if fcntl is None:
        # No flock: an autosave untouched for a day is taken as left behind.
        try:
            return time.time() - file.stat().st_mtime > 86_400
        except OSError:
            return False
    try:
        fd = os.open(lock, os.O_RDWR)
    except FileNotFoundError:
        return True  # its window never saved successfully, or was killed before locking
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return True
    finally:
        os.close(fd)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f": {exc.filename}" if exc.filename else "")
    return str(exc)
