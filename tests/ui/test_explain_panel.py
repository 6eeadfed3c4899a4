"""The Explain dock follows the shown half-step and the hovered point."""

from __future__ import annotations

from tests.ui.window_helpers import set_scene, view_pos, wait_for_cursor


def test_explain_panel_follows_the_shown_step_and_the_hovered_point(qtbot, window):
    panel = window.explain_panel
    window.explain_dock.show()
    points = [[0, 0], [0, 1], [1, 0], [6, 6], [6, 7], [7, 6]]
    set_scene(window, points, [[0, 0], [6, 6]], algorithm="gmm")
    for index in range(2):  # init, then the first E-step
        window.controller.step_forward()
        wait_for_cursor(qtbot, window, index)
    qtbot.waitUntil(lambda: "E-step" in panel.toPlainText(), timeout=3000)
    # Hovering point 4 (6, 7) shows its responsibilities.
    qtbot.mouseMove(window.canvas.viewport(), view_pos(window, 6, 7))
    qtbot.waitUntil(lambda: "x = (6, 7)" in panel.toPlainText(), timeout=3000)
    assert "γ" in panel.toPlainText()
    # The hovered point is ringed on the plot too.
    assert window.scene.highlight.data.size == 1
    assert tuple(window.scene.highlight.getData()[0]) == (6.0,)
    # The mouse leaves the plot: the details and the ring go.
    window.canvas.view_box.hovered.emit(float("nan"), float("nan"))
    qtbot.waitUntil(lambda: "x = (6, 7)" not in panel.toPlainText(), timeout=3000)
    assert panel.inspected is None and window.scene.highlight.data.size == 0


def test_hover_details_go_when_the_scene_changes(qtbot, window):
    panel = window.explain_panel
    window.explain_dock.show()
    points = [[0, 0], [0, 1], [1, 0], [6, 6], [6, 7], [7, 6]]
    set_scene(window, points, [[0, 0], [6, 6]], algorithm="gmm")
    window.controller.step_forward()
    wait_for_cursor(qtbot, window, 0)
    window.canvas.view_box.hovered.emit(6.0, 7.0)  # the canvas's report of a hover there
    qtbot.waitUntil(lambda: panel.inspected == ("point", 4), timeout=3000)
    set_scene(window, points[:3], [[0, 0]], algorithm="gmm")  # point 4 is gone
    qtbot.waitUntil(lambda: panel.inspected is None, timeout=3000)
    assert window.scene.highlight.data.size == 0
