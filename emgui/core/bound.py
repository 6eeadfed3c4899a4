"""The EM lower bound L(q, θ) = Q(θ; q) + H(q), in closed form from the sums one E-step makes.

For fixed responsibilities q, Σ_i q_ij (x_i − μ)(x_i − μ)ᵀ depends on the points only
through N_j = Σ_i q_ij, the q-weighted mean m̄_j and the scatter about it, so

    Q(θ; q) = Σ_ij q_ij log π_j N(x_i | μ_j, Σ_j)
            = Σ_j N_j (log π_j − log 2π − ½ log|Σ_j|) − ½ tr(Σ_j⁻¹ S_j(μ_j))

costs O(k) at any θ, with no pass over the points; and since log q_ij = log π_j N_ij − log p(x_i)
under the parameters q came from, H(q) = log p(X | θ_old) − Q(θ_old; q).

Q is kept as four terms per component and differences of Q are taken term by term: a term
the M-step did not change (soft k-means' covariances and weights) then cancels exactly
instead of leaving the rounding of two large numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core import gmm
from emgui.core.data import PreparedData

LOG_2PI = gmm.LOG_2PI
EPS = gmm.NK_EPS


@dataclass(frozen=True, eq=False)
class Moments:
    """What Q(θ; q) needs of q and the points, in centered coordinates.

    With m̄ = Σ_i q_ij x_i / (N_j + ε) (the M-step's mean; scikit-learn's ε keeps an empty
    component finite) and d = m̄ − μ, Σ_i q_ij (x_i − m̄ + d)(x_i − m̄ + d)ᵀ is
    scatter + ε (m̄ dᵀ + d m̄ᵀ) + N_j d dᵀ, because Σ_i q_ij (x_i − m̄) = ε m̄.
    """

    nk: np.ndarray  # (k,) N_j = Σ_i q_ij
    center: np.ndarray  # (k, 2) m̄_j
    scatter: np.ndarray  # (k, 2, 2) Σ_i q_ij (x_i − m̄_j)(x_i − m̄_j)ᵀ


def moments(
    data: PreparedData,
    stats: gmm.EStepResult,
    old: gmm.GaussianParams,
    *,
    exact: bool = True,
    central: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> Moments:
    """The moments of one E-step (``central``: :func:`gmm.central_moments` already computed)."""
    if central is None:
        central = gmm.central_moments(data, stats, old, exact=exact)
    center, per_unit, summed = central
    total = (stats.nk + EPS)[:, None, None]
    # From raw moments the per-unit scatter is (M2 − (N + ε) m̄m̄ᵀ) / (N + ε), which is
    # ε m̄m̄ᵀ / (N + ε) above the scatter about m̄; summed again, it is that scatter itself.
    scatter = total * per_unit
    raw = ~summed
    scatter[raw] -= EPS * (center[raw, :, None] * center[raw, None, :])
    return Moments(nk=stats.nk, center=center, scatter=scatter)


def cholesky_parts(covariances: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """l11, l21, l22 of Σ = L Lᵀ for covariances of shape (..., 2, 2), as precision_cholesky.

    For positive definite input (the caller's to ensure: the engine's covariances are).
    """
    l11 = np.sqrt(covariances[..., 0, 0])
    l21 = covariances[..., 0, 1] / l11
    l22 = np.sqrt(covariances[..., 1, 1] - l21 * l21)
    return l11, l21, l22


def q_terms_from_factors(
    m: Moments,
    means: np.ndarray,
    l11: np.ndarray,
    l21: np.ndarray,
    l22: np.ndarray,
    log_weights: np.ndarray,
) -> np.ndarray:
    """The four terms of Q(θ; q) per component, shape (..., 4, k), for Cholesky factors of Σ.

    ``means`` (..., k, 2) are centered; ``log_weights`` (..., k) may hold −inf for π_j = 0,
    whose component then gives nothing (its q_ij are 0, and 0 · log 0 = 0). Written for few
    numpy calls: a run makes two of these per iteration, on k numbers.
    """
    # U = L⁻ᵀ (upper triangular, U Uᵀ = Σ⁻¹): whitening is a row vector times U.
    u11 = 1.0 / l11
    u22 = 1.0 / l22
    u12 = -l21 * u11 * u22
    c = m.scatter
    nk = m.nk
    terms = np.empty((*log_weights.shape[:-1], 4, log_weights.shape[-1]))
    absent = log_weights == -np.inf
    if absent.any():
        log_weights = np.where(absent, 0.0, log_weights)
    np.multiply(nk, log_weights, out=terms[..., 0, :])
    # −½ log|Σ| = log det U = −log l11 − log l22.
    terms[..., 1, :] = nk * (-np.log(l11 * l22) - LOG_2PI)
    trace = (u11 * u11 + u12 * u12) * c[:, 0, 0] + 2.0 * u12 * u22 * c[:, 0, 1]
    trace += u22 * u22 * c[:, 1, 1]
    terms[..., 2, :] = -0.5 * trace
    # Whitened d = m̄ − μ and m̄: dᵀΣ⁻¹d = ‖dU‖², m̄ᵀΣ⁻¹d = (m̄U)·(dU).
    d = m.center - means
    w1 = d[..., 0] * u11
    w2 = d[..., 0] * u12 + d[..., 1] * u22
    cross = m.center[:, 0] * u11 * w1 + (m.center[:, 0] * u12 + m.center[:, 1] * u22) * w2
    terms[..., 3, :] = -0.5 * (nk * (w1 * w1 + w2 * w2) + 2.0 * EPS * cross)
    if absent.any():
        terms = np.where(absent[..., None, :], 0.0, terms)
    return terms


def q_terms(m: Moments, params: gmm.GaussianParams) -> np.ndarray:
    """The four terms of Q(θ; q) per component, shape (4, k), at centered parameters."""
    return q_terms_from_factors(
        m,
        params.means,
        *cholesky_parts(params.covariances),
        log_weights=gmm.log_weights(params.weights),
    )


def entropy(log_likelihood: float, old_terms: np.ndarray) -> float:
    """H(q) = log p(X | θ_old) − Q(θ_old; q), with q the posterior under θ_old."""
    return float(log_likelihood - old_terms.sum())


def bound_after(log_likelihood: float, old_terms: np.ndarray, new_terms: np.ndarray) -> float:
    """L(q, θ_new) = log p(X | θ_old) + Q(θ_new; q) − Q(θ_old; q), differenced term by term."""
    return float(log_likelihood + (new_terms - old_terms).sum())
