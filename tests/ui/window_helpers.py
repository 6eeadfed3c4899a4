"""Helpers to drive a MainWindow in tests: data points to pixels, clicks, waiting for the cursor."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt

# Two groups of four points, at (1.5, 1.5) and (6.5, 6.5): a run converges in a few steps.
TWO_GROUPS = np.array([[1, 1], [1, 2], [2, 1], [2, 2], [6, 6], [6, 7], [7, 6], [7, 7.0]])


def view_pos(window, x: float, y: float) -> QPoint:
    """The canvas viewport pixel of data point (x, y)."""
    vb = window.canvas.view_box
    scene_pt = vb.mapViewToScene(QPointF(x, y))
    p = window.canvas.mapFromScene(scene_pt)
    return QPoint(p.x(), p.y())


def click_at(qtbot, window, x: float, y: float, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.mouseClick(
        window.canvas.viewport(), Qt.MouseButton.LeftButton, modifier, view_pos(window, x, y)
    )


def wait_for_cursor(qtbot, window, index: int, timeout: int = 5000) -> None:
    qtbot.waitUntil(lambda: window.controller.cursor == index, timeout=timeout)


def set_scene(window, points, centers, **settings) -> None:
    from emgui.model.scene_data import SceneData

    if settings:
        window.session.update_settings(**settings)
    window.session.replace_all(SceneData.make(np.asarray(points), np.asarray(centers)), "test")
