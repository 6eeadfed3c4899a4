"""Exported images: they exist, decode, have the requested size, show the state, differ by step."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from emgui.core import run_em
from emgui.model.palette import PALETTE_HEX, hex_to_rgb
from emgui.model.settings import Settings
from emgui.model.view_state import caption
from emgui.render.exporter import (
    Exporter,
    ExportOptions,
    export_run_files,
    frame_states,
    indices_for_iterations,
    run_range,
    sheet_figure,
)
from emgui.render.figure import to_image

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def run():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal((0, 0), 0.5, (40, 2)), rng.normal((4, 3), 0.6, (40, 2))])
    snaps = list(run_em(X, np.array([[1.0, 2.0], [3.0, 0.0]]), "gmm", max_iter=4, tol=0))
    return X, snaps


def _has_color(img: Image.Image, rgb, tol=40) -> bool:
    a = np.asarray(img.convert("RGB")).astype(int)
    return bool((np.abs(a - np.array(rgb)).sum(axis=2) < tol).any())


def test_run_frames_and_gif(qapp, tmp_path, run):
    X, snaps = run
    frames = tmp_path / "frames"
    gif = tmp_path / "run.gif"
    n = export_run_files(X, snaps, str(frames), str(gif), size=(320, 240))
    files = sorted(p.name for p in frames.iterdir())
    assert n == len(snaps) == len(files)
    assert files[0] == "step-000-init.png" and files[1] == "step-001-E.png"
    assert files[2] == "step-002-M.png"
    images = [Image.open(frames / f) for f in files]
    assert all(im.size == (320, 240) for im in images)
    # not blank: the component colours are there after the first E-step
    assert _has_color(images[2], hex_to_rgb(PALETTE_HEX[0]))
    assert _has_color(images[2], hex_to_rgb(PALETTE_HEX[1]))
    # steps that differ give images that differ
    arrays = [np.asarray(im.convert("RGB")) for im in images]
    assert not np.array_equal(arrays[0], arrays[1])
    assert not np.array_equal(arrays[1], arrays[2])
    with Image.open(gif) as g:
        assert g.n_frames == len(snaps)
        assert g.size == (320, 240)


def test_whole_iterations_only(qapp, tmp_path, run):
    X, snaps = run
    n = export_run_files(X, snaps, str(tmp_path), None, size=(200, 150), whole_iterations=True)
    assert n == 1 + snaps[-1].iteration
    assert all(p.name.endswith(("init.png", "M.png")) for p in tmp_path.iterdir())


def test_png_scale_and_transparency(qapp, run):
    X, snaps = run
    opts = ExportOptions(size=(300, 200), scale=2.0, transparent=True, settings=Settings())
    exporter = Exporter(opts)
    ((_, state),) = frame_states(X, snaps, [2], opts.settings)
    image = exporter.render(state, caption(snaps[2]))
    assert (image.width(), image.height()) == (600, 400)
    corner = image.pixelColor(1, 1)
    assert corner.alpha() == 0


def test_svg_has_one_mark_per_point(qapp, tmp_path, run):
    X, snaps = run
    opts = ExportOptions(size=(400, 300))
    exporter = Exporter(opts)
    path = tmp_path / "view.svg"
    exporter.set_range(*run_range(X, snaps, opts.settings))
    ((_, state),) = frame_states(X, snaps, [2], opts.settings)
    exporter.render_svg(state, str(path), caption(snaps[2]))
    root = ET.parse(path).getroot()
    assert root.get("viewBox") or (root.get("width") and root.get("height"))
    # Circles with the fill of the group that holds them.
    marks = [
        (float(el.get("r")), group.get("fill"))
        for group in root.iter()
        for el in group
        if el.tag.endswith("circle")
    ]
    k = len(snaps[2].means)
    radii = sorted({r for r, _ in marks})
    points = [m for m in marks if m[0] == radii[0]]
    centers = [m for m in marks if m[0] == radii[-1]]
    assert len(points) == X.shape[0]  # one vector mark per point
    # One large disc per center, in its component's colour (pyqtgraph's scatter drew
    # every center's symbol in every colour into SVG).
    assert sorted(fill.lower() for _, fill in centers) == sorted(h.lower() for h in PALETTE_HEX[:k])


def test_contact_sheet_grid(qapp, run):
    X, snaps = run
    idx = indices_for_iterations(snaps, [0, 1, 2, 4])
    sheet = to_image(sheet_figure(X, snaps, idx, ExportOptions(size=(200, 150)), n_columns=2))
    assert sheet.width() == 400  # two panels of 200; the height follows the data's shape
    figure = sheet_figure(X, snaps, idx, ExportOptions(size=(200, 150)), n_columns=2)
    lefts = sorted({round(p.frame.left) for p in figure.panels})
    tops = sorted({round(p.frame.top) for p in figure.panels})
    assert figure.grid == (2, 2) and len(lefts) == 2 and len(tops) == 2
    whole = to_image(sheet_figure(X, snaps, idx, ExportOptions(sheet_size=(400, 300)), n_columns=2))
    assert (whole.width(), whole.height()) == (400, 300)  # a whole size is kept exactly
    with pytest.raises(ValueError, match="no iteration 9"):
        indices_for_iterations(snaps, [9])


def test_cli_frames_and_gif_without_display(tmp_path):
    pts = tmp_path / "p.csv"
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal((0, 0), 0.4, (30, 2)), rng.normal((3, 3), 0.4, (30, 2))])
    np.savetxt(pts, X, delimiter=",", header="a,b", comments="")
    env = {
        k: v for k, v in __import__("os").environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")
    }
    proc = subprocess.run(
        [
            sys.executable,
            "main.py",
            "run",
            str(pts),
            "--algorithm",
            "kmeans",
            "--k",
            "2",
            "--frames",
            str(tmp_path / "f"),
            "--gif",
            str(tmp_path / "r.gif"),
            "--size",
            "240x180",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    files = sorted((tmp_path / "f").iterdir())
    assert files and Image.open(files[0]).size == (240, 180)
    with Image.open(tmp_path / "r.gif") as g:
        assert g.n_frames == len(files)


def test_export_during_run_leaves_run_unchanged(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from emgui.model.scene_data import SceneData
    from emgui.ui.window import MainWindow

    w = MainWindow(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.show()
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(20000, 2))
    w.session.update_settings(algorithm="gmm", tol=0.0, max_iter=60, pace_ms=0)
    w.session.replace_all(SceneData.make(pts, pts[:3]), "t")
    qtbot.waitUntil(lambda: w.controller.cursor == 0, timeout=5000)
    w.controller.go_end()
    qtbot.waitUntil(lambda: len(w.controller.history) > 4, timeout=10000)
    before = [f.snapshot for f in w.controller.history.frames]
    checks = [s.means.copy() for s in before]
    w.export_view_to(str(tmp_path / "live.png"), ExportOptions(size=(320, 240)))
    assert Image.open(tmp_path / "live.png").size == (320, 240)
    qtbot.waitUntil(lambda: w.controller.status in ("converged", "max_iter"), timeout=30000)
    after = [f.snapshot for f in w.controller.history.frames]
    assert after[: len(before)] == before  # the very same snapshots, in order
    assert all(np.array_equal(s.means, c) for s, c in zip(before, checks, strict=True))
    assert len(after) == 1 + 2 * 60
    w.controller.shutdown()


def test_png_at_2x_is_the_same_picture_with_twice_the_pixels(qapp):
    """Markers, lines and type double with the pixels; nothing is cropped or left at 1x."""
    from emgui.model.view_state import ViewState

    state = ViewState(
        points=np.array([[0.0, 0.0], [10.0, 10.0]]),
        colors=np.array([0xFF000000, 0xFF000000], np.uint32),
        centers=np.array([[5.0, 5.0]]),
    )
    center_rgb = np.array(hex_to_rgb(PALETTE_HEX[0]))
    found = []
    for scale in (1.0, 2.0):
        exporter = Exporter(
            ExportOptions(size=(400, 300), scale=scale, caption=False, legend=False)
        )
        image = exporter.render(state)
        assert (image.width(), image.height()) == (400 * scale, 300 * scale)
        rgba = np.asarray(Image.fromqimage(image).convert("RGB"), dtype=int)
        ys, xs = np.nonzero((np.abs(rgba - center_rgb) <= 2).all(axis=2))
        found.append((xs.mean(), ys.mean(), len(xs)))
    (x1, y1, area1), (x2, y2, area2) = found
    # At the same place in the picture (axes' text widths do not scale exactly).
    assert abs(x2 / 800 - x1 / 400) < 0.04 and abs(y2 / 600 - y1 / 300) < 0.04
    assert 3.0 < area2 / area1 < 6.0  # a marker twice as wide (fewer edge pixels at 2x)
