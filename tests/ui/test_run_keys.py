"""The run keys as a lecturer's clicker sends them: each press does one visible thing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.window_helpers import TWO_GROUPS, set_scene, wait_for_cursor


def _run_to_the_end(qtbot, window) -> None:
    qtbot.keyClick(window, Qt.Key.Key_End)
    qtbot.waitUntil(lambda: window.controller.status == "converged", timeout=10000)
    qtbot.waitUntil(lambda: window.controller.cursor == len(window.controller.history) - 1)


def test_end_on_a_finished_run_leaves_run_not_pause_and_space_replays(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="kmeans", pace_ms=0)
    wait_for_cursor(qtbot, window, 0)
    _run_to_the_end(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_End)  # again, on the finished run
    assert window.act_play.text() == "Run"
    assert not (window.controller.playing or window.controller.follow_live)
    # The next Space does something visible: it replays from the start.
    qtbot.keyClick(window, Qt.Key.Key_Home)
    wait_for_cursor(qtbot, window, 0)
    qtbot.keyClick(window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: window.controller.cursor > 0, timeout=5000)


def test_end_pressed_in_the_same_turn_as_an_edit_runs_the_edited_scene(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="kmeans", pace_ms=0)
    wait_for_cursor(qtbot, window, 0)
    # An edit and End with no event-loop turn between them (a fast user, a script).
    window.session.update_settings(algorithm="gmm")
    window.controller.go_end()
    qtbot.waitUntil(lambda: window.controller.status == "converged", timeout=10000)
    qtbot.waitUntil(lambda: window.controller.cursor == len(window.controller.history) - 1)
    assert window.controller.current_frame().snapshot.algorithm == "gmm"


def test_run_keys_reach_the_run_from_a_focused_field_until_the_user_types(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm", pace_ms=0)
    wait_for_cursor(qtbot, window, 0)
    field = window.panel.tol  # a spin box in the settings panel
    window.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    inner = field.lineEdit()
    qtbot.keyClick(inner, Qt.Key.Key_Right)
    wait_for_cursor(qtbot, window, 1)
    qtbot.keyClick(inner, Qt.Key.Key_PageDown)
    wait_for_cursor(qtbot, window, 2)
    qtbot.keyClick(inner, Qt.Key.Key_Left)
    wait_for_cursor(qtbot, window, 1)
    # Typing in the field: now Left and End edit the text, and the run stays where it is.
    qtbot.keyClicks(inner, "5")
    qtbot.keyClick(inner, Qt.Key.Key_Left)
    qtbot.keyClick(inner, Qt.Key.Key_End)
    # as run keys they would act at once: Left steps back, End sets the run following live
    assert window.controller.cursor == 1 and not window.controller.follow_live
    # Enter ends the typing (it may restart the run with the new value); keys go to the run.
    qtbot.keyClick(inner, Qt.Key.Key_Return)
    c = window.controller
    qtbot.waitUntil(lambda: not c._restart.pending() and c.cursor >= 0, timeout=5000)
    before = window.controller.cursor
    qtbot.keyClick(inner, Qt.Key.Key_Right)
    wait_for_cursor(qtbot, window, before + 1)


def test_presentation_mode_shows_the_iteration_and_phase_on_the_plot(qtbot, window):
    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]], algorithm="gmm", pace_ms=0)
    window.show()
    wait_for_cursor(qtbot, window, 0)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    for index in (1, 2):
        qtbot.keyClick(window, Qt.Key.Key_PageDown)
        wait_for_cursor(qtbot, window, index)
    assert window.counter.isVisible()
    assert window.counter.text() == "Iteration 1  ·  M-step"
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.counter.isVisible()
