"""k-means as EM with hard assignments: the nearest-center E-step and the cluster-mean M-step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core.data import PreparedData, label_dtype, tagged_extreme


@dataclass(frozen=True, eq=False)
class AssignResult:
    """One pass over the points: new labels, the inertias, and the M-step's sums."""

    labels: np.ndarray  # (n,) index of the nearest center
    inertia: float  # Σ ||x_i - μ_{c_i}||² with the new labels
    inertia_previous_labels: float  # the same with the labels given (NaN when none)
    counts: np.ndarray  # (k,) points per cluster
    sums: np.ndarray  # (k, 2) sum of the points of each cluster


def e_step(
    data: PreparedData, means: np.ndarray, previous_labels: np.ndarray | None = None
) -> AssignResult:
    """Assign every point to its nearest center.

    With ``previous_labels`` the same pass also measures the inertia of the
    old assignment under these centers: the objective of the M-step that
    produced them, for free.
    """
    k = means.shape[0]
    labels = np.empty(data.n, dtype=label_dtype(k))
    # argmin_j ||x - μ_j||² = argmin_j (||μ_j||² - 2 μ_j·x): one matmul per chunk.
    bx, by = -2.0 * means[:, 0, None], -2.0 * means[:, 1, None]
    norms = (means * means).sum(axis=1)[:, None]
    mx, my = means[:, 0].copy(), means[:, 1].copy()
    xy_all = data.xy

    def work(chunks: list[slice]) -> tuple[float, float, np.ndarray, np.ndarray]:
        inertia, inertia_previous = 0.0, 0.0
        counts, sums = np.zeros(k, dtype=np.int64), np.zeros((k, 2))
        for rows in chunks:
            xy = xy_all[:, rows]
            # Broadcasting, not a matmul: BLAS calls from parallel threads contend.
            dist = np.multiply(bx, xy[0])
            dist += by * xy[1]
            dist += norms
            lab = labels[rows]
            tagged_extreme(dist, lab, largest=False)
            # The inertia from exact differences, not the expanded form, whose
            # cancellation would make "never increases" fail in the last digits.
            inertia += _sum_sq(xy, mx, my, lab)
            if previous_labels is not None:
                inertia_previous += _sum_sq(xy, mx, my, previous_labels[rows])
            counts += np.bincount(lab, minlength=k)
            sums[:, 0] += np.bincount(lab, weights=xy[0], minlength=k)
            sums[:, 1] += np.bincount(lab, weights=xy[1], minlength=k)
        return inertia, inertia_previous, counts, sums

    parts = data.map_chunks(k, work)
    inertia = sum(p[0] for p in parts)
    inertia_previous = sum(p[1] for p in parts) if previous_labels is not None else float("nan")
    counts = np.sum([p[2] for p in parts], axis=0)
    sums = np.sum([p[3] for p in parts], axis=0)
    return AssignResult(labels, inertia, inertia_previous, counts, sums)


def _sum_sq(xy: np.ndarray, mx: np.ndarray, my: np.ndarray, labels: np.ndarray) -> float:
    """Σ ||x_i - μ_{label_i}||² for a (2, rows) block (np.take: fancy indexing is slower)."""
    dx = xy[0] - np.take(mx, labels)
    dy = xy[1] - np.take(my, labels)
    dx *= dx
    dy *= dy
    return float(dx.sum() + dy.sum())


def m_step(assign: AssignResult, means: np.ndarray) -> tuple[np.ndarray, tuple[int, ...]]:
    """Each center moves to the mean of its points; an empty cluster keeps its center."""
    new_means = means.copy()
    filled = assign.counts > 0
    new_means[filled] = assign.sums[filled] / assign.counts[filled, None]
    empty = tuple(int(j) for j in np.flatnonzero(~filled))
    return new_means, empty


def pooled_covariances(inertia: float, n: int, k: int) -> np.ndarray:
    """k equal round covariances σ²I with σ² = inertia / 2n: the model k-means implicitly fits."""
    variance = inertia / (2.0 * max(n, 1))
    return np.repeat((variance * np.eye(2))[None], k, axis=0)
