"""The legend of a figure: its rows for a state, its size, and its drawing on a canvas.

A single figure puts it inside the plot, in the corner that hides the fewest points (as the
window does); a contact sheet draws one legend for all panels, in a row beneath them.
"""

from __future__ import annotations

import numpy as np

from emgui.core.geometry import level_label
from emgui.model.palette import component_hex
from emgui.model.settings import Settings
from emgui.model.view_state import ViewState
from emgui.render.figure_canvas import Canvas, argb_of_hex, hex_color, measure
from emgui.render.figure_layout import FigureStyle
from emgui.render.figure_shapes import figure_groups, unit_polygon
from emgui.render.legend import LegendRow as Row
from emgui.render.shape_markers import SYMBOLS
from emgui.render.shape_markers import legend_rows as shape_rows

CLASS_GREY = "#B0B0B0"  # the legend's class shapes: a shape, not a colour, names a class


def legend_rows(state: ViewState, settings: Settings, weights: bool = True) -> list[Row]:
    """The legend of a state, the window's and every figure's: one row per component (with
    its weight π when asked), the shapes of the known classes in grey when the points show
    them, the ellipses' level."""
    snap = state.snapshot
    rows = []
    shaped = figure_groups(state, settings) is not None
    shapes = shaped and settings.point_shapes == "components"
    classes = state.known.names if shaped and settings.point_shapes == "classes" else ()
    for j in range(state.centers.shape[0]):
        text = f"component {j + 1}"
        if weights and state.weights is not None and snap is not None:
            text += f"   \u03c0 = {state.weights[j]:.2f}"
        if snap is not None and j in snap.empty:
            text += "   (empty)"
        if snap is not None and j in snap.collapsed:
            text += "   (collapsed)"
        symbol = SYMBOLS[j % len(SYMBOLS)] if shapes else "o"
        rows.append(Row("marker", component_hex(j, state.slots), text, symbol))
    if classes and rows:
        # The shapes' meaning, in grey: the colours belong to the components.
        rows += [Row("marker", CLASS_GREY, t, sym) for sym, t in shape_rows(classes)]
    if state.covariances is not None and rows:
        rows.append(Row("line", "#444444", f"ellipses: {level_label(settings.ellipse_level)}"))
    return rows


def _sample(style: FigureStyle) -> float:
    return 1.0 * style.font_px


def legend_size(rows: list[Row], style: FigureStyle, horizontal: bool = False):
    """(width, height) of the legend box in pixels."""
    f = style.font_px
    pad, gap, sample = 0.5 * f, 0.5 * f, _sample(style)
    widths = [sample + gap + measure(r.text, f) for r in rows]
    if horizontal:
        return 2 * pad + sum(widths) + 1.5 * f * max(len(rows) - 1, 0), 2 * pad + style.line_height
    return 2 * pad + max(widths, default=0.0), 2 * pad + style.line_height * len(rows)


def draw_legend(
    canvas: Canvas, x: float, y: float, rows: list[Row], style: FigureStyle, horizontal=False
) -> None:
    """The legend box with its top-left corner at (x, y)."""
    if not rows:
        return
    f = style.font_px
    pad, gap, sample = 0.5 * f, 0.5 * f, _sample(style)
    w, h = legend_size(rows, style, horizontal)
    canvas.group("legend")
    canvas.rect(x, y, w, h, (255, 255, 255, 215), (185, 185, 185, 255), max(0.6, 0.06 * f))
    cx, cy = x + pad, y + pad
    for row in rows:
        middle = cy + style.line_height / 2
        color = hex_color(row.color)
        if row.kind == "marker" and row.symbol != "o":
            shape = unit_polygon(row.symbol) * (sample * 0.84) + (cx + sample / 2, middle)
            canvas.polygon(shape, color)
            canvas.polyline(shape, (17, 17, 17, 255), max(0.8, 0.1 * f), closed=True)
        elif row.kind == "marker":
            canvas.circles(
                np.array([[cx + sample / 2, middle]]),
                sample * 0.42,
                np.array([argb_of_hex(row.color)], np.uint32),
                (17, 17, 17, 255),
                max(0.8, 0.1 * f),
            )
        else:
            seg = np.array([[cx, middle, cx + sample, middle]])
            canvas.segments(seg, color, max(1.0, 0.18 * f))
        canvas.text(cx + sample + gap, middle, row.text, f, "start", "middle")
        if horizontal:
            cx += sample + gap + measure(row.text, f) + 1.5 * f
        else:
            cy += style.line_height
    canvas.end_group()


CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")  # ties: the first


def legend_box(
    corner: str, area: tuple[float, float, float, float], size: tuple[float, float], inset: float
) -> tuple[float, float]:
    """Top-left of a legend of ``size`` in ``corner`` of ``area`` (left, top, width, height;
    y down), ``inset`` from its edges."""
    left, top, width, height = area
    w, h = size
    x = left + inset if corner.endswith("left") else left + width - inset - w
    y = top + inset if corner.startswith("top") else top + height - inset - h
    return x, y


def quietest_corner(
    points: np.ndarray,
    centers: np.ndarray,
    area: tuple[float, float, float, float],
    size: tuple[float, float],
    inset: float,
    center_reach: float = 0.0,
    point_reach: float = 0.0,
    taken: tuple[float, float, float, float] | None = None,
) -> str:
    """The corner of the plot where the legend hides no center if it can, and of those the
    one hiding the fewest points: the window's rule and every figure's.

    ``points`` and ``centers`` are (n, 2) positions in the pixels of ``area`` (y down); a
    center's disc reaches ``center_reach`` beyond its position, a point's marker
    ``point_reach``. ``taken``: a box (x, y, width, height) something else covers (the
    presentation counter): a corner overlapping it is avoided above all.
    """
    w, h = size
    pts = points[:: max(1, len(points) // 20000)]  # a sample is enough to choose

    def hidden(xy: np.ndarray, reach: float, corner: str) -> int:
        if not len(xy):
            return 0
        x, y = legend_box(corner, area, size, inset)
        inside = (
            (xy[:, 0] > x - reach)
            & (xy[:, 0] < x + w + reach)
            & (xy[:, 1] > y - reach)
            & (xy[:, 1] < y + h + reach)
        )
        return int(np.count_nonzero(inside))

    def overlaps_taken(corner: str) -> bool:
        if taken is None:
            return False
        x, y = legend_box(corner, area, size, inset)
        tx, ty, tw, th = taken
        return x < tx + tw and tx < x + w and y < ty + th and ty < y + h

    def cost(corner: str) -> tuple[bool, int]:
        hides = hidden(centers, center_reach, corner) * (len(pts) + 1)
        return overlaps_taken(corner), hides + hidden(pts, point_reach, corner)

    return min(CORNERS, key=cost)
