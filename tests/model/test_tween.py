"""In-between states of a half-step: easing, covariance path (no flip), colour fades, the Tween."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emgui.core.geometry import ellipse_outlines
from emgui.model.tween import (
    Tween,
    blend_argb,
    ease_in_out,
    exp_sym,
    interpolate_covariances,
    log_spd,
)
from emgui.model.view_state import ViewState

TS = np.linspace(0.0, 1.0, 401)


def rotation(deg: float) -> np.ndarray:
    a = math.radians(deg)
    return np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])


def spd(lengths: tuple[float, float], deg: float) -> np.ndarray:
    r = rotation(deg)
    return r @ np.diag(lengths) @ r.T


def log_reference(s: np.ndarray) -> np.ndarray:
    """log S from the definition: V diag(log λ) Vᵀ."""
    values, vectors = np.linalg.eigh(s)
    return vectors @ np.diag(np.log(values)) @ vectors.T


def exp_reference(a: np.ndarray) -> np.ndarray:
    """exp A by its power series (symmetric 2x2, small norm)."""
    out, term = np.eye(2), np.eye(2)
    for i in range(1, 60):
        term = term @ a / i
        out = out + term
    return out


def radii(cov: np.ndarray, n: int = 720) -> np.ndarray:
    """Distance from the center to the 1-sd outline along n fixed directions."""
    angles = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    u = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    inv = np.linalg.inv(cov)
    return 1.0 / np.sqrt(np.einsum("ni,ij,nj->n", u, inv, u))


def hausdorff(a: np.ndarray, b: np.ndarray) -> float:
    d = np.linalg.norm(a[:, None, :] - b[None, :, :], axis=2)
    return float(max(d.min(axis=1).max(), d.min(axis=0).max()))


def largest_step(path: list[np.ndarray]) -> float:
    """The biggest change of the outline's radius in any direction between neighbouring t."""
    r = np.array([radii(c) for c in path])
    return float(np.abs(np.diff(r, axis=0)).max())


def test_ease_in_out_is_monotone_and_symmetric():
    values = [ease_in_out(t) for t in TS]
    assert values[0] == 0.0 and values[-1] == 1.0
    assert all(np.diff(values) >= 0)
    assert ease_in_out(0.5) == pytest.approx(0.5)
    for t in (0.1, 0.25, 0.4):
        assert ease_in_out(t) + ease_in_out(1 - t) == pytest.approx(1.0)
    # slow at both ends, faster than linear in the middle
    assert ease_in_out(0.1) < 0.1 and ease_in_out(0.9) > 0.9
    assert ease_in_out(0.55) - ease_in_out(0.45) > 0.1
    assert ease_in_out(-1) == 0.0 and ease_in_out(2) == 1.0


@given(
    a=st.floats(0.01, 100),
    b=st.floats(0.01, 100),
    deg=st.floats(-180, 180),
)
@settings(max_examples=200, deadline=None)
def test_log_and_exp_match_the_definitions(a, b, deg):
    s = spd((a, b), deg)
    log = log_spd(s[None])[0]
    np.testing.assert_allclose(log, log_reference(s), atol=1e-9 * max(1, abs(math.log(a))))
    np.testing.assert_allclose(exp_sym(log[None])[0], s, rtol=1e-9, atol=1e-12 * max(a, b))
    small = log / max(1.0, np.abs(log).max())  # the series converges fast for a small norm
    np.testing.assert_allclose(
        exp_sym(small[None])[0], exp_reference(small), rtol=1e-12, atol=1e-15
    )


def test_log_of_a_round_and_of_a_nearly_round_matrix_is_continuous():
    for eps in (0.0, 1e-14, 1e-9, 1e-6, 1e-3):
        s = np.array([[[2.0 + eps, eps / 3], [eps / 3, 2.0 - eps]]])
        np.testing.assert_allclose(log_spd(s)[0], log_reference(s[0]), atol=1e-12)
    with pytest.raises(ValueError, match="positive definite"):
        log_spd(np.array([[[1.0, 2.0], [2.0, 1.0]]]))


