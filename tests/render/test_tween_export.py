"""In-between frames in exported GIFs and MP4s: asked for, steps glide; not asked, none."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from emgui.core import run_em
from emgui.model.settings import Settings
from emgui.model.tween import TWEEN_FRAME_MS, with_in_betweens
from emgui.render.export_options import ExportOptions
from emgui.render.exporter import export_run_files, frame_states

rng = np.random.default_rng(8)
POINTS = np.vstack([rng.normal(m, s, (80, 2)) for m, s in [((0, 0), 0.6), ((4, 3), 1.2)]])
OPTIONS = ExportOptions(size=(240, 180), settings=Settings())


@pytest.fixture(scope="module")
def snapshots():
    return list(run_em(POINTS, np.array([[1.0, 2.0], [3.0, 0.0]]), "gmm", "full", 2, 0.0))


def gif_frames(path):
    with Image.open(path) as gif:
        frames, durations = [], []
        for i in range(gif.n_frames):
            gif.seek(i)
            frames.append(np.asarray(gif.convert("RGB"), dtype=np.int16))
            durations.append(gif.info["duration"])
    return frames, durations


def test_gif_with_in_between_frames(qtbot, tmp_path, snapshots):
    frames_dir, gif = tmp_path / "frames", tmp_path / "run.gif"
    n = len(snapshots)  # init, then E and M of two iterations
    written = export_run_files(
        POINTS,
        snapshots,
        str(frames_dir),
        str(gif),
        options=OPTIONS,
        frame_ms=600,
        tween_frames=3,
    )
    assert written == n
    assert len(list(frames_dir.iterdir())) == n  # the PNGs: one per snapshot, as before
    frames, durations = gif_frames(gif)
    assert len(frames) == n + 3 * (n - 1)
    own = [4 * i for i in range(n)]
    assert [durations[i] for i in own[:-1]] == [600] * (n - 1) and durations[-1] >= 2000
    assert all(d == TWEEN_FRAME_MS for i, d in enumerate(durations) if i not in own)
    # The M-step of iteration 1 (snapshots 1 -> 2): each in-between differs from both ends.
    e_frame, m_frame = frames[own[1]], frames[own[2]]
    for j in (1, 2, 3):
        mid = frames[own[1] + j]
        assert np.abs(mid - e_frame).sum() > 0 and np.abs(mid - m_frame).sum() > 0


def test_no_in_between_frames_unless_asked(qtbot, tmp_path, snapshots):
    gif = tmp_path / "plain.gif"
    export_run_files(POINTS, snapshots, None, str(gif), options=OPTIONS, frame_ms=300)
    frames, durations = gif_frames(gif)
    assert len(frames) == len(snapshots) and durations[0] == 300


def test_in_between_states_lead_from_one_state_to_the_next(snapshots):
    states = list(frame_states(POINTS, snapshots, range(len(snapshots)), Settings()))
    out = list(with_in_betweens(states, 4))
    assert [flag for _, _, flag in out].count(True) == len(states)
    assert len(out) == len(states) + 4 * (len(states) - 1)
    # the M-step of iteration 1: the centers go from the E state's to the M state's, in order
    glide = [s.centers for i, s, own in out if i == 2 and not own]
    start, end = states[1][1].centers, states[2][1].centers
    share = [np.linalg.norm(c - start) / np.linalg.norm(end - start) for c in glide]
    assert 0 < share[0] and all(np.diff(share) > 0) and share[-1] < 1


def test_mp4_holds_each_snapshot_and_glides_between(qtbot, tmp_path, snapshots):
    import imageio_ffmpeg

    from emgui.render.exporter import write_mp4
    from emgui.render.video_export import video_available

    assert video_available(), "the video extra is installed with the tests"
    path = tmp_path / "run.mp4"
    n = len(snapshots)
    written = write_mp4(str(path), POINTS, snapshots, OPTIONS, frame_ms=400, tween_frames=2)
    assert written == n
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(path))
    hold = 400 // TWEEN_FRAME_MS
    linger = round(2.0 * 1000 / TWEEN_FRAME_MS) - 1
    assert frames == hold * n + 2 * (n - 1) + linger


def test_an_mp4_reports_its_progress_and_a_cancel_leaves_no_file(qtbot, tmp_path, snapshots):
    from emgui.render.exporter import write_mp4

    path = tmp_path / "run.mp4"
    seen = []
    n = write_mp4(str(path), POINTS, snapshots, OPTIONS, progress=lambda d, t: seen.append((d, t)))
    assert n == len(snapshots) and path.exists()
    assert seen == [(d, len(snapshots)) for d in range(1, len(snapshots) + 1)]
    path.unlink()
    asked = []

    def cancel_at_the_third() -> bool:
        asked.append(1)
        return len(asked) >= 3

    assert write_mp4(str(path), POINTS, snapshots, OPTIONS, should_cancel=cancel_at_the_third) == 0
    assert list(tmp_path.iterdir()) == []  # neither the video nor its temporary file


def test_a_gif_and_a_video_together_draw_each_frame_once(qtbot, tmp_path, snapshots, monkeypatch):
    import imageio_ffmpeg

    from emgui.render import exporter

    drawn = []
    real_render = exporter.Exporter.render
    monkeypatch.setattr(
        exporter.Exporter, "render", lambda self, *a: drawn.append(1) or real_render(self, *a)
    )
    gif, video = tmp_path / "run.gif", tmp_path / "run.mp4"
    n = len(snapshots)
    written = export_run_files(
        POINTS, snapshots, None, str(gif), options=OPTIONS, mp4_path=str(video), tween_frames=2
    )
    assert written == n and gif.exists() and video.exists()
    assert len(drawn) == n + 2 * (n - 1)  # each snapshot and in-between frame, once
    frames, _ = imageio_ffmpeg.count_frames_and_secs(str(video))
    hold = 500 // TWEEN_FRAME_MS
    assert frames == hold * n + 2 * (n - 1) + round(2.0 * 1000 / TWEEN_FRAME_MS) - 1
    gif.unlink()
    video.unlink()
    export_run_files(
        POINTS, snapshots, None, str(gif), options=OPTIONS, mp4_path=str(video),
        should_cancel=lambda: len(drawn) > n + 2 * (n - 1) + 2,
    )  # fmt: skip
    assert list(tmp_path.iterdir()) == []  # cancelled: neither file, no temporary one


def test_a_video_has_a_new_files_permissions_not_the_temporary_files(qtbot, tmp_path, snapshots):
    """It was made by mkstemp and renamed: readable by its owner alone (0600)."""
    import os
    import stat

    from emgui.render.exporter import write_mp4

    umask = os.umask(0o022)
    os.umask(umask)
    path = tmp_path / "run.mp4"
    write_mp4(str(path), POINTS, snapshots, OPTIONS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    path.chmod(0o640)  # an existing file keeps its own
    write_mp4(str(path), POINTS, snapshots, OPTIONS)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["run.mp4"]
