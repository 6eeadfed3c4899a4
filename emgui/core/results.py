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
