"""Whole runs for comparison: restarts from several seeds (local optima), and BIC/AIC over k.

Each fit checks ``should_cancel`` after every half-step, and the initial centers between
centers, so the analysis windows stop at once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from emgui.core.init import InitCancelled, initial_means
from emgui.core.options import EMOptions
from emgui.core.run import run_em
from emgui.core.snapshot import Snapshot

Cancel = Callable[[], bool]
Progress = Callable[[int, int], None]


class Cancelled(Exception):
    """The caller asked to stop; nothing partial is returned."""


@dataclass(frozen=True, eq=False)
class FittedRun:
    """One complete run: where it started, and its final state."""

    seed: int | None
    centers: np.ndarray  # the initial means
    final: Snapshot

    @property
    def objective(self) -> float:
        return self.final.objective


def _never() -> bool:
    return False


def fit(X: np.ndarray, centers: np.ndarray, should_cancel: Cancel = _never, **options) -> Snapshot:
    """The final snapshot of ``run_em(X, centers, **options)``; Cancelled between half-steps.

    The check after every half-step lets a caller stop a slow but allowed fit (tol 0,
    max_iter 100,000 on 300,000 points lasts minutes) at once; the others are not kept.
    """
    last = None
    for last in run_em(X, centers, **options):  # noqa: B007
        if should_cancel():
            raise Cancelled
    return last


def restarts(
    X: np.ndarray,
    k: int,
    seeds: Sequence[int],
    algorithm: str = "gmm",
    covariance_type: str = "full",
    init: str = "kmeans++",
    max_iter: int = 100,
    tol: float = 1e-6,
    reg_covar: float = 1e-6,
    progress: Progress | None = None,
    should_cancel: Cancel = _never,
    beta: float = 1.0,
) -> list[FittedRun]:
    """One run per seed from ``init`` centers; best objective first (``beta``: soft k-means)."""
    options = EMOptions(algorithm, covariance_type, max_iter, tol, reg_covar, beta)
    runs = []
    for n, seed in enumerate(seeds):
        if should_cancel():
            raise Cancelled
        try:
            centers = initial_means(X, k, init, seed, should_cancel=should_cancel)
        except InitCancelled:
            raise Cancelled from None
        runs.append(FittedRun(seed, centers, fit(X, centers, should_cancel, options=options)))
        if progress is not None:
            progress(n + 1, len(seeds))
    sign = 1.0 if algorithm == "kmeans" else -1.0  # inertia falls, likelihoods rise
    return sorted(runs, key=lambda r: sign * r.objective)


def n_parameters(k: int, covariance_type: str) -> int:
    """Free parameters of a 2-D mixture: k - 1 weights, 2k means and the covariances."""
    cov = {"full": 3 * k, "diag": 2 * k, "spherical": k, "tied": 3}[covariance_type]
    return (k - 1) + 2 * k + cov


def bic(log_likelihood: float, n: int, k: int, covariance_type: str) -> float:
    """Bayesian information criterion, as scikit-learn's GaussianMixture.bic: lower is better."""
    return -2.0 * log_likelihood + n_parameters(k, covariance_type) * np.log(n)


def aic(log_likelihood: float, k: int, covariance_type: str) -> float:
    """Akaike information criterion, as scikit-learn's GaussianMixture.aic: lower is better."""
    return -2.0 * log_likelihood + 2.0 * n_parameters(k, covariance_type)


@dataclass(frozen=True, eq=False)
class Criterion:
    k: int
    bic: float
    aic: float
    run: FittedRun


def model_selection(
    X: np.ndarray,
    ks: Sequence[int],
    covariance_type: str = "full",
    seeds: Sequence[int] = (0, 1, 2),
    max_iter: int = 200,
    tol: float = 1e-6,
    reg_covar: float = 1e-6,
    progress: Progress | None = None,
    should_cancel: Cancel = _never,
) -> list[Criterion]:
    """BIC and AIC of a Gaussian mixture for each k, from the best of a few k-means++ starts."""
    out = []
    total = len(ks) * len(seeds)
    done = 0
    n = X.shape[0]
    for k in ks:
        if k > n:
            break

        def step(i, _total, base=done):
            if progress is not None:
                progress(base + i, total)

        best = restarts(
            X,
            k,
            seeds,
            "gmm",
            covariance_type,
            "kmeans++",
            max_iter,
            tol,
            reg_covar,
            progress=step,
            should_cancel=should_cancel,
        )[0]
        done += len(seeds)
        ll = best.objective
        out.append(Criterion(k, bic(ll, n, k, covariance_type), aic(ll, k, covariance_type), best))
    return out
