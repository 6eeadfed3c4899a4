"""What the algorithms and their objectives are called in the window, captions and files."""

from __future__ import annotations

from emgui.core.snapshot import SOFT_ALGORITHMS

ALGORITHM_NAMES = {"kmeans": "k-means", "gmm": "Gaussian mixture", "soft-kmeans": "soft k-means"}
OBJECTIVE_NAMES = {"kmeans": "inertia", "gmm": "log-likelihood", "soft-kmeans": "log-likelihood"}


def is_soft(algorithm: str) -> bool:
    """Whether the algorithm has responsibilities (blended colours, circles or ellipses)."""
    return algorithm in SOFT_ALGORITHMS


def short_name(algorithm: str, covariance_type: str) -> str:
    """For the status bar: "k-means", "GMM (full)", "soft k-means"."""
    if algorithm == "gmm":
        return f"GMM ({covariance_type})"
    return ALGORITHM_NAMES[algorithm]
