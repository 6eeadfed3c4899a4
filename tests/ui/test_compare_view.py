"""The compare view: one view on both sides, each side its title and its explanation line."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFontMetrics, QWheelEvent
from PySide6.QtWidgets import QApplication

from emgui.model.explanation import describe_step
from emgui.model.presets import preset_by_id
from tests.ui.window_helpers import wait_for_cursor


def _compare_faithful(qtbot, window, half_steps: int = 6):
    window.load_preset(preset_by_id("old-faithful"))
    wait_for_cursor(qtbot, window, 0)
    window.act_compare.trigger()
    other = window.compare.controller
    qtbot.waitUntil(lambda: other.cursor == 0, timeout=5000)
    for expected in range(1, half_steps + 1):
        qtbot.keyClick(window, Qt.Key.Key_Right)
        wait_for_cursor(qtbot, window, expected)
        qtbot.waitUntil(lambda e=expected: other.cursor == e, timeout=5000)
    compare = window.compare

    def settled():  # the deferred fit, the layout and the redraws: one range, one size,
        # and each side's line telling its newest step
        assert compare.canvas.size() == window.canvas.size()
        np.testing.assert_allclose(_range(compare.canvas.view_box), _range(window.canvas.view_box))
        for line, c in ((compare.line, other), (compare.main_line, window.controller)):
            snaps = c.history.snapshots
            assert line.text().startswith(describe_step(snaps[c.cursor], snaps[c.cursor - 1]))

    qtbot.waitUntil(settled, timeout=5000)
    return compare


def _range(view_box):
    (x0, x1), (y0, y1) = view_box.viewRange()
    return np.array([x0, x1, y0, y1])


def test_both_sides_show_one_range_at_one_size(qtbot, window):
    compare = _compare_faithful(qtbot, window)
    np.testing.assert_allclose(_range(compare.canvas.view_box), _range(window.canvas.view_box))
    assert compare.canvas.size() == window.canvas.size()
    # Equal units on the main side, so on both: the same pixels per unit.
    main = window.canvas.view_box
    (x0, x1), (y0, y1) = main.viewRange()
    r = main.boundingRect()
    assert r.width() / (x1 - x0) == pytest.approx(r.height() / (y1 - y0), rel=1e-3)


def _wheel(canvas, steps: int) -> None:
    """Turn the mouse wheel over the middle of a canvas (positive: zoom in)."""
    viewport = canvas.viewport()
    pos = QPointF(viewport.width() / 2, viewport.height() / 2)
    event = QWheelEvent(
        pos,
        QPointF(viewport.mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(viewport, event)


def test_zooming_either_side_moves_both(qtbot, window):
    compare = _compare_faithful(qtbot, window, half_steps=2)
    before = _range(window.canvas.view_box)
    _wheel(compare.canvas, 2)  # on the compare side: the main view follows
    after = _range(window.canvas.view_box)
    assert np.diff(after[:2])[0] < 0.9 * np.diff(before[:2])[0]
    np.testing.assert_allclose(_range(compare.canvas.view_box), after)
    # A middle-button pan on the compare side moves the main view too.
    compare.canvas.view_box.translateBy(x=0.5, y=-0.25)
    np.testing.assert_allclose(_range(compare.canvas.view_box), _range(window.canvas.view_box))
    np.testing.assert_allclose(
        _range(window.canvas.view_box), after + np.array([0.5, 0.5, -0.25, -0.25])
    )
    width = np.diff(_range(window.canvas.view_box)[:2])[0]
    window.canvas.view_box.scaleBy((0.5, 0.5))
    np.testing.assert_allclose(_range(compare.canvas.view_box), _range(window.canvas.view_box))
    assert np.diff(_range(compare.canvas.view_box)[:2])[0] == pytest.approx(width / 2, rel=1e-6)


def test_each_side_explains_its_own_step(qtbot, window):
    compare = _compare_faithful(qtbot, window)
    mine, other = window.controller, compare.controller
    snaps = other.history.snapshots
    i = other.cursor
    assert compare.line.text() == describe_step(snaps[i], snaps[i - 1])
    main_snaps = mine.history.snapshots
    main_text = describe_step(main_snaps[mine.cursor], main_snaps[mine.cursor - 1])
    assert compare.main_line.text().startswith(main_text)
    assert compare.main_line.text() != compare.line.text()  # two runs, two explanations
    # Each line sits under its own plot, with the same height on both sides; the
    # full-width line gives way.
    assert compare.main_line.isVisible() and compare.line.isVisible()
    assert not window.explain.isVisible()
    assert compare.main_line.height() == compare.line.height()
    assert compare.main_line.parentWidget() is window.canvas.parentWidget()
    window.act_compare.trigger()
    assert window.compare is None and window.explain.isVisible()


def test_titles_fit_on_one_line(qtbot, window):
    compare = _compare_faithful(qtbot, window)
    for title in (window.main_title, compare.title):
        assert "iteration 3" in title.text()
        assert not title.wordWrap()
        font = title.font()
        font.setPointSizeF(title.shown_point_size())
        assert QFontMetrics(font).horizontalAdvance(title.shown_text()) <= title.width()
    assert window.main_title.height() == compare.title.height()
    # One type size on both sides, the smaller one either needs.
    assert window.main_title.shown_point_size() == compare.title.shown_point_size()
    window.act_compare.trigger()  # the pair comes apart with the compare view
    window.main_title.setText("k-means")
    assert window.main_title.shown_point_size() == window.main_title.font().pointSizeF()


def test_no_legend_covers_a_center(qtbot, window):
    compare = _compare_faithful(qtbot, window)
    for canvas, scene in ((window.canvas, window.scene), (compare.canvas, compare.scene)):
        box = scene.legend.sceneBoundingRect()
        for cx, cy in scene.state.centers:
            p = canvas.view_box.mapViewToScene(QPointF(cx, cy))
            assert not box.adjusted(-11, -11, 11, 11).contains(p), (scene.legend_corner(), cx, cy)
