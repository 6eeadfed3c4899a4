"""Exports from the window: 'the whole run' is the whole run, computed to its end first."""

from __future__ import annotations

import numpy as np
from PySide6 import QtWidgets

from tests.ui.window_helpers import set_scene, wait_for_cursor


def test_exporting_the_whole_run_computes_it_to_its_end_first(qtbot, window, tmp_path, monkeypatch):
    from emgui.render.exporter import ExportOptions
    from emgui.ui.export_dialog import ExportRequest

    rng = np.random.default_rng(3)
    points = np.vstack([rng.normal((0, 0), 1.0, (60, 2)), rng.normal((3, 2), 1.0, (60, 2))])
    set_scene(window, points, [[-1.0, 3.0], [4.0, -1.0]], algorithm="gmm", tol=1e-8)
    wait_for_cursor(qtbot, window, 0)
    window.controller.step_forward()
    wait_for_cursor(qtbot, window, 1)
    assert not window.controller.finished  # two states of a longer run so far
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path)
    )
    request = ExportRequest(
        kind="run", options=ExportOptions(size=(160, 120)), png_series=True, gif=False
    )
    window._export_run(request)
    assert window.controller.finished
    n = len(window.controller.history)
    assert n > 10 and window.controller.history.snapshots[-1].final
    assert len(list(tmp_path.glob("*.png"))) == n
    assert window.controller.cursor == 1  # the shown state did not move


def test_compare_view_exports_the_chosen_format_under_its_name(qtbot, window, tmp_path):
    from emgui.render.exporter import ExportOptions

    points = np.array([[1, 1], [1, 2], [2, 1], [2, 2], [6, 6], [6, 7], [7, 6], [7, 7.0]])
    set_scene(window, points, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm")
    wait_for_cursor(qtbot, window, 0)
    window.act_compare.trigger()
    qtbot.waitUntil(lambda: window.compare.controller.cursor == 0, timeout=5000)
    options = ExportOptions(size=(300, 200))
    svg = window.export_view_to(str(tmp_path / "both.svg"), options)
    assert svg.endswith("both.svg") and "<svg" in open(svg).read(400)  # not a PNG so named
    pdf = window.export_view_to(str(tmp_path / "both.pdf"), options)
    assert open(pdf, "rb").read(5) == b"%PDF-"
    assert not (tmp_path / "both.png").exists()
    window.act_compare.trigger()


def test_why_em_works_exports_as_pdf_and_svg(qtbot, window, tmp_path, monkeypatch):
    import subprocess

    from emgui.model.presets import PRESETS, make_preset

    preset = next(p for p in PRESETS if p.id == "old-faithful")
    set_scene(window, *make_preset(preset), algorithm="gmm")
    window.show()
    window.theory_dock.show()
    window.theory_dock.raise_()
    wait_for_cursor(qtbot, window, 0)
    for index in (1, 2):
        window.controller.step_forward()
        wait_for_cursor(qtbot, window, index)
    qtbot.waitUntil(lambda: window.theory.current_path() is not None, timeout=10000)
    for name in ("bound.pdf", "bound.svg"):
        target = tmp_path / name
        monkeypatch.setattr(
            QtWidgets.QFileDialog, "getSaveFileName", lambda *a, t=target, **k: (str(t), "")
        )
        window.act_export_theory.trigger()
        assert target.exists() and target.stat().st_size > 1000
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "bound.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "KL" in text  # the decomposition's words are text, not pixels


def test_a_video_alone_draws_its_frames_once(qtbot, window, tmp_path, monkeypatch):
    """An MP4 without PNGs or a GIF drew every frame twice: once for nothing."""
    from emgui.render import exporter
    from emgui.render.exporter import ExportOptions
    from emgui.ui.export_dialog import ExportRequest

    points = np.random.default_rng(4).normal(size=(40, 2))
    set_scene(window, points, [[-1.0, 0.0], [1.0, 0.0]], algorithm="kmeans", max_iter=3)
    wait_for_cursor(qtbot, window, 0)
    drawn = []
    real_render = exporter.Exporter.render
    monkeypatch.setattr(
        exporter.Exporter, "render", lambda self, *a: drawn.append(1) or real_render(self, *a)
    )
    video = tmp_path / "run.mp4"
    monkeypatch.setattr(window, "_ask_path", lambda *a: str(video))
    request = ExportRequest(
        kind="run", options=ExportOptions(size=(160, 120)), png_series=False, gif=False, mp4=True
    )
    window._export_run(request)
    assert video.exists()
    assert len(drawn) == len(window.controller.history)


def test_ctrl_q_during_an_export_stops_it_and_closes_the_window(
    qtbot, window, tmp_path, monkeypatch
):
    """The progress dialog holds the window's input: Ctrl+Q did nothing until the export
    had finished. Now it cancels the export, and the window closes once it has stopped."""
    from PySide6.QtGui import QKeySequence

    from emgui.render.exporter import ExportOptions
    from emgui.ui.export_dialog import ExportRequest
    from emgui.ui.window import exporting

    points = np.random.default_rng(4).normal(size=(40, 2))
    set_scene(window, points, [[-1.0, 0.0], [1.0, 0.0]], algorithm="gmm", max_iter=10, tol=0.0)
    wait_for_cursor(qtbot, window, 0)
    window.session.undo_stack.setClean()  # nothing unsaved: no question on closing
    window.show()
    monkeypatch.setattr(
        QtWidgets.QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path)
    )
    real_reporter = exporting._reporter

    def reporter(progress):
        report = real_reporter(progress)

        def pressing_ctrl_q_at_the_third(done, total):
            if done == 3:
                (quit_here,) = [a for a in progress.actions() if a.text() == "Quit"]
                assert QKeySequence("Ctrl+Q") in quit_here.shortcuts()
                quit_here.trigger()  # as Ctrl+Q does in the shown dialog
            report(done, total)

        return pressing_ctrl_q_at_the_third

    monkeypatch.setattr(exporting, "_reporter", reporter)
    request = ExportRequest(
        kind="run", options=ExportOptions(size=(160, 120)), png_series=True, gif=False
    )
    window._export_run(request)
    n = len(window.controller.history)
    assert 3 <= len(list(tmp_path.glob("*.png"))) < n  # stopped part of the way
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
