"""Whole runs for comparison: restarts from several seeds (local optima), and BIC/AIC over k."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from emgui.core.init import initial_means
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


def fit(X: np.ndarray, centers: np.ndarray, *args, **options) -> Snapshot:
    """The final snapshot of ``run_em(X, centers, *args, **options)`` (the others are not kept)."""
    last = None
    for last in run_em(X, centers, *args, **options):  # noqa: B007
        pass
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
    should_cancel: Cancel | None = None,
    beta: float = 1.0,
) -> list[FittedRun]:
    """One run per seed from ``init`` centers; best objective first (``beta``: soft k-means)."""
    runs = []
    for n, seed in enumerate(seeds):
        if should_cancel is not None and should_cancel():
            raise Cancelled
        centers = initial_means(X, k, init, seed)
        final = fit(X, centers, algorithm, covariance_type, max_iter, tol, reg_covar, beta=beta)
        runs.append(FittedRun(seed, centers, final))
        if progress is not None:
            progress(n + 1, len(seeds))
    sign = 1.0 if algorithm == "kmeans" else -1.0
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
    should_cancel: Cancel | None = None,
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
            step,
            should_cancel,
        )[0]
        done += len(seeds)
        ll = best.objective
        out.append(Criterion(k, bic(ll, n, k, covariance_type), aic(ll, k, covariance_type), best))
    return out
