"""Rings round points that changed cluster: in the new colour, thinned by screen density."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from emgui.model.settings import Settings
from emgui.render.change_rings import CROWDED, rings_to_draw
from tests.render.scene_stage import SceneStage, rgb_array, state

BLUE, ORANGE = 0xFF0072B2, 0xFFE69F00


def test_one_ring_per_cell_the_first_in_it():
    xy = np.array([[1.0, 1.0], [2.0, 3.0], [25.0, 1.0], [26.0, 2.0], [50.0, 50.0]])
    kept = rings_to_draw(xy, xy, cell=20.0)
    np.testing.assert_array_equal(kept, [0, 2, 4])
    assert rings_to_draw(np.zeros((0, 2)), xy, cell=20.0).size == 0
    assert rings_to_draw(xy, xy, cell=0.0).size == 0


def test_rings_in_neighbouring_cells_do_not_overlap():
    """Two rings either side of a cell border would touch: the later one goes."""
    xy = np.array([[19.0, 5.0], [21.0, 6.0], [45.0, 5.0], [19.5, 20.5], [70.0, 70.0]])
    kept = rings_to_draw(xy, xy, cell=20.0)
    np.testing.assert_array_equal(kept, [0, 2, 4])
    rng = np.random.default_rng(5)
    many = rng.uniform(0, 400, size=(3000, 2))
    kept = many[rings_to_draw(many, many[:0], cell=20.0)]
    d = np.hypot(*(kept[:, None] - kept[None]).transpose(2, 0, 1))
    np.fill_diagonal(d, np.inf)
    assert d.min() >= 16.0 and len(kept) > 150  # still most of the 400 cells


def test_no_ring_where_the_points_crowd_a_cell():
    rng = np.random.default_rng(1)
    crowd = rng.uniform(0, 20, size=(CROWDED + 1, 2))  # one cell full of points
    lone = np.array([[105.0, 105.0]])
    everything = np.vstack([crowd, lone])
    rings = np.array([crowd[0], lone[0]])
    np.testing.assert_array_equal(rings_to_draw(rings, everything, cell=20.0), [1])
    # With one point fewer the cell is not crowded, and gets its ring.
    np.testing.assert_array_equal(rings_to_draw(rings, everything[1:], cell=20.0), [0, 1])
    # A sample of every other point, each counting twice, estimates the same crowd.
    doubled = np.repeat(everything, 2, axis=0)
    np.testing.assert_array_equal(rings_to_draw(rings, doubled[::2], cell=20.0, weight=2), [1])
    np.testing.assert_array_equal(rings_to_draw(rings, everything, cell=20.0, weight=1), [1])


def test_zooming_in_shows_more_rings():
    """Density is measured on the screen: the same points spread over more pixels when
    zoomed in, so rings reappear where they were too crowded."""
    rng = np.random.default_rng(2)
    xy = rng.normal(size=(20000, 2))
    changed = xy[np.abs(xy[:, 0]) < 0.2]
    far = rings_to_draw(changed * 50, xy * 50, cell=18.0).size  # 50 px per unit
    near = rings_to_draw(changed * 2000, xy * 2000, cell=18.0).size  # zoomed in 40 times
    assert near > 5 * max(far, 1)


def _dense_stage(n: int = 100_000):
    rng = np.random.default_rng(3)
    points = rng.normal(5.0, 1.2, size=(n, 2))
    colors = np.where(points[:, 0] > 5.0, ORANGE, BLUE).astype(np.uint32)
    # The points the border swept over: ~3300, under the 5000 the old black rings allowed.
    changed = np.abs(points[:, 0] - 5.0) < 0.05
    s = state(points, colors, [[3.0, 5.0], [7.0, 5.0]], changed=changed)
    stage = SceneStage(600, 600).show(s, Settings(algorithm="kmeans", show_voronoi=False))
    return stage, points, changed


def test_dense_points_are_not_buried_under_black(qtbot):
    stage, _points, changed = _dense_stage()
    image = rgb_array(stage.render()).astype(int)
    # Around the changed band: not a solid black bar (black rings on every changed point
    # made 37 % of it black); the blue and orange points still show.
    x0, y0 = stage.to_pixel(4.5, 7.0)
    x1, y1 = stage.to_pixel(5.5, 3.0)
    band = image[round(y0) : round(y1), round(x0) : round(x1)]
    dark = (band.max(axis=2) < 60).mean()
    assert dark < 0.03, dark
    blue = (band[..., 2] > 150) & (band[..., 0] < 60)
    orange = (band[..., 0] > 200) & (band[..., 2] < 60)
    assert blue.mean() > 0.2 and orange.mean() > 0.2
    # Rings stay where the points thin out (the ends of the band), one per cell at most.
    rings = stage.scene.changed
    assert 0 < rings.drawn_count() < changed.sum() / 100


def test_a_ring_is_drawn_in_its_points_new_colour(qtbot):
    points = np.array([[2.0, 2.0], [5.0, 5.0], [8.0, 8.0]])
    colors = np.array([BLUE, ORANGE, BLUE], dtype=np.uint32)
    changed = np.array([False, True, False])
    s = state(points, colors, [[2.0, 2.0], [8.0, 8.0]], changed=changed)
    stage = SceneStage(500, 500).show(s, Settings(algorithm="kmeans", show_voronoi=False))
    image = rgb_array(stage.render()).astype(int)
    assert stage.scene.changed.drawn_count() == 1
    px, py = stage.to_pixel(5.0, 5.0)
    # Along the ring (radius ~6.5 px) the colour is orange: red high, blue low.
    ring = [image[round(py), round(px) + d] for d in range(5, 9)]
    assert any(r > 180 and b < 120 and r - b > 100 for r, _g, b in ring), ring
    # Its thin dark edge just outside.
    outside = [image[round(py), round(px) + d].max() for d in range(7, 11)]
    assert min(outside) < 150
    # No ring round the points that kept their cluster.
    qx, qy = stage.to_pixel(2.0, 8.0)
    assert (image[round(qy), round(qx)] > 240).all()


def test_the_same_state_again_keeps_the_rings_choice(qtbot):
    stage, _points, _changed = _dense_stage(20_000)
    stage.render()
    rings = stage.scene.changed
    version = rings._version
    stage.scene.render(stage.scene.state, stage.scene.settings)  # e.g. a hover redraws
    assert rings._version == version
    other = stage.scene.state.changed.copy()
    other[np.flatnonzero(~other)[0]] = True  # another E-step's rings
    stage.scene.render(replace(stage.scene.state, changed=other), stage.scene.settings)
    assert rings._version > version
