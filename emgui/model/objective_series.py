"""What the objective curve plots, Qt-free: both curves of EM's proof, the falls, the y range.

For a mixture (and soft k-means) the two curves are log p(X | θ) and the bound L(q, θ):
the bound touches the log-likelihood after each E-step and lies below it after each
M-step. For k-means the mirror: the run's objective is J(c, μ) = Σ ‖x − μ_c‖², the
assignments held, and the other curve is J*(μ) = Σ min_j ‖x − μ_j‖², which an M state
does not carry but the E-step after it computes (its objective).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core import Snapshot
from emgui.model.rounding import RELATIVE_NOISE

# The y range leaves out the start when the rest of the curve fills less than this share
# of the whole: a first jump of 2000 would otherwise flatten a climb of 150 to a line.
FOCUS_SHARE = 0.5
# The focused range starts at the end of iteration 1 (init, E1, M1: index 2).
FOCUS_FROM = 2


def half_step_x(snap: Snapshot) -> float:
    """Position on the x axis: init at 0, E-step t at t - 0.5, M-step t at t."""
    return snap.iteration - 0.5 if snap.phase == "E" else float(snap.iteration)


@dataclass(frozen=True)
class CurveSeries:
    """The arrays the objective plot draws, one entry per snapshot (NaN where none)."""

    x: np.ndarray
    objective: np.ndarray  # the snapshots' own objective
    other: np.ndarray  # mixture: the bound L(q, θ); k-means: J*(μ)
    phase: np.ndarray  # "init", "E" or "M" per entry
    falls: np.ndarray  # indices of M states where EM's guarantee did not hold (reg_covar)

    @property
    def is_init(self) -> np.ndarray:
        return self.phase == "init"

    @property
    def is_e(self) -> np.ndarray:
        return self.phase == "E"

    @property
    def is_m(self) -> np.ndarray:
        return self.phase == "M"


def _other_values(snapshots: list[Snapshot], objective: np.ndarray, phase: np.ndarray):
    out = np.full(len(snapshots), np.nan)
    if not snapshots:
        return out
    if snapshots[0].algorithm != "kmeans":
        bound = np.array([s.lower_bound for s in snapshots], dtype=float)  # None: NaN
        return np.where(np.isfinite(bound), bound, out)
    # k-means: J*(μ) of an E state is its objective (the nearest centers); of an M state,
    # the next E state's objective (kmeans_star_after), or a converged M state's own.
    is_e = phase == "E"
    out[is_e] = objective[is_e]
    m = np.flatnonzero(phase == "M")
    then_e = np.zeros(m.size, dtype=bool)
    inside = m + 1 < len(snapshots)
    then_e[inside] = is_e[m[inside] + 1]
    out[m[then_e]] = objective[m[then_e] + 1]
    for i in m[~then_e]:  # the last state, unless a run was cut after an M-step
        if snapshots[i].converged:
            out[i] = objective[i]
    return out


def falls(snapshots: list[Snapshot]) -> np.ndarray:
    """Indices of the M states whose objective went the wrong way, beyond rounding.

    Exact EM never does it; the M-step that adds reg_covar to each variance is not the exact
    maximiser, and a large enough reg_covar shows it.
    """
    objective = np.array([s.objective for s in snapshots], dtype=float)
    return _falls(snapshots, objective, np.array([s.phase for s in snapshots], dtype=object))


def _falls(snapshots: list[Snapshot], objective: np.ndarray, phase: np.ndarray) -> np.ndarray:
    m = np.flatnonzero(phase == "M")
    m = m[m >= 1]
    if m.size == 0:
        return np.array([], dtype=int)
    delta = objective[m] - objective[m - 1]
    n_terms = np.array([snapshots[i].n_points or 0 for i in m], dtype=float)
    # model.rounding.is_rounding, for every M state at once.
    rounding = np.abs(delta) <= RELATIVE_NOISE * np.maximum(np.abs(objective[m]), 1.0) + (
        1e-14 * n_terms
    )
    kmeans = np.array([snapshots[i].algorithm == "kmeans" for i in m])
    wrong = np.where(kmeans, delta > 0, delta < 0)
    return m[wrong & ~rounding].astype(int)


def curve_series(snapshots: list[Snapshot]) -> CurveSeries:
    """The x positions, both curves, the phases and the falls of a run.

    One pass over the snapshots for their numbers, then array arithmetic: the plot asks for
    the whole series each time a run grows (10 000 snapshots in a long run).
    """
    n = len(snapshots)
    iteration = np.fromiter((s.iteration for s in snapshots), dtype=float, count=n)
    objective = np.fromiter((s.objective for s in snapshots), dtype=float, count=n)
    phase = np.array([s.phase for s in snapshots], dtype=object)
    return CurveSeries(
        x=np.where(phase == "E", iteration - 0.5, iteration),  # half_step_x
        objective=objective,
        other=_other_values(snapshots, objective, phase),
        phase=phase,
        falls=_falls(snapshots, objective, phase),
    )


@dataclass(frozen=True)
class YRange:
    """The y range to show, and whether it leaves the start out (``from_index`` > 0)."""

    lo: float
    hi: float
    from_index: int = 0

    @property
    def focused(self) -> bool:
        return self.from_index > 0


def _span(values: np.ndarray) -> tuple[float, float] | None:
    finite = values[np.isfinite(values)]
    if finite.size == 0:
        return None
    return float(finite.min()), float(finite.max())


def y_range(series: CurveSeries, whole: bool = False) -> YRange:
    """The range of both curves; from the end of iteration 1 on when the start would flatten it.

    ``whole`` asks for everything. Without a padding: the plot adds its own margins.
    """
    both = np.concatenate([series.objective, series.other])
    full = _span(both)
    if full is None:
        return YRange(0.0, 1.0)
    n = series.x.size
    if not whole and n > FOCUS_FROM + 1:
        rest = _span(np.concatenate([series.objective[FOCUS_FROM:], series.other[FOCUS_FROM:]]))
        if rest is not None and rest[1] - rest[0] < FOCUS_SHARE * (full[1] - full[0]):
            return YRange(rest[0], rest[1], FOCUS_FROM)
    return YRange(*full)


def iteration_tick_step(last_x: float) -> int:
    """A whole-number spacing for the iteration axis: 1, 2, 5, 10, 20, 50, ..."""
    if last_x <= 10:
        return 1
    step = 1
    while True:
        for factor in (2, 5, 10):
            if last_x / (step * factor) <= 10:
                return step * factor
        step *= 10
