"""What differs between the algorithms in run_em's one half-step loop: E-step, M-step, objective,
convergence, and the extra numbers each kind of snapshot carries.

Each algorithm is a small object the loop calls (as scikit-learn's BaseMixture.fit calls
_e_step and _m_step): ``start`` makes the first pass over the points, ``e_half`` reads an E
state off a pass, ``m_half`` makes the M-step and the next pass, ``converged`` compares two
passes. Parameters are a :class:`gmm.GaussianParams` in centered coordinates for all of them
(k-means' covariances and weights are the display's estimates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from emgui.core import bound, gmm, kmeans
from emgui.core.data import PreparedData
from emgui.core.init import initial_covariances

Params = gmm.GaussianParams


@dataclass(frozen=True, eq=False)
class EHalf:
    """An E state: its objective, the snapshot's extra fields, what the M-step reuses."""

    objective: float
    fields: dict[str, Any]
    carry: Any = None


@dataclass(frozen=True, eq=False)
class MHalf:
    """An M state and the pass over the points its parameters made (the next E-step's)."""

    params: Params
    shown: np.ndarray  # its means in the caller's coordinates
    result: Any
    objective: float
    fields: dict[str, Any] = field(default_factory=dict)


class KMeansSteps:
    """Hard EM: nearest-center E-step, cluster-mean M-step; the objective is the inertia."""

    name = "kmeans"
    covariance_type = "full"

    def __init__(self, data: PreparedData):
        self.data = data

    def start(self, means: np.ndarray) -> tuple[Params, kmeans.AssignResult, dict]:
        n, k = self.data.n, means.shape[0]
        assign = kmeans.e_step(self.data, means)
        covs = kmeans.pooled_covariances(assign.inertia, n, k)
        return Params(means, covs, np.full(k, 1.0 / k)), assign, {}

    def objective(self, result: kmeans.AssignResult) -> float:
        return result.inertia

    def e_half(self, params: Params, result: kmeans.AssignResult) -> EHalf:
        empty = tuple(int(j) for j in np.flatnonzero(result.counts == 0))
        return EHalf(result.inertia, {"empty": empty})

    def m_half(
        self, params: Params, result: kmeans.AssignResult, e: EHalf, shown: np.ndarray
    ) -> MHalf:
        n, k = self.data.n, params.means.shape[0]
        new_means, empty = kmeans.m_step(result, params.means)
        new_shown = new_means + self.data.origin
        new_shown[list(empty)] = shown[list(empty)]  # an empty cluster keeps its center exactly
        next_assign = kmeans.e_step(self.data, new_means, previous_labels=result.labels)
        # The objective of the M state: the old labels under the new centers, from the same pass.
        inertia = next_assign.inertia_previous_labels
        covs = kmeans.pooled_covariances(inertia, n, k)
        new = Params(new_means, covs, result.counts / n)
        return MHalf(new, new_shown, next_assign, inertia, {"empty": empty})

    def converged(self, result: kmeans.AssignResult, next_result: kmeans.AssignResult) -> bool:
        # The next E-step (already made) changes no label: no center can move any more.
        return bool(np.array_equal(next_result.labels, result.labels))


class MixtureSteps:
    """Soft EM for a Gaussian mixture, or soft k-means (only the means move)."""

    def __init__(
        self,
        data: PreparedData,
        covariance_type: str,
        reg_covar: float,
        tol: float,
        keep_resp: bool,
        soft_kmeans: bool = False,
    ):
        self.data = data
        self.covariance_type = covariance_type
        self.reg_covar = reg_covar
        self.tol = tol
        self.keep_resp = keep_resp
        self.soft_kmeans = soft_kmeans
        self.name = "soft-kmeans" if soft_kmeans else "gmm"
        # The M state's parameters are the next E state's: their collapsed components once.
        self._collapsed_of: tuple[Params, tuple[int, ...]] | None = None

    def start(
        self, means: np.ndarray, covariances: np.ndarray | None, weights: np.ndarray | None
    ) -> tuple[Params, gmm.EStepResult, dict]:
        k = means.shape[0]
        if covariances is None:
            covariances = initial_covariances(
                self.data, means, self.covariance_type, self.reg_covar
            )
        if weights is None:
            weights = np.full(k, 1.0 / k)
        params = Params(means, covariances, weights)
        stats = gmm.e_step(self.data, params, keep_resp=self.keep_resp)
        return params, stats, {"collapsed": self._collapsed(params)}

    def objective(self, result: gmm.EStepResult) -> float:
        return result.log_likelihood

    def _collapsed(self, params: Params) -> tuple[int, ...]:
        if self.soft_kmeans:
            return ()
        if self._collapsed_of is None or self._collapsed_of[0] is not params:
            collapsed = gmm.collapsed_components(params, self.reg_covar, self.data.scale2)
            self._collapsed_of = (params, collapsed)
        return self._collapsed_of[1]

    def e_half(self, params: Params, result: gmm.EStepResult) -> EHalf:
        # Soft k-means' covariances never change, so its bound needs no exact scatter.
        central = gmm.central_moments(self.data, result, params, exact=not self.soft_kmeans)
        moments = bound.moments(self.data, result, params, central=central)
        old_terms = bound.q_terms(moments, params)
        entropy = bound.entropy(result.log_likelihood, old_terms)
        fields = {
            "collapsed": self._collapsed(params),
            "resp": result.resp,
            "lower_bound": result.log_likelihood,  # q is the posterior: the bound touches
            "q_entropy": entropy,
        }
        return EHalf(result.log_likelihood, fields, (central, moments, old_terms, entropy))

    def m_half(self, params: Params, result: gmm.EStepResult, e: EHalf, shown: np.ndarray) -> MHalf:
        central, moments, old_terms, entropy = e.carry
        if self.soft_kmeans:
            new = gmm.m_step_means(result, params)
        else:
            new = gmm.m_step(
                self.data, result, self.covariance_type, self.reg_covar, params, central
            )
        next_stats = gmm.e_step(self.data, new, keep_resp=self.keep_resp)
        lower = bound.bound_after(result.log_likelihood, old_terms, bound.q_terms(moments, new))
        fields = {"collapsed": self._collapsed(new), "lower_bound": lower, "q_entropy": entropy}
        shown_new = new.means + self.data.origin
        return MHalf(new, shown_new, next_stats, next_stats.log_likelihood, fields)

    def converged(self, result: gmm.EStepResult, next_result: gmm.EStepResult) -> bool:
        # The mean log-likelihood per point changed by less than tol.
        change = (next_result.log_likelihood - result.log_likelihood) / self.data.n
        return bool(abs(change) < self.tol)
