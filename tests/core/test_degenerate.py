"""Degenerate and hostile input: collapsed components, lines, extremes, bad arguments (A5-A20)."""

from __future__ import annotations

import numpy as np
import pytest
from core_helpers import COV_TYPES, blobs, run, snapshot_arrays

from emgui.core import (
    MAX_ABS_COORDINATE,
    MAX_COMPONENTS,
    DegenerateCovarianceError,
    count_distinct,
    responsibilities,
    run_em,
)

REG = 1e-6


def run_until_error(X, centers, algorithm="gmm", covariance_type="full", **kw):
    """All snapshots of a run, and the DegenerateCovarianceError that ended it (or None)."""
    snaps = []
    try:
        for s in run_em(X, centers, algorithm, covariance_type, **kw):
            snaps.append(s)
    except DegenerateCovarianceError as exc:
        return snaps, exc
    return snaps, None


def assert_sound(snaps, X=None):
    """Finite, read-only arrays; positive definite covariances (GMM); responsibilities sum to 1."""
    assert snaps
    for s in snaps:
        assert np.isfinite(s.objective)
        for name, arr in snapshot_arrays(s).items():
            assert np.isfinite(arr).all(), f"{name} of {s.phase}{s.iteration}"
            assert not arr.flags.writeable
        if s.algorithm == "gmm":
            np.linalg.cholesky(s.covariances)
            if X is not None and s.labels is not None:
                resp = responsibilities(X, s)
                assert np.isfinite(resp).all()
                np.testing.assert_allclose(resp.sum(axis=1), 1.0, atol=1e-5)


# --- A5: sklearn test_regularisation: duplicated points with as many components as points


def _two_stacks() -> np.ndarray:
    return np.vstack((np.ones((5, 2)), np.zeros((5, 2))))


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_duplicated_points_k_equals_n_default_reg_covar_is_finite(covariance_type):
    X = _two_stacks()
    snaps, error = run_until_error(X, X.copy(), "gmm", covariance_type, max_iter=20, tol=0)
    assert error is None
    assert_sound(snaps, X)
    assert len(snaps) == 41
    # ten components on two spots: every one has shrunk to the reg_covar floor
    last = snaps[-1]
    if covariance_type != "tied":
        assert last.collapsed == tuple(range(10))
        expected = np.broadcast_to(REG * np.eye(2), (10, 2, 2))
        np.testing.assert_allclose(last.covariances, expected, rtol=1e-9, atol=1e-20)


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_duplicated_points_k_equals_n_without_reg_covar(covariance_type):
    """reg_covar=0: DegenerateCovarianceError after the last good snapshot (run_em's docstring).

    full and tied covariances of a component on one spot are singular and
    raise, as scikit-learn does. diag and spherical ones come out as
    (10·eps·|x|)²·I, about 1e-30·I: scikit-learn's own N_j + 10·eps makes a
    mean miss its points by that much. They are positive definite, so the
    run goes on, every component reported collapsed; scikit-learn raises
    there only because in its uncentered coordinates the points at the
    origin have an exactly zero variance.
    """
    X = _two_stacks()
    snaps, error = run_until_error(
        X, X.copy(), "gmm", covariance_type, max_iter=20, tol=0, reg_covar=0
    )
    assert_sound(snaps, X)  # whatever was emitted is sound
    if covariance_type in ("full", "tied"):
        assert error is not None
        assert len(snaps) >= 1 and snaps[0].phase == "init"
        message = str(error)
        assert "reg_covar" in message and "Traceback" not in message and "\n" not in message
    else:
        assert error is None
        assert snaps[-1].collapsed == tuple(range(10))


# --- A6: a component that owns a single point


@pytest.mark.parametrize("covariance_type", ("full", "diag", "spherical"))
def test_component_on_one_outlier(covariance_type):
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(50, 2)), [[20.0, 20.0]]])
    centers = np.array([[0.0, 0.0], [20.0, 20.0]])
    snaps, error = run_until_error(X, centers, "gmm", covariance_type, max_iter=10, tol=0)
    assert error is None
    assert_sound(snaps, X)
    last = snaps[-1]
    np.testing.assert_allclose(last.means[1], [20.0, 20.0], rtol=1e-12)
    np.testing.assert_allclose(last.covariances[1], REG * np.eye(2), rtol=1e-6, atol=1e-15)
    np.testing.assert_allclose(last.weights, [50 / 51, 1 / 51], rtol=1e-9)
    assert 1 in last.collapsed and 0 not in last.collapsed
    # once collapsed, reported in every later state
    first = next(i for i, s in enumerate(snaps) if 1 in s.collapsed)
    assert all(1 in s.collapsed for s in snaps[first:])


