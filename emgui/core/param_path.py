"""A path θ(t) through valid mixture parameters, from one state (t = 0) to another (t = 1).

Straight lines in the raw parameters leave the valid set when extended beyond [0, 1]
(negative weights, covariances that are not positive definite), so the path is straight
in coordinates where every point is valid: the means, the log-weights (renormalised by a
softmax) and the Cholesky factors of the covariances with their diagonals in log scale.
At t = 0 and t = 1 the path gives the two states' own numbers exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core import gmm
from emgui.core.bound import cholesky_parts

# A weight of 0 (possible in a user's initial state) has log −inf, which cannot be
# interpolated; 1e-300 is 0 to every sum it enters.
LOG_WEIGHT_FLOOR = float(np.log(1e-300))


@dataclass(frozen=True, eq=False)
class ParamPath:
    """Parameters at each t: (T, k, ...) arrays, means in the coordinates they were given in."""

    t: np.ndarray  # (T,)
    means: np.ndarray  # (T, k, 2)
    covariances: np.ndarray  # (T, k, 2, 2)
    weights: np.ndarray  # (T, k)
    log_weights: np.ndarray  # (T, k); −inf only where an endpoint itself has a weight of 0
    l11: np.ndarray | None  # (T, k) Cholesky factor L of Σ = L Lᵀ: [[l11, 0], [l21, l22]]
    l21: np.ndarray | None  # (None on a k-means path, whose covariances are only shown)
    l22: np.ndarray | None

    def whitener(self, i: int) -> gmm._Whitener:
        """The E-step's per-component constants at t[i], built from the factors (never raises)."""
        l11, l21, l22 = self.l11[i], self.l21[i], self.l22[i]
        U = np.zeros((l11.shape[0], 2, 2))
        U[:, 0, 0] = 1.0 / l11
        U[:, 0, 1] = -l21 / (l11 * l22)
        U[:, 1, 1] = 1.0 / l22
        log_det = -np.log(l11) - np.log(l22)
        return gmm._Whitener.from_factors(self.means[i], U, log_det, self.log_weights[i])


def interpolate(t: np.ndarray, start: gmm.GaussianParams, end: gmm.GaussianParams) -> ParamPath:
    """The path at the values ``t`` (1-D), from ``start`` (t = 0) to ``end`` (t = 1)."""
    t = np.asarray(t, dtype=np.float64)
    tc = t[:, None]
    means = start.means + tc[..., None] * (end.means - start.means)
    lw0, lw1 = gmm.log_weights(start.weights), gmm.log_weights(end.weights)
    f0, f1 = np.maximum(lw0, LOG_WEIGHT_FLOOR), np.maximum(lw1, LOG_WEIGHT_FLOOR)
    log_weights = f0 + tc * (f1 - f0)
    top = log_weights.max(axis=1, keepdims=True)
    log_weights -= top + np.log(np.exp(log_weights - top).sum(axis=1, keepdims=True))
    weights = np.exp(log_weights)
    weights /= weights.sum(axis=1, keepdims=True)
    a0, b0, c0 = cholesky_parts(start.covariances)
    a1, b1, c1 = cholesky_parts(end.covariances)
    # x0 · exp(t log(x1 / x0)): exactly x0 at t = 0, and constant when x1 == x0.
    l11 = a0 * np.exp(tc * (np.log(a1) - np.log(a0)))
    l21 = b0 + tc * (b1 - b0)
    l22 = c0 * np.exp(tc * (np.log(c1) - np.log(c0)))
    covariances = np.empty((*l11.shape, 2, 2))
    covariances[..., 0, 0] = l11 * l11
    covariances[..., 0, 1] = covariances[..., 1, 0] = l11 * l21
    covariances[..., 1, 1] = l21 * l21 + l22 * l22
    ends = ((0.0, start, lw0, (a0, b0, c0)), (1.0, end, lw1, (a1, b1, c1)))
    for value, params, lw, factors in ends:
        at = t == value
        means[at] = params.means
        covariances[at] = params.covariances
        weights[at] = params.weights
        log_weights[at] = lw
        l11[at], l21[at], l22[at] = factors
    return ParamPath(t, means, covariances, weights, log_weights, l11, l21, l22)


def interpolate_centers(
    t: np.ndarray, start: gmm.GaussianParams, end: gmm.GaussianParams
) -> ParamPath:
    """A k-means path: the centers on straight lines; the display's covariances and weights
    (which may be 0 and are no parameters of k-means) blended on [0, 1] and held beyond."""
    t = np.asarray(t, dtype=np.float64)
    means = start.means + t[:, None, None] * (end.means - start.means)
    s = np.clip(t, 0.0, 1.0)
    covariances = start.covariances + s[:, None, None, None] * (end.covariances - start.covariances)
    weights = start.weights + s[:, None] * (end.weights - start.weights)
    for value, params in ((0.0, start), (1.0, end)):
        at = t == value
        means[at], covariances[at], weights[at] = params.means, params.covariances, params.weights
    log_weights = np.log(np.maximum(weights, np.finfo(np.float64).tiny))
    return ParamPath(t, means, covariances, weights, log_weights, None, None, None)
