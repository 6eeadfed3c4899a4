"""Frames and GIFs of a run: each file whole or absent; refused up front when it cannot fit."""

from __future__ import annotations

import errno
import os

import numpy as np
import pytest
from PIL import Image

from emgui.core import run_em
from emgui.io import atomic
from emgui.render.exporter import MAX_GIF_BYTES, export_run_files

rng = np.random.default_rng(3)
POINTS = np.vstack([rng.normal(m, 0.5, (100, 2)) for m in [(0, 0), (3, 3)]])


@pytest.fixture(scope="module")
def snapshots():
    return list(run_em(POINTS, POINTS[[0, -1]], "kmeans", "full", 4, 0.0))


def test_a_full_disk_leaves_no_broken_frame(qtbot, tmp_path, monkeypatch, snapshots):
    budget = [60_000]  # bytes the "disk" still takes
    real_write = os.write

    def write(fd, data):
        if budget[0] <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = min(len(data), budget[0])
        budget[0] -= n
        return real_write(fd, bytes(data)[:n])

    monkeypatch.setattr(atomic.os, "write", write)
    frames = tmp_path / "frames"
    with pytest.raises(OSError) as info:
        export_run_files(POINTS, snapshots, str(frames), size=(400, 300))
    assert info.value.errno == errno.ENOSPC
    names = sorted(os.listdir(frames))
    assert len(names) < len(snapshots)  # the disk did fill up
    for name in names:
        assert not name.startswith(".")  # no temporary left behind
        with Image.open(frames / name) as image:
            image.load()  # every frame there is whole


def test_a_gif_that_cannot_fit_is_refused_with_the_estimate(qtbot, tmp_path, snapshots):
    side = int((MAX_GIF_BYTES / (len(snapshots) + 4)) ** 0.5) + 100
    gif = tmp_path / "run.gif"
    with pytest.raises(ValueError) as info:
        export_run_files(POINTS, snapshots, None, str(gif), size=(side, side))
    text = str(info.value)
    assert text.startswith(f"{gif}: a GIF of {len(snapshots)} frames of {side}x{side} needs about")
    assert "GB of memory" in text and not gif.exists()


def test_frames_and_gif_of_an_ordinary_run(qtbot, tmp_path, snapshots):
    frames, gif = tmp_path / "frames", tmp_path / "run.gif"
    written = export_run_files(POINTS, snapshots, str(frames), str(gif), size=(200, 150))
    assert written == len(snapshots) == len(os.listdir(frames))
    with Image.open(gif) as image:
        assert image.n_frames == len(snapshots)