def test_component_on_one_outlier_tied_shares_the_spread():
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(50, 2)), [[20.0, 20.0]]])
    snaps = run(X, np.array([[0.0, 0.0], [20.0, 20.0]]), "gmm", "tied", max_iter=10, tol=0)
    assert_sound(snaps, X)
    np.testing.assert_array_equal(snaps[-1].covariances[0], snaps[-1].covariances[1])
    assert snaps[-1].collapsed == ()


# --- A7: all points identical


@pytest.mark.parametrize("value", (3.0, 0.1, -2.5e6 + 0.1))
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_all_points_identical(value, covariance_type):
    X = np.full((7, 2), value)
    snaps = run(X, X[:1], "gmm", covariance_type, max_iter=5, tol=0)
    assert_sound(snaps, X)
    last = snaps[-1]
    np.testing.assert_allclose(last.means, [[value, value]], rtol=1e-15)
    np.testing.assert_allclose(last.covariances[0], REG * np.eye(2), rtol=1e-9, atol=1e-20)
    assert last.collapsed == (0,)
    two = run(X, X[:2], "gmm", covariance_type, max_iter=5, tol=0)
    assert_sound(two, X)
    assert two[-1].collapsed == (0, 1)
    np.testing.assert_allclose(two[-1].means, [[value, value]] * 2, rtol=1e-15)
    assert count_distinct(X) == 1


def test_all_points_identical_without_reg_covar_raises_after_first_states():
    X = np.full((7, 2), 3.0)
    snaps, error = run_until_error(X, X[:1], "gmm", "full", max_iter=5, tol=0, reg_covar=0)
    assert isinstance(error, DegenerateCovarianceError) and "reg_covar" in str(error)
    assert [s.phase for s in snaps] == ["init", "E"]
    assert_sound(snaps)


def test_all_points_identical_kmeans():
    X = np.full((6, 2), -1.25)
    snaps = run(X, X[:2], "kmeans", max_iter=10)
    assert_sound(snaps)
    last = snaps[-1]
    assert last.converged and last.iteration == 1
    assert last.objective == 0.0
    assert last.empty == (1,)  # exact ties go to the first center
    np.testing.assert_array_equal(last.means, X[:2])


# --- A8: points on a line


def _line(scale: float, offset: float = 0.0, direction=(1.0, 2.0)) -> np.ndarray:
    t = np.linspace(-1.0, 1.0, 60)
    return np.outer(t, direction) * scale + offset


@pytest.mark.parametrize("covariance_type", COV_TYPES)
@pytest.mark.parametrize(
    ("scale", "offset", "direction"),
    (
        (1.0, 0.0, (1.0, 2.0)),
        (1.0, 0.0, (1.0, 0.0)),  # along an axis: the diag variance across is exactly 0
        (1.0, 1e7, (1.0, -1.0)),
        (1e3, 0.0, (1.0, 2.0)),
        (1e6, 0.0, (1.0, 2.0)),  # reg_covar=1e-6 is below the rounding of a 1e12 variance
        (1e6, 1e6, (3.0, 1.0)),
    ),
)
def test_collinear_points(covariance_type, scale, offset, direction):
    X = _line(scale, offset, direction)
    snaps, error = run_until_error(X, X[[0, 30, 59]], "gmm", covariance_type, max_iter=30, tol=0)
    assert error is None, error
    assert_sound(snaps, X)
    # the variance across the line is held up, and the ellipse is thin
    values = np.linalg.eigvalsh(snaps[-1].covariances)
    assert (values[:, 0] > 0).all()
    assert (values[:, 0] <= values[:, 1]).all()


def test_collinear_points_without_reg_covar_full_raises_diag_does_not():
    X = _line(1.0, 0.0, (1.0, 0.0))  # on the x axis
    _, error = run_until_error(X, X[[0, 59]], "gmm", "full", max_iter=10, tol=0, reg_covar=0)
    assert isinstance(error, DegenerateCovarianceError)
    X = _line(1.0, 0.0, (1.0, 1.0))
    _, error = run_until_error(X, X[[0, 59]], "gmm", "diag", max_iter=10, tol=0, reg_covar=0)
    assert error is None  # a diagonal line has spread along both axes


