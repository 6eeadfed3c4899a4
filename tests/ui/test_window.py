"""The window as a user drives it: clicks, keys, stepping, playing, scrubbing, undo, files."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from emgui.io.session_file import load_session
from emgui.model.presets import PRESETS, make_preset
from tests.ui.window_helpers import TWO_GROUPS, click_at, set_scene, wait_for_cursor

ROOT = Path(__file__).resolve().parents[2]


def test_title_and_empty_hint(window):
    assert "emgui" in window.windowTitle()
    assert window.hint.isVisible()
    assert "Click to add points" in window.hint.text()
    assert window.controller.status == "idle"


def test_click_adds_point_at_data_coordinates(qtbot, window):
    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    click_at(qtbot, window, 3.0, 4.0)
    pts = window.session.points
    assert pts.shape == (1, 2)
    # within a pixel or two of where we clicked
    px = window.canvas.view_box.pixel_size()
    assert np.allclose(pts[0], [3.0, 4.0], atol=3 * px)
    assert not window.hint.isVisible()


def test_shift_click_adds_center_from_any_tool(qtbot, window):
    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    click_at(qtbot, window, 5.0, 5.0, Qt.KeyboardModifier.ShiftModifier)
    assert window.session.centers.shape == (1, 2)
    assert window.session.points.shape == (0, 2)


def test_tool_keys_switch_tools(qtbot, window):
    for key, tool in zip("12345", ("points", "centers", "move", "erase", "spray"), strict=True):
        qtbot.keyClick(window, key)
        assert window.tools.tool == tool
        assert window.tool_actions[tool].isChecked()


def test_centers_tool_and_erase_tool(qtbot, window):
    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    qtbot.keyClick(window, "2")
    click_at(qtbot, window, 2.0, 2.0)
    assert window.session.centers.shape == (1, 2)
    qtbot.keyClick(window, "1")
    click_at(qtbot, window, 7.0, 7.0)
    qtbot.keyClick(window, "4")
    click_at(qtbot, window, 2.0, 2.0)  # erases the center first
    assert window.session.centers.shape == (0, 2)
    click_at(qtbot, window, 7.0, 7.0)
    assert window.session.points.shape == (0, 2)


def test_undo_redo(qtbot, window):
    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    click_at(qtbot, window, 1.0, 1.0)
    click_at(qtbot, window, 2.0, 2.0)
    assert window.session.points.shape[0] == 2
    qtbot.keyClick(window, "z", Qt.KeyboardModifier.ControlModifier)
    assert window.session.points.shape[0] == 1
    qtbot.keyClick(window, "z", Qt.KeyboardModifier.ControlModifier)
    assert window.session.points.shape[0] == 0
    qtbot.keyClick(
        window, "z", Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.session.points.shape[0] == 1


def test_step_forward_back_home_end(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm", pace_ms=0)
    wait_for_cursor(qtbot, window, 0)  # the primed initial state
    assert window.controller.current_frame().snapshot.phase == "init"
    qtbot.keyClick(window, Qt.Key.Key_Right)
    wait_for_cursor(qtbot, window, 1)
    assert window.controller.current_frame().snapshot.phase == "E"
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    wait_for_cursor(qtbot, window, 2)
    snap = window.controller.current_frame().snapshot
    assert (snap.phase, snap.iteration) == ("M", 1)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    wait_for_cursor(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    wait_for_cursor(qtbot, window, 0)
    qtbot.keyClick(window, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: window.controller.status == "converged", timeout=10000)
    qtbot.waitUntil(lambda: window.controller.cursor == len(window.controller.history) - 1)
    last = window.controller.current_frame().snapshot
    assert last.final and last.converged
    qtbot.keyClick(window, Qt.Key.Key_Home)
    wait_for_cursor(qtbot, window, 0)


def test_forward_from_history_replays_not_recomputes(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="kmeans")
    wait_for_cursor(qtbot, window, 0)
    window.controller.go_end()
    qtbot.waitUntil(lambda: window.controller.status == "converged", timeout=10000)
    frames = list(window.controller.history.frames)
    window.controller.go_home()
    wait_for_cursor(qtbot, window, 0)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    wait_for_cursor(qtbot, window, 1)
    # the very same Snapshot object: taken from the history
    assert window.controller.current_frame() is frames[1]


def test_space_plays_and_pauses(qtbot, window):
    set_scene(
        window,
        TWO_GROUPS,
        [[0.0, 0.0], [3.0, 3.0]],
        algorithm="gmm",
        pace_ms=50,
        tol=0.0,
        max_iter=200,
    )
    wait_for_cursor(qtbot, window, 0)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.controller.playing
    qtbot.waitUntil(lambda: window.controller.cursor >= 4, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.controller.playing
    stopped_at = window.controller.cursor
    # the pace timer is what steps a playing run: stopped, nothing moves the cursor
    assert not window.controller._play_timer.isActive()
    QApplication.processEvents()
    assert window.controller.cursor == stopped_at


def test_timeline_scrub_shows_that_snapshot(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="kmeans")
    wait_for_cursor(qtbot, window, 0)
    window.controller.go_end()
    qtbot.waitUntil(lambda: window.controller.status == "converged", timeout=10000)
    n = len(window.controller.history)
    assert window.timeline.maximum() == n - 1
    window.timeline.setValue(1)
    assert window.controller.cursor == 1
    snap = window.controller.current_frame().snapshot
    assert snap.phase == "E"
    assert window.scene.state.snapshot is snap or window.controller._draw.pending()


def test_editing_during_run_stops_it_and_restarts(qtbot, window):
    rng = np.random.default_rng(0)
    pts = rng.normal(size=(3000, 2))
    set_scene(window, pts, pts[:3], algorithm="gmm", tol=0.0, max_iter=5000, pace_ms=0)
    wait_for_cursor(qtbot, window, 0)
    window.controller.go_end()
    qtbot.waitUntil(lambda: len(window.controller.history) > 5, timeout=5000)
    old_run = window.controller._run.run_id
    window.session.add_points([[10.0, 10.0]])
    qtbot.waitUntil(
        lambda: window.controller._run is not None and window.controller._run.run_id != old_run,
        timeout=5000,
    )
    wait_for_cursor(qtbot, window, 0)
    assert window.controller.points.shape[0] == 3001
    assert all(f.run_id != old_run for f in window.controller.history.frames)


def test_worker_error_is_shown_and_last_good_state_kept(qtbot, window, monkeypatch):
    from emgui.core import gmm

    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm")
    wait_for_cursor(qtbot, window, 0)

    def broken(*args, **kwargs):
        raise RuntimeError("injected failure")

    monkeypatch.setattr(gmm, "m_step", broken)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    wait_for_cursor(qtbot, window, 1)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.controller.status == "error", timeout=5000)
    assert window.banner.isVisible()
    assert "injected failure" in window.banner.text()
    assert window.controller.cursor == 1  # the last good state stays on screen
    assert window.scene.state.snapshot.phase == "E"


def test_presets_all_load_and_run_one_step(qtbot, window):
    for preset in PRESETS:
        window.load_preset(preset)
        wait_for_cursor(qtbot, window, 0, timeout=10000)
        qtbot.keyClick(window, Qt.Key.Key_Right)
        wait_for_cursor(qtbot, window, 1, timeout=10000)
        assert window.session.points.shape[0] >= 10


def test_session_save_and_load_round_trip_exactly(qtbot, window, tmp_path):
    rng = np.random.default_rng(1)
    pts = rng.normal(size=(50, 2)) * 1e3 + 1e6 / 3
    set_scene(window, pts, pts[:3], algorithm="kmeans", reg_covar=3e-7, seed=5)
    path = tmp_path / "s.json"
    assert window._save_to(str(path))
    data = load_session(str(path))
    assert np.array_equal(data.points, window.session.points)
    assert np.array_equal(data.centers, window.session.centers)
    assert data.settings == window.session.settings
    window.session.clear_points()
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.points.shape[0] == 50, timeout=5000)
    assert np.array_equal(window.session.points, pts)
    assert window.session.settings.reg_covar == 3e-7


def test_bad_file_changes_nothing(qtbot, window, tmp_path):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="kmeans")
    before = (window.session.points.copy(), window.session.centers.copy(), window.session.settings)
    bad = tmp_path / "bad.csv"
    bad.write_text("x,y\n1,2\n3,abc\n")
    window.open_path(str(bad))
    qtbot.waitUntil(lambda: bool(window.message_boxes), timeout=5000)
    assert "line 3" in window.message_boxes[-1]
    assert np.array_equal(window.session.points, before[0])
    assert np.array_equal(window.session.centers, before[1])
    assert window.session.settings == before[2]


def test_presentation_mode_toggles(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenting
    assert not window.settings_dock.isVisible()
    assert window.objective_dock.isVisible()
    # 1.8 on a screen 1080 logical pixels high, less on a lower one (offscreen: 800)
    from emgui.ui.window.presentation import presentation_scale

    assert window.scene.scale == presentation_scale(window.screen().geometry().height()) > 1.3
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.presenting
    assert window.scene.scale == 1.0


CLOSE_DURING_RUN = textwrap.dedent(
    """
    import sys, time, numpy as np
    from emgui.runtime.application import make_application
    app = make_application()
    from PySide6.QtCore import QSettings, QTimer
    from emgui.ui.window import MainWindow
    from emgui.runtime.session import SceneData
    w = MainWindow(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    from emgui.ui.window import unsaved
    unsaved.ask_unsaved = lambda *args: unsaved.DISCARD  # the quit question, answered
    w.show()
    pts = np.random.default_rng(0).normal(size=(200_000, 2))
    w.session.update_settings(algorithm="gmm", tol=0.0, max_iter=100000, pace_ms=0)
    w.session.replace_all(SceneData.make(pts, pts[:5]), "t")
    asked = []
    def close():
        asked.append(time.monotonic())
        (w.close if sys.argv[2] == "close" else app.quit)()
    QTimer.singleShot(300, w.controller.go_end)
    QTimer.singleShot(1500, close)
    code = app.exec()
    w.controller.shutdown()  # what the interpreter's exit would do anyway
    print("closed in %.2f s" % (time.monotonic() - asked[0]))
    sys.exit(code)
    """
)


def _run_and_close(tmp_path, how: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", CLOSE_DURING_RUN, str(tmp_path / "s.ini"), how],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )


def test_closing_during_a_run_exits_cleanly(tmp_path):
    for how in ("close", "quit"):
        proc = _run_and_close(tmp_path, how)
        # how soon: benchmarks/bench_responsiveness.py
        assert "closed in" in proc.stdout
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "QThread: Destroyed while thread is still running" not in proc.stderr
        assert "Traceback" not in proc.stderr


def test_autosave_and_restore_after_a_crash(qtbot, window, tmp_path):
    from PySide6.QtCore import QSettings

    from emgui.ui.window import MainWindow

    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="kmeans", seed=7)
    path = window.autosaver.path
    qtbot.waitUntil(lambda: path.exists() and not window.autosaver.pending(), timeout=4000)
    window.autosaver.wait()
    other = MainWindow(QSettings(str(tmp_path / "emgui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(other)
    # A second window while the first runs: its autosave is not offered (issue 13, item 9).
    assert not other.offer_restore(ask=lambda: True)
    # As after kill -9 of the first: its lock is released, and its scene is offered.
    import fcntl

    fcntl.flock(window.autosaver._lock_fd, fcntl.LOCK_UN)
    assert other.offer_restore(ask=lambda: True)
    assert np.array_equal(other.session.points, TWO_GROUPS)
    assert other.session.settings.seed == 7
    other.controller.shutdown()
    # A clean exit removes a window's own autosave: nothing is offered next time.
    window.close()
    assert not path.exists()
    other.autosaver.discard()
    assert not other.autosaver.path.exists()


def test_compare_view_runs_the_other_algorithm_in_lockstep(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm")
    wait_for_cursor(qtbot, window, 0)
    window.act_compare.trigger()
    other = window.compare.controller
    qtbot.waitUntil(lambda: other.cursor == 0, timeout=5000)
    for expected in (1, 2, 3):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        wait_for_cursor(qtbot, window, expected)
        qtbot.waitUntil(lambda e=expected: other.cursor == e, timeout=5000)
    assert window.controller.current_frame().snapshot.algorithm == "gmm"
    assert other.current_frame().snapshot.algorithm == "kmeans"
    assert np.array_equal(
        other.history.frames[0].snapshot.means, window.controller.history.frames[0].snapshot.means
    )
    qtbot.keyClick(window, Qt.Key.Key_Left)
    wait_for_cursor(qtbot, window, 2)
    qtbot.waitUntil(lambda: other.cursor == 2, timeout=5000)
    window.act_compare.trigger()
    assert window.compare is None


def test_analysis_windows_load_a_run(qtbot, window):
    rng = np.random.default_rng(4)
    pts = np.vstack([rng.normal(m, 0.3, (40, 2)) for m in [(0, 0), (4, 0), (2, 3)]])
    set_scene(window, pts, pts[:3], algorithm="kmeans")
    wait_for_cursor(qtbot, window, 0)
    window.show_restarts()
    r = window._restarts_window
    r.count.setValue(3)
    r.start()
    qtbot.waitUntil(lambda: r.grid.count() == 3, timeout=20000)
    button = r.grid.itemAt(0).widget()
    assert "best" in button.text()
    button.click()
    qtbot.waitUntil(lambda: window.controller.status == "converged", timeout=10000)
    assert window.session.settings.init == "centers"
    r.close()


def test_hand_drawn_gaussian_and_initial_weights_start_the_run(qtbot, window):
    from dataclasses import replace

    from emgui.core.snapshot import frozen

    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    set_scene(window, TWO_GROUPS, np.zeros((0, 2)), algorithm="gmm")
    qtbot.keyClick(window, "2")  # Add centers: press, drag, release draws the Gaussian
    vp = window.canvas.viewport()
    from tests.ui.window_helpers import view_pos

    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=view_pos(window, 1.5, 1.5))
    for x in (2.0, 2.5, 3.0, 3.5):
        qtbot.mouseMove(vp, view_pos(window, x, 1.5))
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=view_pos(window, 3.5, 1.5))
    click_at(qtbot, window, 6.5, 6.5, Qt.KeyboardModifier.ShiftModifier)
    s = window.session.scene
    assert s.centers.shape == (2, 2)
    cov = s.center_covariances[0]
    assert cov[0, 0] > 3 * cov[1, 1]  # stretched along the drag (x)
    window.session.edit(replace(s, center_weights=frozen(np.array([0.25, 0.75]))), "w")
    qtbot.waitUntil(
        lambda: (
            window.controller.cursor == 0
            and window.controller.history.frames[0].snapshot.weights[0] == 0.25
        ),
        timeout=5000,
    )
    init = window.controller.history.frames[0].snapshot
    assert np.allclose(init.covariances[0], cov)


def test_compare_view_and_analysis_results_export(qtbot, window, tmp_path):
    from PIL import Image

    from emgui.render.exporter import ExportOptions

    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm")
    wait_for_cursor(qtbot, window, 0)
    window.act_compare.trigger()
    qtbot.waitUntil(lambda: window.compare.controller.cursor == 0, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: window.compare.controller.cursor == 1, timeout=5000)
    written = window.export_view_to(str(tmp_path / "both.png"), ExportOptions(size=(300, 200)))
    assert Image.open(written).size == (600, 200)  # the two sides next to each other
    window.act_compare.trigger()
    window.show_model_selection()
    m = window._selection_window
    m.k_max.setValue(3)
    m.start()
    qtbot.waitUntil(lambda: len(m.criteria) == 3, timeout=30000)
    assert m.save_image(str(tmp_path / "bic.png"))
    assert Image.open(tmp_path / "bic.png").size[0] > 100
    assert m.save_image(str(tmp_path / "bic.pdf"))  # vector: the axis title is text
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "bic.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "number of components" in text
    assert m.save_image(str(tmp_path / "bic.svg"))  # drawn by the figure renderer: real SVG
    svg = (tmp_path / "bic.svg").read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<") and "<svg" in svg and "number of components" in svg
    m.close()


CRASHING_CHILD = textwrap.dedent(
    """
    import sys
    from emgui.runtime.application import make_application
    app = make_application()
    from PySide6.QtCore import QTimer
    from emgui.model.presets import PRESETS, make_preset
    from emgui.ui.window import MainWindow
    w = MainWindow()
    w.show()
    QTimer.singleShot(200, lambda: w.load_preset(PRESETS[2]))
    QTimer.singleShot(200, lambda: print("loaded", flush=True))
    sys.exit(app.exec())
    """
)

RESTORING_CHILD = textwrap.dedent(
    """
    from emgui.runtime.application import make_application
    app = make_application()
    from emgui.ui.window import MainWindow
    w = MainWindow()
    restored = w.offer_restore(ask=lambda: True)
    print("restored", restored, w.session.points.shape[0], w.session.centers.shape[0])
    w.controller.shutdown()
    """
)


def test_kill_9_loses_at_most_the_last_two_seconds(tmp_path):
    """An edit, 2.5 s, SIGKILL: the next start restores the scene from the autosave."""
    import os
    import signal
    import time

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path),
           "XDG_DATA_HOME": str(tmp_path)}  # fmt: skip
    child = subprocess.Popen([sys.executable, "-c", CRASHING_CHILD], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert child.stdout.readline().strip() == "loaded"
        time.sleep(2.5)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    proc = subprocess.run([sys.executable, "-c", RESTORING_CHILD], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "restored True 272 2" in proc.stdout  # Old Faithful, standardised: 272 points


def test_failed_save_is_reported_and_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    from emgui.ui.window import files

    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]])
    target = tmp_path / "s.json"
    target.write_text("previous content")

    def full_disk(path, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "save_session", full_disk)
    assert not window._save_to(str(target))
    assert "No space left on device" in window.message_boxes[-1]
    assert target.read_text() == "previous content"
    assert window.path is None
    assert not window.session.undo_stack.isClean()  # still unsaved


@pytest.mark.parametrize("presenting", [False, True])
def test_the_plot_does_not_resize_between_half_steps(qtbot, window, presenting):
    """Explanations of one and two lines alternate; the canvas (and so the view) must not jump."""
    preset = next(p for p in PRESETS if p.id == "old-faithful")
    points, centers = make_preset(preset)
    if presenting:
        window.toggle_presentation()
    set_scene(window, points, centers, algorithm="gmm", max_iter=6, tol=0.0, pace_ms=0)
    sizes = set()
    for step in range(12):
        window.controller.step_forward()
        wait_for_cursor(qtbot, window, step)
        QApplication.processEvents()  # the layout requests the new text made
        sizes.add((window.canvas.width(), window.canvas.height()))
    assert len(sizes) == 1, sizes


def test_saving_a_session_keeps_the_window_live(qtbot, window, tmp_path, monkeypatch):
    """The JSON is written in a thread while the event loop goes on, and the file is whole.

    The writer waits for a GUI-thread timer to fire before writing: were the event loop
    stopped during the save, the timer could not fire and the save would fail.
    """
    import threading

    from PySide6.QtCore import QTimer

    from emgui.ui.window import files

    points = np.random.default_rng(5).normal(size=(2000, 2))
    set_scene(window, points, points[:3])
    assert not window.session.undo_stack.isClean()
    timer_fired, writers = threading.Event(), []
    real_save = files.save_session

    def save_after_a_tick(path, data):
        writers.append(threading.current_thread())
        if not timer_fired.wait(timeout=10):
            raise OSError("the window's event loop did not run during the save")
        real_save(path, data)

    monkeypatch.setattr(files, "save_session", save_after_a_tick)
    QTimer.singleShot(20, timer_fired.set)
    path = tmp_path / "big.json"
    assert window._save_to(str(path))
    assert writers and writers[0] is not threading.main_thread()
    loaded = load_session(path)
    assert np.array_equal(loaded.points, window.session.points)
    assert window.session.undo_stack.isClean()


def test_window_legend_names_components_weights_and_ellipses(qtbot, window):
    set_scene(
        window, [[0, 0], [0, 1], [5, 5], [5, 6], [0.5, 0.2]], [[0, 0], [5, 5]], algorithm="gmm"
    )
    for index in range(3):  # init, E-step, M-step
        window.controller.step_forward()
        wait_for_cursor(qtbot, window, index)
    qtbot.waitUntil(lambda: "π = 0.60" in " ".join(window.scene.legend.texts()))
    texts = window.scene.legend.texts()
    assert texts[0].startswith("component 1") and "π = 0.60" in texts[0]
    assert "π = 0.40" in texts[1]
    assert texts[2].startswith("ellipses:")
