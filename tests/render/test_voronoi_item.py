"""Voronoi cells on screen: exact polygons with smooth borders where the bisectors are."""

from __future__ import annotations

import numpy as np

from emgui.core.geometry import voronoi_edges
from emgui.model.settings import Settings
from tests.render.scene_stage import SceneStage, rgb_array, state

KMEANS = Settings(algorithm="kmeans", show_voronoi=True, show_trails=False)
CENTERS = np.array([[2.0, 2.0], [8.0, 6.0]])


def _stage() -> SceneStage:
    points = np.array([[1.0, 1.0], [9.0, 9.0]])
    s = state(points, [0xFF0072B2, 0xFFE69F00], CENTERS)
    return SceneStage(500, 500).show(s, KMEANS)


def test_the_border_is_a_thin_line_on_the_bisector_not_a_staircase(qtbot):
    stage = _stage()
    image = rgb_array(stage.render()).astype(float)
    grey = image.mean(axis=2)
    # The bisector of (2, 2) and (8, 6): 12 x + 8 y = 100 - 8, i.e. x = (92 - 8 y) / 12.
    misses = []
    for y in np.linspace(0.5, 8.0, 41):  # below the legend (top left)
        x = (92.0 - 8.0 * y) / 12.0
        px, py = stage.to_pixel(x, y)
        row = grey[round(py)]
        lo, hi = int(px) - 12, int(px) + 13
        darkness = np.clip(row[lo:hi].max() - row[lo:hi], 0, None)
        assert darkness.max() > 40, f"no border drawn at y = {y}"
        darkness[darkness < 0.3 * darkness.max()] = 0  # the line, not the fills' step
        found = lo + float((darkness * np.arange(hi - lo)).sum() / darkness.sum())
        # A row crosses the slanted line over ~1.5 px: its middle is within a pixel of the
        # exact border (a label grid's staircase was off by up to 8 px).
        misses.append(abs(found - (px - 0.5)))
    assert max(misses) < 1.0, max(misses)


def test_cells_are_shaded_in_the_component_colours(qtbot):
    stage = _stage()
    image = rgb_array(stage.render()).astype(int)
    bx, by = stage.to_pixel(1.0, 5.0)  # in the blue cell, away from points and the border
    ox, oy = stage.to_pixel(8.0, 3.0)  # in the orange one
    b = image[round(by), round(bx)]
    o = image[round(oy), round(ox)]
    assert b[2] > b[0] and 200 < b.mean() < 255  # light blue
    assert o[0] > o[2] and 200 < o.mean() < 255  # light orange


def test_cells_are_kept_while_the_view_stays_in_their_box(qtbot):
    stage = _stage()
    item = stage.scene.voronoi
    assert item.isVisible() and item.line_count() == len(voronoi_edges(CENTERS, (0, 10), (0, 10)))
    rgba = np.zeros((2, 4), np.uint8)
    rgba[:, 3] = 38
    item.show_cells(CENTERS, rgba, (0.0, 10.0), (0.0, 10.0))
    assert not item.show_cells(CENTERS, rgba, (1.0, 11.0), (0.5, 10.5))  # a small pan
    assert item.show_cells(CENTERS, rgba, (40.0, 50.0), (0.0, 10.0))  # out of the box
    assert item.show_cells(CENTERS + 1.0, rgba, (40.0, 50.0), (0.0, 10.0))  # centers moved
    assert item.show_cells(CENTERS + 1.0, rgba, (44.0, 45.0), (4.0, 5.0))  # far zoomed in


def test_no_cells_for_a_mixture_or_when_switched_off(qtbot):
    stage = _stage()
    s = stage.scene.state
    stage.scene.render(s, Settings(algorithm="gmm"))
    assert not stage.scene.voronoi.isVisible()
    stage.scene.render(s, Settings(algorithm="kmeans", show_voronoi=False))
    assert not stage.scene.voronoi.isVisible()
