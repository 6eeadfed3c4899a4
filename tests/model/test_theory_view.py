"""The decomposition of the shown state (PRML 9.11) from the engine's numbers, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import responsibilities, run_em
from emgui.model.presets import make_preset, preset_by_id
from emgui.model.theory_view import decomposition, kmeans_star_after, step_pair

rng = np.random.default_rng(7)
X = np.vstack([rng.normal((0, 0), 0.7, (80, 2)), rng.normal((2.5, 1.5), 0.6, (60, 2))])
C = np.array([[0.5, 1.5], [1.5, -0.5]])


def logsumexp(a, axis, keepdims=False):
    top = a.max(axis=axis, keepdims=True)
    out = top + np.log(np.exp(a - top).sum(axis=axis, keepdims=True))
    return out if keepdims else np.squeeze(out, axis=axis)


def log_joint(points, snap):
    """log π_j + log N(x_i | μ_j, Σ_j) of a state's parameters, from the definition."""
    out = np.empty((points.shape[0], snap.k))
    for j in range(snap.k):
        cov = snap.covariances[j]
        d = points - snap.means[j]
        maha = np.einsum("ni,ij,nj->n", d, np.linalg.inv(cov), d)
        out[:, j] = (
            np.log(snap.weights[j]) - np.log(2 * np.pi) - 0.5 * (np.log(np.linalg.det(cov)) + maha)
        )
    return out


@pytest.mark.parametrize("algorithm", ["gmm", "soft-kmeans"])
def test_mixture_decomposition_equals_the_definitions(algorithm):
    snaps = list(run_em(X, C, algorithm, max_iter=4, tol=0, beta=1.5))
    for i, snap in enumerate(snaps[1:], start=1):
        d = decomposition(snap, snaps[i - 1])
        # q: the responsibilities of the E-step in force (float64 from the definition).
        e = snap if snap.phase == "E" else snaps[i - 1]
        lj_e = log_joint(X, e)
        q = np.exp(lj_e - logsumexp(lj_e, axis=1, keepdims=True))
        lj = log_joint(X, snap)
        log_p = logsumexp(lj, axis=1).sum()
        entropy = -(q * np.log(q)).sum()
        q_term = (q * lj).sum()
        kl = (q * (np.log(q) - (lj - logsumexp(lj, axis=1, keepdims=True)))).sum()
        assert d.kind == "mixture" and d.phase == snap.phase
        assert d.objective == pytest.approx(log_p, rel=1e-9)
        assert d.bound == pytest.approx(q_term + entropy, rel=1e-7)
        assert d.entropy == pytest.approx(entropy, rel=1e-6)
        assert d.q_term == pytest.approx(q_term, rel=1e-7)
        assert d.gap == pytest.approx(kl, abs=1e-6 * abs(log_p))
        if snap.phase == "E":
            assert d.gap == 0.0  # the bound touches
        assert d.total == d.objective and d.part == d.bound


def test_the_m_state_shows_a_stale_q_and_the_bound_before():
    snaps = list(run_em(X, C, "gmm", max_iter=3, tol=0))
    e, m = snaps[3], snaps[4]
    d = decomposition(m, e)
    assert d.gap > 1e-6  # q from θ_old is not the posterior under θ_new
    assert d.before_bound == pytest.approx(e.objective)  # touching at the E state
    assert d.bound >= d.before_bound  # the M-step raised the bound
    assert d.objective - d.before_objective >= d.bound - d.before_bound  # and log p more


def test_nothing_to_split_in_the_initial_state():
    snaps = list(run_em(X, C, "gmm", max_iter=1))
    assert decomposition(snaps[0]) is None and decomposition(None) is None
    assert step_pair(snaps, 0) == (None, None, None)


def test_kmeans_is_the_mirror():
    Y, C2 = make_preset(preset_by_id("old-faithful-kmeans"))
    snaps = list(run_em(Y, C2, "kmeans", max_iter=20))
    e, m = snaps[3], snaps[4]
    j_star = ((Y[:, None] - m.means[None]) ** 2).sum(axis=2).min(axis=1).sum()
    j_held = ((Y - m.means[m.labels]) ** 2).sum()
    star = kmeans_star_after(snaps, 4)
    assert star == pytest.approx(j_star, rel=1e-9)
    d = decomposition(m, e, star)
    assert d.kind == "kmeans"
    assert d.bound == pytest.approx(j_held, rel=1e-9) and d.objective == pytest.approx(j_star)
    assert d.total == d.bound and d.part == d.objective and d.gap == pytest.approx(j_held - j_star)
    assert decomposition(m, e) is None  # J*(μ) unknown: nothing half-drawn
    de = decomposition(e, snaps[2])
    assert de.gap == 0.0 and de.before_bound == pytest.approx(snaps[2].objective)
    assert kmeans_star_after(snaps, len(snaps) - 1) == pytest.approx(snaps[-1].objective)
    assert snaps[-1].converged


def test_step_pair_finds_the_iteration_of_either_half_step():
    snaps = list(run_em(X, C, "gmm", max_iter=3, tol=0))
    assert step_pair(snaps, 3) == (snaps[2], snaps[3], snaps[4])
    assert step_pair(snaps, 4) == (snaps[2], snaps[3], snaps[4])
    assert step_pair(snaps, 1) == (snaps[0], snaps[1], snaps[2])
    assert step_pair(snaps[:4], 3) == (snaps[2], snaps[3], None)  # M not computed yet
    assert step_pair(snaps, 99) == (None, None, None)


def test_responsibilities_are_the_q_of_the_bound():
    snaps = list(run_em(X, C, "gmm", max_iter=2, tol=0))
    e = snaps[3]
    q = responsibilities(X, e).astype(float)
    lj = log_joint(X, e)
    bound = (q * (lj - np.log(np.clip(q, 1e-300, None)))).sum()
    assert decomposition(e).bound == pytest.approx(bound, rel=1e-5)
