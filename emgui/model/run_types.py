"""What a run is asked for (RunRequest) and what it delivers (Frame), as immutable data."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from emgui.core import Snapshot
from emgui.model.known_classes import KnownClasses, classes_of
from emgui.model.scene_data import SceneData
from emgui.model.settings import Settings


@dataclass(frozen=True, eq=False)
class RunRequest:
    """Everything a run needs, copied from the session so the worker owns its data."""

    run_id: int
    points: np.ndarray
    centers: np.ndarray
    algorithm: str = "gmm"
    covariance_type: str = "full"
    max_iter: int = 100
    tol: float = 1e-6
    reg_covar: float = 1e-6
    covariances: np.ndarray | None = None
    weights: np.ndarray | None = None
    beta: float = 1.0
    # Known classes of the points (codes 0..n_classes-1), or None: the run then draws each
    # class's matched component in the class's colour (model.agreement.run_colour_slots).
    classes: np.ndarray | None = field(default=None, repr=False)
    n_classes: int = 0
    # Without classes for these points, the colour slots to keep (the last run's): a point
    # added to a table with classes does not recolour every cluster.
    slots: np.ndarray | None = field(default=None, repr=False)


@dataclass(frozen=True, eq=False)
class Frame:
    """One snapshot as the GUI receives it: the run it belongs to, its index, its colours."""

    run_id: int
    index: int
    snapshot: Snapshot
    # The point colours (0xAARRGGBB) of an assigning state, computed here rather
    # than on the GUI thread (a million points take ~5 to 15 ms): blended ("soft")
    # for GMM and soft k-means, which also spares recomputing responsibilities,
    # "hard" for k-means. None for the initial state and for M-steps, which show
    # their E-step's colours.
    colors: np.ndarray | None = field(default=None, repr=False)
    color_kind: str = "soft"
    # The run's colour slots (emgui.model.palette): the same for every frame of a run.
    slots: np.ndarray | None = field(default=None, repr=False)


def run_request(
    run_id: int,
    scene: SceneData,
    settings: Settings,
    algorithm: str,
    centers: np.ndarray | None = None,
    known: KnownClasses | None = None,
    last_slots: np.ndarray | None = None,
) -> RunRequest:
    """The run of ``scene`` under ``settings`` with ``algorithm``, from ``centers`` (None: the
    scene's own, with their hand-drawn Gaussians and weights); ``known``: the points' classes;
    ``last_slots``: the last run's colour slots, kept when the classes no longer fit the points
    (an edit) and the number of components is the same.

    SceneData holds read-only arrays, so the run shares them: no copy of a million points,
    and the point item sees the same array and keeps its raster.
    """
    covariances = weights = None
    if centers is None:
        centers = scene.centers.copy()
        covariances, weights = scene.center_covariances, scene.center_weights
    gmm = algorithm == "gmm"  # only a mixture starts from hand-drawn Gaussians and weights
    classes = classes_of(known, scene.points.shape[0])
    keep = known is not None and classes is None and last_slots is not None
    keep = keep and len(last_slots) == len(centers)
    return RunRequest(
        run_id=run_id,
        points=scene.points,
        centers=centers,
        algorithm=algorithm,
        covariance_type=settings.covariance_type,
        max_iter=settings.max_iter,
        tol=settings.tol,
        reg_covar=settings.reg_covar,
        beta=settings.beta,
        covariances=covariances if gmm else None,
        weights=weights if gmm else None,
        classes=classes,
        n_classes=0 if known is None else len(known.names),
        slots=last_slots if keep else None,
    )
