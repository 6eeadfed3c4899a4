"""Closed forms for stacks of 2x2 symmetric matrices: Cholesky factors, eigen-decompositions.

General LAPACK calls on (k, 2, 2) stacks cost microseconds of overhead each;
these closed forms are a few numpy operations on k values.
"""

from __future__ import annotations

import numpy as np


class DegenerateCovarianceError(ValueError):
    """A covariance matrix stopped being positive definite (a component collapsed)."""


# A Schur complement d - b²/a below this share of d is rounding noise: the
# matrix is singular to working precision, whatever sign the arithmetic gave.
SINGULAR_RTOL = 32 * np.finfo(np.float64).eps


def precision_cholesky(covariances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Upper-triangular U with U Uᵀ = Σ⁻¹ for each (2, 2) Σ, and log det U.

    The same factor as scikit-learn's ``precisions_cholesky_`` for full
    covariances, so that (x - μ) U gives the whitened point.
    """
    a = covariances[:, 0, 0]
    b = covariances[:, 0, 1]
    d = covariances[:, 1, 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        l11 = np.sqrt(a)
        l21 = b / l11
        schur = d - l21 * l21
        l22 = np.sqrt(schur)
    bad = ~((a > 0) & (schur > SINGULAR_RTOL * d) & np.isfinite(l11) & np.isfinite(l22))
    if bad.any():
        j = int(np.argmax(bad))
        raise DegenerateCovarianceError(
            f"component {j} has a covariance that is not positive definite (it collapsed "
            "onto a point or a line); increase reg_covar or use fewer components"
        )
    U = np.zeros_like(covariances)
    U[:, 0, 0] = 1.0 / l11
    U[:, 0, 1] = -l21 / (l11 * l22)
    U[:, 1, 1] = 1.0 / l22
    log_det = -np.log(l11) - np.log(l22)
    return U, log_det


def eigh2(covariances: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (ascending, shape (k, 2)) and the angle of the largest one's axis (radians)."""
    a = covariances[:, 0, 0]
    b = 0.5 * (covariances[:, 0, 1] + covariances[:, 1, 0])
    d = covariances[:, 1, 1]
    half_trace = 0.5 * (a + d)
    # hypot avoids the cancellation of sqrt(tr² / 4 - det) for nearly round ellipses.
    radius = np.hypot(0.5 * (a - d), b)
    values = np.stack([half_trace - radius, half_trace + radius], axis=1)
    angle = 0.5 * np.arctan2(2.0 * b, a - d)
    return values, angle


def clamp_psd(scatter: np.ndarray, floor: float = 0.0) -> np.ndarray:
    """Symmetric matrices with eigenvalues below ``floor`` (below 0: rounding) raised to it."""
    values, angle = eigh2(scatter)
    if (values[:, 0] >= floor).all():
        return scatter
    values = np.maximum(values, floor)
    c, s = np.cos(angle), np.sin(angle)
    small, large = values[:, 0], values[:, 1]
    out = np.empty_like(scatter)
    out[:, 0, 0] = large * c * c + small * s * s
    out[:, 1, 1] = large * s * s + small * c * c
    out[:, 0, 1] = out[:, 1, 0] = (large - small) * c * s
    return out
