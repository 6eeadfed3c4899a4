"""bound_path and point_gaps (PRML figures 9.11 to 9.14) against references from the definitions."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import theory_reference as ref
from core_helpers import COV_TYPES, blobs, random_points
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emgui.core import BoundPath, bound_path, point_gaps, run_em

TS = np.linspace(-0.5, 1.5, 41)  # t = 0 at index 10, t = 1 at index 30
I0, I1 = 10, 30


def _pair(X, algorithm, covariance_type="full", iteration=2, k=3, **kw):
    snaps = list(run_em(X, X[:k], algorithm, covariance_type, max_iter=iteration, tol=0, **kw))
    return snaps[2 * iteration - 1], snaps[2 * iteration]


def _check_valid(path: BoundPath, k: int, kmeans: bool = False) -> None:
    T = path.t.shape[0]
    assert path.means.shape == (T, k, 2) and path.covariances.shape == (T, k, 2, 2)
    assert path.weights.shape == (T, k) and path.objective.shape == path.bound.shape == (T,)
    for arr in (path.objective, path.bound, path.means, path.covariances, path.weights):
        assert np.isfinite(arr).all()
    assert (path.weights >= 0).all()
    np.testing.assert_allclose(path.weights.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(path.covariances, path.covariances.transpose(0, 1, 3, 2))
    if kmeans:  # the display's round covariance, zero when the inertia is
        assert (np.linalg.eigvalsh(path.covariances) >= 0).all()
    else:
        np.linalg.cholesky(path.covariances)  # positive definite, or LinAlgError


@pytest.mark.parametrize("covariance_type", COV_TYPES)
@pytest.mark.parametrize("algorithm", ["gmm", "soft-kmeans"])
def test_mixture_path_is_the_definition(algorithm, covariance_type):
    X, _ = blobs(7, n=300, k=3)
    e, m = _pair(X, algorithm, covariance_type, beta=0.2)
    path = bound_path(X, e, m, TS)
    _check_valid(path, 3)
    q = ref.q_of(X, e)
    scale = abs(m.objective)
    for i in (0, 5, I0, 17, I1, 35, 40):
        theta = path.means[i], path.covariances[i], path.weights[i]
        assert path.objective[i] == pytest.approx(ref.log_likelihood(X, *theta), rel=1e-10)
        expected = ref.lower_bound(X, q, *theta)
        assert path.bound[i] == pytest.approx(expected, rel=1e-9, abs=1e-9 * scale)
    # the ends are the two states, exactly
    for i, s in ((I0, e), (I1, m)):
        np.testing.assert_array_equal(path.means[i], s.means)
        np.testing.assert_array_equal(path.covariances[i], s.covariances)
        np.testing.assert_array_equal(path.weights[i], s.weights)
    assert path.bound[I0] == path.objective[I0]  # touching
    assert path.objective[I0] == pytest.approx(e.objective, rel=1e-12)
    assert path.objective[I1] == pytest.approx(m.objective, rel=1e-12)
    assert path.bound[I1] == pytest.approx(m.lower_bound, rel=1e-10)
    assert int(np.argmax(path.bound)) == I1  # the M-step maximises L(q_E, θ)
    # a lower bound for every θ, not only at the two states
    assert (path.bound <= path.objective + 1e-10 * scale).all()


def test_path_interpolates_means_log_weights_and_log_cholesky_factors():
    X, _ = blobs(8, n=200, k=3)
    e, m = _pair(X, "gmm", "full")
    path = bound_path(X, e, m, [0.25, 0.5])
    np.testing.assert_allclose(path.means[1], (e.means + m.means) / 2, rtol=1e-12)
    lw = (np.log(e.weights) + np.log(m.weights)) / 2
    np.testing.assert_allclose(path.weights[1], np.exp(lw) / np.exp(lw).sum(), rtol=1e-12)
    L0, L1 = np.linalg.cholesky(e.covariances), np.linalg.cholesky(m.covariances)
    Lt = np.linalg.cholesky(path.covariances[0])
    diag = lambda L: np.stack([L[:, 0, 0], L[:, 1, 1]], axis=1)  # noqa: E731
    np.testing.assert_allclose(diag(Lt), diag(L0) ** 0.75 * diag(L1) ** 0.25, rtol=1e-10)
    np.testing.assert_allclose(Lt[:, 1, 0], 0.75 * L0[:, 1, 0] + 0.25 * L1[:, 1, 0], rtol=1e-10)


def test_kmeans_path_is_the_mirror():
    X, _ = blobs(9, n=300, k=3)
    e, m = _pair(X, "kmeans")
    path = bound_path(X, e, m, TS)
    _check_valid(path, 3, kmeans=True)
    for i in (0, I0, 20, I1, 40):
        assert path.objective[i] == pytest.approx(ref.kmeans_objective(X, path.means[i]), rel=1e-9)
        expected = ref.kmeans_bound(X, e.labels, path.means[i])
        assert path.bound[i] == pytest.approx(expected, rel=1e-9)
    for i, s in ((I0, e), (I1, m)):
        np.testing.assert_array_equal(path.means[i], s.means)
        np.testing.assert_array_equal(path.covariances[i], s.covariances)
        np.testing.assert_array_equal(path.weights[i], s.weights)
    assert (path.bound >= path.objective).all()  # J(c, μ) >= J*(μ) for every μ
    assert path.bound[I0] == pytest.approx(path.objective[I0], rel=1e-12)
    assert int(np.argmin(path.bound)) == I1  # the M-step minimises J(c_E, μ)
    assert path.bound[I1] == pytest.approx(m.objective, rel=1e-9)


def test_path_far_outside_the_step_stays_valid():
    X, _ = blobs(10, n=200, k=4)
    e, m = _pair(X, "gmm", "full", k=4, iteration=1)
    path = bound_path(X, e, m, np.linspace(-2, 3, 101))
    _check_valid(path, 4)


def test_path_from_a_zero_initial_weight():
    X, _ = blobs(2, n=200, k=3)
    covs = np.repeat(np.eye(2)[None], 3, axis=0)
    e, m = _pair(X, "gmm", iteration=1, covariances=covs, weights=np.array([0.5, 0.5, 0.0]))
    path = bound_path(X, e, m, TS)
    _check_valid(path, 3)
    assert path.bound[I0] == path.objective[I0]
    assert int(np.argmax(path.bound)) == I1


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_point_gaps_are_the_kl_of_each_point(covariance_type):
    X, _ = blobs(11, n=300, k=3)
    e, m = _pair(X, "gmm", covariance_type)
    gaps = point_gaps(X, e, m)
    q = ref.q_of(X, e)
    r = ref.posterior(X, m.means, m.covariances, m.weights)
    expected = (q * (np.log(q) - np.log(r))).sum(axis=1)
    np.testing.assert_allclose(gaps, expected, rtol=1e-6, atol=1e-12)
    assert (gaps >= 0).all()
    assert gaps.sum() == pytest.approx(m.objective - m.lower_bound, rel=1e-7, abs=1e-9)


def test_kmeans_point_gaps():
    X, _ = blobs(12, n=300, k=4, spread=3)
    e, m = _pair(X, "kmeans", k=4)
    gaps = point_gaps(X, e, m)
    d = ref.sq_distances(X, m.means)
    np.testing.assert_allclose(gaps, d[np.arange(len(X)), e.labels] - d.min(axis=1), atol=1e-9)
    assert (gaps >= 0).all() and gaps.sum() > 0
    path = bound_path(X, e, m, [1.0])
    assert gaps.sum() == pytest.approx(path.bound[0] - path.objective[0], rel=1e-9)


def test_bad_arguments_are_named():
    X, _ = blobs(1, n=60)
    e, m = _pair(X, "gmm")
    snaps = list(run_em(X, X[:3], "gmm", max_iter=3, tol=0))
    with pytest.raises(ValueError, match="E state and an M state"):
        bound_path(X, m, e, TS)
    with pytest.raises(ValueError, match="one iteration"):
        bound_path(X, snaps[1], snaps[4], TS)
    with pytest.raises(ValueError, match="60 points; X has 59"):
        point_gaps(X[:-1], e, m)
    for ts in ([np.nan], [0, 3.5], [-2.5], [], "x"):
        with pytest.raises(ValueError, match="ts must"):
            bound_path(X, e, m, ts)


@given(
    n=st.integers(8, 120),
    k=st.integers(1, 4),
    seed=st.integers(0, 2**32 - 1),
    algorithm=st.sampled_from(("gmm", "soft-kmeans", "kmeans")),
    covariance_type=st.sampled_from(COV_TYPES),
    iteration=st.integers(1, 4),
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_path_properties(n, k, seed, algorithm, covariance_type, iteration):
    X = random_points(seed, n)
    k = min(k, n)
    centers = X[np.random.default_rng(seed).choice(n, size=k, replace=False)]
    spread = float(((X - X.mean(axis=0)) ** 2).mean()) + 1e-12
    snaps = list(
        run_em(X, centers, algorithm, covariance_type, max_iter=iteration, tol=0, beta=1 / spread)
    )
    e, m = snaps[-2], snaps[-1]
    path = bound_path(X, e, m, TS)
    _check_valid(path, k, kmeans=algorithm == "kmeans")
    scale = abs(path.objective).max() + 1.0
    assert path.bound[I0] == path.objective[I0] or algorithm == "kmeans"
    if algorithm == "kmeans":
        assert (path.bound >= path.objective).all()
        assert path.bound[I1] <= path.bound.min() + 1e-10 * scale
    else:
        tol = ref.rounding(X, path.covariances, value=scale)
        assert (path.bound <= path.objective + tol).all()
        # maximal at t = 1 up to what reg_covar may cost (the M-step then is not its maximiser)
        allowed = ref.regularisation_cost(m, 1e-6) + tol
        assert path.bound[I1] >= path.bound.max() - allowed
    gaps = point_gaps(X, e, m)
    assert (gaps >= 0).all() and np.isfinite(gaps).all()


def test_kmeans_path_with_zero_inertia_and_an_empty_cluster():
    X = np.array([[0.0, 0.0], [0.0, 0.0], [4.0, 4.0], [4.0, 4.0]])
    snaps = list(
        run_em(X, np.array([[0.0, 0.0], [4.0, 4.0], [50.0, 50.0]]), "kmeans", tol=0, max_iter=1)
    )
    e, m = snaps[1], snaps[2]
    assert m.empty == (2,) and m.objective == 0.0
    with np.errstate(all="raise"):
        path = bound_path(X, e, m, TS)
        gaps = point_gaps(X, e, m)
    _check_valid(path, 3, kmeans=True)
    np.testing.assert_array_equal(gaps, 0.0)
    assert path.objective[I1] == path.bound[I1] == 0.0


def test_parameters_at_the_edge_of_float64_are_a_value_error_not_nan():
    # Ten points that float64 cannot tell apart at 1e90. The engine once gave them an
    # M-step covariance of rounding noise, 1e123 times the previous one, and the path
    # overflows beyond it; it keeps a variance floor now (issue 12), so the pair it gave
    # is put back by hand.
    X = np.c_[np.arange(10.0), 2 * np.arange(10.0)] + 1e90
    snaps = list(run_em(X, X[:2], "gmm", max_iter=1, tol=0))
    e = dataclasses.replace(snaps[1], covariances=np.repeat(np.eye(2)[None] * 1e-6, 2, axis=0))
    noise = [[1.4184722230704843e117, 1.4184722230702007e117]]
    noise = np.array([noise[0], noise[0][::-1]])
    m = dataclasses.replace(snaps[2], covariances=np.repeat(noise[None], 2, axis=0))
    with np.errstate(all="raise"), pytest.raises(ValueError, match="range of floating-point"):
        bound_path(X, e, m, TS)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("algorithm", ["gmm", "kmeans"])
def test_path_objective_is_scikit_learns(algorithm):
    from sklearn.cluster import KMeans
    from sklearn.mixture import GaussianMixture

    X, _ = blobs(13, n=400, k=3)
    e, m = _pair(X, algorithm)
    path = bound_path(X, e, m, [-0.5, 0.3, 1.5])
    for i in range(3):
        if algorithm == "kmeans":
            km = KMeans(3, init=np.array(e.means), n_init=1, max_iter=1).fit(X)
            km.cluster_centers_ = np.array(path.means[i])
            expected = -km.score(X)
        else:
            gm = GaussianMixture(3, means_init=np.array(e.means), max_iter=1).fit(X)
            gm.weights_, gm.means_ = np.array(path.weights[i]), np.array(path.means[i])
            gm.covariances_ = np.array(path.covariances[i])
            gm.precisions_cholesky_ = np.linalg.cholesky(np.linalg.inv(gm.covariances_))
            expected = gm.score_samples(X).sum()
        assert path.objective[i] == pytest.approx(expected, rel=1e-9)
