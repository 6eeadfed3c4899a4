"""Marker shapes: groups keep apart in grey, colours stay the points' own, brushes are shared."""

from __future__ import annotations

import numpy as np
import pytest
from pyqtgraph.Qt import QtGui

from emgui.render import shape_markers
from emgui.render.shape_markers import (
    SYMBOLS,
    ShapeMarkersItem,
    legend_rows,
    quantised_colours,
    shape_name,
    symbols_for,
)
from tests.render.scene_stage import ItemStage

W, H = 400, 200
GREY = 0xFF808080


class Stage(ItemStage):
    def __init__(self, size: float = 60.0) -> None:
        item = ShapeMarkersItem(size=size, outline=QtGui.QColor(0, 0, 0, 0))
        super().__init__(item, W, H, (-1, 3), (-1, 1), axes=False)

    def grey_at(self, image: QtGui.QImage, x: float, y: float, dx: int, dy: int) -> bool:
        p = self.scene_xy(x, y)
        c = image.pixelColor(int(p.x()) + dx, int(p.y()) + dy)
        return c.red() < 200


def test_symbols_cycle_and_have_names():
    assert symbols_for(np.array([0, 1, 2, 10])).tolist() == ["o", "s", "t1", "o"]
    assert len(set(SYMBOLS)) == len(SYMBOLS)
    assert shape_name(2) == "triangle" and shape_name(12) == "triangle"
    assert legend_rows(("setosa", "versicolor")) == [
        ("o", "setosa (circle)"),
        ("s", "versicolor (square)"),
    ]


def test_hard_colours_are_exact_and_blends_are_bounded():
    hard = np.array([0xFF0072B2, 0xFFE69F00, 0xFF0072B2], dtype=np.uint32)
    palette, index = quantised_colours(hard)
    assert palette[index].tolist() == hard.tolist() and len(palette) == 2
    rng = np.random.default_rng(0)
    blends = (rng.integers(0, 1 << 24, 50_000) | 0xFF000000).astype(np.uint32)
    palette, index = quantised_colours(blends)
    assert len(palette) <= 4096
    for shift in (0, 8, 16):
        diff = np.abs(((palette[index] >> shift) & 0xFF).astype(int) - ((blends >> shift) & 0xFF))
        assert diff.max() <= 17  # one 4-bit level


def test_in_grey_a_square_fills_its_corners_and_a_circle_does_not(qtbot):
    stage = Stage()
    xy = np.array([[0.0, 0.0], [2.0, 0.0]])
    assert stage.item.set_points(xy, np.array([GREY, GREY], np.uint32), np.array([0, 1]))
    image = stage.render()
    for x in (0.0, 2.0):
        assert stage.grey_at(image, x, 0.0, 0, 0)  # both centres are drawn
    # 60 px markers: 22 px diagonally from the centre is inside a square, outside a circle
    corner = [stage.grey_at(image, x, 0.0, 22, 22) for x in (0.0, 2.0)]
    assert corner == [False, True]


def test_a_triangle_points_up(qtbot):
    stage = Stage()
    assert stage.item.set_points(np.array([[0.0, 0.0]]), np.array([GREY], np.uint32), [2])
    image = stage.render()
    # near the top only the apex is filled; near the bottom the full base
    assert not stage.grey_at(image, 0.0, 0.0, 20, -20)
    assert stage.grey_at(image, 0.0, 0.0, 20, 20)


def test_brushes_are_shared_not_one_per_point(qtbot):
    item = ShapeMarkersItem()
    colours = np.array([0xFF0072B2, 0xFFE69F00] * 500, dtype=np.uint32)
    assert item.set_points(np.zeros((1000, 2)), colours, np.arange(1000) % 3)
    assert len(item._brushes) == 2
    brushes = item.data["brush"]
    assert len({id(b) for b in brushes}) == 2


def test_too_many_points_leave_it_to_the_point_item(monkeypatch, qtbot):
    monkeypatch.setattr(shape_markers, "MAX_POINTS", 10)
    item = ShapeMarkersItem()
    assert not item.set_points(np.zeros((11, 2)), np.full(11, GREY, np.uint32), np.zeros(11))
    assert len(item.data) == 0
    with pytest.raises(ValueError, match="3 points, 2 colours"):
        item.set_points(np.zeros((3, 2)), np.full(2, GREY, np.uint32), np.zeros(3))
