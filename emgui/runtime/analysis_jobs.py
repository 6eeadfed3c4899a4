"""The analysis windows' computations, cancellable between half-steps (Qt-free).

``emgui.core.select`` checks its cancel between whole fits only, and one fit with a slow
but allowed setting (tol 0, max_iter 100,000, 300,000 points) lasts minutes; here each fit
checks ``should_cancel`` after every half-step, and the initial centers between centers.
The results are those of ``select.restarts`` and ``select.model_selection``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from emgui.core import run_em
from emgui.core.init import InitCancelled, initial_means
from emgui.core.select import Cancelled, Criterion, FittedRun, aic, bic
from emgui.core.snapshot import Snapshot

__all__ = ["Cancelled", "fit", "model_selection", "restarts"]

ShouldCancel = Callable[[], bool]
Progress = Callable[[int, int], None]


def _never() -> bool:
    return False


def fit(X: np.ndarray, centers: np.ndarray, should_cancel: ShouldCancel = _never, **options):
    """The final snapshot of ``run_em(X, centers, **options)``; Cancelled between half-steps."""
    last: Snapshot | None = None
    for last in run_em(X, centers, **options):  # noqa: B007
        if should_cancel():
            raise Cancelled
    return last


def _centers(X, k, init, seed, should_cancel) -> np.ndarray:
    try:
        return initial_means(X, k, init, seed, should_cancel=should_cancel)
    except InitCancelled:
        raise Cancelled from None


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
    beta: float = 1.0,
    progress: Progress | None = None,
    should_cancel: ShouldCancel = _never,
) -> list[FittedRun]:
    """One run per seed from ``init`` centers; best objective first."""
    runs = []
    options = dict(
        algorithm=algorithm,
        covariance_type=covariance_type,
        max_iter=max_iter,
        tol=tol,
        reg_covar=reg_covar,
        beta=beta,
    )
    for n, seed in enumerate(seeds):
        if should_cancel():
            raise Cancelled
        centers = _centers(X, k, init, seed, should_cancel)
        runs.append(FittedRun(seed, centers, fit(X, centers, should_cancel, **options)))
        if progress is not None:
            progress(n + 1, len(seeds))
    sign = 1.0 if algorithm == "kmeans" else -1.0  # inertia falls, likelihoods rise
    return sorted(runs, key=lambda r: sign * r.objective)


def model_selection(
    X: np.ndarray,
    ks: Sequence[int],
    covariance_type: str = "full",
    seeds: Sequence[int] = (0, 1, 2),
    max_iter: int = 200,
    tol: float = 1e-6,
    reg_covar: float = 1e-6,
    progress: Progress | None = None,
    should_cancel: ShouldCancel = _never,
) -> list[Criterion]:
    """BIC and AIC of a Gaussian mixture for each k, from the best of a few k-means++ starts."""
    out = []
    n = X.shape[0]
    total = len(ks) * len(seeds)
    for i, k in enumerate(ks):
        if k > n:
            break

        def step(done: int, _total: int, base: int = i * len(seeds)) -> None:
            if progress is not None:
                progress(base + done, total)

        best = restarts(
            X, k, seeds, "gmm", covariance_type, "kmeans++", max_iter, tol, reg_covar,
            progress=step, should_cancel=should_cancel,
        )[0]  # fmt: skip
        ll = best.objective
        out.append(Criterion(k, bic(ll, n, k, covariance_type), aic(ll, k, covariance_type), best))
    return out
