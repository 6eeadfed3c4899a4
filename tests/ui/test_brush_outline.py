"""The spray and erase tools show their reach as a circle round the mouse; the other tools none."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from emgui.ui.tools import ERASE_PIXELS
from tests.ui.window_helpers import set_scene, view_pos


def _screen_radius(window) -> float:
    """The outline's radius in the canvas's pixels, as drawn."""
    outline = window.canvas.view_box.brush_outline
    on_screen = outline.deviceTransform(window.canvas.viewportTransform())
    return on_screen.mapRect(outline.rect()).width() / 2


def _move(qtbot, viewport, pos) -> None:
    qtbot.wait(20)  # pyqtgraph takes at most one mouse move per 10 ms
    qtbot.mouseMove(viewport, pos)


def _centre(window) -> tuple[float, float]:
    pos = window.canvas.view_box.brush_outline.pos()
    return pos.x(), pos.y()


def test_the_spray_and_erase_brushes_follow_the_mouse_at_their_radius(qtbot, window):
    qtbot.wait(100)  # the window's layout settles
    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    outline = window.canvas.view_box.brush_outline
    vp = window.canvas.viewport()
    window.tools.set_tool("spray")
    _move(qtbot, vp, view_pos(window, 3, 4))
    qtbot.waitUntil(outline.isVisible, timeout=2000)
    assert np.allclose(_centre(window), (3, 4), atol=0.1)
    assert abs(_screen_radius(window) - window.tools.spray_radius_px) <= 2
    _move(qtbot, vp, view_pos(window, 6, 5))
    qtbot.waitUntil(lambda: np.allclose(_centre(window), (6, 5), atol=0.1), timeout=2000)

    # A zoom leaves the brush's size on screen as it was: the tools' radii are pixels.
    window.canvas.view_box.setRange(xRange=(0, 40), yRange=(0, 40), padding=0)
    qtbot.wait(50)
    assert abs(_screen_radius(window) - window.tools.spray_radius_px) <= 2

    window.tools.set_tool("erase")
    _move(qtbot, vp, view_pos(window, 10, 10))
    qtbot.waitUntil(lambda: abs(_screen_radius(window) - ERASE_PIXELS) <= 2, timeout=2000)

    for tool in ("points", "centers", "move"):  # no brush: no outline
        window.tools.set_tool(tool)
        assert not outline.isVisible(), tool
        _move(qtbot, vp, view_pos(window, 12, 12))
        qtbot.wait(20)
        assert not outline.isVisible(), tool

    window.tools.set_tool("spray")
    _move(qtbot, vp, view_pos(window, 14, 14))
    qtbot.waitUntil(outline.isVisible, timeout=2000)
    window.canvas.view_box.hovered.emit(float("nan"), float("nan"))  # the mouse leaves
    assert not outline.isVisible()


def test_the_brush_takes_no_click_and_follows_a_drag(qtbot, window):
    qtbot.wait(100)
    window.canvas.view_box.setRange(xRange=(0, 10), yRange=(0, 10), padding=0)
    set_scene(window, [[1, 1]], np.zeros((0, 2)))
    outline = window.canvas.view_box.brush_outline
    vp = window.canvas.viewport()
    window.tools.set_tool("spray")
    _move(qtbot, vp, view_pos(window, 5, 5))
    qtbot.waitUntil(outline.isVisible, timeout=2000)
    # A click inside the outline sprays: the circle does not catch it.
    qtbot.mouseClick(vp, Qt.MouseButton.LeftButton, pos=view_pos(window, 5, 5))
    qtbot.waitUntil(lambda: window.session.points.shape[0] > 1, timeout=2000)
    # The eraser dragged from (2, 8) to (8, 8): the circle goes with it.
    window.tools.set_tool("erase")
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=view_pos(window, 2, 8))
    for x in (3.0, 5.0, 8.0):
        _move(qtbot, vp, view_pos(window, x, 8))
    assert np.allclose(_centre(window), (8, 8), atol=0.1)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=view_pos(window, 8, 8))
    # The points' own drawing is not disturbed: the outline is not among the scene's bounds.
    assert outline not in window.canvas.view_box.addedItems
