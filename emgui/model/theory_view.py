"""The numbers of EM's proof for the shown half-step, Qt-free: the decomposition (PRML 9.11).

A mixture: log p(X | θ) = L(q, θ) + KL(q ‖ p(Z | X, θ)), with L = Q(θ, θ_old) + H(q).
k-means, the mirror: J(c, μ) = J*(μ) + gap, where J(c, μ) = Σ ‖x_i − μ_{c_i}‖² holds the
assignments and J*(μ) = Σ min_j ‖x_i − μ_j‖² lets each point take its nearest center.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from emgui.core import Snapshot
from emgui.model.rounding import is_rounding

# t from −0.5 to 1.5 in steps of 0.05 (41 values), as the bound-along-a-step figure draws.
PATH_TS = np.round(np.linspace(-0.5, 1.5, 41), 10)


@dataclass(frozen=True)
class Decomposition:
    """The shown state's objective, split into the bound and the gap.

    ``objective``: mixture log p(X | θ), k-means J*(μ). ``bound``: mixture L(q, θ) (below),
    k-means J(c, μ) (above). ``gap`` = |objective − bound| ≥ 0: mixture KL(q ‖ p), k-means
    what the held assignments cost over the nearest ones. ``before_*``: the same at the
    half-step before (None when there is none). ``entropy``: H(q) (mixtures only).
    """

    kind: str  # "mixture" or "kmeans"
    phase: str  # "E" or "M"
    objective: float
    bound: float
    entropy: float | None = None
    before_objective: float | None = None
    before_bound: float | None = None

    @property
    def gap(self) -> float:
        """KL(q ‖ p) for a mixture, J(c, μ) − J*(μ) for k-means; rounding noise is 0."""
        gap = abs(self.objective - self.bound)
        return 0.0 if is_rounding(gap, self.objective) else gap

    @property
    def q_term(self) -> float | None:
        """Q(θ, θ_old) = L − H(q), the expected complete-data log-likelihood."""
        return None if self.entropy is None else self.bound - self.entropy

    @property
    def total(self) -> float:
        """The whole bar: the larger of the two (mixture: log p; k-means: J(c, μ))."""
        return max(self.objective, self.bound)

    @property
    def part(self) -> float:
        """The bar's lower part: mixture L(q, θ); k-means J*(μ)."""
        return min(self.objective, self.bound)


# What the bar's parts are called, per kind of run.
BAR_WORDS = {
    "mixture": {
        "total": "log p(X | θ)",
        "part": "L(q, θ)",
        "gap": "KL(q ‖ p)",
        "before": "bound before this step",
    },
    "kmeans": {
        "total": "J(c, μ)",
        "part": "J*(μ)",
        "gap": "gap",
        "before": "J(c, μ) before this step",
    },
}


def fmt6(v: float) -> str:
    """Six significant digits: the gap is often a few units on a total of hundreds."""
    return f"{v:.6g}"


def moved(change: float, of: float) -> str:
    """ "rose by 6.19", "fell by 2.55" or "did not change" (rounding noise is no change)."""
    if is_rounding(change, of):
        return "did not change"
    return f"{'rose' if change > 0 else 'fell'} by {fmt6(abs(change))}"


def bar_rows(d: Decomposition) -> list[tuple[float, str, str]]:
    """The texts beside the decomposition bar: (the value each belongs to, text, role).

    Roles: "total", "gap", "part", "before". The bound's change since the half-step before
    is given beside the bound (a mixture's lower part, k-means' whole bar).
    """
    w = BAR_WORDS[d.kind]
    change = ""
    if d.before_bound is not None and not is_rounding(d.bound - d.before_bound, d.bound):
        change = f"  ({moved(d.bound - d.before_bound, d.bound)})"
    mixture = d.kind == "mixture"
    gap = f"{w['gap']} = {fmt6(d.gap)}" if d.gap else f"{w['gap']} = 0: it touches"
    rows = [
        (d.total, f"{w['total']} = {fmt6(d.total)}" + ("" if mixture else change), "total"),
        ((d.total + d.part) / 2, gap, "gap"),
        (d.part, f"{w['part']} = {fmt6(d.part)}" + (change if mixture else ""), "part"),
    ]
    if d.before_bound is not None:
        rows.append((d.before_bound, f"{w['before']}: {fmt6(d.before_bound)}", "before"))
    return rows


