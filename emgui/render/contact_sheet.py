"""A contact sheet as a paper's figure: panels (a), (b), … in a grid, one legend, shared axes.

Every panel shows the same data range in plot boxes of one size, so its tick labels are
written once: y on the left column, x under the bottom row; the axis titles once each; the
legend (components and the ellipse level, without the weights that change from panel to
panel) once, in a row beneath. Each panel is captioned by its letter and "L = iteration".
"""

from __future__ import annotations

import math
import string
from dataclasses import dataclass, field

import numpy as np

from emgui.model.algorithms import ALGORITHM_NAMES
from emgui.model.view_state import ViewState
from emgui.render.export_options import ExportOptions
from emgui.render.figure import Ranges, axis_titles, state_extent
from emgui.render.figure_canvas import Canvas, measure
from emgui.render.figure_layout import (
    AxesText,
    FigureStyle,
    PlotFrame,
    equalise,
    fit_range,
    make_ticks,
    tick_targets,
    x_ticks_that_fit,
)
from emgui.render.figure_legend import draw_legend, legend_rows, legend_size
from emgui.render.figure_panel import TEXT, Panel, draw_panel


def choose_grid(m: int) -> tuple[int, int]:
    """(rows, columns) for m panels: one row up to 5, else near-square, fewest empty cells."""
    if m <= 5:
        return 1, max(m, 1)
    base = math.ceil(math.sqrt(m))
    best = min(
        range(base, base + 3), key=lambda c: (math.ceil(m / c) * c - m, abs(math.ceil(m / c) - c))
    )
    return math.ceil(m / best), best


def panel_letter(n: int) -> str:
    """(a), (b), …, (z), (aa), …"""
    letters = string.ascii_lowercase
    text = letters[n % 26]
    while n >= 26:
        n = n // 26 - 1
        text = letters[n % 26] + text
    return f"({text})"


