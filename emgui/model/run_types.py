"""What a run is asked for (RunRequest) and what it delivers (Frame), as immutable data."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from emgui.core import Snapshot


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
