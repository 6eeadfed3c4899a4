"""Undo after the scene is replaced brings back the points and the view they were seen in."""

from __future__ import annotations

import numpy as np

from emgui.model.presets import PRESETS
from tests.ui.window_helpers import TWO_GROUPS


def _range(window):
    return np.array(window.canvas.view_box.viewRange())


def test_undo_and_redo_of_a_preset_bring_back_its_view(qtbot, window):
    from tests.ui.window_helpers import set_scene

    set_scene(window, TWO_GROUPS, [[0.0, 0.0], [3.0, 3.0]])
    window.canvas.view_box.setRange(xRange=(-50, 50), yRange=(-20, 80), padding=0)
    mine = _range(window)
    blobs = next(p for p in PRESETS if p.id == "blobs")
    window.load_preset(blobs)
    qtbot.waitUntil(lambda: not np.allclose(_range(window), mine), timeout=3000)
    fitted = _range(window)
    window.session.undo_stack.undo()
    assert np.array_equal(window.session.points, TWO_GROUPS)
    assert np.allclose(_range(window), mine)
    window.session.undo_stack.redo()
    assert window.session.points.shape[0] == blobs.default_n
    assert np.allclose(_range(window), fitted)
    window.session.undo_stack.undo()
    assert np.allclose(_range(window), mine)
