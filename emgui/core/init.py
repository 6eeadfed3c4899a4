"""Initial parameters: user centers, random points or k-means++; covariances from the data."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from emgui.core.data import PreparedData
from emgui.core.gmm import keep_resolvable
from emgui.core.kmeans import e_step as nearest_center

INIT_METHODS = ("random", "kmeans++")


class InitCancelled(Exception):
    """``should_cancel`` asked initial_means to stop."""


def initial_means(
    X: np.ndarray,
    k: int,
    method: str = "kmeans++",
    seed: int = 0,
    should_cancel: Callable[[], bool] | None = None,
) -> np.ndarray:
    """k initial centers drawn from the rows of X, reproducibly for a given seed.

    ``should_cancel()`` is checked between centers; True raises InitCancelled.
    """
    n = X.shape[0]
    if not 1 <= k <= n:
        raise ValueError(f"Expected 1 <= k <= n_points, got k = {k} and n_points = {n}")
    rng = np.random.default_rng(seed)
    if method == "random":
        return X[rng.choice(n, size=k, replace=False)].copy()
    if method == "kmeans++":
        return _kmeans_plusplus(X, k, rng, should_cancel)
    raise ValueError(f"init must be one of {', '.join(INIT_METHODS)}; got {method!r}")


def _kmeans_plusplus(
    X: np.ndarray, k: int, rng: np.random.Generator, should_cancel: Callable[[], bool] | None
) -> np.ndarray:
    """Greedy k-means++ (Arthur and Vassilvitskii; scikit-learn's variant with 2 + log k trials)."""
    n = X.shape[0]
    Xc = X - X.mean(axis=0)
    # Coordinates as contiguous columns: one pass per candidate and coordinate, with no
    # (trials, n, 2) temporaries (12x faster at 1e6 points; the same sums, bit for bit).
    x, y = np.ascontiguousarray(Xc[:, 0]), np.ascontiguousarray(Xc[:, 1])
    trials = 2 + int(np.log(k))
    # Indices, not the centered rows: (x - mean) + mean need not give x back.
    chosen = np.empty(k, dtype=np.intp)
    first = rng.integers(n)
    chosen[0] = first
    closest = _sq_dist(x, y, x[first], y[first], np.empty(n), np.empty(n))
    candidate = np.empty((trials, n))
    dy = np.empty(n)
    for c in range(1, k):
        if should_cancel is not None and should_cancel():
            raise InitCancelled
        total = closest.sum()
        if total <= 0:  # every point sits on a center already: take any
            pick = rng.integers(n, size=trials)
        else:
            pick = np.searchsorted(np.cumsum(closest), rng.random(trials) * total)
            pick = np.minimum(pick, n - 1)
        for t, p in enumerate(pick):
            row = _sq_dist(x, y, x[p], y[p], candidate[t], dy)
            np.minimum(closest, row, out=row)
        best = int(np.argmin(candidate[: len(pick)].sum(axis=1)))
        chosen[c] = pick[best]
        closest = candidate[best].copy()
    return X[chosen].copy()


def _sq_dist(x, y, px: float, py: float, out: np.ndarray, scratch: np.ndarray) -> np.ndarray:
    """out = (x - px)² + (y - py)², as ((X - p) ** 2).sum(axis=1) adds them."""
    np.subtract(x, px, out=out)
    np.multiply(out, out, out=out)
    np.subtract(y, py, out=scratch)
    np.multiply(scratch, scratch, out=scratch)
    out += scratch
    return out


def initial_covariances(
    data: PreparedData, means_centered: np.ndarray, covariance_type: str, reg_covar: float
) -> np.ndarray:
    """Every component starts with the pooled scatter of the points around their nearest center.

    Rule: assign each point to its nearest initial center, pool the scatter
    W = Σ_i (x_i - μ_{c_i})(x_i - μ_{c_i})ᵀ / n, and give every component W in
    the chosen type's form (full and tied: W; diag: its diagonal; spherical:
    its mean variance), plus reg_covar. It is in the data's units, whatever
    they are, and about the size of a cluster, so the first E-step separates
    the points sensibly; with no spread at all it falls back to reg_covar.
    """
    k = means_centered.shape[0]
    assign = nearest_center(data, means_centered)
    xy = data.xy
    W = np.zeros((2, 2))
    for rows in data.chunks(k):
        d = xy[:, rows] - means_centered[assign.labels[rows]].T
        W += d @ d.T
    W /= max(data.n, 1)
    if covariance_type == "diag":
        W = np.diag(np.diag(W))
    elif covariance_type == "spherical":
        W = np.eye(2) * (np.trace(W) / 2.0)
    W = W + reg_covar * np.eye(2)
    if reg_covar > 0:
        # As every M-step does, or the first one's log-likelihood falls from a start
        # narrower than float64 can keep at the data's scale (coordinates of 1e100).
        W = W[None].copy()
        keep_resolvable(W, covariance_type, data.variance_floor)
        W = W[0]
    if not np.all(np.linalg.eigvalsh(W) > 0):
        # Points on a line (or on the centers) with reg_covar = 0: lift W just
        # enough, relative to the data's size, for the first E-step to be defined.
        W = W + np.eye(2) * max(1e-10 * data.scale2, np.finfo(np.float64).tiny)
    return np.repeat(W[None], k, axis=0)
