"""Plain references for the EM bound, written from the definitions (dense numpy, one formula each).

No closed forms and no chunking: log N(x | μ, Σ) from the 2x2 inverse and determinant,
q from Bayes' rule, L(q, θ) = Σ_ij q_ij [log π_j N(x_i | μ_j, Σ_j) − log q_ij] with 0 log 0 = 0.
"""

from __future__ import annotations

import numpy as np


def log_weighted_density(X, means, covariances, weights) -> np.ndarray:
    """(n, k) log π_j + log N(x_i | μ_j, Σ_j)."""
    X = np.asarray(X, dtype=float)
    out = np.empty((X.shape[0], len(weights)))
    for j, (mu, S, w) in enumerate(zip(means, covariances, weights, strict=True)):
        a, b, d = S[0, 0], S[0, 1], S[1, 1]
        det = a * d - b * b
        dx, dy = X[:, 0] - mu[0], X[:, 1] - mu[1]
        quad = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det
        with np.errstate(divide="ignore"):
            out[:, j] = np.log(w) - np.log(2 * np.pi) - 0.5 * np.log(det) - 0.5 * quad
    return out


def log_sum_exp(a: np.ndarray) -> np.ndarray:
    top = a.max(axis=1, keepdims=True)
    return (top + np.log(np.exp(a - top).sum(axis=1, keepdims=True)))[:, 0]


def log_likelihood(X, means, covariances, weights) -> float:
    return float(log_sum_exp(log_weighted_density(X, means, covariances, weights)).sum())


def posterior(X, means, covariances, weights) -> np.ndarray:
    """q_ij = π_j N_ij / Σ_l π_l N_il."""
    lw = log_weighted_density(X, means, covariances, weights)
    return np.exp(lw - log_sum_exp(lw)[:, None])


def q_of(X, snapshot) -> np.ndarray:
    """The responsibilities of the E-step behind a snapshot (its assign_* parameters)."""
    return posterior(X, snapshot.assign_means, snapshot.assign_covariances, snapshot.assign_weights)


def lower_bound(X, q, means, covariances, weights) -> float:
    lw = log_weighted_density(X, means, covariances, weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(q > 0, q * (lw - np.log(q)), 0.0)
    return float(terms.sum())


def entropy(q) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.where(q > 0, -q * np.log(q), 0.0).sum())


def expected_complete(X, q, means, covariances, weights) -> float:
    """Q(θ; q) = Σ_ij q_ij log π_j N(x_i | μ_j, Σ_j)."""
    lw = log_weighted_density(X, means, covariances, weights)
    with np.errstate(invalid="ignore"):
        return float(np.where(q > 0, q * lw, 0.0).sum())


def sq_distances(X, means) -> np.ndarray:
    return ((np.asarray(X)[:, None, :] - np.asarray(means)[None]) ** 2).sum(axis=2)


def kmeans_objective(X, means) -> float:
    """J*(μ) = Σ_i min_j ‖x_i − μ_j‖²."""
    return float(sq_distances(X, means).min(axis=1).sum())


def kmeans_bound(X, labels, means) -> float:
    """J(c, μ) = Σ_i ‖x_i − μ_{c_i}‖²."""
    d = np.asarray(X) - np.asarray(means)[np.asarray(labels, dtype=np.intp)]
    return float((d * d).sum())


def regularisation_cost(m, reg_covar: float) -> float:
    """How much Q(θ; q) adding reg_covar can cost at most: the M-step then is not its maximiser.

    Replacing a scatter with eigenvalues s_i (weight N) by s_i + r costs at most
    N/2 Σ_i [log(1 + r/s_i) − r/(s_i + r)]; weights N = Σ_i q_ij recovered from π_j n.
    """
    n = m.labels.shape[0]
    covs = np.asarray(m.covariances)
    if m.algorithm == "soft-kmeans" or reg_covar == 0:
        return 0.0
    if m.covariance_type == "tied":
        groups = [(float(n), np.linalg.eigvalsh(covs[0]))]
    elif m.covariance_type == "full":
        groups = [(w * n, np.linalg.eigvalsh(c)) for w, c in zip(m.weights, covs, strict=True)]
    else:
        groups = [(w * n, np.diag(c)) for w, c in zip(m.weights, covs, strict=True)]
    total = 0.0
    for count, values in groups:
        scatter = values - reg_covar
        if (scatter <= 0).any():
            return np.inf
        total += count / 2 * float(np.sum(np.log1p(reg_covar / scatter) - reg_covar / values))
    return total


def rounding(X, *covariance_sets, value: float = 0.0) -> float:
    """What rounding may cost the closed-form bound: the E-step's raw moments carry errors of
    eps ‖x − x̄‖², which tr(Σ⁻¹ S) multiplies by up to 1/λ_min(Σ) per point."""
    X = np.asarray(X, dtype=float)
    reach = float(((X - X.mean(axis=0)) ** 2).sum(axis=1).max()) + 1e-300
    smallest = min(float(np.linalg.eigvalsh(np.asarray(c)).min()) for c in covariance_sets)
    eps = np.finfo(np.float64).eps
    return 1e-10 * abs(value) + 1e-9 + 100 * eps * X.shape[0] * reach / smallest
