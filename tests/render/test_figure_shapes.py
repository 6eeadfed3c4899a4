"""Figures draw the points with a shape per component when the window does (a grey print)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtGui

from emgui.model.settings import Settings
from emgui.model.view_state import scene_colors, state_for_frame
from emgui.render import shape_markers
from emgui.render.export_options import ExportOptions
from emgui.render.exporter import Exporter
from emgui.render.figure import figure_bytes
from emgui.render.figure_canvas import PainterCanvas
from emgui.render.figure_legend import legend_rows
from emgui.render.figure_shapes import draw_shapes, figure_groups, unit_polygon
from tests.render.figure_helpers import a_run

GREY = 0xFF808080


def _state(shapes: str, index: int = -1):
    X, snaps, settings = a_run()
    settings = Settings(algorithm="gmm", point_shapes=shapes)
    index = index % len(snaps)
    colors, _ = scene_colors(X, snaps[index], settings)
    return state_for_frame(X, snaps, index, colors, settings), settings


def test_the_unit_outlines_are_the_window_symbols():
    square = unit_polygon("s")
    assert np.abs(square).max() == pytest.approx(0.5) and len(square) == 4
    up = unit_polygon("t1")  # y grows downwards in a figure: the apex has the least y
    apex = up[np.argmin(up[:, 1])]
    assert apex[0] == pytest.approx(0.0) and up[:, 1].min() < -0.4 and len(up) == 3


def test_groups_only_for_components_with_assignments(monkeypatch):
    state, settings = _state("components")
    assert figure_groups(state, settings) is state.snapshot.labels
    assert figure_groups(*_state("none")) is None
    assert figure_groups(*_state("classes")) is None  # no known classes with this state
    assert figure_groups(*_state("components", index=0)) is None  # the initial state
    monkeypatch.setattr(shape_markers, "MAX_POINTS", 10)
    assert figure_groups(state, settings) is None  # too many points: discs, as the window


def test_in_grey_a_square_fills_its_corners_and_a_disc_does_not(qtbot):
    image = QtGui.QImage(200, 100, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    xy = np.array([[50.0, 50.0], [150.0, 50.0]])
    try:
        draw_shapes(PainterCanvas(painter), xy, 60.0, np.full(2, GREY, np.uint32), [0, 1], None, 1)
    finally:
        painter.end()
    for x in (50, 150):
        assert image.pixelColor(x, 50).red() < 200  # both drawn
    # 24 px along each axis from the centre: outside a 60 px disc, inside a 60 px square
    assert image.pixelColor(74, 74).red() > 200
    assert image.pixelColor(174, 74).red() < 200


def test_an_svg_holds_a_polygon_per_shaped_point_and_the_legend_shows_the_shapes(qtbot):
    state, settings = _state("components")
    labels = state.snapshot.labels
    figure = Exporter(ExportOptions(settings=settings)).figure(state)
    text = figure_bytes(figure, "svg", 1.0, False)[0].decode()
    # component 1 is drawn as circles, component 2 as squares (a polygon each); the legend's
    # square adds one more
    assert text.count("<polygon") >= int(np.count_nonzero(labels == 1)) + 1
    assert [r.symbol for r in legend_rows(state, settings)[:2]] == ["o", "s"]
    plain, plain_settings = _state("none")
    assert [r.symbol for r in legend_rows(plain, plain_settings)[:2]] == ["o", "o"]


def test_shapes_by_known_class_are_exported_with_the_class_names_in_the_legend(qtbot):
    """As the window shows them: each class its shape, each point its cluster's colour."""
    import dataclasses

    from emgui.model.known_classes import KnownClasses

    state, settings = _state("classes")
    n = state.points.shape[0]
    classes = (np.arange(n) % 3).astype(np.int64)  # circle, square, triangle in turn
    known = KnownClasses(classes, ("setosa", "versicolor", "virginica"), "species")
    shaped = dataclasses.replace(state, known=known)
    assert figure_groups(shaped, settings) is classes
    other = dataclasses.replace(state, known=KnownClasses(classes[:-1], known.names))
    assert figure_groups(other, settings) is None  # classes of other points: discs
    rows = legend_rows(shaped, settings)
    assert [r.symbol for r in rows[:2]] == ["o", "o"]  # the components: discs, by colour
    assert [(r.text, r.symbol) for r in rows if "(" in r.text] == [
        ("setosa (circle)", "o"),
        ("versicolor (square)", "s"),
        ("virginica (triangle)", "t1"),
    ]
    text = figure_bytes(
        Exporter(ExportOptions(settings=settings)).figure(shaped), "svg", 1.0, False
    )
    text = text[0].decode()
    # every square and triangle a polygon (with the legend's two), the circles as circles
    assert text.count("<polygon") >= int(np.count_nonzero(classes > 0)) + 2
