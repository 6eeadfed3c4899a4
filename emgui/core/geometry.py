"""Shapes to draw: covariance ellipses, Voronoi cells and their borders, a nearest-center grid."""

from __future__ import annotations

import math

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


def _clip_cell(
    poly: list[tuple[float, float]], labels: list[int], normal, c: float, label: int
) -> tuple[list[tuple[float, float]], list[int]]:
    """Sutherland-Hodgman: the part of a convex polygon where normal · x <= c.

    ``labels[m]`` names what the edge from vertex m to vertex m + 1 lies on (-1: the box, i:
    the bisector with center i); the new edge along the clipping line gets ``label``.
    Plain floats: a cell has a handful of vertices, and numpy scalars cost ten times more.
    """
    nx, ny = normal
    s = [nx * x + ny * y - c for x, y in poly]
    out: list[tuple[float, float]] = []
    out_labels: list[int] = []
    m = len(poly)
    for a_i in range(m):
        b_i = (a_i + 1) % m
        (ax, ay), (bx, by), sa, sb = poly[a_i], poly[b_i], s[a_i], s[b_i]
        if sa <= 0:
            out.append((ax, ay))
            # Leaving the half-plane: the edge from a runs only to the cut, then the clip line.
            out_labels.append(labels[a_i])
            if sb > 0:
                f = sa / (sa - sb)
                out.append((ax + (bx - ax) * f, ay + (by - ay) * f))
                out_labels.append(label)
        elif sb <= 0:
            f = sa / (sa - sb)
            out.append((ax + (bx - ax) * f, ay + (by - ay) * f))
            out_labels.append(labels[a_i])
    return out, out_labels


def _cells_with_labels(
    centers: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]
) -> list[tuple[np.ndarray, list[int]]]:
    (x0, x1), (y0, y1) = (float(v) for v in x_range), (float(v) for v in y_range)
    box = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]
    centers = np.asarray(centers, dtype=np.float64).reshape(-1, 2)
    plain = centers.tolist()
    cells = []
    for j, (mx, my) in enumerate(plain):
        poly, labels = box, [-1, -1, -1, -1]
        dist = np.hypot(centers[:, 0] - mx, centers[:, 1] - my).tolist()
        reach = max(math.hypot(x - mx, y - my) for x, y in poly)  # farthest vertex from mj
        # Nearest centers first: a bisector lies dist / 2 from mj, so once that is beyond
        # the cell's farthest vertex no further center can cut it.
        for i in sorted(range(len(plain)), key=dist.__getitem__):
            if i == j:
                continue
            if dist[i] == 0.0:
                # Two centers on one spot: the lower index owns the cell, as in
                # nearest_center_grid (the first of equally near centers wins).
                if i < j:
                    poly, labels = [], []
                    break
                continue
            if dist[i] / 2 > reach * (1 + 1e-12):
                break
            # Closer to j than to i: 2 (mi - mj) · x <= |mi|² - |mj|².
            ix, iy = plain[i]
            normal = (2.0 * (ix - mx), 2.0 * (iy - my))
            c = (ix * ix + iy * iy) - (mx * mx + my * my)
            poly, labels = _clip_cell(poly, labels, normal, c, i)
            if not poly:
                break
            reach = max(math.hypot(x - mx, y - my) for x, y in poly)
        cells.append((np.array(poly, dtype=np.float64).reshape(-1, 2), labels))
    return cells


def voronoi_diagram(
    centers: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]
) -> tuple[list[np.ndarray], np.ndarray]:
    """:func:`voronoi_cells` and :func:`voronoi_edges` of one computation."""
    cells = _cells_with_labels(centers, x_range, y_range)
    return [poly for poly, _ in cells], _edges(cells)


def voronoi_cells(
    centers: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]
) -> list[np.ndarray]:
    """Each center's Voronoi cell within the box, a convex polygon (m, 2) in data units.

    Exact, unlike a label grid: drawn as polygons, cell borders are straight at any zoom and
    in every export. A center sharing its spot with a lower-numbered one has an empty cell.
    """
    return [poly for poly, _ in _cells_with_labels(centers, x_range, y_range)]


def voronoi_edges(
    centers: np.ndarray, x_range: tuple[float, float], y_range: tuple[float, float]
) -> np.ndarray:
    """The borders between neighbouring cells within the box: segments (m, 2, 2), each once.

    The box's own edges are not borders. Segment [a, b] lies on the bisector of two centers.
    """
    return _edges(_cells_with_labels(centers, x_range, y_range))


def _edges(cells: list[tuple[np.ndarray, list[int]]]) -> np.ndarray:
    segments = []
    for j, (poly, labels) in enumerate(cells):
        m = len(poly)
        for a_i, label in enumerate(labels):
            # Each border is an edge of both its cells: taken from the lower-numbered one.
            if label > j:
                a, b = poly[a_i], poly[(a_i + 1) % m]
                if not np.array_equal(a, b):
                    segments.append((a, b))
    return np.array(segments, dtype=np.float64).reshape(-1, 2, 2)
