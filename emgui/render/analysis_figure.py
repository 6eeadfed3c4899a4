"""The analysis windows' results as figures: restarts as a contact sheet, BIC/AIC over k.

Drawn by the figure renderer (emgui.render.figure), so "Save image…" writes the same picture
as PNG, SVG or PDF: vector lines, markers and text as text. The restarts reuse the contact
sheet (one panel per run, best first, one legend, shared axes); the criteria are a line
figure in the same style (type, grid, axis box and ticks as the plots of the data).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from emgui.model.agreement import run_colour_slots
from emgui.model.algorithms import ALGORITHM_NAMES, OBJECTIVE_NAMES, is_soft
from emgui.model.known_classes import KnownClasses, classes_of
from emgui.model.settings import Settings
from emgui.model.view_state import ViewState, scene_colors
from emgui.render.contact_sheet import SheetFigure
from emgui.render.export_options import ExportOptions
from emgui.render.figure_canvas import Canvas, hex_color, measure, opaque_argb
from emgui.render.figure_layout import (
    AxesText,
    FigureStyle,
    Ticks,
    fit_range,
    layout_plot,
)
from emgui.render.figure_panel import AXIS, TEXT, Panel, draw_axes, draw_grid

RESTART_PANEL = (320, 260)  # figure pixels per run: four across make a 1280-pixel sheet
BIC_COLOR = hex_color("#0072B2")  # as the window's curves (Okabe-Ito blue and orange)
AIC_COLOR = hex_color("#E69F00")
X_TITLE = "k (number of components)"
Y_TITLE = "criterion (lower is better)"


def signed(value: float) -> str:
    """A number with a true minus sign, as typeset: "−385.461"."""
    return f"{value:.6g}".replace("-", "\u2212")


def restart_caption(run) -> str:
    """ "seed 3 · −385.461": the panel's seed and final objective."""
    return f"seed {run.seed} \u00b7 {signed(run.objective)}"


def restart_states(
    points: np.ndarray,
    runs: list,
    settings: Settings,
    columns: tuple[str, str] | None = None,
    known: KnownClasses | None = None,
) -> list[ViewState]:
    """The final state of each run (best first), in matched colours.

    Each start numbers its components in its own way, so the same cluster would change
    colour from one panel to the next. Each run's components are matched (Hungarian) to the
    known ``classes``, or without them to the best run's clusters, and drawn in their colours.
    """
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    reference = classes_of(known, pts.shape[0])
    if reference is not None:
        n_reference = len(known.names)
    else:
        reference, n_reference = runs[0].final.labels, runs[0].final.k
    states = []
    for run in runs:
        snap = run.final
        slots = run_colour_slots(reference, n_reference, snap.labels, snap.k)
        colors, _ = scene_colors(pts, snap, settings, slots=slots)
        cov = snap.covariances if is_soft(snap.algorithm) else None
        states.append(
            ViewState(
                pts,
                colors,
                snap.means,
                cov,
                snap.weights,
                snap,
                columns=columns,
                slots=slots,
                known=known,  # shapes by class, when the window shows them
            )
        )
    return states


def restarts_figure(
    points: np.ndarray,
    runs: list,
    settings: Settings,
    columns: tuple[str, str] | None = None,
    panel: tuple[int, int] = RESTART_PANEL,
    known: KnownClasses | None = None,
) -> SheetFigure:
    """The runs' final states (given best first) as a contact sheet sharing one data view."""
    if not runs:
        raise ValueError("no runs to draw: run the restarts first")
    states = restart_states(points, runs, settings, columns, known)
    algorithm = runs[0].final.algorithm
    k = runs[0].final.means.shape[0]
    by_classes = classes_of(known, states[0].points.shape[0]) is not None
    title = (
        f"{ALGORITHM_NAMES[algorithm]}, k = {k}: {len(runs)} restarts, "
        f"best {OBJECTIVE_NAMES[algorithm]} first; colours matched to "
        + ("the known classes" if by_classes else "the best run")
    )
    options = ExportOptions(size=panel, settings=settings, equal_aspect=settings.equal_aspect)
    return SheetFigure(states, [restart_caption(r) for r in runs], options, title=title)


def integer_ticks(lo: float, hi: float, width: float, font_px: float) -> Ticks:
    """Ticks at whole numbers only (k counts components): every k when the labels have room
    (2.5 em apart), else a step of 2, 5, 10, …"""
    per_unit = width / max(hi - lo, 1e-9)
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 10**9) if s * per_unit >= 2.5 * font_px)
    values = range(math.ceil(lo / step) * step, math.floor(hi) + 1, step)
    return Ticks(tuple(float(v) for v in values), tuple(str(v) for v in values))


