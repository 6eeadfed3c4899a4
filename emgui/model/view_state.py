"""What to draw for one moment of a run: points, colours, parameters, marks, caption (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from emgui.core import Snapshot, responsibilities
from emgui.model.algorithms import ALGORITHM_NAMES, OBJECTIVE_NAMES, is_soft
from emgui.model.known_classes import KnownClasses
from emgui.model.palette import (
    Slots,
    hard_colors,
    soft_colors,
    unassigned_colors,
)
from emgui.model.settings import Settings

PHASE_NAMES = {"init": "initial state", "E": "E-step", "M": "M-step"}


@dataclass(frozen=True, eq=False)
class ViewState:
    """Everything the scene draws for one moment: points, their colours, parameters, marks."""

    points: np.ndarray
    colors: np.ndarray  # (n,) 0xAARRGGBB
    centers: np.ndarray  # (k, 2)
    covariances: np.ndarray | None = None  # (k, 2, 2): draw ellipses
    weights: np.ndarray | None = None
    snapshot: Snapshot | None = None
    changed: np.ndarray | None = None  # (n,) bool: points an E-step moved to another cluster
    trails: list[np.ndarray] = field(default_factory=list)  # per component, (m, 2) path
    columns: tuple[str, str] | None = None
    slots: Slots = None  # the palette slot of each component (emgui.model.palette)
    known: KnownClasses | None = None  # the points' known classes, for shapes by class


def color_key(index: int, snap: Snapshot, settings: Settings) -> tuple[int, str]:
    """Cache key of a snapshot's point colours: an M-step shows its E-step's assignments,
    so both share one entry (and the same array, which spares the point item a redraw)."""
    blended = is_soft(snap.algorithm) and settings.soft_colors
    return (index - 1 if snap.phase == "M" else index, "soft" if blended else "hard")


def scene_colors(
    points: np.ndarray,
    snap: Snapshot | None,
    settings: Settings,
    cached=None,
    slots: Slots = None,
):
    """Colours of the points for a snapshot: grey before assignment, hard or blended after.

    Returns (colors, computed): ``computed`` is the colouring when it was made
    here rather than taken from ``cached`` (for the caller to cache), else None.
    """
    n = points.shape[0]
    if snap is None or snap.labels is None:
        return unassigned_colors(n), None
    if cached is not None:
        return cached, None
    if is_soft(snap.algorithm) and settings.soft_colors:
        colors = soft_colors(responsibilities(points, snap), slots)
    else:
        colors = hard_colors(snap.labels, snap.k, slots)
    return colors, colors


def state_for_frame(
    points: np.ndarray,
    snapshots: list[Snapshot],
    index: int,
    colors: np.ndarray,
    settings: Settings,
    columns: tuple[str, str] | None = None,
    slots: Slots = None,
    known: KnownClasses | None = None,
) -> ViewState:
    """The ViewState of snapshot ``index`` of a run (``snapshots`` is the run so far)."""
    snap = snapshots[index]
    show_ellipses = is_soft(snap.algorithm)
    trails: list[np.ndarray] = []
    if settings.show_trails and index > 0:
        path = np.array([s.means for s in snapshots[: index + 1] if s.phase != "E"])
        trails = [path[:, j, :] for j in range(snap.k)]
    changed = snap.changed_mask() if settings.show_changed else None
    return ViewState(
        points=points,
        colors=colors,
        centers=snap.means,
        covariances=snap.covariances if show_ellipses else None,
        weights=snap.weights,
        snapshot=snap,
        changed=changed,
        trails=trails,
        columns=columns,
        slots=slots,
        known=known,
    )


def caption(snap: Snapshot | None) -> str:
    """ "Gaussian mixture · iteration 7 · M-step · log-likelihood -1234.5"."""
    if snap is None:
        return ""
    return (
        f"{ALGORITHM_NAMES[snap.algorithm]} · iteration {snap.iteration} · "
        f"{PHASE_NAMES[snap.phase]} · {OBJECTIVE_NAMES[snap.algorithm]} {snap.objective:.6g}"
    )
