"""Rounding noise is not data: values within rounding of zero, at their own scale, are zero.

The engine computes in float64, so a covariance's off-diagonal of exactly-uncorrelated data
comes out as -2e-14 next to variances of 0.4, and a converged log-likelihood "falls" by 3e-14.
Shown as they are, these read as data; shown as 0 and "unchanged", they read as what they are.
"""

from __future__ import annotations

import numpy as np

# Relative size below which a value is rounding: well above float64's 2.2e-16 times the
# number of terms a sum of a million points accumulates, well below anything displayed.
RELATIVE_NOISE = 1e-10


def clean(values: np.ndarray, scale: float | None = None) -> np.ndarray:
    """``values`` with the entries within rounding of zero (relative to ``scale``) set to 0.

    ``scale`` defaults to the largest magnitude among ``values``.
    """
    values = np.asarray(values, dtype=float)
    if scale is None:
        scale = float(np.max(np.abs(values))) if values.size else 0.0
    out = values.copy()
    out[np.abs(out) <= RELATIVE_NOISE * scale] = 0.0
    return out


def clean_matrix(m: np.ndarray) -> np.ndarray:
    """A covariance with an off-diagonal within rounding of zero (next to its variances) at 0."""
    m = np.asarray(m, dtype=float)
    scale = float(np.sqrt(abs(m[0, 0] * m[1, 1]))) or float(np.max(np.abs(m)))
    return clean(m, scale)


def is_rounding(change: float, of: float, n_terms: int = 1) -> bool:
    """Whether ``change`` of a value ``of`` (a sum of ``n_terms``) is within rounding of zero."""
    return abs(change) <= RELATIVE_NOISE * max(abs(of), 1.0) + 1e-14 * n_terms
