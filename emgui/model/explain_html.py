"""Rich text for the Explain panel: the update a half-step applied, with live numbers.

Pure functions of a snapshot (no Qt), so tests can check that the numbers
shown are the engine's.
"""

from __future__ import annotations

import numpy as np

from emgui.core import Snapshot
from emgui.core.results import point_terms
from emgui.model.palette import component_hex

FORMULAS = {
    ("kmeans", "E"): "c<sub>i</sub> = argmin<sub>j</sub> ‖x<sub>i</sub> − μ<sub>j</sub>‖²",
    ("kmeans", "M"): "μ<sub>j</sub> = mean of the points with c<sub>i</sub> = j",
    ("gmm", "E"): (
        "γ<sub>ij</sub> = π<sub>j</sub> N(x<sub>i</sub> | μ<sub>j</sub>, Σ<sub>j</sub>) / "
        "Σ<sub>l</sub> π<sub>l</sub> N(x<sub>i</sub> | μ<sub>l</sub>, Σ<sub>l</sub>)"
    ),
    ("soft-kmeans", "E"): (
        "γ<sub>ij</sub> = exp(−β ‖x<sub>i</sub> − μ<sub>j</sub>‖²) / "
        "Σ<sub>l</sub> exp(−β ‖x<sub>i</sub> − μ<sub>l</sub>‖²)"
    ),
    ("soft-kmeans", "M"): (
        "μ<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub> x<sub>i</sub> / Σ<sub>i</sub> γ<sub>ij</sub>"
        " &nbsp; (β → ∞: k-means)"
    ),
    ("gmm", "M"): (
        "N<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub>, &nbsp; π<sub>j</sub> = N<sub>j</sub> / n, "
        "&nbsp; μ<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub> x<sub>i</sub> / N<sub>j</sub>, "
        "&nbsp; Σ<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub> (x<sub>i</sub> − μ<sub>j</sub>)"
        "(x<sub>i</sub> − μ<sub>j</sub>)<sup>T</sup> / N<sub>j</sub>"
    ),
}
OBJECTIVES = {
    "soft-kmeans": "log-likelihood of k round Gaussians of variance 1/(2β), equal weights; "
    "never decreases",
    "kmeans": "inertia Σ<sub>i</sub> ‖x<sub>i</sub> − μ<sub>c<sub>i</sub></sub>‖², never increases",
    "gmm": "log-likelihood Σ<sub>i</sub> log Σ<sub>j</sub> π<sub>j</sub> "
    "N(x<sub>i</sub> | μ<sub>j</sub>, Σ<sub>j</sub>), never decreases",
}


def num(v: float) -> str:
    """A number for people: 4 significant digits, no needless exponent."""
    v = float(v)
    if v != 0 and (abs(v) >= 1e5 or abs(v) < 1e-3):
        return f"{v:.3e}"
    return f"{v:.4g}"


def vec(v) -> str:
    return "(" + ", ".join(num(x) for x in v) + ")"


def mat(m) -> str:
    return f"[[{num(m[0][0])}, {num(m[0][1])}], [{num(m[1][0])}, {num(m[1][1])}]]"


def swatch(j: int) -> str:
    return f'<span style="color:{component_hex(j)}">■</span>'


