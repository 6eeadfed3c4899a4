"""A new start for new data: initial centers chosen for the points that replace a scene.

When a file's points replace the scene, the old scene's centers mean nothing on them (Old
Faithful's centers on iris give huge thin ellipses): k-means++ picks k of the new points,
with the current k and seed, so the same file and settings always give the same start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core.init import INIT_METHODS, initial_means
from emgui.model.standardise import Standardisation, standardisation_of, standardised_names


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


@dataclass(frozen=True, eq=False)
class NewData:
    """Points that replace a scene, ready to show: standardised if asked, with their own start."""

    points: np.ndarray  # (n, 2)
    centers: np.ndarray  # (min(k, n), 2), drawn from ``points``
    columns: tuple[str, str] | None  # axis names ("… (standardised)" when standardised)
    scaling: Standardisation | None  # the map applied, to show or undo it


def new_data(
    points: np.ndarray,
    columns: tuple[str, str] | None,
    k: int,
    seed: int = 0,
    method: str = "kmeans++",
    standardise: bool = False,
) -> NewData:
    """The scene data for a file's points: optional standardising, then a k-means++ start.

    ValueError naming the column when a column to standardise does not vary.
    """
    scaling = None
    if standardise:
        scaling = standardisation_of(points, columns)
        points, columns = scaling.points(points), standardised_names(columns)
    centers = centers_for_new_points(points, k, seed, method)
    return NewData(points=points, centers=centers, columns=columns, scaling=scaling)
