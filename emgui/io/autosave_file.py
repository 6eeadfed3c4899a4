"""The autosave file: the scene as an uncompressed .npz, written in slices and atomically.

It is not the session JSON: writing a million points as JSON text is seconds of Python
holding the GIL, which would stall the window even from a background thread; the binary
arrays are written in milliseconds.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np
from numpy.lib import format as npy_format

from emgui.io.atomic import write_atomic_with
from emgui.io.session_file import SessionData
from emgui.io.settings_dict import settings_from_dict

AUTOSAVE_FORMAT = "emgui-autosave/1"


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
