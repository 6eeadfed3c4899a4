"""Initial parameters: random and k-means++ centers, and the initial covariances' rule."""

from __future__ import annotations

import numpy as np
import pytest
from core_helpers import COV_TYPES, blobs, old_faithful, run
from hypothesis import given, settings
from hypothesis import strategies as st

from emgui.core import INIT_METHODS, initial_means


def _rows_of(X: np.ndarray, centers: np.ndarray) -> np.ndarray:
    """Index of each center among the rows of X (exact match), -1 when none."""
    hits = (X[None, :, :] == centers[:, None, :]).all(axis=2)
    return np.where(hits.any(axis=1), hits.argmax(axis=1), -1)


@pytest.mark.parametrize("method", INIT_METHODS)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(1, 300), data_seed=st.integers(0, 1000))
@settings(max_examples=40, deadline=None)
def test_initial_means_are_distinct_rows_reproducible_by_seed(method, seed, n, data_seed):
    rng = np.random.default_rng(data_seed)
    X = rng.normal(size=(n, 2)) * 10.0 ** rng.uniform(-3, 3) + rng.normal(size=2) * 100
    k = int(rng.integers(1, min(n, 8) + 1))
    centers = initial_means(X, k, method, seed=seed)
    assert centers.shape == (k, 2)
    rows = _rows_of(X, centers)
    assert (rows >= 0).all(), "every center is exactly one of the points"
    assert len(set(rows.tolist())) == k, "no point is taken twice"
    np.testing.assert_array_equal(initial_means(X, k, method, seed=seed), centers)
    assert not np.shares_memory(centers, X)


@pytest.mark.parametrize("method", INIT_METHODS)
def test_different_seeds_give_different_centers(method):
    X = old_faithful()
    draws = {initial_means(X, 3, method, seed=s).tobytes() for s in range(10)}
    assert len(draws) >= 8


@pytest.mark.parametrize("method", INIT_METHODS)
def test_k_equals_n_takes_every_point(method):
    X = np.random.default_rng(0).normal(size=(7, 2))
    centers = initial_means(X, 7, method, seed=1)
    assert sorted(_rows_of(X, centers).tolist()) == list(range(7))


def test_kmeans_plusplus_with_duplicates_and_identical_points():
    X = np.repeat(np.array([[0.0, 0.0], [5.0, 5.0]]), 10, axis=0)
    centers = initial_means(X, 2, "kmeans++", seed=0)
    assert {tuple(c) for c in centers} == {(0.0, 0.0), (5.0, 5.0)}
    same = np.full((5, 2), 2.0)  # nothing to spread over: any points, still distinct rows
    rows = _rows_of(same, initial_means(same, 3, "kmeans++", seed=0))
    assert (rows >= 0).all()


@pytest.mark.parametrize("k", (2, 3, 5, 8))
def test_kmeans_plusplus_puts_one_center_in_each_separated_blob(k):
    rng = np.random.default_rng(k)
    spots = np.stack([np.arange(k) * 100.0, rng.uniform(-300, 300, size=k)], axis=1)
    sizes = rng.integers(20, 200, size=k)  # unequal blobs: random init misses small ones
    labels = np.repeat(np.arange(k), sizes)
    X = spots[labels] + rng.normal(size=(labels.size, 2))
    hits = 0
    for seed in range(10):
        centers = initial_means(X, k, "kmeans++", seed=seed)
        blob = labels[_rows_of(X, centers)]
        hits += len(set(blob.tolist())) == k
    assert hits == 10


def test_initial_means_rejects_bad_arguments():
    X = np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"1 <= k <= n_points, got k = 4 and n_points = 3"):
        initial_means(X, 4)
    with pytest.raises(ValueError, match=r"got k = 0"):
        initial_means(X, 0)
    with pytest.raises(ValueError, match=r"init must be one of random, kmeans\+\+; got 'farthest'"):
        initial_means(X, 2, "farthest")


def _initial_rule(X: np.ndarray, centers: np.ndarray, covariance_type: str, reg: float):
    """The rule of init.initial_covariances, written out: pooled scatter around nearest centers."""
    d2 = ((X[:, None, :] - centers[None]) ** 2).sum(axis=2)
    diff = X - centers[d2.argmin(axis=1)]
    W = diff.T @ diff / X.shape[0]
    if covariance_type == "diag":
        W = np.diag(np.diag(W))
    elif covariance_type == "spherical":
        W = np.eye(2) * np.trace(W) / 2
    return np.repeat((W + reg * np.eye(2))[None], centers.shape[0], axis=0)


@pytest.mark.parametrize("covariance_type", COV_TYPES)
@pytest.mark.parametrize("reg", (1e-6, 0.0, 0.5))
@pytest.mark.parametrize("seed", range(3))
def test_initial_covariances_follow_the_documented_rule(covariance_type, reg, seed):
    X = blobs(seed, n=200, k=3)[0] * [1.0, 3.0] + [50.0, -20.0]
    centers = initial_means(X, 3, "random", seed=seed)
    (first,) = run(X, centers, "gmm", covariance_type, max_iter=0, reg_covar=reg)
    expected = _initial_rule(X, centers, covariance_type, reg)
    np.testing.assert_allclose(first.covariances, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(first.weights, np.full(3, 1 / 3))
    np.testing.assert_array_equal(first.means, centers)


def test_initial_covariance_without_any_spread_falls_back():
    """Every point on a center and reg_covar=0: lifted to 1e-10 of the data's mean square."""
    X = np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 4.0]])
    (first,) = run(X, X.copy(), "gmm", "full", max_iter=0, reg_covar=0)
    scale2 = float(((X - X.mean(axis=0)) ** 2).sum(axis=1).mean())
    np.testing.assert_allclose(first.covariances, np.repeat(np.eye(2)[None], 3, 0) * 1e-10 * scale2)
    (default,) = run(X, X.copy(), "gmm", "full", max_iter=0)
    np.testing.assert_array_equal(default.covariances, np.repeat(np.eye(2)[None] * 1e-6, 3, 0))


def test_initial_covariance_of_points_on_a_line_without_reg_covar_is_positive_definite():
    t = np.linspace(0.0, 1.0, 20)
    X = np.stack([t, 2 * t], axis=1)
    (first,) = run(X, X[[0, 19]], "gmm", "full", max_iter=0, reg_covar=0)
    np.linalg.cholesky(first.covariances)


def test_initial_state_of_kmeans():
    """k-means shows a round covariance σ²I with σ² = inertia / 2n, and equal weights."""
    X = blobs(1, n=120, k=3)[0]
    centers = X[:3]
    (first,) = run(X, centers, "kmeans", max_iter=0)
    d2 = ((X[:, None, :] - centers[None]) ** 2).sum(axis=2).min(axis=1)
    np.testing.assert_allclose(first.objective, d2.sum(), rtol=1e-12)
    variance = d2.sum() / (2 * 120)
    np.testing.assert_allclose(first.covariances, np.repeat(np.eye(2)[None] * variance, 3, 0))
    np.testing.assert_array_equal(first.weights, np.full(3, 1 / 3))
