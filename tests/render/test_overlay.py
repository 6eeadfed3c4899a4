"""MixtureOverlay: trails, ellipses on halos and centers land where the data says."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6 import QtGui

from emgui.render.overlay import CenterStyle, MixtureOverlay
from tests.render.scene_stage import ItemStage

W, H = 400, 400


class Stage(ItemStage):
    def __init__(self) -> None:
        super().__init__(MixtureOverlay(), W, H, (-10, 10), (-10, 10))

    def pixel(self, image: QtGui.QImage, x: float, y: float) -> str:
        p = self.scene_xy(x, y)
        return image.pixelColor(round(p.x()), round(p.y())).name()


def style(fill: str, outline: str = "#111111") -> CenterStyle:
    return CenterStyle(QtGui.QColor(fill), QtGui.QColor(outline), 3.0, 22.0)


def circle(cx: float, cy: float, r: float, m: int = 200) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, m)
    return np.stack([cx + r * np.cos(t), cy + r * np.sin(t)], axis=1)


def test_centers_are_pixel_sized_discs_in_their_colours(qtbot):
    stage = Stage()
    stage.item.set_centers(
        np.array([[-5.0, 0.0], [5.0, 0.0]]), [style("#0072b2"), style("#e69f00")]
    )
    image = stage.render()
    assert stage.pixel(image, -5, 0) == "#0072b2"
    assert stage.pixel(image, 5, 0) == "#e69f00"
    assert stage.pixel(image, 0, 0) == "#ffffff"
    # 22 px across whatever the zoom: 1 data unit is 20 px here, so 0.5 units off is inside.
    assert stage.pixel(image, -5, 0.45) == "#0072b2"
    assert stage.pixel(image, -5, 0.75) == "#ffffff"


def test_ellipse_is_drawn_over_its_halo_and_above_trails(qtbot):
    stage = Stage()
    pen = pg.mkPen("#009e73", width=3)
    halo = pg.mkPen("#ffffff", width=9)
    trail = pg.mkPen("#cc79a7", width=3)
    stage.item.set_trails([np.array([[-8.0, 0.0], [8.0, 0.0]])], [trail])
    stage.item.set_ellipses([circle(0, 0, 4)], [pen], [halo])
    image = stage.render()
    assert stage.pixel(image, 4, 0) == "#009e73"  # the ellipse where it crosses the trail
    assert stage.pixel(image, 4.1, 0) == "#ffffff"  # the halo hides the trail next to it
    assert stage.pixel(image, -7, 0) == "#cc79a7"


def test_bounding_rect_reaches_the_pixel_sized_markers(qtbot):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(W, H)
    item = MixtureOverlay()
    widget.addItem(item)
    item.set_centers(np.array([[0.0, 0.0]]), [style("#0072b2")])
    widget.setRange(xRange=(-10, 10), yRange=(-10, 10), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    rect = item.boundingRect()
    px = item.pixelVectors()[0].length()  # data units per pixel
    # 11 px radius + 3 px outline around the center.
    assert rect.left() <= -14 * px and rect.right() >= 14 * px and rect.top() <= -14 * px


def test_cleared_overlay_has_no_bounds_and_styles_must_match(qtbot):
    item = MixtureOverlay()
    item.set_centers(np.zeros((0, 2)), [])
    item.set_ellipses([], [], [])
    item.set_trails([], [])
    assert item.boundingRect().isEmpty()
    with pytest.raises(ValueError):
        item.set_centers(np.zeros((2, 2)), [style("#000000")])
