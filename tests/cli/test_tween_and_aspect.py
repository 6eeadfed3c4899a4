"""emgui run: in-between frames for a GIF, and a preset's own aspect in its figure."""

from __future__ import annotations

import subprocess

import numpy as np
from PIL import Image

from tests.cli.helpers import main_py


def _run(*args: str) -> subprocess.CompletedProcess:
    return main_py("run", *args, env={"QT_QPA_PLATFORM": "offscreen"})


def test_tween_adds_in_between_frames_to_the_gif(tmp_path):
    plain, tweened = tmp_path / "plain.gif", tmp_path / "tween.gif"
    base = ("--preset", "old-faithful", "--max-iter", "2", "--tol", "0", "--size", "160x120")
    assert _run(*base, "--gif", str(plain)).returncode == 0
    result = _run(*base, "--gif", str(tweened), "--tween", "3")
    assert result.returncode == 0, result.stderr
    n = Image.open(plain).n_frames
    assert Image.open(tweened).n_frames == n + 3 * (n - 1)


def test_tween_is_refused_without_a_gif_or_video_and_out_of_range(tmp_path):
    no_output = _run("--preset", "old-faithful", "--tween", "3")
    assert no_output.returncode == 2 and "--tween" in no_output.stderr
    too_many = _run("--preset", "old-faithful", "--gif", str(tmp_path / "a.gif"), "--tween", "500")
    assert too_many.returncode == 2 and "--tween" in too_many.stderr
    assert "Traceback" not in no_output.stderr + too_many.stderr


def test_raw_old_faithful_figure_uses_the_presets_free_aspect(tmp_path):
    out = tmp_path / "raw.png"
    result = _run("--preset", "old-faithful-raw", "--max-iter", "1", "--figure", str(out))
    assert result.returncode == 0, result.stderr
    rgb = np.asarray(Image.open(out).convert("RGB")).astype(int)
    # The points are blue and orange after an iteration: strongly coloured pixels. Under a
    # forced 1:1 aspect they make a thin upright strip (eruptions span 3.5 minutes, waiting
    # 53); free, they fill most of the plot's width.
    coloured = np.abs(rgb[..., 0] - rgb[..., 2]) > 80
    coloured[: rgb.shape[0] // 5] = False  # not the legend
    columns = np.flatnonzero(coloured.any(axis=0))
    assert columns.max() - columns.min() > 0.5 * rgb.shape[1]
