"""The autosave archive: what np.savez would write, readable by np.load and read_autosave."""

from __future__ import annotations

import io

import numpy as np

from emgui.io import autosave_file
from emgui.io.autosave_file import _savez_streamed, read_autosave, write_autosave
from emgui.io.session_file import SessionData
from emgui.model.settings import Settings


def test_streamed_archive_loads_like_savez(monkeypatch):
    monkeypatch.setattr(autosave_file, "_CHUNK_BYTES", 1000)  # many chunks per array
    rng = np.random.default_rng(0)
    arrays = {
        "text": np.array("emgui-autosave/1"),  # 0-d stays 0-d
        "points": rng.normal(size=(5000, 2)),
        "strided": rng.normal(size=(40, 6))[:, ::3],  # not contiguous
        "empty": np.zeros((0, 2)),
    }
    buf = io.BytesIO()
    _savez_streamed(buf, arrays)
    loaded = np.load(io.BytesIO(buf.getvalue()))
    assert set(loaded.files) == set(arrays)
    for name, array in arrays.items():
        assert loaded[name].shape == array.shape and loaded[name].dtype == array.dtype
        assert np.array_equal(loaded[name], array)


def test_autosave_round_trip(tmp_path):
    rng = np.random.default_rng(1)
    data = SessionData(
        points=rng.normal(size=(3000, 2)),
        centers=np.array([[0.0, 0.0], [1.0, 1.0]]),
        settings=Settings(algorithm="kmeans", max_iter=7),
        center_weights=np.array([0.25, 0.75]),
        columns=("eruptions", "waiting"),
    )
    path = tmp_path / "autosave.npz"
    write_autosave(path, data)
    back = read_autosave(path)
    assert np.array_equal(back.points, data.points) and np.array_equal(back.centers, data.centers)
    assert back.settings.algorithm == "kmeans" and back.settings.max_iter == 7
    assert np.array_equal(back.center_weights, data.center_weights)
    assert tuple(back.columns) == ("eruptions", "waiting")
