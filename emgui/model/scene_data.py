"""The editable scene: points, initial centers, hand-drawn Gaussians and weights (immutable)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from emgui.core.snapshot import frozen

EMPTY_POINTS = frozen(np.zeros((0, 2)))


@dataclass(frozen=True, eq=False)
class SceneData:
    """The editable part of a session: what undo restores."""

    points: np.ndarray = field(default_factory=lambda: EMPTY_POINTS)
    centers: np.ndarray = field(default_factory=lambda: EMPTY_POINTS)
    # Hand-drawn initial Gaussians: one (2, 2) covariance per center, or None
    # to let the engine derive them from the data (its documented rule).
    center_covariances: np.ndarray | None = None
    center_weights: np.ndarray | None = None
    columns: tuple[str, str] | None = None

    @staticmethod
    def make(
        points: np.ndarray,
        centers: np.ndarray,
        center_covariances: np.ndarray | None = None,
        center_weights: np.ndarray | None = None,
        columns: tuple[str, str] | None = None,
    ) -> SceneData:
        """A SceneData holding read-only float64 copies."""

        def arr(a, shape_tail):
            if a is None:
                return None
            out = np.array(a, dtype=np.float64).reshape((-1, *shape_tail))
            return frozen(out)

        return SceneData(
            arr(points, (2,)),
            arr(centers, (2,)),
            arr(center_covariances, (2, 2)),
            None if center_weights is None else frozen(np.array(center_weights, dtype=float)),
            columns,
        )
