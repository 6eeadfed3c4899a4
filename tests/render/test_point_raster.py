"""The rasteriser against a reference that paints each point's marker in order, pixel by pixel."""

from __future__ import annotations

import math

import numpy as np
import pytest

from emgui.render.point_raster import PointRasteriser, buffer_padding, disc_rows

W, H = 60, 40


def disc_pixels(x: int, y: int, d: int) -> list[tuple[int, int]]:
    """(row, column) pixels of a d-pixel disc whose d x d square starts at (x, y)."""
    return [(y + j, x + (d - n) // 2 + i) for j, n in disc_rows(d) for i in range(n)]


def reference(fx, fy, numbers, pad, d, shape="disc", lw=1, outline=None):
    """Owner of each pixel when the markers are painted one after the other."""
    hp, wp = H + 2 * pad, W + 2 * pad
    img = np.zeros((hp, wp), np.int64)
    corners = zip(np.floor(fx).astype(int), np.floor(fy).astype(int), list(numbers), strict=True)
    for x, y, number in corners:
        for r, c in disc_pixels(x, y, d):
            img[r, c] = number
        if shape == "ring" and d > 2 * lw:
            for r, c in disc_pixels(x + lw, y + lw, d - 2 * lw):
                img[r, c] = 0  # the newest mark's hole
    if outline is not None:
        near = np.zeros_like(img)
        near[1:] = np.maximum(near[1:], img[:-1])
        near[:-1] = np.maximum(near[:-1], img[1:])
        near[:, 1:] = np.maximum(near[:, 1:], img[:, :-1])
        near[:, :-1] = np.maximum(near[:, :-1], img[:, 1:])
        img = np.where(near > img, outline, img)
    return img[pad : pad + H, pad : pad + W]


def points(rng, n, d, pad):
    """Stencil corners of n points, some partly outside the area but within the padding."""
    cull = pad - math.ceil(1.5 * d) - 3
    fx = rng.uniform(pad - cull - d / 2, pad + W + cull - d / 2, n)
    fy = rng.uniform(pad - cull - d / 2, pad + H + cull - d / 2, n)
    return np.maximum(fx, 1.0), np.maximum(fy, 1.0)


@pytest.mark.parametrize("d", [1, 2, 5, 8])
@pytest.mark.parametrize("outline", [False, True])
@pytest.mark.parametrize("band_pixels", [500, 10**9], ids=["bands", "whole"])
@pytest.mark.parametrize("threads", [1, 2])
def test_discs_are_painted_in_order(d, outline, band_pixels, threads):
    rng = np.random.default_rng(d)
    pad = buffer_padding(d, cull=d + 2)
    n = 150
    fx, fy = points(rng, n, d, pad)
    want = reference(fx, fy, range(1, n + 1), pad, d, outline=n + 1 if outline else None)
    got = PointRasteriser().owners(
        fx.copy(), fy.copy(), None, n, (W, H), pad, d,
        outline=outline, band_pixels=band_pixels, threads=threads,
    )  # fmt: skip
    assert got.shape == (H, W)
    assert np.count_nonzero(got != want) == 0


@pytest.mark.parametrize("d, lw", [(9, 2), (4, 2), (12, 1)])
def test_rings_have_their_holes(d, lw):
    rng = np.random.default_rng(3)
    pad = buffer_padding(d, cull=d)
    n = 60
    fx, fy = points(rng, n, d, pad)
    want = reference(fx, fy, range(1, n + 1), pad, d, shape="ring", lw=lw)
    got = PointRasteriser().owners(
        fx, fy, None, n, (W, H), pad, d, shape="ring", ring_width=lw, band_pixels=700
    )
    assert np.count_nonzero(got != want) == 0
    if d > 2 * lw:
        assert np.count_nonzero(got) < np.count_nonzero(reference(fx, fy, range(1, n + 1), pad, d))


def test_given_numbers_name_the_owners():
    """Culled points keep their own numbers, and the outline is n + 1 of all the points."""
    rng = np.random.default_rng(4)
    d, n_all = 4, 1000
    pad = buffer_padding(d, cull=6)
    fx, fy = points(rng, 40, d, pad)
    numbers = np.sort(rng.choice(n_all, 40, replace=False)) + 1
    got = PointRasteriser().owners(fx, fy, numbers, n_all, (W, H), pad, d, outline=True)
    want = reference(fx, fy, numbers, pad, d, outline=n_all + 1)
    assert np.count_nonzero(got != want) == 0
    assert set(np.unique(got)) <= {0, n_all + 1, *numbers.tolist()}


def test_work_arrays_are_reused_without_leaking_between_calls():
    """A second call on the same rasteriser gives what a fresh one gives."""
    rng = np.random.default_rng(5)
    d = 6
    pad = buffer_padding(d, cull=8)
    raster = PointRasteriser()
    first = points(rng, 300, d, pad)
    raster.owners(*first, None, 300, (W, H), pad, d, outline=True, band_pixels=800)
    second = points(rng, 5, d, pad)
    again = raster.owners(second[0].copy(), second[1].copy(), None, 5, (W, H), pad, d)
    fresh = PointRasteriser().owners(*second, None, 5, (W, H), pad, d)
    assert np.array_equal(again, fresh)
    assert np.count_nonzero(again) <= 5 * d * d


def test_disc_rows_are_centred_runs_of_a_round_disc():
    for d in range(1, 30):
        rows = disc_rows(d)
        assert [j for j, _ in rows] == list(range(d))
        runs = [n for _, n in rows]
        assert runs == runs[::-1]  # symmetric top to bottom
        assert all(n % 2 == d % 2 for n in runs)  # centred in the d x d square
        assert max(runs) == d
        # Area within a pixel row per row of the true disc's area.
        assert abs(sum(runs) - math.pi * d * d / 4) <= 2 * d
