"""One sentence on what the last half-step did, for the line under the plot and the status bar."""

from __future__ import annotations

import numpy as np

from emgui.core import Snapshot
from emgui.model.algorithms import OBJECTIVE_NAMES as OBJECTIVE
from emgui.model.algorithms import short_name
from emgui.model.rounding import is_rounding


def _num(value: float) -> str:
    """Plain numbers on a slide: 0.184, 12.3, 2684; an exponent only beyond a million."""
    if value == 0 or 1e-3 <= abs(value) < 1000:
        return f"{value:.3g}"
    if 1000 <= abs(value) < 1e7:
        return f"{value:.0f}"
    return f"{value:.3g}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _gap(snap: Snapshot | None) -> float | None:
    """KL(q ‖ p) = log p(X | θ) − L(q, θ) of a mixture state; None where there is no bound."""
    bound = None if snap is None else snap.lower_bound
    return None if bound is None else float(snap.objective - bound)


def _bound_change(snap: Snapshot, previous: Snapshot) -> float | None:
    """How much an M-step moved the bound L(q, θ) (0 within rounding); None without bounds."""
    if snap.lower_bound is None or previous.lower_bound is None:
        return None
    delta = float(snap.lower_bound - previous.lower_bound)
    return 0.0 if is_rounding(delta, snap.lower_bound) else delta


def describe_step(snap: Snapshot, previous: Snapshot | None) -> str:
    """ "E-step: 14 points changed cluster." / "M-step: centers moved by up to 0.82; ..." """
    k = snap.k
    if snap.phase == "init":
        if snap.algorithm == "kmeans":
            return (
                f"Initial state: {_plural(k, 'center')}. Next, the E-step assigns each point "
                "to its nearest center."
            )
        if snap.algorithm == "soft-kmeans":
            return (
                f"Initial state: {_plural(k, 'center')}. Next, the E-step shares each point "
                "among them, more to the nearer (stiffness β)."
            )
        return (
            f"Initial state: {_plural(k, 'Gaussian')}. Next, the E-step computes each point's "
            "responsibilities."
        )
    if snap.phase == "E":
        changed = snap.n_changed
        first = snap.previous_labels is None
        if snap.algorithm == "kmeans":
            text = (
                "E-step: every point is assigned to its nearest center."
                if first
                else f"E-step: {changed} point{'s' if changed != 1 else ''} changed cluster."
            )
        else:
            # PRML §9.4: the E-step sets q to the posterior, which closes the gap KL(q ‖ p).
            text = "E-step: q set to the posterior: the bound now touches the log-likelihood, gap 0"
            closed = _gap(previous)
            if closed is not None and not is_rounding(closed, previous.objective):
                text += f" (was {_num(closed)})"
            text += (
                "."
                if first
                else f"; {changed} point{'s' if changed != 1 else ''} changed their most "
                "likely component."
            )
        if snap.empty:
            names = ", ".join(str(j + 1) for j in snap.empty)
            text += f" Cluster {names} has no points: its center stays where it is."
        return text
    # M-step
    moved = 0.0
    if previous is not None and previous.means.shape == snap.means.shape:
        moved = float(np.sqrt(((snap.means - previous.means) ** 2).sum(axis=1)).max())
    name = OBJECTIVE[snap.algorithm]
    what = {
        "kmeans": "centers moved to the means of their points",
        "soft-kmeans": "centers moved to the responsibility-weighted means",
        "gmm": "means, covariances and weights re-estimated",
    }[snap.algorithm]
    text = f"M-step: {what}; centers moved by up to {_num(moved)}"
    downhill = False
    if previous is not None:
        delta = snap.objective - previous.objective
        n = 0 if snap.labels is None else snap.labels.shape[0]
        if is_rounding(delta, snap.objective, n):
            text += f"; {name} unchanged"
        else:
            better = delta < 0 if snap.algorithm == "kmeans" else delta > 0
            verb = (
                ("fell" if delta < 0 else "rose") if better else ("rose" if delta > 0 else "fell")
            )
            text += f"; {name} {verb} by {_num(abs(delta))}"
            downhill = not better
            bound_delta = _bound_change(snap, previous)
            if bound_delta is not None:
                text += (
                    f", the bound by {_num(bound_delta)}"
                    if bound_delta >= 0
                    else (f", the bound fell by {_num(-bound_delta)}")
                )
    text += "."
    if downhill and snap.algorithm == "gmm":
        # EM's guarantee is for the exact M-step; the one used adds reg_covar to every
        # variance, which is not the likelihood's maximiser when reg_covar matters.
        text += (
            " Not a failure of EM: the M-step adds reg_covar to each variance, so it does not "
            "maximise the likelihood exactly."
        )
    if snap.collapsed and snap.algorithm == "gmm":
        names = ", ".join(str(j + 1) for j in snap.collapsed)
        text += f" Component {names} collapsed onto a point or a line (variance at reg_covar)."
    if snap.converged:
        text += f" Converged after {_plural(snap.iteration, 'iteration')}."
    elif snap.final:
        text += " Stopped at the iteration limit, not converged."
    return text


def status_text(snap: Snapshot | None, running: bool = False) -> str:
    """The status bar: algorithm, iteration, phase, objective and convergence."""
    if snap is None:
        return "No run yet"
    alg = short_name(snap.algorithm, snap.covariance_type)
    phase = {"init": "initial", "E": "E-step", "M": "M-step"}[snap.phase]
    state = (
        "converged"
        if snap.converged
        else "not converged"
        if snap.final
        else "running"
        if running
        else "paused"
    )
    return (
        f"{alg}  ·  iteration {snap.iteration}  ·  {phase}  ·  "
        f"{OBJECTIVE[snap.algorithm]} {snap.objective:.6g}  ·  {state}"
    )


def counter_text(snap: Snapshot | None) -> str:
    """Where the run is, for a projector: "Iteration 5 · M-step" ("" before any run)."""
    if snap is None:
        return ""
    if snap.phase == "init":
        return "Initial state"
    phase = "E-step" if snap.phase == "E" else "M-step"
    end = "  ·  converged" if snap.converged else ""
    return f"Iteration {snap.iteration}  ·  {phase}{end}"
