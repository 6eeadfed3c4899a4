"""Point colours: hard by label, blended by responsibility."""

from __future__ import annotations

import numpy as np

from emgui.model.palette import component_rgb, hard_colors, soft_colors


def channels(words: np.ndarray) -> np.ndarray:
    return np.stack([(words >> s) & 0xFF for s in (24, 16, 8, 0)], axis=1).astype(int)


def test_certain_points_take_their_components_colour():
    labels = np.array([0, 1, 2, 1, 0], np.uint8)
    resp = np.eye(3, dtype=np.float32)[labels]
    assert np.array_equal(soft_colors(resp), hard_colors(labels, 3))


def test_blend_is_the_rounded_weighted_mean_and_opaque():
    rng = np.random.default_rng(0)
    k = 4
    resp = rng.random((1000, k)).astype(np.float32)
    resp /= resp.sum(axis=1, keepdims=True)
    expected = np.rint(resp.astype(np.float64) @ component_rgb(k).astype(np.float64))
    for layout in (resp, np.asfortranarray(resp), np.ascontiguousarray(resp.T).T):
        argb = channels(soft_colors(layout))
        assert (argb[:, 0] == 255).all()
        assert np.abs(argb[:, 1:] - expected).max() <= 1  # float32 sums: off by at most 1


def test_responsibilities_summing_slightly_above_one_stay_in_range():
    resp = np.array([[1.0000001, 0.0], [0.5000001, 0.5000001]], np.float32)
    argb = channels(soft_colors(resp))
    assert argb.max() <= 255 and argb.min() >= 0
    assert tuple(argb[0, 1:]) == tuple(component_rgb(2)[0])


def test_slots_choose_each_components_palette_entry():
    from emgui.model.palette import PALETTE_HEX, component_hex, pack_argb

    slots = np.array([2, 0, 1])
    assert component_hex(0, slots) == PALETTE_HEX[2] and component_hex(1, slots) == PALETTE_HEX[0]
    assert component_hex(1) == PALETTE_HEX[1]  # no slots: the plain order
    assert (component_rgb(3, slots) == component_rgb(3)[[2, 0, 1]]).all()
    labels = np.array([0, 1, 2, 0])
    plain = pack_argb(component_rgb(3))
    assert (hard_colors(labels, 3, slots) == plain[[2, 0, 1, 2]]).all()
    certain = np.eye(3, dtype=np.float32)[labels]  # one-hot responsibilities
    assert (soft_colors(certain, slots) == hard_colors(labels, 3, slots)).all()


def test_components_beyond_the_slots_take_the_plain_order():
    """The last run's slots shown while a run with one center more starts (k-means' cells)."""
    from emgui.model.palette import PALETTE_HEX, component_hex, hex_to_rgb

    slots = np.array([2, 0, 1])
    rgb = component_rgb(4, slots)
    assert (rgb[:3] == component_rgb(3, slots)).all()
    assert tuple(rgb[3]) == hex_to_rgb(PALETTE_HEX[3]) == hex_to_rgb(component_hex(3, slots))
    assert hard_colors(np.array([3, 0]), 4, slots).shape == (2,)
