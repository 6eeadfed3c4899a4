"""Fixtures for window tests: a MainWindow with its own settings file, and helpers to drive it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QSettings, Qt


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="#222222")
    from emgui.ui import main_window

    # Dialogs must never block a test: message boxes are recorded instead.
    shown: list[str] = []

    def fake_warning(parent, title, text, *args, **kwargs):
        shown.append(text)
        return 0

    monkeypatch.setattr(main_window.QtWidgets.QMessageBox, "warning", fake_warning)
    store = QSettings(str(tmp_path / "emgui.ini"), QSettings.Format.IniFormat)
    w = main_window.MainWindow(store)
    w.message_boxes = shown
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.controller.shutdown()


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
    from emgui.session import SceneData

    if settings:
        window.session.update_settings(**settings)
    window.session.replace_all(SceneData.make(np.asarray(points), np.asarray(centers)), "test")
