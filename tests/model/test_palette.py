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
