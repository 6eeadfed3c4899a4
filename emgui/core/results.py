"""Per-point results of a snapshot, recomputed on demand rather than stored for every step."""

from __future__ import annotations

import numpy as np

from emgui.core import gmm
from emgui.core.data import prepare
from emgui.core.snapshot import Snapshot


def labels_of(snapshot: Snapshot) -> np.ndarray | None:
    """The hard assignment of each point (nearest center, or most responsible component)."""
    return snapshot.labels


def responsibilities(X: np.ndarray, snapshot: Snapshot) -> np.ndarray | None:
    """The (n, k) float32 responsibilities behind a snapshot's assignments; None before any E-step.

    k-means gives 0/1 rows. For a GMM they are recomputed from the parameters
    the E-step used (``snapshot.assign_*``), unless the run kept them.
    """
    if snapshot.labels is None:
        return None
    if snapshot.resp is not None:
        return snapshot.resp
    if snapshot.algorithm == "kmeans":
        out = np.zeros((snapshot.labels.shape[0], snapshot.k), dtype=np.float32)
        out[np.arange(out.shape[0]), snapshot.labels] = 1.0
        return out
    data = prepare(np.asarray(X, dtype=np.float64))
    params = gmm.GaussianParams(
        means=snapshot.assign_means - data.origin,
        covariances=snapshot.assign_covariances,
        weights=snapshot.assign_weights,
    )
    return gmm.responsibilities(data, params)


def point_terms(x: np.ndarray, snapshot: Snapshot) -> dict[str, np.ndarray] | None:
    """The E-step's numbers for a few points (m, 2), as the explain panel shows them.

    k-means: ``dist2`` (m, k), the squared distances to the centers the E-step
    used. GMM: ``log_weighted`` (m, k) = log π_j + log N(x | μ_j, Σ_j),
    ``density`` (m, k) = N(x | μ_j, Σ_j) and ``resp`` (m, k) = γ. The numbers
    come from the same code as the engine's E-step. None before any E-step.
    """
    if snapshot.assign_means is None:
        return None
    x = np.atleast_2d(np.asarray(x, dtype=np.float64))
    means = snapshot.assign_means
    if snapshot.algorithm == "kmeans":
        d = x[:, None, :] - means[None, :, :]
        return {"dist2": (d * d).sum(axis=2)}
    params = gmm.GaussianParams(means, snapshot.assign_covariances, snapshot.assign_weights)
    log_weighted = gmm._Whitener(params).weighted_log_prob(np.ascontiguousarray(x.T)).T
    with np.errstate(divide="ignore"):
        log_density = log_weighted - np.log(snapshot.assign_weights)
    top = log_weighted.max(axis=1, keepdims=True)
    e = np.exp(log_weighted - top)
    resp = e / e.sum(axis=1, keepdims=True)
    return {"log_weighted": log_weighted, "density": np.exp(log_density), "resp": resp}