def test_axes_that_swap_lengths_change_the_outline_continuously():
    # Long along 30°, then long along 120°: the lengths of the two axes swap over the step.
    s0, s1 = spd((4.0, 1.0), 30.0)[None], spd((1.0, 4.0), 30.0)[None]
    path = [interpolate_covariances(s0, s1, t)[0] for t in TS]
    # The outline moves at most a few times the step in t in any direction: no jump.
    assert largest_step(path) < 6.0 * (TS[1] - TS[0])
    outlines = ellipse_outlines(np.zeros((len(TS), 2)), np.array(path), 1.0, 180)
    step = max(hausdorff(outlines[i], outlines[i + 1]) for i in range(len(TS) - 1))
    assert step < 0.03
    # Half-way it is round (the axes are equal), and the axis directions never turn:
    # every in-between matrix has the same eigenvectors.
    mid = path[len(TS) // 2]
    np.testing.assert_allclose(np.linalg.eigvalsh(mid), [2.0, 2.0], rtol=1e-9)
    v = rotation(30.0)[:, 0]
    for s in path:
        np.testing.assert_allclose(s @ v, (v @ s @ v) * v, atol=1e-9)


def test_the_continuity_check_would_see_a_90_degree_flip():
    # The same step drawn as a flip half-way (what a per-index eigen pairing does): the
    # measure used above sees the jump.
    s0, s1 = spd((4.0, 1.0), 30.0), spd((1.0, 4.0), 30.0)
    flipped = [s0 if t < 0.5 else s1 for t in TS]
    assert largest_step(flipped) > 0.9


@given(
    a=st.tuples(st.floats(0.05, 20), st.floats(0.05, 20), st.floats(-90, 90)),
    b=st.tuples(st.floats(0.05, 20), st.floats(0.05, 20), st.floats(-90, 90)),
)
@settings(max_examples=60, deadline=None)
def test_every_in_between_covariance_is_valid_and_its_determinant_geometric(a, b):
    s0, s1 = spd(a[:2], a[2])[None], spd(b[:2], b[2])[None]
    d0, d1 = np.linalg.det(s0[0]), np.linalg.det(s1[0])
    assert interpolate_covariances(s0, s1, 0.0) is s0
    assert interpolate_covariances(s0, s1, 1.0) is s1
    for t in (0.01, 0.25, 0.5, 0.75, 0.99):
        s = interpolate_covariances(s0, s1, t)[0]
        assert np.allclose(s, s.T) and np.all(np.linalg.eigvalsh(s) > 0)
        assert np.linalg.det(s) == pytest.approx(d0 ** (1 - t) * d1**t, rel=1e-9)
    # Rotating both ends rotates the whole path (no preferred axes).
    r = rotation(37.0)
    rot0, rot1 = r @ s0[0] @ r.T, r @ s1[0] @ r.T
    mid = interpolate_covariances(s0, s1, 0.5)[0]
    np.testing.assert_allclose(
        interpolate_covariances(rot0[None], rot1[None], 0.5)[0],
        r @ mid @ r.T,
        rtol=1e-9,
        atol=1e-9 * np.abs(mid).max(),
    )


def channels(words: np.ndarray) -> np.ndarray:
    return np.stack([(words >> s) & 0xFF for s in (24, 16, 8, 0)], axis=1).astype(float)


@pytest.mark.parametrize("share", [0.0, 0.01, 0.5, 1.0])
def test_colour_blend_per_channel_against_a_float_reference(share):
    rng = np.random.default_rng(3)
    n = 5000
    a = rng.integers(0, 2**32, n, dtype=np.uint32)
    b = a.copy()
    moved = rng.random(n) < share
    b[moved] = rng.integers(0, 2**32, int(moved.sum()), dtype=np.uint32)
    for t in (0.0, 0.1, 0.5, 0.93):
        got = blend_argb(a, b, t)
        w = round(t * 256) / 256
        want = (1 - w) * channels(a) + w * channels(b)
        assert np.abs(channels(got) - want).max() < 1.0  # truncated to whole levels
        assert np.array_equal(got[~moved], a[~moved])
    assert blend_argb(a, b, 1.0) is b
    assert np.array_equal(blend_argb(a, b, 0.0), a)


def state(centers, covs=None, colors=None, weights=None, points=None, trails=(), changed=None):
    points = np.zeros((4, 2)) if points is None else points
    colors = np.full(len(points), 0xFF0072B2, np.uint32) if colors is None else colors
    return ViewState(
        points=points,
        colors=colors,
        centers=np.asarray(centers, float),
        covariances=covs,
        weights=weights,
        trails=list(trails),
        changed=changed,
    )


def test_an_m_step_tween_moves_centers_reshapes_ellipses_and_ends_on_the_state():
    points = np.arange(8.0).reshape(4, 2)
    covs0 = np.stack([spd((4.0, 1.0), 30.0), np.eye(2)])
    covs1 = np.stack([spd((1.0, 4.0), 30.0), 2 * np.eye(2)])
    start = state([[0, 0], [5, 5]], covs0, weights=np.array([0.5, 0.5]), points=points)
    trail = [np.array([[0.0, 0.0], [2.0, 0.0]]), np.array([[5.0, 5.0], [5.0, 1.0]])]
    end = state(
        [[2, 0], [5, 1]],
        covs1,
        colors=start.colors,
        weights=np.array([0.2, 0.8]),
        points=points,
        trails=trail,
    )
    tween = Tween(start, end)
    assert tween.changes and tween.fading == 0
    assert tween.at(1.0) is end
    first = tween.at(0.0)
    np.testing.assert_array_equal(first.centers, start.centers)
    np.testing.assert_allclose(first.covariances, covs0)
    mid = tween.at(0.5)
    np.testing.assert_allclose(mid.centers, [[1, 0], [5, 3]])
    np.testing.assert_allclose(mid.weights, [0.35, 0.65])
    np.testing.assert_allclose(np.linalg.eigvalsh(mid.covariances[0]), [2, 2], rtol=1e-9)
    assert mid.colors is end.colors and mid.points is points
    # the trail's newest vertex follows the moving center; the older ones stay
    np.testing.assert_allclose(mid.trails[0], [[0, 0], [1, 0]])
    np.testing.assert_allclose(mid.trails[1], [[5, 5], [5, 3]])


def test_an_e_step_tween_fades_colours_in_levels():
    start = state([[0, 0]], colors=np.full(4, 0xFF000000, np.uint32))
    words = np.array([0xFF000000, 0xFFFFFFFF, 0xFF0000FF, 0xFFFF0000], np.uint32)
    end = state([[0, 0]], colors=words, changed=np.array([False, True, True, True]))
    tween = Tween(start, end, levels=4)
    assert tween.changes and tween.fading == 3
    mid = tween.at(0.5)
    assert [hex(int(c)) for c in mid.colors] == [
        "0xff000000",
        "0xff7f7f7f",
        "0xff00007f",
        "0xff7f0000",
    ]
    # a frame within the same level reuses the array: the point item need not recolour
    assert tween.at(0.55).colors is mid.colors
    assert mid.changed is None  # the rings round changed points come with the arrival
    assert tween.at(0.9).colors is not mid.colors
    assert Tween(start, end, fade=False).at(0.5).colors is end.colors
    assert not Tween(start, end, fade=False).changes


def test_states_that_do_not_belong_to_one_run_are_not_tweened():
    start = state([[0, 0]])
    assert Tween(start, state([[1, 1], [2, 2]])).at(0.5).centers.shape == (2, 2)  # new k
    other = state([[3, 3]], points=np.ones((4, 2)))
    assert not Tween(start, other).changes and Tween(start, other).at(0.3) is other
