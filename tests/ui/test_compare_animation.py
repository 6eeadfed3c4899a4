"""The compare view moves in step with the main view: both animate a step at a pace."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.test_animation import BLOBS, CENTERS
from tests.ui.window_helpers import set_scene, wait_for_cursor


def test_both_sides_of_the_compare_view_animate_a_step(qtbot, window):
    set_scene(window, BLOBS, CENTERS, algorithm="gmm", pace_ms=400)
    wait_for_cursor(qtbot, window, 0)
    window.act_compare.trigger()
    qtbot.waitUntil(lambda: window.compare.controller.cursor == 0, timeout=5000)
    qtbot.waitUntil(lambda: not window.compare.animator.running)
    qtbot.keyClick(window, Qt.Key.Key_Right)  # the E-step
    qtbot.waitUntil(lambda: window.compare.controller.cursor == 1, timeout=5000)
    # drawn (redraws are coalesced to one per screen frame), and at rest
    e_state = window.compare.controller.history.snapshots[1]
    qtbot.waitUntil(lambda: window.compare.animator.target.snapshot is e_state, timeout=3000)
    qtbot.waitUntil(lambda: not window.compare.animator.running, timeout=3000)
    qtbot.keyClick(window, Qt.Key.Key_Right)  # the M-step: the k-means centers glide too
    qtbot.waitUntil(lambda: window.compare.controller.cursor == 2, timeout=5000)
    qtbot.waitUntil(lambda: window.compare.animator.frames > 1, timeout=3000)
    qtbot.waitUntil(lambda: not window.compare.animator.running, timeout=3000)
    window.act_compare.trigger()
