"""Figures draw the window's marks: Voronoi borders, rings in the new colours thinned by density."""

from __future__ import annotations

import numpy as np

from emgui.model.settings import Settings
from emgui.model.view_state import ViewState
from emgui.render.export_options import ExportOptions
from emgui.render.figure import StateFigure
from emgui.render.svg_canvas import SvgCanvas

BLUE, ORANGE = 0xFF0072B2, 0xFFE69F00


def _state(n: int, band: float) -> ViewState:
    rng = np.random.default_rng(3)
    points = rng.normal(5.0, 1.2, size=(n, 2))
    colors = np.where(points[:, 0] > 5.0, ORANGE, BLUE).astype(np.uint32)
    changed = np.abs(points[:, 0] - 5.0) < band
    return ViewState(points, colors, np.array([[3.0, 5.0], [7.0, 5.0]]), changed=changed)


def _group(svg: str, name: str) -> str:
    """The SVG of one named group, up to the next named one."""
    return svg.split(f'<g class="{name}">')[1].split("<g class=")[0]


def _svg(state: ViewState, settings: Settings) -> str:
    fig = StateFigure(state, ExportOptions(size=(800, 600), fit="data", settings=settings))
    canvas = SvgCanvas(800, 600)
    fig.draw(canvas)
    return canvas.document()


def test_rings_are_thinned_and_coloured_where_points_crowd(qapp):
    state = _state(100_000, 0.05)  # ~3300 changed points in a dense band
    svg = _svg(state, Settings(algorithm="kmeans", show_voronoi=False))
    group = _group(svg, "changed")
    rings = group.count("<circle") // 2  # each ring: its dark edge, then its colour
    assert 0 < rings < int(state.changed.sum()) // 20  # one per cell, none where crowded
    assert "#e69f00" in group.lower() or "#0072b2" in group.lower()  # the new colours


def test_voronoi_borders_are_drawn_as_lines(qapp):
    state = _state(200, 0.0)
    svg = _svg(state, Settings(algorithm="kmeans", show_voronoi=True))
    group = _group(svg, "voronoi")
    assert "<path" in group and "stroke=" in group  # the border between the two cells