def bar(value: float, j: int, width: int = 16) -> str:
    """A little bar of ``value`` in [0, 1] in component j's colour."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return (
        f'<span style="color:{component_hex(j)}">{"█" * filled}</span>'
        f'<span style="color:#dddddd">{"█" * (width - filled)}</span>'
    )


def step_html(snap: Snapshot | None) -> str:
    """The rule of the half-step shown, and what the objective does."""
    if snap is None:
        return "<p>No run yet. Place points and centers, then press → to take the first step.</p>"
    alg = snap.algorithm
    if snap.phase == "init":
        what = (
            "Initial centers; no point is assigned yet."
            if alg != "gmm"
            else "Initial Gaussians: means, covariances and weights π<sub>j</sub> = 1/k."
        )
        return f"<h3>Initial state</h3><p>{what}</p><p><i>Objective:</i> {OBJECTIVES[alg]}.</p>"
    title = "E-step (assign)" if snap.phase == "E" else "M-step (re-estimate)"
    return (
        f"<h3>Iteration {snap.iteration}: {title}</h3>"
        f'<p style="font-size:large">{FORMULAS[(alg, snap.phase)]}</p>'
        f"<p><i>Objective:</i> {OBJECTIVES[alg]}; now {num(snap.objective)}.</p>"
    )


def point_html(points: np.ndarray, i: int, snap: Snapshot | None) -> str:
    """The E-step's numbers for point i: distances (k-means) or responsibilities (GMM)."""
    x = points[i]
    head = f"<h4>Point {i + 1}: x = {vec(x)}</h4>"
    if snap is None or snap.labels is None:
        return head + "<p>Not assigned yet: the first E-step assigns it.</p>"
    terms = point_terms(x, snap)
    label = int(snap.labels[i])
    rows = []
    if snap.algorithm == "kmeans":
        d2 = terms["dist2"][0]
        closest = d2.min()
        for j in range(snap.k):
            mark = " ◀ nearest" if j == label else ""
            share = closest / d2[j] if d2[j] > 0 else 1.0
            rows.append(
                f"<tr><td nowrap>{swatch(j)} ‖x − μ<sub>{j + 1}</sub>‖² = {num(d2[j])}</td>"
                f"<td nowrap>{bar(share, j, 10)}<b>{mark}</b></td></tr>"
            )
        terms_text = ", ".join(num(v) for v in d2)
        rule = f"c = argmin({terms_text}) = {label + 1}"
        return head + f"<p>{rule}</p><table cellspacing=3>{''.join(rows)}</table>"
    resp, dens = terms["resp"][0], terms["density"][0]
    w = snap.assign_weights
    j = label
    denominator = " + ".join(f"{num(w[m])}·{num(dens[m])}" for m in range(snap.k))
    rule = (
        f"γ<sub>{j + 1}</sub> = {num(w[j])}·{num(dens[j])} / ({denominator}) = "
        f"<b>{num(resp[j])}</b>"
    )
    for m in range(snap.k):
        rows.append(
            f"<tr><td nowrap>{swatch(m)} γ<sub>{m + 1}</sub> = {num(resp[m])}</td>"
            f"<td nowrap>{bar(resp[m], m, 10)}</td>"
            f"<td nowrap><small>π = {num(w[m])}, N = {num(dens[m])}</small></td></tr>"
        )
    return head + f"<p>{rule}</p><table cellspacing=3>{''.join(rows)}</table>"


def component_html(j: int, snap: Snapshot | None, n_points: int, centers=None) -> str:
    """μ, Σ, π and N_j of component j (for k-means: center and cluster size)."""
    head = f"<h4>{swatch(j)} Component {j + 1}</h4>"
    if snap is None:
        c = "" if centers is None else f"μ = {vec(centers[j])}"
        return head + f"<p>{c} (initial center)</p>"
    mu = snap.means[j]
    nj = snap.weights[j] * n_points
    if snap.algorithm == "kmeans":
        size = "" if snap.phase == "init" else f"N<sub>j</sub> = {nj:.0f} points"
        empty = " <b>(empty: keeps its center)</b>" if j in snap.empty else ""
        return head + f"<p>μ = {vec(mu)}<br>{size}{empty}</p>"
    flags = " <b>(collapsed onto a point or line)</b>" if j in snap.collapsed else ""
    return head + (
        f"<p>μ = {vec(mu)}<br>Σ = {mat(snap.covariances[j])}<br>"
        f"π = {num(snap.weights[j])} &nbsp; N<sub>j</sub> = n π = {num(nj)}{flags}</p>"
    )


def panel_html(
    points: np.ndarray, snap: Snapshot | None, inspected: tuple[str, int] | None, centers=None
) -> str:
    """The whole panel: the step's rule, then the inspected point or component."""
    parts = [step_html(snap)]
    if inspected is not None:
        kind, index = inspected
        if kind == "point" and 0 <= index < points.shape[0]:
            parts.append(point_html(points, index, snap))
        elif kind == "center":
            k = snap.k if snap is not None else (0 if centers is None else len(centers))
            if 0 <= index < k:
                parts.append(component_html(index, snap, points.shape[0], centers))
    else:
        parts.append("<p><i>Hover over a point or a center to see its numbers.</i></p>")
    return "".join(parts)