# --- far centers, more centers than distinct points, large coordinates


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_center_far_from_every_point(covariance_type):
    X = np.random.default_rng(0).normal(size=(100, 2))
    centers = np.array([[0.0, 0.0], [1e6, 1e6]])
    snaps = run(X, centers, "gmm", covariance_type, max_iter=15, tol=0)
    assert_sound(snaps, X)
    last = snaps[-1]
    assert last.weights[1] < 1e-12
    assert (snaps[1].labels == 0).all()
    km = run(X, centers, "kmeans", max_iter=15)
    assert_sound(km)
    assert km[-1].empty == (1,) and km[-1].converged
    np.testing.assert_array_equal(km[-1].means[1], [1e6, 1e6])


@pytest.mark.parametrize("algorithm", ("gmm", "kmeans"))
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_more_centers_than_distinct_points(algorithm, covariance_type):
    rng = np.random.default_rng(3)
    X = np.repeat(rng.normal(size=(3, 2)), 4, axis=0)  # 12 points, 3 distinct
    centers = X[[0, 1, 4, 8, 9]]  # five centers, two pairs on the same point
    assert count_distinct(X) == 3 < centers.shape[0]
    snaps = run(X, centers, algorithm, covariance_type, max_iter=20, tol=0)
    assert_sound(snaps, X)
    if algorithm == "kmeans":
        # the second center of each pair gets nothing and stays where it was
        assert snaps[-1].empty == (1, 4)
        np.testing.assert_array_equal(snaps[-1].means[[1, 4]], centers[[1, 4]])
    else:
        assert len(snaps[-1].collapsed) >= 3


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_coordinates_of_order_1e6(covariance_type):
    X = blobs(2, n=300, k=3, spread=10.0)[0] * 1e5  # coordinates up to about 1e6
    centers = X[[0, 100, 200]]
    snaps = run(X, centers, "gmm", covariance_type, max_iter=30, tol=0)
    assert_sound(snaps, X)
    unit = run(X / 1e5, centers / 1e5, "gmm", covariance_type, max_iter=30, tol=0, reg_covar=1e-16)
    np.testing.assert_array_equal(snaps[-1].labels, unit[-1].labels)
    np.testing.assert_allclose(snaps[-1].means / 1e5, unit[-1].means, rtol=1e-7, atol=1e-9)


@pytest.mark.parametrize("algorithm", ("gmm", "kmeans"))
def test_data_offset_by_1e7(algorithm):
    """Cancellation guard (sklearn #30382): data far from the origin give the same run."""
    X = np.round(blobs(4, n=300, k=3, spread=5.0)[0] * 2**20) / 2**20
    centers = X[[1, 2, 3]]
    base = run(X, centers, algorithm, "full", max_iter=20, tol=0)
    far = run(X + 1e7, centers + 1e7, algorithm, "full", max_iter=20, tol=0)
    for s, t in zip(base, far, strict=True):
        if s.labels is not None:
            np.testing.assert_array_equal(s.labels, t.labels)
        np.testing.assert_allclose(t.means - 1e7, s.means, rtol=0, atol=1e-8)
        np.testing.assert_allclose(t.covariances, s.covariances, rtol=1e-7, atol=1e-12)
        np.testing.assert_allclose(t.objective, s.objective, rtol=1e-9)


# --- A15: float32 input


