"""Points coloured by their share of the gap: a sequential, colour-blind-safe map, vectorised."""

from __future__ import annotations

import numpy as np

from emgui.model.gap_colours import colour_key, gap_colours, gap_scale, gap_shares


def luminance(rgba: np.ndarray) -> np.ndarray:
    """Relative luminance (sRGB, WCAG): what a grey-scale or colour-blind viewer still sees."""
    c = rgba[:, :3].astype(float) / 255.0
    lin = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return lin @ np.array([0.2126, 0.7152, 0.0722])


def test_a_larger_gap_is_always_darker():
    gaps = np.linspace(0.0, 2.0, 200)
    rgba = gap_colours(gaps, scale=2.0)
    assert rgba.shape == (200, 4) and rgba.dtype == np.uint8
    lum = luminance(rgba)
    # Strictly darker along the whole map: order readable without telling hues apart.
    assert np.all(np.diff(lum) < 0)
    assert lum[0] > 0.7 and lum[-1] < 0.05  # pale for fresh q, dark for stale q
    assert np.all(rgba[:, 3] == 255)


def test_the_ends_of_the_map_are_viridis_ends():
    rgba = gap_colours(np.array([0.0, 1.0, 5.0]), scale=1.0)
    assert tuple(rgba[0, :3]) == (253, 231, 37)  # no gap: viridis' yellow
    assert tuple(rgba[1, :3]) == (68, 1, 84)  # the scale: viridis' dark purple
    assert np.array_equal(rgba[2], rgba[1])  # beyond the scale: saturated, not wrapped


def test_one_far_point_does_not_wash_out_the_rest():
    rng = np.random.default_rng(0)
    gaps = np.concatenate([rng.uniform(0, 1, 999), [1000.0]])
    scale = gap_scale(gaps)
    assert scale < 2.0  # the 99th percentile, not the outlier
    shares = gap_shares(gaps)
    assert shares[-1] == 1.0 and np.median(shares[:-1]) > 0.3


def test_no_gap_rounding_and_nonfinite_values_are_fresh():
    gaps = np.array([0.0, -1e-17, np.nan, np.inf])
    assert gap_scale(gaps) == 0.0  # nothing positive and finite: nothing is stale
    shares = gap_shares(np.array([0.0, -1e-17, np.nan]))
    assert np.array_equal(shares, [0.0, 0.0, 0.0])
    assert np.all(gap_colours(np.zeros(4))[:, :3] == (253, 231, 37))
    assert gap_colours(np.zeros(0)).shape == (0, 4)


def test_colour_key_runs_from_fresh_to_stale():
    key = colour_key(5)
    assert [s for s, _ in key] == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert key[0][1] == "#fde725" and key[-1][1] == "#440154"


def test_argb_words_are_the_scenes_colour_format():
    from emgui.model.gap_colours import gap_argb

    gaps = np.array([0.0, 0.5, 1.0])
    words = gap_argb(gaps, scale=1.0)
    rgba = gap_colours(gaps, scale=1.0)
    assert words.dtype == np.uint32 and words.shape == (3,)
    assert words[0] == 0xFFFDE725 and words[2] == 0xFF440154
    assert [(int(w) >> 16) & 255 for w in words] == list(rgba[:, 0])
