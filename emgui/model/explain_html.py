"""Rich text for the Explain panel: the update a half-step applied, with live numbers.

Pure functions of a snapshot (no Qt), so tests can check that the numbers
shown are the engine's.
"""

from __future__ import annotations

import numpy as np

from emgui.core import Snapshot, responsibilities
from emgui.core.results import point_terms
from emgui.model.explain_theory import theory_html
from emgui.model.palette import Slots, component_hex
from emgui.model.rounding import clean, clean_matrix

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
}
_GMM_M_COMMON = (
    "N<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub>, &nbsp; π<sub>j</sub> = N<sub>j</sub> / n, "
    "&nbsp; μ<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub> x<sub>i</sub> / N<sub>j</sub>, &nbsp; "
)
_SCATTER = "(x<sub>i</sub> − μ<sub>j</sub>)(x<sub>i</sub> − μ<sub>j</sub>)<sup>T</sup>"
# The M-step of each covariance type (scikit-learn's), each plus reg_covar on the diagonal.
COVARIANCE_UPDATES = {
    "full": f"Σ<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub> {_SCATTER} / N<sub>j</sub>",
    "diag": (
        "Σ<sub>j</sub> = diag(Σ<sub>i</sub> γ<sub>ij</sub> (x<sub>i</sub> − μ<sub>j</sub>)² "
        "/ N<sub>j</sub>) &nbsp; (each coordinate's variance; no correlation)"
    ),
    "spherical": (
        "Σ<sub>j</sub> = σ<sub>j</sub>² I, &nbsp; σ<sub>j</sub>² = Σ<sub>i</sub> γ<sub>ij</sub> "
        "‖x<sub>i</sub> − μ<sub>j</sub>‖² / (2 N<sub>j</sub>) &nbsp; (the mean variance)"
    ),
    "tied": (
        f"Σ = Σ<sub>j</sub> Σ<sub>i</sub> γ<sub>ij</sub> {_SCATTER} / n "
        "= Σ<sub>j</sub> N<sub>j</sub> Σ<sub>j</sub> / n &nbsp; (one Σ shared by all)"
    ),
}


def formula(algorithm: str, phase: str, covariance_type: str = "full") -> str:
    """The update rule of a half-step, for the covariance type the run uses."""
    if (algorithm, phase) == ("gmm", "M"):
        return _GMM_M_COMMON + COVARIANCE_UPDATES[covariance_type] + " &nbsp; (+ reg_covar · I)"
    return FORMULAS[(algorithm, phase)]


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
    """A point or a mean; a coordinate within rounding of zero next to the other is 0."""
    v = clean(np.asarray(v, dtype=float))
    return "(" + ", ".join(num(x) for x in v) + ")"


def mat(m) -> str:
    """A 2x2 matrix; entries within rounding of zero, at the matrix's own scale, are 0."""
    m = clean_matrix(np.asarray(m, dtype=float))
    return f"[[{num(m[0][0])}, {num(m[0][1])}], [{num(m[1][0])}, {num(m[1][1])}]]"


def swatch(j: int, slots: Slots = None) -> str:
    return f'<span style="color:{component_hex(j, slots)}">■</span>'


def bar(value: float, j: int, width: int = 16, slots: Slots = None) -> str:
    """A little bar of ``value`` in [0, 1] in component j's colour."""
    filled = round(max(0.0, min(1.0, value)) * width)
    return (
        f'<span style="color:{component_hex(j, slots)}">{"█" * filled}</span>'
        f'<span style="color:#dddddd">{"█" * (width - filled)}</span>'
    )


def step_html(
    snap: Snapshot | None, previous: Snapshot | None = None, kmeans_star: float | None = None
) -> str:
    """The rule of the half-step shown, what the objective does, and why it cannot go downhill.

    ``previous`` is the state before ``snap`` and ``kmeans_star`` J*(μ) of a k-means M
    state, both optional: with them the theory part gives the changes too.
    """
    if snap is None:
        return "<p>No run yet. Place points and centers, then press → to take the first step.</p>"
    alg = snap.algorithm
    if snap.phase == "init":
        if alg != "gmm":
            what = "Initial centers; no point is assigned yet."
        else:
            w = np.asarray(snap.weights)
            weights = (
                "π<sub>j</sub> = 1/k"
                if np.allclose(w, 1.0 / w.size, rtol=1e-9, atol=0)
                else "π = (" + ", ".join(num(v) for v in w) + ")"
            )
            what = f"Initial Gaussians: means, covariances and weights {weights}."
        return f"<h3>Initial state</h3><p>{what}</p><p><i>Objective:</i> {OBJECTIVES[alg]}.</p>"
    title = "E-step (assign)" if snap.phase == "E" else "M-step (re-estimate)"
    rule = formula(alg, snap.phase, snap.covariance_type)
    return (
        f"<h3>Iteration {snap.iteration}: {title}</h3>"
        f'<p style="font-size:large">{rule}</p>'
        f"<p><i>Objective:</i> {OBJECTIVES[alg]}; now {num(snap.objective)}.</p>"
        + theory_html(snap, previous, kmeans_star)
    )


