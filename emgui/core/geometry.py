"""Shapes to draw: covariance ellipses, and the nearest-center label of every cell of a grid."""

from __future__ import annotations

import numpy as np

from emgui.core.linalg2 import eigh2

# The level of an ellipse: n standard deviations ("1sd".."3sd"), or the
# contour holding a share of the probability mass ("50%", "95%"). For a 2-D
# Gaussian the mass inside Mahalanobis radius r is 1 - exp(-r²/2).
ELLIPSE_LEVELS = ("1sd", "2sd", "3sd", "50%", "95%")


def level_radius(level: str) -> float:
    """Mahalanobis radius of an ellipse level."""
    if level.endswith("sd"):
        return float(level[:-2])
    if level.endswith("%"):
        mass = float(level[:-1]) / 100.0
        return float(np.sqrt(-2.0 * np.log1p(-mass)))
    raise ValueError(f"ellipse level must be one of {', '.join(ELLIPSE_LEVELS)}; got {level!r}")


def level_label(level: str) -> str:
    """Words for a legend: "2 standard deviations", "95% of the mass"."""
    if level.endswith("sd"):
        n = level[:-2]
        return f"{n} standard deviation{'s' if n != '1' else ''}"
    return f"{level} probability mass"


def ellipse_outlines(
    means: np.ndarray, covariances: np.ndarray, radius: float, n_vertices: int = 96
) -> np.ndarray:
    """Closed outlines (k, n_vertices + 1, 2) of {x : (x-μ)ᵀ Σ⁻¹ (x-μ) = radius²}."""
    values, angle = eigh2(np.asarray(covariances, dtype=np.float64))
    # Rounding can leave a tiny negative eigenvalue on a collapsed component.
    axes = radius * np.sqrt(np.maximum(values, 0.0))
    t = np.linspace(0.0, 2.0 * np.pi, n_vertices + 1)
    cos_t, sin_t = np.cos(t), np.sin(t)
    major = axes[:, 1, None] * cos_t  # along the largest eigenvector
    minor = axes[:, 0, None] * sin_t
    ca, sa = np.cos(angle)[:, None], np.sin(angle)[:, None]
    out = np.empty((means.shape[0], n_vertices + 1, 2))
    out[..., 0] = means[:, 0, None] + ca * major - sa * minor
    out[..., 1] = means[:, 1, None] + sa * major + ca * minor
    return out


def nearest_center_grid(
    means: np.ndarray,
    x_range: tuple[float, float],
    y_range: tuple[float, float],
    shape: tuple[int, int],
) -> np.ndarray:
    """Index of the nearest center at the middle of each cell of a (rows, cols) grid: Voronoi cells.

    Row 0 is at the bottom (y_range[0]), column 0 at the left.
    """
    rows, cols = shape
    xs = np.linspace(x_range[0], x_range[1], cols, endpoint=False) + (x_range[1] - x_range[0]) / (
        2 * cols
    )
    ys = np.linspace(y_range[0], y_range[1], rows, endpoint=False) + (y_range[1] - y_range[0]) / (
        2 * rows
    )
    best = np.full((rows, cols), np.inf)
    labels = np.zeros((rows, cols), dtype=np.uint8)
    for j, (mx, my) in enumerate(means):
        d = (ys[:, None] - my) ** 2 + (xs[None, :] - mx) ** 2
        closer = d < best
        labels[closer] = j
        np.minimum(best, d, out=best)
    return labels
