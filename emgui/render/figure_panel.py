"""One EM state drawn in one plot box of a figure: the window's marks, a paper's axes.

The marks are the window's (emgui.render.scene): Voronoi shading for k-means, the points in
their colours, rings round points that changed cluster, dashed trails of the centers,
ellipses on dark casings, the centers as large discs. They are drawn in figure pixels with
real line widths, on any canvas (PNG, SVG, PDF), around a boxed plot with ticks outside.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core.geometry import ellipse_outlines, level_radius, voronoi_diagram
from emgui.model.palette import component_hex, component_rgb
from emgui.model.settings import Settings
from emgui.model.view_state import ViewState
from emgui.render.change_rings import rings_to_draw
from emgui.render.figure_canvas import Canvas, PainterCanvas, argb_of_hex, hex_color, measure
from emgui.render.figure_layout import AxesText, FigureStyle, PlotFrame, Ticks
from emgui.render.figure_legend import (
    draw_legend,
    legend_box,
    legend_rows,
    legend_size,
    quietest_corner,
)
from emgui.render.figure_shapes import SIZE_OVER_DISC, draw_shapes, figure_groups
from emgui.render.overlay import (
    CASING_RGBA,
    CASING_WIDTH,
    ELLIPSE_WIDTH,
    center_colours,
    flagged_components,
)
from emgui.render.voronoi_item import BORDER, VORONOI_ALPHA, shows_voronoi

TEXT = (34, 34, 34, 255)
AXIS = (51, 51, 51, 255)
GRID = (230, 230, 230, 255)  # opaque: some SVG renderers ignore stroke-opacity


@dataclass(frozen=True)
class Panel:
    """A laid-out plot: its box and range, ticks, texts and (on a sheet) its letter."""

    frame: PlotFrame
    x_ticks: Ticks
    y_ticks: Ticks
    text: AxesText
    letter: str = ""


def _rings(canvas: Canvas, f: PlotFrame, state: ViewState, every: np.ndarray, m: float) -> None:
    """Rings round changed points as in the window: in the point's new colour on a thin dark
    edge, one per ring-sized cell of the figure, none where points crowd a cell; ``every``:
    all the points in figure pixels."""
    idx = np.flatnonzero(state.changed)
    inside = _visible(every[idx], f, 8 * m)[1]
    idx = idx[inside]
    idx = idx[rings_to_draw(every[idx], every, cell=1.2 * 15 * m)]
    if not len(idx):
        return
    xy, width = every[idx], 2.0 * m
    radius = 7.5 * m - width / 2
    canvas.rings(xy, radius, (20, 20, 20, 170), width + 2 * m)
    argb = np.asarray(state.colors, dtype=np.uint32)[idx] & np.uint32(0x00FFFFFF)
    for word in np.unique(argb).tolist():
        colour = ((word >> 16) & 255, (word >> 8) & 255, word & 255, 215)
        canvas.rings(xy[argb == word], radius, colour, width)


def draw_panel(
    canvas: Canvas,
    panel: Panel,
    state: ViewState,
    settings: Settings,
    style: FigureStyle,
    legend: bool = True,
    points_dpi: float | None = None,
) -> None:
    """Draw ``state`` in ``panel``; ``points_dpi``: the points as one image at that resolution."""
    f = panel.frame
    m = style.mark
    canvas.group("plot")
    canvas.push_clip(f.left, f.top, f.width, f.height)
    draw_grid(canvas, panel, style)
    k = state.centers.shape[0]
    if shows_voronoi(state, settings):
        canvas.group("voronoi")
        rgb = component_rgb(k, state.slots)
        cells, borders = voronoi_diagram(state.centers, f.x_range, f.y_range)
        for j, cell in enumerate(cells):
            r, g, b = (int(v) for v in rgb[j])
            if len(cell) >= 3:
                canvas.polygon(f.map(cell), (r, g, b, VORONOI_ALPHA))
        if len(borders):  # thin borders, as in the window: the light fills alone blur
            canvas.segments(f.map(borders.reshape(-1, 2)).reshape(-1, 4), BORDER, 1.5 * m)
        canvas.end_group()
    every = f.map(state.points)  # the points in figure pixels, once for points, rings, legend
    _points(canvas, f, state, every, style, points_dpi, figure_groups(state, settings))
    if state.changed is not None and state.changed.any():
        canvas.group("changed")
        _rings(canvas, f, state, every, m)
        canvas.end_group()
    if state.trails:
        canvas.group("trails")
        for j, path in enumerate(state.trails):
            w = 2.0 * m
            colour = hex_color(component_hex(j, state.slots))
            canvas.polyline(f.map(path), colour, w, dash=(4 * w, 2 * w))
        canvas.end_group()
    if state.covariances is not None and k:
        outlines = ellipse_outlines(
            state.centers, state.covariances, level_radius(settings.ellipse_level)
        )
        canvas.group("ellipse-casings")
        for o in outlines:
            canvas.polyline(f.map(o), CASING_RGBA, CASING_WIDTH * m, closed=True)
        canvas.end_group()
        canvas.group("ellipses")
        for j, o in enumerate(outlines):
            colour = hex_color(component_hex(j, state.slots))
            canvas.polyline(f.map(o), colour, ELLIPSE_WIDTH * m, closed=True)
        canvas.end_group()
    if k:
        _centers(canvas, f, state, m)
    canvas.pop_clip()
    if legend:
        rows = legend_rows(state, settings)
        size = legend_size(rows, style)
        marks = [state.centers] + [np.asarray(t).reshape(-1, 2) for t in state.trails]
        area, inset = (f.left, f.top, f.width, f.height), 0.6 * style.font_px
        centers = np.vstack(marks)
        corner = quietest_corner(
            every,
            f.map(centers) if len(centers) else np.zeros((0, 2)),
            area,
            size,
            inset,
            center_reach=11.0 * m,  # the centers' discs (see _centers)
            point_reach=3.5 * m,
        )
        x, y = legend_box(corner, area, size, inset)
        draw_legend(canvas, x, y, rows, style)
    canvas.end_group()
    draw_axes(canvas, panel, style)


def _visible(xy: np.ndarray, f: PlotFrame, reach: float) -> np.ndarray:
    keep = (
        np.isfinite(xy).all(axis=1)
        & (xy[:, 0] > f.left - reach)
        & (xy[:, 0] < f.right + reach)
        & (xy[:, 1] > f.top - reach)
        & (xy[:, 1] < f.bottom + reach)
    )
    return xy[keep], keep


def _points(canvas, f: PlotFrame, state: ViewState, every, style: FigureStyle, dpi, groups) -> None:
    """The points (``every``: in figure pixels) as discs, or with a shape per group
    (``groups``, as in the window)."""
    m = style.mark
    radius = 3.5 * m
    reach = radius if groups is None else radius * SIZE_OVER_DISC
    xy, keep = _visible(every, f, reach + 1)
    colors = np.asarray(state.colors, dtype=np.uint32)[keep]
    outline, width = (0, 0, 0, 110), max(0.5, 0.8 * m)

    def draw(target) -> None:
        if groups is None:
            target.circles(xy, radius, colors, outline, width)
        else:
            outline_shapes = (0, 0, 0, 150)  # the window's shapes are outlined a little darker
            draw_shapes(target, xy, 2 * reach, colors, groups[keep], outline_shapes, width)

    canvas.group("points")
    if dpi is None:
        draw(canvas)
    else:
        canvas.image(_points_image(draw, f, dpi / 96.0), *_box(f))
    canvas.end_group()


def _box(f: PlotFrame) -> tuple[float, float, float, float]:
    return f.left, f.top, f.width, f.height


def _points_image(draw, f: PlotFrame, scale) -> np.ndarray:
    """The points painted onto a transparent RGBA array of the plot box at ``scale`` px/px."""
    from PySide6 import QtGui

    w, h = max(1, round(f.width * scale)), max(1, round(f.height * scale))
    image = QtGui.QImage(w, h, QtGui.QImage.Format.Format_RGBA8888_Premultiplied)
    image.fill(0)
    painter = QtGui.QPainter(image)
    try:
        painter.scale(scale, scale)
        painter.translate(-f.left, -f.top)
        draw(PainterCanvas(painter))
    finally:
        painter.end()
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    buf = np.frombuffer(bytes(image.constBits()), np.uint8)
    return buf.reshape(h, image.bytesPerLine())[:, : 4 * w].reshape(h, w, 4)


def _centers(canvas: Canvas, f: PlotFrame, state: ViewState, m: float) -> None:
    flagged = flagged_components(state)
    canvas.group("centers")
    for j, c in enumerate(f.map(state.centers)):
        if not np.isfinite(c).all():
            continue
        fill, outline = center_colours(j, flagged, state.slots)
        fill_argb = np.array([argb_of_hex(fill)], np.uint32)
        canvas.circles(c[None, :], 11.0 * m, fill_argb, hex_color(outline), 3.0 * m)
    canvas.end_group()


def draw_grid(canvas: Canvas, panel: Panel, style: FigureStyle) -> None:
    """Light lines at the ticks across the plot box."""
    f = panel.frame
    xs = f.map_x(np.array(panel.x_ticks.values))
    ys = f.map_y(np.array(panel.y_ticks.values))
    seg = [(x, f.top, x, f.bottom) for x in xs.tolist()]
    seg += [(f.left, y, f.right, y) for y in ys.tolist()]
    canvas.segments(np.array(seg).reshape(-1, 4), GRID, max(0.5, 0.05 * style.font_px))


def draw_axes(canvas: Canvas, panel: Panel, style: FigureStyle) -> None:
    """The box, ticks outside it, their labels, axis titles and caption (or letter)."""
    f, t, fp = panel.frame, panel.text, style.font_px
    lw = max(0.75, 0.07 * fp)
    tl = style.tick_len
    canvas.group("axes")
    canvas.rect(f.left, f.top, f.width, f.height, None, AXIS, lw)
    xs = f.map_x(np.array(panel.x_ticks.values)).tolist()
    ys = f.map_y(np.array(panel.y_ticks.values)).tolist()
    seg = [(x, f.bottom, x, f.bottom + tl) for x in xs] + [(f.left - tl, y, f.left, y) for y in ys]
    canvas.segments(np.array(seg).reshape(-1, 4), AXIS, lw)
    label_y = f.bottom + tl + 0.3 * style.gap
    if t.x_ticks:
        for x, s in zip(xs, panel.x_ticks.labels, strict=True):
            canvas.text(x, label_y, s, fp, "middle", "top", TEXT)
    label_x = f.left - tl - 0.3 * style.gap
    widest = 0.0
    if t.y_ticks:
        for y, s in zip(ys, panel.y_ticks.labels, strict=True):
            canvas.text(label_x, y, s, fp, "end", "middle", TEXT)
            widest = max(widest, measure(s, fp))
    if t.x_title_shown and t.x_title:
        y = label_y + (style.line_height if t.x_ticks else 0.0) + 0.2 * style.gap
        canvas.text((f.left + f.right) / 2, y, t.x_title, fp, "middle", "top", TEXT)
    if t.y_title_shown and t.y_title:
        x = label_x - widest - 0.4 * style.gap - 0.25 * style.line_height
        canvas.text(x, (f.top + f.bottom) / 2, t.y_title, fp, "middle", "baseline", TEXT, -90.0)
    cap = style.caption_px
    if panel.letter or t.caption:
        room = f.width + 2 * style.font_px  # a long caption is set smaller, never cut
        cap = min(cap, cap * room / max(measure(f"{panel.letter}  {t.caption}", cap), 1.0))
        y = f.top - 0.5 * style.gap - 0.3 * cap  # descenders clear of the box
        if panel.letter:  # a sheet's panel: "(a)  L = 5", left-aligned over the box
            text = f"{panel.letter}  {t.caption}".strip()
            canvas.text(f.left, y, text, cap, "start", "baseline", TEXT)
        else:
            canvas.text((f.left + f.right) / 2, y, t.caption, cap, "middle", "baseline", TEXT)
    canvas.end_group()