def point_html(points: np.ndarray, i: int, snap: Snapshot | None, slots: Slots = None) -> str:
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
        farthest = d2.max()
        rows.append("<tr><td></td><td><small>bar: distance², longest = farthest</small></td></tr>")
        for j in range(snap.k):
            mark = " ◀ nearest" if j == label else ""
            share = d2[j] / farthest if farthest > 0 else 0.0
            rows.append(
                f"<tr><td nowrap>{swatch(j, slots)} ‖x − μ<sub>{j + 1}</sub>‖² = {num(d2[j])}</td>"
                f"<td nowrap>{bar(share, j, 10, slots)}<b>{mark}</b></td></tr>"
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
            f"<tr><td nowrap>{swatch(m, slots)} γ<sub>{m + 1}</sub> = {num(resp[m])}</td>"
            f"<td nowrap>{bar(resp[m], m, 10, slots)}</td>"
            f"<td nowrap><small>π<sub>{m + 1}</sub> = {num(w[m])}, "
            f"N(x | μ<sub>{m + 1}</sub>, Σ<sub>{m + 1}</sub>) = {num(dens[m])}</small></td></tr>"
        )
    return head + f"<p>{rule}</p><table cellspacing=3>{''.join(rows)}</table>"


_sizes_cache: dict[int, tuple[Snapshot, np.ndarray, np.ndarray]] = {}


def component_sizes(points: np.ndarray, snap: Snapshot) -> np.ndarray | None:
    """N_j of the assignments in force: k-means' cluster sizes, else Σ_i γ_ij; None before any.

    For a mixture's M state N_j = n π_j exactly; otherwise the responsibilities are summed
    (once per snapshot: a hover must not recompute a million of them).
    """
    if snap.labels is None:
        return None
    if snap.algorithm == "kmeans":
        return np.bincount(snap.labels, minlength=snap.k).astype(float)
    if snap.algorithm == "gmm" and snap.phase == "M":
        return np.asarray(snap.weights) * points.shape[0]
    cached = _sizes_cache.get(id(snap))
    if cached is not None and cached[0] is snap and cached[1] is points:
        return cached[2]
    sizes = responsibilities(points, snap).sum(axis=0, dtype=np.float64)
    _sizes_cache.clear()
    _sizes_cache[id(snap)] = (snap, points, sizes)
    return sizes


def component_html(
    j: int, snap: Snapshot | None, points: np.ndarray, centers=None, slots: Slots = None
) -> str:
    """μ, Σ, π and N_j of component j (for k-means: center and cluster size)."""
    head = f"<h4>{swatch(j, slots)} Component {j + 1}</h4>"
    if snap is None:
        c = "" if centers is None else f"μ = {vec(centers[j])}"
        return head + f"<p>{c} (initial center)</p>"
    mu = snap.means[j]
    sizes = component_sizes(points, snap)
    if snap.algorithm == "kmeans":
        size = "" if sizes is None else f"N<sub>j</sub> = {sizes[j]:.0f} points"
        empty = " <b>(empty: keeps its center)</b>" if j in snap.empty else ""
        return head + f"<p>μ = {vec(mu)}<br>{size}{empty}</p>"
    flags = " <b>(collapsed onto a point or line)</b>" if j in snap.collapsed else ""
    size = (
        ""
        if sizes is None
        else f" &nbsp; N<sub>j</sub> = Σ<sub>i</sub> γ<sub>ij</sub> = {num(sizes[j])}"
    )
    fixed = " (fixed: 1/k)" if snap.algorithm == "soft-kmeans" else ""
    return head + (
        f"<p>μ = {vec(mu)}<br>Σ = {mat(snap.covariances[j])}<br>"
        f"π = {num(snap.weights[j])}{fixed}{size}{flags}</p>"
    )


def panel_html(
    points: np.ndarray,
    snap: Snapshot | None,
    inspected: tuple[str, int] | None,
    centers=None,
    previous: Snapshot | None = None,
    kmeans_star: float | None = None,
    slots: Slots = None,
) -> str:
    """The whole panel: the step's rule and theory, then the inspected point or component."""
    parts = [step_html(snap, previous, kmeans_star)]
    if inspected is not None:
        kind, index = inspected
        if kind == "point" and 0 <= index < points.shape[0]:
            parts.append(point_html(points, index, snap, slots))
        elif kind == "center":
            k = snap.k if snap is not None else (0 if centers is None else len(centers))
            if 0 <= index < k:
                parts.append(component_html(index, snap, points, centers, slots))
    else:
        parts.append("<p><i>Hover over a point or a center to see its numbers.</i></p>")
    return "".join(parts)
