"""A new start for new data: initial centers chosen for the points that replace a scene.

When a file's points replace the scene, the old scene's centers mean nothing on them (Old
Faithful's centers on iris give huge thin ellipses): k-means++ picks k of the new points,
with the current k and seed, so the same file and settings always give the same start.
"""

from __future__ import annotations

import numpy as np

from emgui.core.init import INIT_METHODS, initial_means


def centers_for_new_points(
    points: np.ndarray, k: int, seed: int = 0, method: str = "kmeans++"
) -> np.ndarray:
    """(min(k, n), 2) initial centers drawn from ``points``; (0, 2) when there are no points.

    ``method`` is "kmeans++" or "random" (emgui.core.init); any other value, such as a
    session's "centers", means k-means++, since placed centers belong to the old data.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    if k < 1:
        raise ValueError(f"k must be at least 1; got {k}")
    n = points.shape[0]
    if n == 0:
        return np.empty((0, 2))
    return initial_means(points, min(k, n), method if method in INIT_METHODS else "kmeans++", seed)
