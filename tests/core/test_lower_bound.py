"""Snapshot.lower_bound and q_entropy against the definitions, and EM's climb as properties.

L(q, θ) = Σ_ij q_ij [log π_j N(x_i | μ_j, Σ_j) − log q_ij] with q the latest E-step's
responsibilities; H(q) = −Σ q log q. The engine gets both from closed forms over the E-step's
sums; the reference (theory_reference) sums over every point and component.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import theory_reference as ref
from core_helpers import COV_TYPES, blobs, random_points
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emgui.core import Snapshot, run_em

RTOL = 1e-9


def _run(X, centers, algorithm, covariance_type="full", **kw) -> list[Snapshot]:
    kw.setdefault("max_iter", 8)
    kw.setdefault("tol", 0)
    return list(run_em(X, centers, algorithm, covariance_type, **kw))


def _check_against_reference(X: np.ndarray, snaps: list[Snapshot]) -> None:
    scale = abs(snaps[0].objective) + 1.0
    assert snaps[0].lower_bound is None and snaps[0].q_entropy is None
    for s in snaps[1:]:
        q = ref.q_of(X, s)
        expected = ref.lower_bound(X, q, s.means, s.covariances, s.weights)
        assert s.lower_bound == pytest.approx(expected, rel=RTOL, abs=RTOL * scale)
        assert s.q_entropy == pytest.approx(ref.entropy(q), rel=RTOL, abs=RTOL * scale)
        Q = ref.expected_complete(X, q, s.means, s.covariances, s.weights)
        assert s.lower_bound - s.q_entropy == pytest.approx(Q, rel=RTOL, abs=RTOL * scale)


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_gmm_bound_and_entropy_are_the_definitions(covariance_type):
    X, _ = blobs(3, n=400, k=3)
    snaps = _run(X, X[[0, 1, 2]], "gmm", covariance_type)
    _check_against_reference(X, snaps)


@pytest.mark.parametrize("covariance_type", COV_TYPES)
def test_bound_keeps_its_digits_far_from_the_origin(covariance_type):
    # Points at 1e6: the closed form works on centered sums, so nothing is lost to the offset.
    X, _ = blobs(5, n=300, k=3)
    X = X + np.array([1e6, -3e6])
    snaps = _run(X, X[[0, 5, 9]], "gmm", covariance_type, max_iter=5)
    _check_against_reference(X, snaps)


@pytest.mark.parametrize("beta", [0.05, 1.0, 20.0])
def test_soft_kmeans_bound_is_that_of_round_gaussians(beta):
    X, _ = blobs(4, n=300, k=3, spread=4.0)
    snaps = _run(X, X[[0, 1, 2, 3]], "soft-kmeans", beta=beta)
    _check_against_reference(X, snaps)
    for s in snaps:  # the model: variance 1/(2β), equal weights
        np.testing.assert_allclose(s.covariances, np.eye(2) / (2 * beta) + 0 * s.covariances)


def test_kmeans_has_no_bound():
    X, _ = blobs(1, n=100)
    for s in _run(X, X[:3], "kmeans"):
        assert s.lower_bound is None and s.q_entropy is None


def test_zero_initial_weight_counts_as_zero_log_zero():
    X, _ = blobs(2, n=200, k=3)
    covs = np.repeat(np.eye(2)[None], 3, axis=0)
    snaps = _run(X, X[:3], "gmm", covariances=covs, weights=np.array([0.5, 0.5, 0.0]))
    for s in snaps[1:]:
        assert np.isfinite(s.lower_bound) and np.isfinite(s.q_entropy)
    _check_against_reference(X, snaps)


def test_e_state_bound_is_the_objective_exactly_and_m_state_bound_is_below():
    X, _ = blobs(6, n=500, k=4)
    snaps = _run(X, X[:4], "gmm", "full", max_iter=10)
    for e, m in zip(snaps[1::2], snaps[2::2], strict=True):
        assert e.lower_bound == e.objective
        assert e.q_entropy == m.q_entropy  # the same q
        assert m.lower_bound <= m.objective
        assert m.lower_bound >= e.lower_bound


def test_run_json_gets_the_bound_per_step(tmp_path):
    import json

    from emgui.io.run_file import run_to_dict, write_run_json

    X, _ = blobs(1, n=80)
    for algorithm in ("gmm", "kmeans"):
        snaps = _run(X, X[:3], algorithm, max_iter=3)
        path = tmp_path / f"{algorithm}.json"
        write_run_json(str(path), snaps)
        steps = json.loads(path.read_text())["steps"]
        assert [s["lower_bound"] for s in steps] == [s.lower_bound for s in snaps]
        assert steps[0]["lower_bound"] is None
        if algorithm == "gmm":
            assert all(isinstance(s["lower_bound"], float) for s in steps[1:])
        assert run_to_dict(snaps)["steps"][-1]["lower_bound"] == snaps[-1].lower_bound


@st.composite
def runs(draw):
    n = draw(st.integers(6, 150))
    k = draw(st.integers(1, min(5, n)))
    seed = draw(st.integers(0, 2**32 - 1))
    X = random_points(seed, n)
    centers = X[np.random.default_rng(seed + 1).choice(n, size=k, replace=False)]
    algorithm = draw(st.sampled_from(("gmm", "soft-kmeans")))
    covariance_type = draw(st.sampled_from(COV_TYPES))
    # soft k-means' β in units of the data's spread, so that it is neither flat nor hard
    spread = float(((X - X.mean(axis=0)) ** 2).mean()) + 1e-12
    beta = draw(st.floats(0.05, 20.0)) / spread
    return X, centers, algorithm, covariance_type, beta


@given(case=runs(), max_iter=st.integers(1, 10))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_bound_touches_after_e_stays_below_after_m_and_never_falls(case, max_iter):
    X, centers, algorithm, covariance_type, beta = case
    reg_covar = 1e-6
    snaps = _run(X, centers, algorithm, covariance_type, max_iter=max_iter, beta=beta)
    for s in snaps[1:]:
        tol = ref.rounding(X, s.covariances, s.assign_covariances, value=s.objective)
        assert np.isfinite(s.lower_bound) and np.isfinite(s.q_entropy)
        assert s.q_entropy >= -tol  # an entropy
        if s.phase == "E":
            assert s.lower_bound == s.objective
        else:
            assert s.lower_bound <= s.objective + tol
    for before, after in itertools.pairwise(snaps[1:]):
        tol = ref.rounding(X, before.covariances, after.covariances, value=before.objective)
        allowed = tol + (ref.regularisation_cost(after, reg_covar) if after.phase == "M" else 0)
        assert after.lower_bound >= before.lower_bound - allowed, (before.phase, after.iteration)
