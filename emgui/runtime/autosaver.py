"""Autosave: the scene is written to the user's data folder within 2 s of any edit.

A normal exit removes the file; finding it at start-up therefore means the
last session ended abnormally (a crash, kill -9, power loss), and the window
offers to restore it. At most the last 2 s of edits can be lost.

The file is a numpy .npz archive, not the session JSON: writing a million
points as JSON text is seconds of Python holding the GIL, which would stall the
window even from a background thread; the binary arrays are written in
milliseconds. Writing happens in a background thread from immutable data.
"""

from __future__ import annotations

import json
import os
import threading
import zipfile
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format
from PySide6.QtCore import QObject, QStandardPaths, QTimer

from emgui.io.atomic import write_atomic_with
from emgui.io.session_file import SessionData
from emgui.io.settings_dict import settings_from_dict

AUTOSAVE_FORMAT = "emgui-autosave/1"

AUTOSAVE_DELAY_MS = 1500  # after the last edit: within the promised 2 s, with margin


def default_autosave_path() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(base or Path.home() / ".emgui") / "autosave.npz"


def write_autosave(path: Path, data: SessionData) -> None:
    """The scene as an .npz archive, written atomically."""
    arrays = {
        "format": np.array(AUTOSAVE_FORMAT),
        "points": data.points,
        "centers": data.centers,
        "settings": np.array(json.dumps(data.settings.to_dict())),
        "columns": np.array(json.dumps(data.columns)),
    }
    if data.center_covariances is not None:
        arrays["center_covariances"] = data.center_covariances
    if data.center_weights is not None:
        arrays["center_weights"] = data.center_weights
    write_atomic_with(path, lambda f: _savez_streamed(f, arrays))


# Bytes written at a time. np.savez copies each array whole, twice, holding the GIL: at a
# million points that stalled the window for ~50 ms in the middle of a run. Slices of the
# array's own memory are written instead; checksumming and writing release the GIL.
_CHUNK_BYTES = 1 << 20


def _savez_streamed(f, arrays: dict[str, np.ndarray]) -> None:
    """What np.savez(f, **arrays) writes (an uncompressed .npz), without whole copies."""
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, array in arrays.items():
            array = np.asarray(array)
            if not array.flags.c_contiguous:  # (ascontiguousarray would make 0-d arrays 1-d)
                array = array.copy(order="C")
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                npy_format.write_array_header_1_0(
                    member, npy_format.header_data_from_array_1_0(array)
                )
                raw = array.reshape(-1).view(np.uint8)
                for start in range(0, raw.size, _CHUNK_BYTES):
                    member.write(raw[start : start + _CHUNK_BYTES])


def read_autosave(path: Path) -> SessionData:
    """The scene of an autosave; ValueError (or OSError) if it is not a complete one."""
    with np.load(path, allow_pickle=False) as z:
        if str(z["format"]) != AUTOSAVE_FORMAT:
            raise ValueError("not an emgui autosave")
        points, centers = np.array(z["points"]), np.array(z["centers"])
        if not (np.isfinite(points).all() and np.isfinite(centers).all()):
            raise ValueError("non-finite coordinates")
        settings, _ = settings_from_dict(json.loads(str(z["settings"])))
        columns = json.loads(str(z["columns"]))
        covs = np.array(z["center_covariances"]) if "center_covariances" in z else None
        weights = np.array(z["center_weights"]) if "center_weights" in z else None
    return SessionData(
        points, centers, settings, covs, weights, tuple(columns) if columns else None
    )


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