@dataclass
class CriteriaFigure:
    """BIC and AIC against k: lines with markers, integer k ticks, a legend, the best k ringed."""

    ks: np.ndarray
    bic: np.ndarray
    aic: np.ndarray
    title: str = ""
    width: float = 800.0
    height: float = 560.0
    font_pt: float | None = None

    def __post_init__(self) -> None:
        self.ks = np.asarray(self.ks, dtype=np.float64)
        self.bic = np.asarray(self.bic, dtype=np.float64)
        self.aic = np.asarray(self.aic, dtype=np.float64)
        if self.ks.size == 0:
            raise ValueError("no criteria to draw: run the model selection first")
        self.style = FigureStyle.for_panel((self.width, self.height), self.font_pt)
        x = np.concatenate([self.ks, self.ks])
        y = np.concatenate([self.bic, self.aic])
        (_, _), y_range = fit_range(np.column_stack([x, y]), padding=0.08)
        x_range = (float(self.ks.min()) - 0.5, float(self.ks.max()) + 0.5)  # markers clear
        text = AxesText(X_TITLE, Y_TITLE, caption=self.title)
        self.frame, _, self.y_ticks = layout_plot(
            (0.0, 0.0, self.width, self.height),
            (x_range, y_range),
            text,
            self.style,
            measure,
            equal_aspect=False,
        )
        self.x_ticks = integer_ticks(*x_range, self.frame.width, self.style.font_px)
        # Laid out like a plot of the data: its grid, box, ticks and titles are drawn alike.
        self.panel = Panel(self.frame, self.x_ticks, self.y_ticks, text)

    def point_count(self) -> int:
        return 0

    def curves(self):
        """(name, values, colour, marker) per criterion, in the legend's order."""
        return (("BIC", self.bic, BIC_COLOR, "circle"), ("AIC", self.aic, AIC_COLOR, "triangle"))

    def draw(self, canvas: Canvas, points_dpi: float | None = None) -> None:
        f, s = self.frame, self.style
        fp, m = s.font_px, s.mark
        canvas.rect(0, 0, self.width, self.height, (255, 255, 255, 255))
        draw_grid(canvas, self.panel, s)
        canvas.push_clip(f.left, f.top, f.width, f.height)
        r = 0.42 * fp
        for name, values, color, marker in self.curves():
            canvas.group(name)
            xy = np.column_stack([f.map_x(self.ks), f.map_y(values)])
            canvas.polyline(xy, color, 3.0 * m)
            _markers(canvas, xy, r, color, marker)
            best = int(np.argmin(values))
            canvas.rings(xy[best : best + 1], 1.9 * r, color, 0.14 * fp)
            canvas.end_group()
        canvas.pop_clip()
        draw_axes(canvas, self.panel, s)
        self._legend(canvas, r)

    def _legend(self, canvas: Canvas, r: float) -> None:
        """A boxed legend in the upper corner farther from the curves' ends."""
        f, s = self.frame, self.style
        fp, lh = s.font_px, s.line_height
        names = [c[0] for c in self.curves()] + ["ringed: the lowest"]
        sample = 2.4 * fp
        w = 0.5 * fp + sample + 0.5 * fp + max(measure(n, fp) for n in names) + 0.5 * fp
        h = 0.5 * fp + lh * len(names) + 0.3 * fp
        inset = 0.6 * fp
        # Criteria fall then rise (or keep falling): the legend goes over the higher side's
        # opposite, where the curves sit low.
        left_high = max(self.bic[0], self.aic[0]) >= max(self.bic[-1], self.aic[-1])
        x = f.right - inset - w if left_high else f.left + inset
        y = f.top + inset
        canvas.rect(x, y, w, h, (255, 255, 255, 235), AXIS, max(0.5, 0.05 * fp))
        for row, (name, _, color, marker) in enumerate(self.curves()):
            cy = y + 0.5 * fp + (row + 0.5) * lh
            line = np.array([[x + 0.5 * fp, cy], [x + 0.5 * fp + sample, cy]])
            canvas.polyline(line, color, 3.0 * s.mark)
            _markers(canvas, np.array([[x + 0.5 * fp + sample / 2, cy]]), r, color, marker)
            canvas.text(x + sample + fp, cy, name, fp, "start", "middle", TEXT)
        cy = y + 0.5 * fp + (len(names) - 0.5) * lh
        canvas.rings(np.array([[x + 0.5 * fp + sample / 2, cy]]), 0.8 * r, TEXT, 0.12 * fp)
        canvas.text(x + sample + fp, cy, names[-1], fp, "start", "middle", TEXT)


def _markers(canvas: Canvas, xy: np.ndarray, r: float, color, marker: str) -> None:
    """Filled discs or upward triangles of radius ``r`` with a white edge, vector everywhere."""
    if marker == "circle":
        argb = opaque_argb(color)
        canvas.circles(xy, r, np.full(len(xy), argb, dtype=np.uint32), (255, 255, 255, 255), 1.0)
        return
    unit = np.array([[0.0, -1.25], [1.1, 0.7], [-1.1, 0.7]])  # same area as the disc, about
    for x, y in np.asarray(xy, dtype=np.float64).tolist():
        tri = unit * r + (x, y)
        canvas.polyline(tri, (255, 255, 255, 255), 2.0, closed=True)
        canvas.polygon(tri, color)


def criteria_figure(criteria, covariance: str) -> CriteriaFigure:
    """The model-selection results (emgui.core.select's criteria) as a figure."""
    ks = [c.k for c in criteria]
    bic = np.array([c.bic for c in criteria])
    aic = np.array([c.aic for c in criteria])
    if not ks:
        raise ValueError("no criteria to draw: run the model selection first")
    best_b, best_a = ks[int(np.argmin(bic))], ks[int(np.argmin(aic))]
    title = (
        f"Gaussian mixtures, {covariance} covariances: best k = {best_b} by BIC, {best_a} by AIC"
    )
    return CriteriaFigure(np.array(ks), bic, aic, title)
