"""How well the clusters agree with known classes: confusion matrix, adjusted Rand index, matching.

"Clusters are not classes": the confusion matrix counts the points of each class in each
component, the adjusted Rand index (Hubert and Arabie, 1985) scores the agreement of the two
partitions (1 identical, about 0 for chance, whatever the numbering), and a one-to-one
matching of components to classes (the assignment that puts most points on the diagonal)
orders the components for display, so a colour keeps meaning the same class.

The matching is an exact Hungarian (Kuhn-Munkres) assignment written here rather than
scipy's linear_sum_assignment: the matrix is at most 50 classes by a few dozen components,
so O(n³) in Python takes well under a millisecond, and scipy would be a 40 MB run-time
dependency used for nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class Agreement:
    """Known classes against components, for one state of a run."""

    confusion: np.ndarray  # (n_classes, k) int64: points of class i in component j
    classes: tuple[str, ...]
    ari: float  # adjusted Rand index of the two partitions
    component_of_class: tuple[int | None, ...]  # the component matched to each class, or None

    @property
    def order(self) -> tuple[int, ...]:
        """Components in display order: the matched ones by their class, then the rest."""
        matched = [j for j in self.component_of_class if j is not None]
        rest = [j for j in range(self.confusion.shape[1]) if j not in matched]
        return (*matched, *rest)

    @property
    def matched_fraction(self) -> float:
        """Share of the points on the matched diagonal (1.0: every class is one component)."""
        total = int(self.confusion.sum())
        hits = sum(
            int(self.confusion[i, j])
            for i, j in enumerate(self.component_of_class)
            if j is not None
        )
        return hits / total if total else 0.0

    def to_dict(self) -> dict:
        """The run JSON's "agreement": ari, confusion (classes × components), classes, matching."""
        return {
            "ari": self.ari,
            "confusion": self.confusion.tolist(),
            "classes": list(self.classes),
            "component_of_class": list(self.component_of_class),
        }


def confusion_matrix(classes: np.ndarray, n_classes: int, labels: np.ndarray, k: int) -> np.ndarray:
    """(n_classes, k) counts of points with class i and component j; one bincount, no loops."""
    classes = np.asarray(classes)
    labels = np.asarray(labels)
    if classes.shape != labels.shape:
        raise ValueError(f"{classes.shape[0]} class labels for {labels.shape[0]} points")
    flat = classes.astype(np.int64) * k + labels
    return np.bincount(flat, minlength=n_classes * k).reshape(n_classes, k)


def _pairs(counts: np.ndarray) -> float:
    counts = counts.astype(np.float64)
    return float((counts * (counts - 1) / 2).sum())


def adjusted_rand_index(confusion: np.ndarray) -> float:
    """The adjusted Rand index from a contingency table (Hubert and Arabie's formula).

    1.0 when the partitions agree (also in the degenerate case of one class and one
    cluster, or one point per group), as scikit-learn's adjusted_rand_score defines it.
    """
    n = int(confusion.sum())
    both = _pairs(confusion)
    rows = _pairs(confusion.sum(axis=1))
    cols = _pairs(confusion.sum(axis=0))
    total = n * (n - 1) / 2
    if total == 0:
        return 1.0
    expected = rows * cols / total
    maximum = (rows + cols) / 2
    if maximum == expected:  # both partitions trivial in the same way
        return 1.0
    return float((both - expected) / (maximum - expected))


def match_components(confusion: np.ndarray) -> tuple[int | None, ...]:
    """For each class, the component matched to it so that the matched counts are largest.

    A one-to-one assignment; with more classes than components some classes get None.
    """
    n_classes, k = confusion.shape
    if n_classes == 0 or k == 0:
        return (None,) * n_classes
    # Minimise the cost -count on a square matrix padded with zeros.
    size = max(n_classes, k)
    cost = np.zeros((size, size))
    cost[:n_classes, :k] = -confusion
    col_of_row = _hungarian(cost)
    return tuple(int(j) if j < k else None for j in col_of_row[:n_classes])


def _hungarian(cost: np.ndarray) -> np.ndarray:
    """The column assigned to each row of a square cost matrix at least total cost.

    Kuhn-Munkres with potentials, one shortest augmenting path per row (O(n³)); the
    inner scan over columns is vectorised.
    """
    n = cost.shape[0]
    u = np.zeros(n + 1)
    v = np.zeros(n + 1)
    row_of_col = np.zeros(n + 1, dtype=np.intp)  # 1-based rows; 0 is "free"
    way = np.zeros(n + 1, dtype=np.intp)
    for i in range(1, n + 1):
        row_of_col[0] = i
        j0 = 0
        minv = np.full(n + 1, np.inf)
        used = np.zeros(n + 1, dtype=bool)
        while True:
            used[j0] = True
            i0 = row_of_col[j0]
            free = ~used[1:]
            reduced = cost[i0 - 1] - u[i0] - v[1:]
            better = free & (reduced < minv[1:])
            minv[1:][better] = reduced[better]
            way[1:][better] = j0
            candidates = np.where(free, minv[1:], np.inf)
            j1 = int(np.argmin(candidates)) + 1
            delta = candidates[j1 - 1]
            u[row_of_col[used]] += delta
            v[used] -= delta
            minv[1:][free] -= delta
            j0 = j1
            if row_of_col[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            row_of_col[j0] = row_of_col[j1]
            j0 = j1
    col_of_row = np.empty(n, dtype=np.intp)
    col_of_row[row_of_col[1:] - 1] = np.arange(n)
    return col_of_row


def colour_slots(component_of_class: tuple[int | None, ...], k: int) -> np.ndarray:
    """(k,) the palette slot each component is drawn in: the matched one takes its class's.

    With colours by slot, class i is always drawn in colour i whichever component EM calls
    it, so the colours stay put from one run (or seed) to the next; unmatched components
    take the free slots in order. A permutation of 0..k-1 when there are at most k classes.
    """
    slots = np.full(k, -1, dtype=np.intp)
    for i, j in enumerate(component_of_class):
        if j is not None and i < k:
            slots[j] = i
    free = iter(sorted(set(range(k)) - set(slots[slots >= 0].tolist())))
    for j in range(k):
        if slots[j] < 0:
            slots[j] = next(free, j)
    return slots


def run_colour_slots(
    classes: np.ndarray | None, n_classes: int, labels: np.ndarray | None, k: int
) -> np.ndarray | None:
    """A run's colour slots from the classes and its first E-step's ``labels``; None without
    classes (or when they are not these points').

    Matched once, at the first assignment, and kept for the whole run: colours that followed
    the matching of each shown state would swap in the middle of a run.
    """
    if classes is None or labels is None or np.shape(classes) != np.shape(labels):
        return None
    return colour_slots(match_components(confusion_matrix(classes, n_classes, labels, k)), k)


def agreement(
    classes: np.ndarray, class_names: tuple[str, ...], labels: np.ndarray, k: int
) -> Agreement:
    """The agreement of component ``labels`` (0..k-1) with known ``classes`` (0..len(names)-1)."""
    confusion = confusion_matrix(classes, len(class_names), labels, k)
    return Agreement(
        confusion=confusion,
        classes=tuple(class_names),
        ari=adjusted_rand_index(confusion),
        component_of_class=match_components(confusion),
    )
