"""Checks on EM input, made before any work so that errors name what the user can change."""

from __future__ import annotations

import numbers

import numpy as np

from emgui.core.snapshot import ALGORITHMS, COVARIANCE_TYPES

# Squares of coordinates must stay finite in float64 (and sums of a million of
# them): 1e100 squared is 1e200, far from overflow; anything larger is refused.
MAX_ABS_COORDINATE = 1e100
MAX_COMPONENTS = 64


def check_points(X: object, name: str = "points") -> np.ndarray:
    """``X`` as a C-contiguous float64 (n, 2) array, or ValueError saying what is wrong."""
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers: {exc}") from None
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"{name} must be an array of shape (n, 2); got shape {arr.shape}")
    if arr.shape[0] == 0:
        raise ValueError(f"{name} is empty: place or load at least one point")
    finite = np.isfinite(arr)
    if not finite.all():
        row = int(np.argmin(finite.all(axis=1)))
        raise ValueError(f"{name} row {row} is not finite: {arr[row].tolist()}")
    big = np.abs(arr) > MAX_ABS_COORDINATE
    if big.any():
        row = int(np.argmax(big.any(axis=1)))
        raise ValueError(
            f"{name} row {row} has a coordinate beyond ±{MAX_ABS_COORDINATE:g}: "
            f"{arr[row].tolist()}; rescale the data"
        )
    return np.ascontiguousarray(arr)


def check_centers(centers: object, n_points: int) -> np.ndarray:
    """Initial means as a (k, 2) float64 array with 1 <= k <= n_points."""
    arr = check_points(centers, name="centers")
    k = arr.shape[0]
    if k > MAX_COMPONENTS:
        raise ValueError(f"k = {k} components is more than the maximum of {MAX_COMPONENTS}")
    if k > n_points:
        raise ValueError(
            f"Expected n_points >= n_components, got n_points = {n_points} and "
            f"n_components = {k}: place more points or fewer centers"
        )
    return arr


def check_options(
    algorithm: str,
    covariance_type: str,
    max_iter: object,
    tol: object,
    reg_covar: object,
    beta: object = 1.0,
) -> None:
    """Raise ValueError, in the user's terms, for an unknown name or an out-of-range number.

    Numbers must be real numbers, not text, None or True/False (True would pass as 1).
    """
    if algorithm not in ALGORITHMS:
        raise ValueError(f"algorithm must be one of {', '.join(ALGORITHMS)}; got {algorithm!r}")
    if covariance_type not in COVARIANCE_TYPES:
        raise ValueError(
            f"covariance_type must be one of {', '.join(COVARIANCE_TYPES)}; got {covariance_type!r}"
        )
    whole = _is_number(max_iter) and np.isfinite(max_iter) and int(max_iter) == max_iter
    if not (whole and max_iter >= 0):
        raise ValueError(f"max_iter must be a whole number >= 0; got {max_iter!r}")
    if not (_is_number(tol) and np.isfinite(tol) and tol >= 0):
        raise ValueError(f"tol must be a finite number >= 0; got {tol!r}")
    if not (_is_number(reg_covar) and np.isfinite(reg_covar) and reg_covar >= 0):
        raise ValueError(f"reg_covar must be a finite number >= 0; got {reg_covar!r}")
    if algorithm == "soft-kmeans" and not (_is_number(beta) and np.isfinite(beta) and beta > 0):
        raise ValueError(f"beta must be a finite number > 0; got {beta!r}")


def _is_number(value: object) -> bool:
    """A real number (Python's or numpy's), and not a bool."""
    return isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))


def count_distinct(X: np.ndarray) -> int:
    """Number of distinct rows of X (exact); used to warn when k exceeds it."""
    # Adding 0.0 turns -0.0 into 0.0, so the byte comparison below matches ==.
    rows = np.ascontiguousarray(np.asarray(X, dtype=np.float64) + 0.0)
    view = rows.view(np.dtype((np.void, 16))).ravel()
    return int(np.unique(view).size)
