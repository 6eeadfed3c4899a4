"""The frozen record of one EM state: what the worker sends, the history keeps, the scene draws."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

PHASES = ("init", "E", "M")
ALGORITHMS = ("kmeans", "gmm", "soft-kmeans")
SOFT_ALGORITHMS = ("gmm", "soft-kmeans")  # responsibilities, not just labels
COVARIANCE_TYPES = ("full", "diag", "spherical", "tied")


def frozen(array: np.ndarray | None) -> np.ndarray | None:
    """A read-only view of ``array`` (None stays None), so it can cross threads safely."""
    if array is None:
        return None
    view = array.view()
    view.flags.writeable = False
    return view


@dataclass(frozen=True, eq=False)
class Snapshot:
    """One state of an EM run: the parameters after a half-step and the assignments behind them.

    ``labels`` are the hard assignments in force (k-means: nearest center;
    GMM: most responsible component), shared by an E snapshot and the M
    snapshot after it; ``None`` in the initial state, before any E-step.
    ``assign_means``, ``assign_covariances`` and ``assign_weights`` are the
    parameters those assignments were computed from, so that soft
    responsibilities can be recomputed with :func:`emgui.core.responsibilities`
    instead of being stored (they would not fit in memory for long runs on 1e6
    points). ``resp`` holds them only when the run was asked to keep them.

    ``lower_bound`` (mixtures and soft k-means) is the EM bound
    L(q, θ) = Σ_ij q_ij [log π_j + log N(x_i | μ_j, Σ_j) − log q_ij] with q the
    responsibilities of the latest E-step and θ this snapshot's parameters:
    equal to ``objective`` after an E-step, at or below it after an M-step.
    ``q_entropy`` is H(q) = −Σ_ij q_ij log q_ij of the same q, so that
    Q(θ, θ_old) = lower_bound − q_entropy. Both are None in the initial state
    and for k-means.
    """

    iteration: int
    phase: str
    algorithm: str
    covariance_type: str
    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray
    objective: float
    labels: np.ndarray | None = None
    previous_labels: np.ndarray | None = None
    assign_means: np.ndarray | None = None
    assign_covariances: np.ndarray | None = None
    assign_weights: np.ndarray | None = None
    n_changed: int = 0
    converged: bool = False
    final: bool = False
    empty: tuple[int, ...] = ()
    collapsed: tuple[int, ...] = ()
    resp: np.ndarray | None = field(default=None, repr=False)
    lower_bound: float | None = None
    q_entropy: float | None = None

    @property
    def k(self) -> int:
        return int(self.means.shape[0])

    @property
    def n_points(self) -> int | None:
        return None if self.labels is None else int(self.labels.shape[0])

    def changed_mask(self) -> np.ndarray | None:
        """Points whose assignment this E-step changed; None when there is nothing to compare."""
        if self.phase != "E" or self.labels is None or self.previous_labels is None:
            return None
        return self.labels != self.previous_labels

    def without_resp(self) -> Snapshot:
        """The same snapshot without the stored responsibilities (to keep in a long history)."""
        if self.resp is None:
            return self
        from dataclasses import replace

        return replace(self, resp=None)
