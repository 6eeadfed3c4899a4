"""The 'Why EM works' figure: the decomposition bar (PRML 9.11) and the bound along the step (9.14).

Drawn as calls on a figure canvas (emgui.render.figure_canvas), so the window's bar and the
exported PNG, SVG and PDF are one drawing. The bar is to scale over the values that matter;
its foot is cut (a zigzag): only differences mean anything in a log-likelihood.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.model.theory_view import Decomposition, bar_rows
from emgui.render.figure_canvas import Canvas, Color, hex_color, measure, opaque_argb
from emgui.render.figure_layout import make_ticks

BOUND = hex_color("#009E73")  # the bound, as on the objective curve
GAP = hex_color("#E69F00")  # the gap: KL(q ‖ p) or J(c, μ) − J*(μ)
STAR = hex_color("#9a9a9a")  # k-means' J*(μ), the bar's lower part
TEXT = hex_color("#111111")
BEFORE = hex_color("#333333")  # where the bound was: dashed, over either colour
OBJECTIVE = hex_color("#444444")
OLD = hex_color("#D55E00")  # θ_old: the E state's colour on the objective curve
NEW = hex_color("#0072B2")  # θ_new: the M state's
GRID = (0, 0, 0, 30)
WHITE = (255, 255, 255, 255)
FOOT = 0.35  # share of the bar's height below the lowest value shown: the cut foot

CURVE_NAMES = {
    "mixture": ("log p(X | θ(t))", "L(q, θ(t)), q held from the E-step"),
    "kmeans": ("J*(μ(t)), nearest centers", "J(c, μ(t)), assignments held from the E-step"),
}


def _darker(c: Color, f: float = 0.75) -> Color:
    return (int(c[0] * f), int(c[1] * f), int(c[2] * f), c[3])


def role_color(role: str, kind: str) -> Color:
    """The colour of a label beside the bar."""
    mixture = kind == "mixture"
    return {
        "total": TEXT if mixture else _darker(BOUND),
        "gap": _darker(GAP, 0.65),
        "part": _darker(BOUND) if mixture else TEXT,
        "before": BEFORE,
    }[role]


def spread(levels: list[float], gap: float, top: float, bottom: float) -> list[float]:
    """Label positions near ``levels`` (sorted, top to bottom) at least ``gap`` apart, in range."""
    out: list[float] = []
    for y in levels:
        y = max(y, top)
        if out and y < out[-1] + gap:
            y = out[-1] + gap
        out.append(y)
    overflow = out[-1] - bottom if out else 0.0
    if overflow > 0:  # pushed past the bottom: move the stack up, keeping the spacing
        out = [max(top, y - overflow) for y in out]
    return out


def draw_bar(
    canvas: Canvas, d: Decomposition, x: float, y: float, w: float, h: float, px: float
) -> None:
    """The bar of ``d`` in the box (x, y, w, h), its numbers beside it, text ``px`` high."""
    line = 1.25 * px
    top, bottom = y + 0.9 * line, y + h - 0.5 * line
    bar_w = max(1.6 * px, 0.12 * w)
    bar_x = x + 0.5 * line
    values = [d.total, d.part]
    for extra in (d.before_bound, d.before_objective):
        if extra is not None:
            values.append(extra)
    hi, lo = max(values), min(values)
    span = hi - lo if hi > lo else 1.0
    lo = lo if hi > lo else hi - 1.0
    foot = lo - FOOT / (1.0 - FOOT) * span  # the value at the bar's drawn bottom

    def y_of(v: float) -> float:
        return bottom - (v - foot) / (hi - foot) * (bottom - top)

    y_total, y_part = y_of(d.total), y_of(d.part)
    part_color = BOUND if d.kind == "mixture" else STAR
    canvas.rect(bar_x, y_part, bar_w, bottom - y_part, part_color)
    canvas.rect(bar_x, y_total, bar_w, y_part - y_total, GAP)
    # The cut at the foot: the length below is not to scale.
    amp = 0.35 * px
    zig = np.array(
        [
            (bar_x - 2 + i * (bar_w + 4) / 4, bottom - (1 if i % 2 == 0 else 3) * amp)
            for i in range(5)
        ]
    )
    canvas.polyline(zig, WHITE, 0.25 * px)
    lw = 0.12 * px
    total_color = TEXT if d.kind == "mixture" else BOUND
    canvas.segments(np.array([[bar_x - 4, y_total, bar_x + bar_w + 4, y_total]]), total_color, lw)
    if d.before_bound is not None:
        yb = y_of(d.before_bound)
        canvas.polyline(
            np.array([[bar_x - 6, yb], [bar_x + bar_w + 6, yb]]),
            BEFORE,
            0.15 * px,
            dash=(0.6 * px, 0.35 * px),
        )
    text_x = bar_x + bar_w + 1.2 * line
    rows = [(y_of(v), text, role) for v, text, role in bar_rows(d)]
    order = sorted(range(len(rows)), key=lambda i: rows[i][0])
    placed = spread([rows[i][0] for i in order], 1.15 * line, top, bottom)
    for slot, i in zip(placed, order, strict=True):
        level, text, role = rows[i]
        color = role_color(role, d.kind)
        canvas.text(text_x, slot, text, px, "start", "middle", color, bold=role == "gap")
        if abs(slot - level) > 1:  # a leader from the moved label to its level
            canvas.segments(
                np.array([[bar_x + bar_w + 3, level, text_x - 3, slot]]), color, 0.08 * px
            )


def legend_corner(t: np.ndarray, objective: np.ndarray, bound: np.ndarray) -> tuple[bool, bool]:
    """(top, right): the corner the curves leave most room in, judged on each outer third of t."""
    both = np.vstack([objective, bound])
    lo, hi = np.nanmin(both), np.nanmax(both)
    span = max(hi - lo, 1e-300)
    third = (t.max() - t.min()) / 3
    best, choice = -np.inf, (False, False)
    for right in (False, True):
        side = both[:, t >= t.max() - third] if right else both[:, t <= t.min() + third]
        for top in (True, False):
            room = (hi - np.nanmax(side)) / span if top else (np.nanmin(side) - lo) / span
            if room > best + 1e-9:
                best, choice = room, (top, right)
    return choice


def draw_bound_path(
    canvas: Canvas,
    path,
    kind: str,
    shown_phase: str,
    x: float,
    y: float,
    w: float,
    h: float,
    px: float,
) -> None:
    """The two curves over t in the box, θ_old (t = 0) and θ_new (t = 1) marked and named."""
    t = np.asarray(path.t, dtype=float)
    objective = np.asarray(path.objective, dtype=float)
    bound = np.asarray(path.bound, dtype=float)
    line = 1.25 * px
    lo, hi = _y_range(objective, bound)
    y_ticks = make_ticks(lo, hi, 5)
    widest = max(measure(s, px) for s in y_ticks.labels) if y_ticks.labels else 0.0
    left, right = x + widest + 0.8 * px, x + w - 0.5 * px
    top, bottom = y + 1.6 * line, y + h - 2.4 * line
    legend_top, legend_right = legend_corner(t, objective, bound)
    names = CURVE_NAMES[kind]
    legend_h = 2 * line + 0.6 * px
    room = legend_h / max(bottom - top - legend_h, 1.0) * (hi - lo)
    lo, hi = (lo, hi + room) if legend_top else (lo - room, hi)
    x0, x1 = float(t.min()) - 0.05, float(t.max()) + 0.05

    def mx(v):
        return left + (np.asarray(v) - x0) / (x1 - x0) * (right - left)

    def my(v):
        return bottom - (np.asarray(v) - lo) / (hi - lo) * (bottom - top)

    ticks = make_ticks(lo, hi, 5)
    xt = make_ticks(x0, x1, 6)
    grid = [(mx(v), top, mx(v), bottom) for v in xt.values]
    grid += [(left, my(v), right, my(v)) for v in ticks.values]
    canvas.segments(np.array(grid, dtype=float).reshape(-1, 4), GRID, 0.06 * px)
    canvas.rect(left, top, right - left, bottom - top, None, OBJECTIVE, 0.08 * px)
    for v, s in zip(ticks.values, ticks.labels, strict=True):
        canvas.text(left - 0.4 * px, float(my(v)), s, px, "end", "middle", TEXT)
    for v, s in zip(xt.values, xt.labels, strict=True):
        canvas.text(float(mx(v)), bottom + 0.3 * px, s, px, "middle", "top", TEXT)
    canvas.text(
        (left + right) / 2,
        bottom + 1.4 * line,
        "t: θ(t) from θ_old (t = 0) to θ_new (t = 1)",
        px,
        "middle",
        "top",
        TEXT,
    )
    for at, name, color in ((0.0, "θ_old (E-step)", OLD), (1.0, "θ_new (M-step)", NEW)):
        xs = float(mx(at))
        canvas.polyline(
            np.array([[xs, top], [xs, bottom]]), color, 0.1 * px, dash=(0.3 * px, 0.3 * px)
        )
        canvas.text(xs, top - 0.3 * px, name, px, "middle", "baseline", TEXT)
    canvas.push_clip(left, top, right - left, bottom - top)
    canvas.polyline(np.column_stack([mx(t), my(objective)]), OBJECTIVE, 0.2 * px)
    canvas.polyline(np.column_stack([mx(t), my(bound)]), BOUND, 0.2 * px, dash=(0.8 * px, 0.4 * px))
    old, new = int(np.argmin(np.abs(t))), int(np.argmin(np.abs(t - 1.0)))
    for i, color in ((old, OLD), (new, NEW)):
        xy = np.array([[mx(t[i]), my(objective[i])], [mx(t[i]), my(bound[i])]], dtype=float)
        argb = opaque_argb(color)
        canvas.circles(xy, 0.4 * px, np.full(2, argb, dtype=np.uint32), None, 0.0)
    shown = old if shown_phase == "E" else new
    ring = np.array([[mx(t[shown]), my(objective[shown])], [mx(t[shown]), my(bound[shown])]])
    canvas.rings(ring, 0.85 * px, TEXT, 0.14 * px)
    canvas.pop_clip()
    # The legend, in the corner the curves leave free.
    sample = 1.8 * px
    text_w = max(measure(n, px) for n in names)
    box_w = sample + 0.5 * px + text_w + 0.8 * px
    bx = right - box_w - 0.5 * px if legend_right else left + 0.5 * px
    by = top + 0.4 * px if legend_top else bottom - legend_h - 0.4 * px
    for row, (name, color, dash) in enumerate(
        ((names[0], OBJECTIVE, None), (names[1], BOUND, (0.5 * px, 0.3 * px)))
    ):
        yy = by + (row + 0.5) * line + 0.3 * px
        canvas.polyline(
            np.array([[bx + 0.4 * px, yy], [bx + 0.4 * px + sample, yy]]), color, 0.2 * px, dash
        )
        canvas.text(bx + sample + 0.9 * px, yy, name, px, "start", "middle", TEXT)


def _y_range(objective: np.ndarray, bound: np.ndarray) -> tuple[float, float]:
    both = np.concatenate([objective, bound])
    both = both[np.isfinite(both)]
    lo, hi = (float(both.min()), float(both.max())) if both.size else (0.0, 1.0)
    pad = 0.06 * (hi - lo) if hi > lo else max(1.0, 1e-2 * abs(lo))
    return lo - pad, hi + pad


@dataclass
class TheoryFigure:
    """The panel as a figure: a title line, the bar on the left, the bound path on the right."""

    decomposition: Decomposition | None
    path: object | None  # an emgui.core.BoundPath, or None
    kind: str  # "mixture" or "kmeans"
    shown_phase: str  # "E" or "M"
    title: str
    width: float = 1100.0
    height: float = 380.0
    font_px: float = 15.0
    note: str = ""  # said where the bound path is not there

    def point_count(self) -> int:
        return 0

    def draw(self, canvas: Canvas, points_dpi: float | None = None) -> None:
        px = self.font_px
        canvas.rect(0, 0, self.width, self.height, WHITE)
        canvas.text(0.6 * px, 0.6 * px, self.title, 1.1 * px, "start", "top", TEXT)
        body_y = 2.2 * px
        body_h = self.height - body_y
        bar_w = 0.38 * self.width
        if self.decomposition is not None:
            draw_bar(canvas, self.decomposition, 0.0, body_y, bar_w, body_h, px)
        if self.path is not None:
            draw_bound_path(
                canvas,
                self.path,
                self.kind,
                self.shown_phase,
                bar_w,
                body_y,
                self.width - bar_w,
                body_h,
                px,
            )
        elif self.note:
            canvas.text(
                bar_w + (self.width - bar_w) / 2,
                body_y + body_h / 2,
                self.note,
                px,
                "middle",
                "middle",
                TEXT,
            )
