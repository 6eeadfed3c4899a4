"""With the same initial parameters, run_em equals scikit-learn to rounding (A2, A19).

scikit-learn is the reference: GaussianMixture given weights_init, means_init
and precisions_init does not re-estimate them (gh-26015), and KMeans with
algorithm="lloyd", n_init=1 and an init array runs plain Lloyd iterations.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from core_helpers import (
    COV_TYPES,
    blobs,
    iris_petals,
    old_faithful,
    run,
    sklearn_full_covariances,
    standardise,
    to_sklearn_precisions,
)
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from emgui.core import initial_means, labels_of, responsibilities

RTOL = 1e-8
ITERATIONS = (1, 2, 5, 20)


def _dataset(name: str) -> tuple[np.ndarray, int]:
    """(X, k) for a named data set."""
    if name.startswith("blobs"):
        seed = int(name.removeprefix("blobs"))
        return blobs(seed, n=300, k=3 + seed % 2)[0], 3 + seed % 2
    if name == "faithful":
        return old_faithful(), 2
    if name == "faithful_std":
        return standardise(old_faithful()), 2
    if name == "iris":
        return iris_petals(), 3
    raise AssertionError(name)


DATASETS = ("blobs0", "blobs1", "blobs2", "faithful", "faithful_std", "iris")


def _centers(X: np.ndarray, k: int, seed: int = 0) -> np.ndarray:
    return initial_means(X, k, "kmeans++", seed=seed)


def _close(actual: np.ndarray, expected: np.ndarray, what: str) -> None:
    expected = np.asarray(expected)
    # a small absolute floor for entries that are zero or nearly (off-diagonals, shifted means)
    atol = 1e-12 * max(float(np.abs(expected).max()), 1e-300)
    np.testing.assert_allclose(actual, expected, rtol=RTOL, atol=atol, err_msg=what)


def _fit_gmm(X, first, covariance_type: str, max_iter: int) -> GaussianMixture:
    gm = GaussianMixture(
        n_components=first.k,
        covariance_type=covariance_type,
        weights_init=np.array(first.weights),
        means_init=np.array(first.means),
        precisions_init=to_sklearn_precisions(np.array(first.covariances), covariance_type),
        max_iter=max_iter,
        tol=0,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return gm.fit(X)


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_gmm_matches_sklearn_after_m_iterations(dataset, covariance_type):
    X, k = _dataset(dataset)
    centers = _centers(X, k)
    longest = run(X, centers, "gmm", covariance_type, max_iter=max(ITERATIONS), tol=0)
    for m in ITERATIONS:
        snaps = run(X, centers, "gmm", covariance_type, max_iter=m, tol=0)
        assert len(snaps) == 2 * m + 1
        # a shorter run is exactly the start of a longer one
        for a, b in zip(snaps, longest, strict=False):
            np.testing.assert_array_equal(a.means, b.means)
        first, last = snaps[0], snaps[-1]
        gm = _fit_gmm(X, first, covariance_type, m)
        assert gm.n_iter_ == m
        where = f"{dataset} {covariance_type} after {m} iterations"
        _close(last.weights, gm.weights_, f"weights, {where}")
        _close(last.means, gm.means_, f"means, {where}")
        _close(last.covariances, sklearn_full_covariances(gm, k), f"covariances, {where}")
        n = X.shape[0]
        # The M snapshot's objective is the log-likelihood of its own (final) parameters.
        np.testing.assert_allclose(last.objective, n * gm.score(X), rtol=RTOL, err_msg=where)
        # sklearn's lower_bound_ is the log-likelihood before its last M-step: our last E snapshot.
        np.testing.assert_allclose(snaps[-2].objective, n * gm.lower_bound_, rtol=RTOL)


@pytest.mark.parametrize("dataset", ("blobs0", "faithful_std", "iris"))
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_gmm_responsibilities_and_labels_match_sklearn(dataset, covariance_type):
    X, k = _dataset(dataset)
    m = 5
    snaps = run(X, _centers(X, k), "gmm", covariance_type, max_iter=m + 1, tol=0)
    gm = _fit_gmm(X, snaps[0], covariance_type, m)
    # The E snapshot of iteration m + 1 assigns with the parameters after m iterations.
    e_next = snaps[2 * m + 1]
    assert (e_next.phase, e_next.iteration) == ("E", m + 1)
    resp = responsibilities(X, e_next)
    np.testing.assert_allclose(resp, gm.predict_proba(X), rtol=0, atol=2e-6)
    np.testing.assert_array_equal(labels_of(e_next), gm.predict(X))
    # kept responsibilities are the recomputed ones
    kept = run(X, _centers(X, k), "gmm", covariance_type, max_iter=m + 1, tol=0, keep_resp=True)
    np.testing.assert_array_equal(kept[2 * m + 1].resp, resp)


@pytest.mark.parametrize("n_components", (1, 2, 5))
@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_gmm_stepwise_by_number_of_components(n_components, covariance_type):
    """A2: step by step (1, 2, 5 steps) for k = 1, 2 and 5 components."""
    X = blobs(7, n=250, k=3)[0]
    centers = _centers(X, n_components, seed=3)
    snaps = run(X, centers, "gmm", covariance_type, max_iter=5, tol=0)
    for m in (1, 2, 5):
        gm = _fit_gmm(X, snaps[0], covariance_type, m)
        step = snaps[2 * m]
        assert (step.phase, step.iteration) == ("M", m)
        _close(step.weights, gm.weights_, f"weights after {m}")
        _close(step.means, gm.means_, f"means after {m}")
        _close(step.covariances, sklearn_full_covariances(gm, n_components), f"covs after {m}")
        np.testing.assert_allclose(step.objective, X.shape[0] * gm.score(X), rtol=RTOL)


def _fit_kmeans(X, centers, max_iter: int) -> KMeans:
    km = KMeans(
        n_clusters=centers.shape[0],
        algorithm="lloyd",
        n_init=1,
        init=np.array(centers),
        tol=0,
        max_iter=max_iter,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return km.fit(X)


@pytest.mark.parametrize("dataset", DATASETS)
def test_kmeans_matches_sklearn_lloyd(dataset):
    X, k = _dataset(dataset)
    centers = _centers(X, k, seed=1)
    for m in ITERATIONS:
        # One more iteration: its E snapshot labels the points by the centers after m steps,
        # which is what sklearn's final labels_ and inertia_ are.
        snaps = run(X, centers, "kmeans", max_iter=m + 1, tol=0)
        assert not any(s.empty for s in snaps), "the comparison holds only without empty clusters"
        after_m, e_next = snaps[2 * m], snaps[2 * m + 1]
        assert (after_m.phase, after_m.iteration, e_next.phase) == ("M", m, "E")
        km = _fit_kmeans(X, centers, m)
        where = f"{dataset} after {m} iterations"
        np.testing.assert_allclose(after_m.means, km.cluster_centers_, rtol=RTOL, atol=1e-12)
        np.testing.assert_array_equal(e_next.labels, km.labels_, err_msg=where)
        np.testing.assert_allclose(e_next.objective, km.inertia_, rtol=RTOL, err_msg=where)
        # The M snapshot's inertia keeps the old labels: never below the reassigned one.
        assert after_m.objective >= e_next.objective * (1 - 1e-12)


@pytest.mark.parametrize("seed", range(4))
def test_kmeans_one_step_matches_numpy_lloyd(seed):
    """A19: one Lloyd step against a ten-line numpy reference (sklearn test_k_means_1_iteration)."""
    X = blobs(seed, n=200, k=4)[0]
    centers = X[np.random.default_rng(seed).choice(200, 4, replace=False)]
    d2 = ((X[:, None, :] - centers[None]) ** 2).sum(axis=2)
    labels = d2.argmin(axis=1)
    expected = np.array([X[labels == j].mean(axis=0) for j in range(4)])
    snaps = run(X, centers, "kmeans", max_iter=1, tol=0)
    np.testing.assert_array_equal(snaps[1].labels, labels)
    np.testing.assert_allclose(snaps[2].means, expected, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(snaps[1].objective, d2.min(axis=1).sum(), rtol=1e-12)


@pytest.mark.parametrize("covariance_type", COV_TYPES)
@pytest.mark.parametrize("dataset", ("blobs1", "faithful", "iris"))
def test_log_likelihood_and_responsibilities_match_scipy(dataset, covariance_type):
    """A3: log π_j + log N(x; μ_j, Σ_j) against scipy.stats.multivariate_normal.logpdf."""
    X, k = _dataset(dataset)
    snaps = run(X, _centers(X, k, seed=2), "gmm", covariance_type, max_iter=3, tol=0)
    for s in snaps[1:]:  # each E snapshot assigns with its parameters; M ones with the E's
        log_joint = np.stack(
            [
                np.log(w) + multivariate_normal(mean=m, cov=c).logpdf(X)
                for w, m, c in zip(
                    s.assign_weights, s.assign_means, s.assign_covariances, strict=True
                )
            ],
            axis=1,
        )
        log_px = logsumexp(log_joint, axis=1)
        if s.phase == "E":  # its objective is the log-likelihood of the parameters it used
            np.testing.assert_allclose(s.objective, log_px.sum(), rtol=1e-9)
        resp = responsibilities(X, s)
        np.testing.assert_allclose(resp, np.exp(log_joint - log_px[:, None]), rtol=0, atol=2e-6)
