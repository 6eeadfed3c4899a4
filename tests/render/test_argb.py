"""Colour words: packing, premultiplying and 12-bit codes, against the definitions."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.render.argb import argb_from_rgba, colour_codes, premultiplied_word, premultiply


def test_argb_from_rgba_packs_words():
    rgba = np.array([[0x11, 0x22, 0x33, 0x44], [255, 0, 0, 255]], np.uint8)
    assert argb_from_rgba(rgba).tolist() == [0x44112233, 0xFFFF0000]
    assert argb_from_rgba(rgba[:, :3]).tolist() == [0xFF112233, 0xFFFF0000]


def test_argb_from_rgba_refuses_other_shapes_and_types():
    with pytest.raises(ValueError):
        argb_from_rgba(np.zeros((3, 2), np.uint8))
    with pytest.raises(ValueError):
        argb_from_rgba(np.zeros((3, 4), np.float64))


def test_premultiply_scales_each_channel_by_alpha():
    rng = np.random.default_rng(1)
    argb = rng.integers(0, 2**32, 500, dtype=np.uint64).astype(np.uint32)
    got = premultiply(argb)
    a = (argb >> 24).astype(np.int64)
    for shift in (16, 8, 0):
        channel = ((argb >> shift) & 0xFF).astype(np.int64)
        want = np.round(channel * a / 255 + 1e-9).astype(np.int64)  # round half up
        assert np.abs(((got >> shift) & 0xFF).astype(np.int64) - want).max() == 0
    assert ((got >> 24) == (argb >> 24)).all()
    assert premultiplied_word(0x80FF0000) == 0x80800000


def test_opaque_words_are_their_own_premultiplied_form():
    argb = np.array([0xFF123456, 0xFFFFFFFF], np.uint32)
    assert premultiply(argb).tolist() == argb.tolist()


def test_colour_codes_take_the_nearest_four_bit_level():
    rng = np.random.default_rng(2)
    argb = rng.integers(0, 2**32, 1000, dtype=np.uint64).astype(np.uint32)
    codes = colour_codes(argb)
    for shift, code_shift in ((16, 8), (8, 4), (0, 0)):
        value = ((argb >> shift) & 0xFF).astype(np.int64)
        level = ((codes >> code_shift) & 15).astype(np.int64)
        # The level whose 8-bit value (17 * level) is nearest, so at most 8 off.
        assert np.abs(level * 17 - value).max() <= 8
        others = np.minimum(np.abs((level + 1) * 17 - value), np.abs((level - 1) * 17 - value))
        assert (np.abs(level * 17 - value) <= others).all()
