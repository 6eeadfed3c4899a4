"""Restarts and model selection: reproducible, sorted, and BIC finds the generating k."""

from __future__ import annotations

import numpy as np
from sklearn.mixture import GaussianMixture

from emgui.core.select import aic, bic, model_selection, n_parameters, restarts

rng = np.random.default_rng(11)
THREE = np.vstack([rng.normal(m, 0.4, (80, 2)) for m in [(0, 0), (5, 0), (2.5, 4.5)]])


def test_restarts_reproduce_with_the_same_seeds_and_sort_best_first():
    a = restarts(THREE, 3, [0, 1, 2, 3], "kmeans", init="random")
    b = restarts(THREE, 3, [0, 1, 2, 3], "kmeans", init="random")
    assert [r.seed for r in a] == [r.seed for r in b]
    assert all(np.array_equal(x.final.means, y.final.means) for x, y in zip(a, b, strict=True))
    objectives = [r.objective for r in a]
    assert objectives == sorted(objectives)  # inertia: lowest first
    g = restarts(THREE, 3, [0, 1, 2], "gmm", init="kmeans++")
    assert [r.objective for r in g] == sorted((r.objective for r in g), reverse=True)


def test_bic_and_aic_match_scikit_learn():
    for cov in ("full", "diag", "spherical", "tied"):
        gm = GaussianMixture(3, covariance_type=cov, random_state=0).fit(THREE)
        ll = gm.score(THREE) * THREE.shape[0]
        assert np.isclose(bic(ll, THREE.shape[0], 3, cov), gm.bic(THREE), rtol=1e-10)
        assert np.isclose(aic(ll, 3, cov), gm.aic(THREE), rtol=1e-10)
        assert n_parameters(3, cov) == gm._n_parameters()


def test_bic_picks_the_generating_k():
    criteria = model_selection(THREE, range(1, 7), "full", seeds=(0, 1))
    ks = [c.k for c in criteria]
    assert ks == list(range(1, 7))
    assert ks[int(np.argmin([c.bic for c in criteria]))] == 3


def test_soft_kmeans_becomes_kmeans_as_beta_grows_and_never_goes_downhill():
    from emgui.core import run_em

    start = THREE[[0, 90, 170]] + 0.3
    km = list(run_em(THREE, start, "kmeans", max_iter=100))[-1]
    for beta in (0.05, 1.0, 100.0):
        snaps = list(run_em(THREE, start, "soft-kmeans", max_iter=300, tol=1e-10, beta=beta))
        lls = np.array([s.objective for s in snaps if s.phase != "E"])
        assert np.all(np.diff(lls) >= -1e-9 * np.abs(lls[:-1]))  # EM: never downhill
        assert all(s.algorithm == "soft-kmeans" and np.allclose(s.weights, 1 / 3) for s in snaps)
        assert np.allclose(snaps[-1].covariances, np.eye(2) / (2 * beta))
    assert np.array_equal(snaps[-1].labels, km.labels)
    assert np.allclose(snaps[-1].means, km.means, atol=1e-9)
    import pytest

    with pytest.raises(ValueError, match="beta"):
        next(iter(run_em(THREE, start, "soft-kmeans", beta=0.0)))


def test_restarts_use_the_soft_kmeans_stiffness():
    """Each restart runs with the β asked for (it ran with β = 1 whatever was set)."""
    from emgui.core import run_em
    from emgui.core.init import initial_means

    stiff = restarts(THREE, 3, [0], "soft-kmeans", init="random", beta=20.0)[0]
    centers = initial_means(THREE, 3, "random", 0)
    expected = list(run_em(THREE, centers, "soft-kmeans", beta=20.0))[-1]
    assert np.array_equal(stiff.final.means, expected.means)
    loose = restarts(THREE, 3, [0], "soft-kmeans", init="random", beta=0.05)[0]
    assert not np.allclose(loose.final.means, stiff.final.means)