def _mixture_values(snap: Snapshot | None) -> tuple[float, float] | None:
    if snap is None or snap.phase == "init":
        return None
    bound = snap.lower_bound
    if bound is None or not math.isfinite(bound):
        return None
    return float(snap.objective), float(bound)


def decomposition(
    shown: Snapshot | None,
    before: Snapshot | None = None,
    kmeans_star: float | None = None,
) -> Decomposition | None:
    """The decomposition at ``shown`` (an E or M state); None in the initial state.

    ``before`` is the state before ``shown`` (for a ghost of where the bound was).
    k-means: J*(μ) of an M state is not in the snapshot: pass it as ``kmeans_star`` (the
    next E state's objective, or the bound path's objective at t = 1); without it, None.
    The before-values of a k-means E state need ``before`` (the M state) and ``shown``.
    """
    if shown is None or shown.phase == "init":
        return None
    if shown.algorithm == "kmeans":
        if shown.phase == "E":
            before_obj = before_bound = None
            if before is not None and before.phase == "M":
                # The M state's J(c_old, μ) and J*(μ), which this E state's objective is.
                before_obj, before_bound = float(shown.objective), float(before.objective)
            return Decomposition(
                "kmeans",
                "E",
                float(shown.objective),
                float(shown.objective),
                before_objective=before_obj,
                before_bound=before_bound,
            )
        if kmeans_star is None:
            return None
        before_obj = before_bound = None
        if before is not None and before.phase == "E":
            before_obj = before_bound = float(before.objective)
        return Decomposition(
            "kmeans",
            "M",
            float(kmeans_star),
            float(shown.objective),
            before_objective=before_obj,
            before_bound=before_bound,
        )
    values = _mixture_values(shown)
    if values is None:
        return None
    entropy = shown.q_entropy
    previous = _mixture_values(before)
    return Decomposition(
        "mixture",
        shown.phase,
        values[0],
        values[1],
        entropy=None if entropy is None else float(entropy),
        before_objective=None if previous is None else previous[0],
        before_bound=None if previous is None else previous[1],
    )


def step_pair(
    snapshots: list[Snapshot], index: int
) -> tuple[Snapshot | None, Snapshot | None, Snapshot | None]:
    """(before, E, M) of the iteration shown at ``index``: the states the theory panel needs.

    ``before`` is the state before the E state (the previous M state or the initial
    state); E and M are None where the run has not reached them.
    """
    if not 0 <= index < len(snapshots):
        return None, None, None
    shown = snapshots[index]
    if shown.phase == "init":
        return None, None, None
    e_index = index if shown.phase == "E" else index - 1
    e = snapshots[e_index] if 0 <= e_index and snapshots[e_index].phase == "E" else None
    if e is None:
        return None, None, None
    m_index = e_index + 1
    m = snapshots[m_index] if m_index < len(snapshots) else None
    if m is not None and (m.phase != "M" or m.iteration != e.iteration):
        m = None
    before = snapshots[e_index - 1] if e_index >= 1 else None
    return before, e, m


def kmeans_star_after(snapshots: list[Snapshot], index: int) -> float | None:
    """J*(μ) of the k-means M state at ``index``: the next E state's objective, if there is one.

    A converged M state changes no assignment, so its own objective is J*(μ).
    """
    if not 0 <= index < len(snapshots):
        return None
    m = snapshots[index]
    if m.algorithm != "kmeans" or m.phase != "M":
        return None
    if index + 1 < len(snapshots) and snapshots[index + 1].phase == "E":
        return float(snapshots[index + 1].objective)
    if m.converged:
        return float(m.objective)
    return None