@pytest.mark.parametrize("algorithm", ("gmm", "kmeans"))
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_float32_input_is_upcast(algorithm, covariance_type):
    X64 = blobs(5, n=300, k=3)[0]
    X32 = X64.astype(np.float32)
    centers32 = X32[[0, 1, 2]]
    snaps32 = run(X32, centers32, algorithm, covariance_type, max_iter=10, tol=0)
    exact = run(
        X32.astype(np.float64),
        centers32.astype(np.float64),
        algorithm,
        covariance_type,
        max_iter=10,
        tol=0,
    )
    close = run(X64, X64[[0, 1, 2]], algorithm, covariance_type, max_iter=10, tol=0)
    for s, e, c in zip(snaps32, exact, close, strict=True):
        assert s.means.dtype == s.covariances.dtype == s.weights.dtype == np.float64
        np.testing.assert_array_equal(s.means, e.means)  # float32 is only upcast
        np.testing.assert_array_equal(s.covariances, e.covariances)
        np.testing.assert_allclose(s.means, c.means, rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(s.covariances, c.covariances, rtol=1e-4, atol=1e-4)
        np.testing.assert_allclose(s.objective, c.objective, rtol=1e-4)


# --- A14: extreme magnitudes


@pytest.mark.parametrize("algorithm", ("gmm", "kmeans"))
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_coordinates_at_1e100_are_accepted_and_finite(algorithm, covariance_type):
    big = MAX_ABS_COORDINATE
    assert big == 1e100
    X = np.array([[big, -big], [-big, big], [big, big], [-big, -big], [0.5 * big, 0.2 * big]])
    snaps = run(X, X[:2], algorithm, covariance_type, max_iter=10, tol=0)
    assert_sound(snaps, X)
    assert snaps[-1].means.max() <= big and snaps[-1].means.min() >= -big


@pytest.mark.parametrize("value", (1e101, -1e101, 1e200, -1e200, 1e308, -1e308))
def test_coordinates_beyond_1e100_are_rejected(value):
    X = np.array([[0.0, 0.0], [1.0, value], [2.0, 2.0]])
    with pytest.raises(ValueError, match=r"row 1 .*beyond ±1e\+100.*rescale"):
        run_em(X, X[[0]])
    good = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    with pytest.raises(ValueError, match=r"centers row 0 .*rescale"):
        run_em(good, np.array([[value, 0.0]]))


# --- A9: validation, before anything runs


def _bad(X, centers, match, **kw):
    # the checks run at the call, not at the first next(): a worker can refuse before starting
    with pytest.raises(ValueError, match=match):
        run_em(X, centers, **kw)


def test_validation_messages():
    X = np.random.default_rng(0).normal(size=(5, 2))
    _bad(X, X[:1].repeat(6, axis=0), r"Expected n_points >= n_components.*n_points = 5.*= 6")
    _bad(X[:1], X[:2], r"n_points = 1 and n_components = 2")
    _bad(X, np.empty((0, 2)), r"centers is empty")
    _bad(np.empty((0, 2)), X[:1], r"points is empty")
    _bad(X, np.zeros((MAX_COMPONENTS + 1, 2)), r"more than the maximum of 64")
    _bad(X[:, :1], X[:1], r"points must be an array of shape \(n, 2\); got shape \(5, 1\)")
    _bad(np.zeros((5, 3)), X[:1], r"shape \(n, 2\); got shape \(5, 3\)")
    _bad(X.ravel(), X[:1], r"got shape \(10,\)")
    _bad(X, X[0], r"centers must be an array of shape \(n, 2\); got shape \(2,\)")
    _bad(X, np.zeros((1, 2, 2)), r"centers must be an array of shape")
    _bad([["a", "b"]], X[:1], r"points must be numbers")
    _bad(X, X[:1], r"algorithm must be one of kmeans, gmm, soft-kmeans; got 'em'", algorithm="em")
    _bad(X, X[:1], r"covariance_type must be one of", covariance_type="round")
    _bad(X, X[:1], r"max_iter must be a whole number >= 0", max_iter=-1)
    _bad(X, X[:1], r"max_iter must be a whole number", max_iter=2.5)
    _bad(X, X[:1], r"tol must be a finite number >= 0", tol=-1e-3)
    _bad(X, X[:1], r"tol must be", tol=float("nan"))
    _bad(X, X[:1], r"reg_covar must be a finite number >= 0", reg_covar=-1e-6)
    _bad(X, X[:1], r"reg_covar must be", reg_covar=float("inf"))
    _bad(X, X[:2], r"covariances must have shape \(2, 2, 2\)", covariances=np.eye(2))
    _bad(X, X[:1], r"covariances\[0\] is not positive definite", covariances=np.zeros((1, 2, 2)))
    _bad(X, X[:2], r"weights sum to 0.5", weights=[0.25, 0.25])
    _bad(X, X[:2], r"weights must be finite and >= 0", weights=[1.5, -0.5])


@pytest.mark.parametrize("bad", (np.nan, np.inf, -np.inf))
@pytest.mark.parametrize("where", ("points", "centers"))
def test_non_finite_input_is_rejected(bad, where):
    X = np.random.default_rng(0).normal(size=(6, 2))
    centers = X[:2].copy()
    if where == "points":
        X[3, 1] = bad
        match = r"points row 3 is not finite"
    else:
        centers[1, 0] = bad
        match = r"centers row 1 is not finite"
    for algorithm in ("gmm", "kmeans"):
        _bad(X, centers, match, algorithm=algorithm)


def test_single_point_single_component():
    X = np.array([[1.5, -2.0]])
    for algorithm in ("gmm", "kmeans"):
        snaps = run(X, X.copy(), algorithm, max_iter=3, tol=0)
        assert_sound(snaps, X)
        np.testing.assert_array_equal(snaps[-1].means, X)


# --- k-means: empty clusters, duplicates, fixed points (A16, A17, A20)


def test_kmeans_empty_cluster_keeps_its_center():
    """A16, sklearn's toy: the center at (3, 3) gets no point; our policy keeps it and says so."""
    X = np.array([[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [1.0, 1.0]])
    centers = np.array([[0.5, 0.5], [3.0, 3.0]])
    snaps = run(X, centers, "kmeans", max_iter=10)
    assert_sound(snaps)
    for s in snaps[1:]:
        assert s.empty == (1,)
        np.testing.assert_array_equal(s.means[1], [3.0, 3.0])
    last = snaps[-1]
    np.testing.assert_array_equal(last.means, centers)
    assert last.objective == 1.5  # 0.5 + 0.25 + 0.25 + 0.5
    np.testing.assert_array_equal(last.weights, [1.0, 0.0])
    assert last.converged and last.iteration == 1


@pytest.mark.parametrize(
    "X",
    (
        np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0], [2.0, 2.0]]),
        np.array([[1.0, 1.0], [1.0, 1.0], [2.0, 2.0], [2.0, 2.0]]),  # sklearn #28055 style
        np.repeat(np.arange(5.0)[:, None] * [1.0, -0.5], 3, axis=0),
    ),
)
def test_kmeans_duplicates_terminate(X):
    """A17: k = n on data with duplicates: converged within two iterations."""
    snaps = run(X, X.copy(), "kmeans", max_iter=100)
    assert_sound(snaps)
    assert snaps[-1].converged and snaps[-1].iteration <= 2
    assert count_distinct(X) < X.shape[0]
    assert len(snaps[-1].empty) == X.shape[0] - count_distinct(X)
    assert snaps[-1].objective == 0.0


