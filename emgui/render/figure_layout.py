"""Where things go on a figure: sizes in points, margins, the plot box, ticks, the data range.

Every length here is in CSS pixels (1/96 inch), the unit of the SVG and of the PNG at scale 1;
the PDF is the same page at 72 points per 96 pixels. Text sizes are chosen in points, as
an author thinks of them, and turned into pixels once.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

PX_PER_PT = 96.0 / 72.0
# Named the way every renderer can resolve: the exact font where it exists, then the
# usual metric-compatible ones, then the generic family.
FONT_FAMILY = "DejaVu Sans"
FONT_FALLBACKS = "'DejaVu Sans', Arial, Helvetica, sans-serif"

Measure = Callable[[str, float], float]  # (text, size in px) -> width in px


@dataclass(frozen=True)
class FigureStyle:
    """Text and mark sizes of one figure, in pixels."""

    font_px: float  # tick labels, axis titles, legend
    mark: float  # scale of markers and lines: 1 for a 800-pixel plot

    @classmethod
    def for_panel(cls, panel: tuple[float, float], font_pt: float | None = None) -> FigureStyle:
        """Type from the requested points, or in proportion to the panel (close to a window's)."""
        short = min(panel)
        font_px = font_pt * PX_PER_PT if font_pt else float(np.clip(short / 48.0, 9.0, 48.0))
        return cls(font_px=font_px, mark=float(np.clip(short / 800.0, 0.55, 3.0)))

    @property
    def caption_px(self) -> float:
        return self.font_px * 1.08

    @property
    def gap(self) -> float:
        """Space between neighbouring texts and the outer margin."""
        return 0.5 * self.font_px

    @property
    def tick_len(self) -> float:
        return 0.35 * self.font_px

    @property
    def line_height(self) -> float:
        return 1.25 * self.font_px


@dataclass(frozen=True)
class Ticks:
    values: tuple[float, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class PlotFrame:
    """The plot box in figure pixels and the data range it shows (y up)."""

    left: float
    top: float
    width: float
    height: float
    x_range: tuple[float, float]
    y_range: tuple[float, float]

    def map_x(self, x):
        x0, x1 = self.x_range
        return self.left + (np.asarray(x, dtype=np.float64) - x0) * (self.width / (x1 - x0))

    def map_y(self, y):
        y0, y1 = self.y_range
        return self.top + (y1 - np.asarray(y, dtype=np.float64)) * (self.height / (y1 - y0))

    def map(self, xy: np.ndarray) -> np.ndarray:
        """(n, 2) data coordinates -> (n, 2) figure pixels."""
        xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
        return np.column_stack([self.map_x(xy[:, 0]), self.map_y(xy[:, 1])])

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


def nice_step(span: float, target: int) -> float:
    """1, 2 or 5 times a power of ten giving about ``target`` intervals over ``span``."""
    raw = span / max(target, 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 5.0, 10.0):
        if m * power >= raw * 0.999:
            return m * power
    return 10.0 * power


def make_ticks(lo: float, hi: float, target: int) -> Ticks:
    """Ticks at round numbers inside [lo, hi], labelled with as few decimals as they need."""
    step = nice_step(hi - lo, target)
    first = math.ceil(lo / step - 1e-9)
    last = math.floor(hi / step + 1e-9)
    values = [i * step for i in range(first, last + 1)]
    decimals = max(0, -math.floor(math.log10(step) + 1e-9))
    labels = []
    for v in values:
        text = f"{v:.{decimals}f}"
        if float(text) == 0:
            text = f"{0:.{decimals}f}"
        labels.append(text.replace("-", "\u2212"))  # a true minus sign, as typeset
    return Ticks(tuple(values), tuple(labels))


def fit_range(
    xy: np.ndarray, padding: float = 0.04
) -> tuple[tuple[float, float], tuple[float, float]]:
    """The data's x and y ranges with a margin; a single point or a line still gets a box."""
    xy = np.asarray(xy, dtype=np.float64).reshape(-1, 2)
    xy = xy[np.isfinite(xy).all(axis=1)]
    if len(xy) == 0:
        return (0.0, 1.0), (0.0, 1.0)
    lo, hi = xy.min(axis=0), xy.max(axis=0)
    span = hi - lo
    span = np.where(span > 0, span, np.maximum(np.abs(lo), 1.0))
    pad = padding * span
    lo, hi = lo - pad, hi + pad
    return (float(lo[0]), float(hi[0])), (float(lo[1]), float(hi[1]))


def equalise(
    x_range: tuple[float, float], y_range: tuple[float, float], width: float, height: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Widen one range so that a data unit is as long on both axes in a width x height box."""
    (x0, x1), (y0, y1) = x_range, y_range
    per_px = max((x1 - x0) / width, (y1 - y0) / height)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    hw, hh = per_px * width / 2, per_px * height / 2
    return (cx - hw, cx + hw), (cy - hh, cy + hh)


@dataclass(frozen=True)
class AxesText:
    """What text surrounds a plot box: which tick labels, axis titles and caption it has."""

    x_title: str = "x"
    y_title: str = "y"
    x_ticks: bool = True  # tick labels (marks are always drawn)
    y_ticks: bool = True
    x_title_shown: bool = True
    y_title_shown: bool = True
    caption: str = ""


def tick_targets(width: float, height: float, style: FigureStyle) -> tuple[int, int]:
    """How many tick intervals fit: labels some four characters wide need room between them."""
    return (
        max(3, min(10, int(width / (6.5 * style.font_px)))),
        max(3, min(10, int(height / (3.2 * style.font_px)))),
    )


def x_ticks_that_fit(
    x_range: tuple[float, float], width: float, target: int, style: FigureStyle, measure: Measure
) -> Ticks:
    """Ticks whose labels do not run into each other: fewer when the labels are long."""
    span = x_range[1] - x_range[0]
    while True:
        ticks = make_ticks(*x_range, target)
        step_px = width * nice_step(span, target) / span
        widest = max((measure(t, style.font_px) for t in ticks.labels), default=0.0)
        if target <= 2 or widest + style.font_px <= step_px:
            return ticks
        target -= 1


def margins(
    text: AxesText,
    style: FigureStyle,
    measure: Measure,
    y_labels: tuple[str, ...],
    x_labels: tuple[str, ...],
) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) room the texts around one plot box need, in pixels."""
    f, g = style.font_px, style.gap
    left = style.tick_len + g * 0.6
    if text.y_ticks:
        left += max((measure(s, f) for s in y_labels), default=0.0)
    if text.y_title_shown and text.y_title:
        left += style.line_height + g * 0.4
    bottom = style.tick_len + g * 0.6
    if text.x_ticks:
        bottom += style.line_height
    if text.x_title_shown and text.x_title:
        bottom += style.line_height + g * 0.2
    top = 0.6 * f  # the top y tick label reaches above the box
    if text.caption:
        top = style.caption_px * 1.35 + g * 0.6
    # The last x tick label is centred on the right edge and reaches past it.
    right = 0.6 * f
    if text.x_ticks and x_labels:
        right = max(right, measure(x_labels[-1], f) / 2 + 2.0)
    return left, top, right, bottom


def layout_plot(
    box: tuple[float, float, float, float],
    ranges: tuple[tuple[float, float], tuple[float, float]],
    text: AxesText,
    style: FigureStyle,
    measure: Measure,
    equal_aspect: bool = True,
) -> tuple[PlotFrame, Ticks, Ticks]:
    """The plot box inside ``box`` (left, top, width, height) with room for its texts, and ticks.

    Ticks depend on the box and the box on the tick labels' widths: two passes settle it.
    """
    outer = style.gap  # nothing touches the figure's edge
    bx, by, bw, bh = box[0] + outer, box[1] + outer, box[2] - 2 * outer, box[3] - 2 * outer
    x_range, y_range = ranges
    pw, ph = bw * 0.8, bh * 0.8
    xt = yt = Ticks((), ())
    for _ in range(3):
        if equal_aspect:
            xr, yr = equalise(x_range, y_range, pw, ph)
        else:
            xr, yr = x_range, y_range
        nx, ny = tick_targets(pw, ph, style)
        xt, yt = make_ticks(*xr, nx), make_ticks(*yr, ny)
        left, top, right, bottom = margins(text, style, measure, yt.labels, xt.labels)
        pw, ph = max(bw - left - right, 8.0), max(bh - top - bottom, 8.0)
    if equal_aspect:
        xr, yr = equalise(x_range, y_range, pw, ph)
    else:
        xr, yr = x_range, y_range
    nx, ny = tick_targets(pw, ph, style)
    xt, yt = x_ticks_that_fit(xr, pw, nx, style, measure), make_ticks(*yr, ny)
    frame = PlotFrame(bx + left, by + top, pw, ph, xr, yr)
    return frame, xt, yt
