"""The 'Why EM works' dock in the window: it follows the shown iteration."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from emgui.model.presets import PRESETS, make_preset
from tests.ui.window_helpers import set_scene, wait_for_cursor


def test_theory_dock_shows_the_bound_along_the_shown_iteration(qtbot, window):
    preset = next(p for p in PRESETS if p.id == "old-faithful")
    points, centers = make_preset(preset)
    set_scene(window, points, centers, algorithm="gmm")
    window.show()
    window.theory_dock.show()
    window.theory_dock.raise_()
    wait_for_cursor(qtbot, window, 0)
    for index in (1, 2):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        wait_for_cursor(qtbot, window, index)
    qtbot.waitUntil(lambda: window.theory.current_path() is not None, timeout=10000)
    path = window.theory.current_path()
    m = window.controller.current_frame().snapshot
    e = window.controller.history.snapshots[1]
    # The path's ends are the run's own E and M states.
    t = np.asarray(path.t)
    at0, at1 = int(np.argmin(abs(t))), int(np.argmin(abs(t - 1)))
    assert np.isclose(path.objective[at0], e.objective, rtol=1e-9)
    assert np.isclose(path.objective[at1], m.objective, rtol=1e-9)
    assert np.isclose(path.bound[at1], m.lower_bound, rtol=1e-9)
    # Back one step (the E state of the same iteration): the same path, drawn at once.
    qtbot.keyClick(window, Qt.Key.Key_Left)
    wait_for_cursor(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.theory.current_path() is path, timeout=2000)


def test_points_coloured_by_their_gap_at_an_m_state(qtbot, window):
    from emgui.core.theory import point_gaps
    from emgui.model.gap_colours import gap_argb

    preset = next(p for p in PRESETS if p.id == "old-faithful")
    points, centers = make_preset(preset)
    set_scene(window, points, centers, algorithm="gmm")
    window.show()
    wait_for_cursor(qtbot, window, 0)
    window.act_stale.trigger()  # View > Colour points by their gap
    for index in (1, 2):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        wait_for_cursor(qtbot, window, index)
    snaps = window.controller.history.snapshots
    want = gap_argb(point_gaps(window.controller.points, snaps[1], snaps[2]))
    qtbot.waitUntil(
        lambda: np.array_equal(np.asarray(window.scene.state.colors), want), timeout=10000
    )
    window.act_stale.trigger()  # off: the mixture's own colours again
    qtbot.waitUntil(
        lambda: not np.array_equal(np.asarray(window.scene.state.colors), want), timeout=5000
    )


def test_iris_preset_shows_classes_against_clusters(qtbot, window):
    from sklearn.metrics import adjusted_rand_score

    from emgui.model.preset_classes import preset_classes

    iris = next(p for p in PRESETS if p.id == "iris")
    window.show()
    assert window.load_preset(iris)
    assert window.agreement_dock.isVisible()
    window.controller.go_end()
    qtbot.waitUntil(lambda: window.controller.finished, timeout=10000)
    qtbot.waitUntil(lambda: window.agreement.agreement is not None, timeout=5000)
    labels = window.controller.history.snapshots[-1].labels
    want = adjusted_rand_score(preset_classes("iris").labels, labels)
    assert np.isclose(window.agreement.agreement.ari, want)


def test_why_em_works_stays_in_presentation_mode_when_it_was_open(qtbot, window):
    window.show()
    window.theory_dock.show()
    window.theory_dock.raise_()
    qtbot.waitUntil(window.theory_dock.isVisible)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.presenting and window.theory_dock.isVisible()
    assert not window.explain_dock.isVisible() and not window.settings_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    window.theory_dock.hide()  # closed: nothing more than the objective
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.theory_dock.isVisible() and not window.agreement_dock.isVisible()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