@pytest.mark.parametrize("seed", range(3))
def test_kmeans_fixed_point(seed):
    """A20: from converged centers, converged after one iteration, no center moves."""
    X = blobs(seed, n=400, k=4)[0]
    first = run(X, X[:4], "kmeans", max_iter=300)
    assert first[-1].converged
    converged = np.array(first[-1].means)
    again = run(X, converged, "kmeans", max_iter=300)
    assert len(again) == 3 and again[-1].converged and again[-1].iteration == 1
    np.testing.assert_array_equal(again[-1].means, converged)
    np.testing.assert_array_equal(again[-1].labels, first[-1].labels)


def test_kmeans_tol_zero_does_not_stop_at_convergence():
    X = blobs(1, n=100, k=2)[0]
    snaps = run(X, X[:2], "kmeans", max_iter=40, tol=0)
    assert len(snaps) == 81 and not snaps[-1].converged and snaps[-1].final


# --- GMM: non-convergence and divergence (A10, A11)


def test_gmm_max_iter_1_on_hard_data_is_not_converged():
    """A11: max_iter=1 on overlapping blobs: the last state says not converged."""
    X = blobs(0, n=300, k=3, spread=1.0)[0]
    snaps = run(X, X[:3], "gmm", "full", max_iter=1)
    last = snaps[-1]
    assert last.final and not last.converged and last.iteration == 1


def test_gmm_converges_with_tol():
    X = blobs(0, n=300, k=3, spread=10.0, scale=0.5)[0]
    snaps = run(X, X[[0, 1, 2]], "gmm", "full", max_iter=500, tol=1e-6)
    last = snaps[-1]
    assert last.converged and last.final and last.iteration < 500
    assert abs(last.objective - snaps[-3].objective) / 300 < 1e-6


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_gmm_tiny_initial_covariances_without_reg_covar(covariance_type):
    """A10 (sklearn test_gaussian_mixture_setting_best_params style): precision 1e6, reg 0."""
    X = np.random.default_rng(0).normal(size=(100, 2))
    covs = np.repeat(np.eye(2)[None] * 1e-6, 3, axis=0)
    snaps, error = run_until_error(
        X, X[:3], "gmm", covariance_type, max_iter=1, reg_covar=0, covariances=covs
    )
    assert error is None
    assert_sound(snaps, X)
    assert snaps[-1].objective > snaps[0].objective
    assert snaps[-1].final and not snaps[-1].converged
