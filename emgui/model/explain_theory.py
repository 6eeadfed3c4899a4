"""Rich text for the Explain panel: why EM never goes downhill, with the shown state's numbers.

log p(X | θ) = L(q, θ) + KL(q ‖ p(Z | X, θ)) and L(q, θ) = Q(θ, θ_old) + H(q) (PRML §9.4);
k-means is the mirror, J(c, μ) = J*(μ) + gap. Pure functions of snapshots (no Qt).
"""

from __future__ import annotations

from emgui.core import Snapshot
from emgui.model.rounding import is_rounding
from emgui.model.theory_view import Decomposition, decomposition, fmt6, moved

LOG_P = "log p(X | θ)"
BOUND = "L(q, θ)"
KL = "KL(q ‖ p(Z | X, θ))"
Q_TERM = "Q(θ, θ<sub>old</sub>)"
ENTROPY = "H(q)"
_Q_SUM = (
    "Σ<sub>ij</sub> q<sub>ij</sub> log π<sub>j</sub> N(x<sub>i</sub> | μ<sub>j</sub>, "
    "Σ<sub>j</sub>)"
)
_J_HELD = "Σ<sub>i</sub> ‖x<sub>i</sub> − μ<sub>c<sub>i</sub></sub>‖², assignments held"
_J_STAR = "Σ<sub>i</sub> min<sub>j</sub> ‖x<sub>i</sub> − μ<sub>j</sub>‖²"


def value(v: float, of: float | None = None) -> str:
    """Six significant digits, enough to see the bound and the log-likelihood differ; noise is 0."""
    if of is not None and is_rounding(v, of):
        return "0"
    return fmt6(v)


def _rows(rows: list[tuple[str, str, str]]) -> str:
    cells = "".join(
        f"<tr><td nowrap>{name}</td><td nowrap align=right>&nbsp;= {val}</td>"
        f'<td style="color:#555555">&nbsp; {note}</td></tr>'
        for name, val, note in rows
    )
    return f"<table cellspacing=2>{cells}</table>"


def _mixture_html(d: Decomposition) -> str:
    rows = [(LOG_P, value(d.objective), "the log-likelihood")]
    if d.q_term is not None and d.entropy is not None:
        rows += [
            (Q_TERM, value(d.q_term), _Q_SUM),
            (ENTROPY, value(d.entropy), "−Σ<sub>ij</sub> q<sub>ij</sub> log q<sub>ij</sub>"),
        ]
    rows += [
        (BOUND, value(d.bound), "= Q + H, the bound"),
        ("KL(q ‖ p)", value(d.gap), "= log p − L ≥ 0, the gap"),
    ]
    head = (
        f"<p>{LOG_P} = {BOUND} + {KL}, &nbsp; {BOUND} = {Q_TERM} + {ENTROPY}; "
        "q are the responsibilities of the last E-step.</p>"
    )
    if d.phase == "E":
        why = (
            "<p>E-step: q set to the posterior p(Z | X, θ): the gap is 0 and the bound "
            "touches the log-likelihood.</p>"
        )
        if d.before_bound is not None and d.before_objective is not None:
            closed = d.before_objective - d.before_bound
            why += f"<p>The gap it closed: {value(closed, d.objective)}.</p>"
        return head + _rows(rows) + why
    why = (
        "<p><b>Why the log-likelihood cannot fall:</b> the M-step maximises L(q, θ) with q held, "
        "so the bound rose; and log p = L + KL ≥ L, since KL ≥ 0.</p>"
    )
    if d.before_bound is not None and d.before_objective is not None:
        rose = d.bound - d.before_bound
        gained = d.objective - d.before_objective
        chain = (
            "log p(X | θ<sub>new</sub>) = L + KL ≥ L(q, θ<sub>new</sub>) ≥ L(q, θ<sub>old</sub>)"
            " = log p(X | θ<sub>old</sub>)"
        )
        changes = (
            f"the bound {moved(rose, d.bound)} and the log-likelihood {moved(gained, d.objective)}"
        )
        bound_fell = rose < 0 and not is_rounding(rose, d.bound)
        fell = gained < 0 and not is_rounding(gained, d.objective)
        if bound_fell or fell:
            # EM's guarantee needs the exact M-step; reg_covar on each variance is not it.
            why = (
                f"<p><b>Not the exact maximiser:</b> {chain} holds for an M-step that "
                "maximises L(q, θ) with q held. This one adds reg_covar to each variance, so "
                "it does not maximise L exactly, and with a reg_covar this large "
                f"{changes}. Not a failure of EM.</p>"
            )
        else:
            why = (
                f"<p><b>Why the log-likelihood cannot fall:</b> {chain}: the M-step maximises "
                f"L with q held, and KL ≥ 0. Here {changes}.</p>"
            )
    return head + _rows(rows) + why


def _kmeans_html(d: Decomposition) -> str:
    rows = [
        ("J(c, μ)", value(d.bound), _J_HELD),
        ("J*(μ)", value(d.objective), _J_STAR),
        ("gap", value(d.gap), "= J(c, μ) − J*(μ) ≥ 0"),
    ]
    head = "<p>The mirror of a mixture's bound: J(c, μ) = J*(μ) + gap lies above J*(μ).</p>"
    if d.phase == "E":
        why = "<p>E-step: each point takes its nearest center: J(c, μ) touches J*(μ), gap 0.</p>"
    else:
        why = (
            "<p><b>Why the inertia cannot rise:</b> J*(μ<sub>new</sub>) ≤ J(c, μ<sub>new</sub>) "
            "≤ J(c, μ<sub>old</sub>) = J*(μ<sub>old</sub>): the M-step minimises J(c, μ) with "
            "c held, and the next E-step can only lower it further.</p>"
        )
    return head + _rows(rows) + why


def theory_html(
    shown: Snapshot | None, before: Snapshot | None = None, kmeans_star: float | None = None
) -> str:
    """The bound, the gap and why EM never goes downhill, for the shown state ('' if none).

    ``before`` is the state before ``shown``; ``kmeans_star`` J*(μ) of a k-means M state
    (see :func:`emgui.model.theory_view.decomposition`).
    """
    d = decomposition(shown, before, kmeans_star)
    if d is None:
        if shown is not None and shown.algorithm == "kmeans" and shown.phase == "M":
            return (
                "<h4>Why EM works</h4><p>J(c, μ) ≥ J*(μ): the M-step minimises J(c, μ) with "
                "c held, and the next E-step can only lower it further: the inertia cannot "
                "rise.</p>"
            )
        return ""
    body = _mixture_html(d) if d.kind == "mixture" else _kmeans_html(d)
    return "<h4>Why EM works: the bound and the gap</h4>" + body