@dataclass
class SheetFigure:
    """States in a grid of panels sharing one data range, with one legend and shared axes."""

    states: list[ViewState]
    captions: list[str]  # short: "L = 5"
    options: ExportOptions
    title: str = ""
    ranges: Ranges | None = None  # None: fit the data of every panel
    panels: list[Panel] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        opts, m = self.options, len(self.states)
        if m == 0:
            raise ValueError("choose at least one snapshot for a contact sheet")
        rows, cols = opts.grid or choose_grid(m)
        if rows * cols < m:
            raise ValueError(f"a {rows}x{cols} grid has room for {rows * cols} panels, not {m}")
        self.grid = (rows, cols)
        cw, ch = opts.size
        if self.ranges is None:
            extent = np.vstack([state_extent(s, opts.settings) for s in self.states])
            self.ranges = fit_range(extent)
        if opts.sheet_size:
            self.width, self.height = (float(v) for v in opts.sheet_size)
        else:
            self.width, self.height = float(cols * cw), float(rows * ch)
        cell = (self.width / cols, self.height / rows)
        style = FigureStyle.for_panel(cell, opts.font_pt)
        if opts.font_pt is None:  # type in proportion to the sheet, legible when it is shrunk
            style = FigureStyle(float(np.clip(self.width / 95.0, 9.0, 48.0)), style.mark)
        self.style = style
        self._layout()
        if not opts.sheet_size and opts.equal_aspect:
            # Panels of the data's shape (within 1:2 and 2:1) rather than the cell's: no
            # band of empty plot above and below wide data.
            (x0, x1), (y0, y1) = self.ranges
            _, _, _, _, pw, ph, *_ = self._titles
            want = pw * float(np.clip((y1 - y0) / (x1 - x0), 0.5, 2.0))
            self.height = float(round(max(self.height + rows * (want - ph), 4 * style.font_px)))
            self._layout()

    def _layout(self) -> None:
        s, opts = self.style, self.options
        rows, cols = self.grid
        f, g, lh = s.font_px, s.gap, s.line_height
        x_title, y_title = axis_titles(self.states[0])
        self.rows = legend_rows(self.states[0], opts.settings, weights=False)
        legend_h = legend_size(self.rows, s, horizontal=True)[1] + g if opts.legend else 0.0
        head = s.caption_px * 1.35 + 0.6 * g  # each panel's "(a)  L = 0"
        top = g + (s.caption_px * 1.4 if self.title and opts.caption else 0.0)
        bottom = g + s.tick_len + 0.6 * g + lh + (lh + 0.2 * g if x_title else 0.0) + legend_h
        hgap, vgap = 1.2 * f, s.tick_len + 0.6 * g
        ranges = self.ranges
        ylabels: tuple[str, ...] = ("0.0",)
        for _ in range(3):
            left = g + s.tick_len + 0.6 * g + max(measure(t, f) for t in ylabels)
            left += lh + 0.4 * g if y_title else 0.0
            right = g + 0.6 * f
            pw = (self.width - left - right - (cols - 1) * hgap) / cols
            ph = (self.height - top - bottom - rows * head - (rows - 1) * vgap) / rows
            pw, ph = max(pw, 8.0), max(ph, 8.0)
            xr, yr = equalise(*ranges, pw, ph) if opts.equal_aspect else ranges
            nx, ny = tick_targets(pw, ph, s)
            xt, yt = x_ticks_that_fit(xr, pw, nx, s, measure), make_ticks(*yr, ny)
            ylabels = yt.labels or ("0",)
        self._legend_top = self.height - g - legend_h + 0.5 * g
        self.panels = []
        for n in range(len(self.states)):
            r, c = divmod(n, cols)
            frame = PlotFrame(
                left + c * (pw + hgap), top + head + r * (ph + head + vgap), pw, ph, xr, yr
            )
            bottom_row = r == rows - 1 or n + cols >= len(self.states)
            text = AxesText(
                x_title,
                y_title,
                x_ticks=bottom_row,
                y_ticks=c == 0,
                x_title_shown=False,
                y_title_shown=False,
                caption=self.captions[n],  # "L = 5" labels the panel: kept without a caption
            )
            self.panels.append(Panel(frame, xt, yt, text, panel_letter(n)))
        self._titles = (x_title, y_title, left, top, pw, ph, rows, cols, head, vgap, hgap)

    def point_count(self) -> int:
        return sum(int(st.points.shape[0]) for st in self.states)

    def draw(self, canvas: Canvas, points_dpi: float | None = None) -> None:
        s, opts = self.style, self.options
        if not opts.transparent:
            canvas.rect(0, 0, self.width, self.height, (255, 255, 255, 255))
        if self.title and opts.caption:
            canvas.text(self.width / 2, s.gap, self.title, s.caption_px, "middle", "top", TEXT)
        for n, (panel, state) in enumerate(zip(self.panels, self.states, strict=True)):
            canvas.group(f"panel {panel_letter(n)}")
            draw_panel(canvas, panel, state, opts.settings, s, legend=False, points_dpi=points_dpi)
            canvas.end_group()
        x_title, y_title, left, top, pw, ph, rows, cols, head, vgap, hgap = self._titles
        f = s.font_px
        grid_w = cols * pw + (cols - 1) * hgap
        grid_bottom = top + rows * (ph + head) + (rows - 1) * vgap
        if x_title:
            y = grid_bottom + s.tick_len + 0.6 * s.gap + s.line_height + 0.2 * s.gap
            canvas.text(left + grid_w / 2, y, x_title, f, "middle", "top", TEXT)
        if y_title:
            mid = top + head + (grid_bottom - top - head) / 2
            canvas.text(s.gap + 0.9 * f, mid, y_title, f, "middle", "baseline", TEXT, -90.0)
        if opts.legend and self.rows:
            w, _ = legend_size(self.rows, s, horizontal=True)
            draw_legend(canvas, left + (grid_w - w) / 2, self._legend_top, self.rows, s, True)


def sheet_title(states: list[ViewState]) -> str:
    """ "Gaussian mixture: the state after L iterations"."""
    snap = states[0].snapshot
    if snap is None:
        return ""
    return f"{ALGORITHM_NAMES[snap.algorithm]}: the state after L iterations"


def short_caption(state: ViewState) -> str:
    """ "L = 5" (PRML's figures count iterations so)."""
    snap = state.snapshot
    return "" if snap is None else f"L = {snap.iteration}"
