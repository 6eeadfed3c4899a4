"""Smooth motion in the window: a step at a pace moves and fades; End and edits do not wait."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from emgui.io.session_file import SessionData, parse_session, session_to_json
from emgui.model.settings import Settings
from emgui.ui.step_animator import animation_ms, fade_levels
from tests.ui.window_helpers import set_scene, wait_for_cursor

rng = np.random.default_rng(5)
BLOBS = np.vstack([rng.normal((1, 1), 0.4, (30, 2)), rng.normal((6, 5), 0.9, (30, 2))])
CENTERS = [[0.0, 3.0], [4.0, 1.0]]


def record_renders(window):
    """The states the scene draws from now on (the scene still draws them)."""
    drawn = []
    render = window.scene.render

    def recording(state, settings):
        drawn.append(state)
        render(state, settings)

    window.scene.render = recording
    return drawn


def start(qtbot, window, **settings):
    set_scene(window, BLOBS, CENTERS, algorithm="gmm", **settings)
    wait_for_cursor(qtbot, window, 0)
    # drawn, as a user sees it before pressing a key
    qtbot.waitUntil(lambda: window.scene.state.snapshot is not None)
    qtbot.waitUntil(lambda: not window.animator.running)


def settle(qtbot, window, index: int) -> None:
    """Wait until snapshot ``index`` is drawn and at rest."""
    wait_for_cursor(qtbot, window, index)
    snap = window.controller.history.snapshots[index]
    qtbot.waitUntil(lambda: window.animator.target.snapshot is snap, timeout=3000)
    qtbot.waitUntil(lambda: not window.animator.running, timeout=3000)


def between(value, a, b) -> bool:
    lo, hi = np.minimum(a, b), np.maximum(a, b)
    moved = ~np.isclose(a, b)
    inside = (value >= lo - 1e-12) & (value <= hi + 1e-12)
    strictly = (value > lo + 1e-9) & (value < hi - 1e-9)
    return bool(inside.all() and strictly[moved].any())


def test_an_m_step_moves_centers_and_ellipses_over_several_frames(qtbot, window):
    start(qtbot, window, pace_ms=400)
    qtbot.keyClick(window, Qt.Key.Key_Right)  # E-step
    settle(qtbot, window, 1)
    before = window.scene.state
    drawn = record_renders(window)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)  # M-step
    settle(qtbot, window, 2)
    target = window.scene.state
    assert drawn[-1] is target  # it ends on the step's own state, exactly
    middle = drawn[:-1]
    assert len(middle) >= 3 and window.animator.frames >= 2
    # in between: centers on their way, ellipses neither the old nor the new ones
    assert any(between(s.centers, before.centers, target.centers) for s in middle)
    assert any(
        not np.allclose(s.covariances, before.covariances)
        and not np.allclose(s.covariances, target.covariances)
        for s in middle
    )
    for s in middle:  # the M-step recolours no point, so no frame does
        assert s.colors is target.colors
        assert s.snapshot is target.snapshot


def test_an_e_step_fades_the_point_colours(qtbot, window):
    start(qtbot, window, pace_ms=400)
    before = window.scene.state
    drawn = record_renders(window)
    window.controller.step_forward()
    settle(qtbot, window, 1)
    target = window.scene.state
    fades = [
        s.colors
        for s in drawn
        if s is not target
        and not np.array_equal(s.colors, before.colors)
        and not np.array_equal(s.colors, target.colors)
    ]
    assert len(fades) >= 2
    np.testing.assert_array_equal(window.scene.state.colors, target.colors)
    np.testing.assert_array_equal(window.scene.state.centers, before.centers)


def test_full_speed_a_zero_pace_and_the_setting_off_draw_at_once(qtbot, window):
    for settings in ({"pace_ms": 0}, {"pace_ms": 400, "animate": False}):
        start(qtbot, window, **settings)
        window.controller.step_forward()
        wait_for_cursor(qtbot, window, 1)
        # drawn: the step itself at once (an animation would reach it only at its end)
        shown = window.controller.current_frame().snapshot
        qtbot.waitUntil(lambda s=shown: window.scene.state.snapshot is s, timeout=5000)
        assert not window.animator.running and window.animator.frames == 0
    start(qtbot, window, pace_ms=400)
    drawn = record_renders(window)
    window.controller.go_end()
    qtbot.waitUntil(lambda: window.controller.finished, timeout=10000)
    last = window.controller.current_frame().snapshot
    qtbot.waitUntil(lambda: window.scene.state.snapshot is last, timeout=5000)
    assert not window.animator.running
    last = window.controller.current_frame().snapshot
    assert all(
        s.snapshot is None or s.snapshot.phase != "M" or s.centers is s.snapshot.means
        for s in drawn
    )
    assert window.scene.state.snapshot is last


def test_a_new_step_or_an_edit_during_an_animation_jumps_to_its_end(qtbot, window):
    start(qtbot, window, pace_ms=2000)  # a long pace: the animation lasts its full 320 ms
    window.controller.step_forward()
    wait_for_cursor(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.animator.running, timeout=3000)
    first = window.animator.target
    drawn = record_renders(window)
    window.controller.step_forward()  # while the E-step still fades
    wait_for_cursor(qtbot, window, 2)
    qtbot.waitUntil(lambda: window.animator.target.snapshot is not first.snapshot)
    assert window.animator.running
    second = window.animator.target
    arrival = next(i for i, s in enumerate(drawn) if s.snapshot is second.snapshot)
    assert drawn[arrival - 1] is first  # the E-step drawn whole, then the M-step from it
    window.session.update_settings(ellipse_level="1sd")  # an edit: no waiting for the motion
    assert not window.animator.running
    assert window.scene.state.snapshot is second.snapshot  # at the end, no motion left
    np.testing.assert_array_equal(window.scene.state.centers, second.centers)
    qtbot.waitUntil(lambda: window.scene.state.snapshot is second.snapshot)


def test_the_animation_length_follows_the_pace():
    assert animation_ms(Settings(pace_ms=2000)) == 320
    assert animation_ms(Settings(pace_ms=400)) == 240
    assert animation_ms(Settings(pace_ms=50)) == 0  # too short to be seen
    assert animation_ms(Settings(pace_ms=0)) == 0
    assert animation_ms(Settings(pace_ms=400, animate=False)) == 0
    assert fade_levels(1000) > fade_levels(1_000_000) > fade_levels(3_000_000) == 0


def test_the_check_box_switches_animation_and_old_sessions_keep_it_on(qtbot, window):
    assert window.panel.animate.isChecked() and window.session.settings.animate
    window.panel.animate.setChecked(False)
    assert window.session.settings.animate is False
    window.session.update_settings(animate=True)
    assert window.panel.animate.isChecked()
    # A session saved before the setting existed loads with animation on.
    old = session_to_json(SessionData(points=BLOBS, centers=np.array(CENTERS)))
    old = old.replace('"animate": true, ', "").replace(', "animate": true', "")
    assert '"animate"' not in old
    assert parse_session(old).settings.animate is True
    saved = session_to_json(
        SessionData(points=BLOBS, centers=np.zeros((0, 2)), settings=Settings(animate=False))
    )
    assert parse_session(saved).settings.animate is False
