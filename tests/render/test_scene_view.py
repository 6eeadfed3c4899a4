"""The Scene's view: equal aspect as a setting, and a legend that covers no center."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.model.settings import Settings
from tests.render.scene_stage import SceneStage, state

BLUE = 0xFF0072B2


def _strip_state():
    """Raw Old Faithful's shape: x spans ~4 units, y ~60."""
    rng = np.random.default_rng(0)
    points = np.column_stack([rng.uniform(1.5, 5.5, 200), rng.uniform(40, 100, 200)])
    return state(points, np.full(200, BLUE, np.uint32), [[2.0, 55.0], [4.5, 80.0]])


def _pixels_per_unit(stage: SceneStage) -> tuple[float, float]:
    (x0, x1), (y0, y1) = stage.plot.vb.viewRange()
    rect = stage.plot.vb.boundingRect()
    return rect.width() / (x1 - x0), rect.height() / (y1 - y0)


def test_equal_aspect_is_a_setting(qtbot):
    stage = SceneStage(600, 400)
    s = _strip_state()
    stage.scene.render(s, Settings(equal_aspect=True))
    stage.scene.auto_range()
    stage.render()
    px, py = _pixels_per_unit(stage)
    assert px == pytest.approx(py, rel=1e-3)  # 1:1, so the data is a thin strip
    (x0, x1), _ = stage.plot.vb.viewRange()
    assert x1 - x0 > 30  # most of the width is empty

    stage.scene.render(s, Settings(equal_aspect=False))  # switched off: the data fills it
    stage.render()
    (x0, x1), (y0, y1) = stage.plot.vb.viewRange()
    assert x0 == pytest.approx(1.5, abs=0.5) and x1 == pytest.approx(5.5, abs=0.5)
    assert y0 == pytest.approx(40, abs=5) and y1 == pytest.approx(100, abs=5)
    px, py = _pixels_per_unit(stage)
    assert px > 5 * py

    stage.scene.render(s, Settings(equal_aspect=True))  # and back
    stage.render()
    px, py = _pixels_per_unit(stage)
    assert px == pytest.approx(py, rel=1e-3)


def test_a_following_scene_is_never_aspect_locked(qtbot):
    stage = SceneStage(600, 400, follows=True)
    stage.scene.render(_strip_state(), Settings(equal_aspect=True))
    stage.plot.vb.setRange(xRange=(1.0, 6.0), yRange=(40.0, 100.0), padding=0)
    stage.render()
    (x0, x1), (y0, y1) = stage.plot.vb.viewRange()
    assert (x0, x1, y0, y1) == pytest.approx((1.0, 6.0, 40.0, 100.0))


@pytest.mark.parametrize("free_corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_the_legend_goes_where_it_covers_no_center(qtbot, free_corner):
    """Centers in three corners and many points in the fourth: the legend hides points
    rather than a center."""
    corners = {
        "top-left": (0.6, 9.4),
        "top-right": (9.4, 9.4),
        "bottom-left": (0.6, 0.6),
        "bottom-right": (9.4, 0.6),
    }
    centers = [xy for name, xy in corners.items() if name != free_corner]
    rng = np.random.default_rng(1)
    crowd = np.asarray(corners[free_corner]) + rng.normal(scale=0.4, size=(300, 2))
    s = state(crowd, np.full(300, BLUE, np.uint32), centers)
    stage = SceneStage(500, 500).show(s, Settings(algorithm="kmeans", show_voronoi=False))
    stage.render()
    assert stage.scene.legend_corner() == free_corner
    # And in pixels: no center's disc meets the legend's box.
    box = stage.scene.legend.sceneBoundingRect()
    for cx, cy in centers:
        px, py = stage.to_pixel(cx, cy)
        assert not box.adjusted(-11, -11, 11, 11).contains(px, py)


def test_the_legend_moves_when_the_view_does(qtbot):
    s = state(np.zeros((0, 2)), np.zeros(0, np.uint32), [[1.0, 9.0]])
    stage = SceneStage(500, 500).show(s, Settings(algorithm="kmeans", show_voronoi=False))
    stage.render()
    assert stage.scene.legend_corner() != "top-left"  # the center is there
    stage.plot.vb.setRange(xRange=(-8.0, 2.0), yRange=(0.0, 10.0), padding=0)
    stage.render()
    assert stage.scene.legend_corner() != "top-right"  # now the center is there


def test_the_legend_leaves_a_trail_where_it_started_visible(qtbot):
    """The window weighs the centers' trails as the figures do: the start of a path is where
    a student looks for where the center came from."""
    trail = np.array([[1.0, 9.0], [5.0, 5.0]])  # from the top left to the middle
    s = state(np.zeros((0, 2)), np.zeros(0, np.uint32), [[5.0, 5.0]], trails=[trail])
    stage = SceneStage(500, 500).show(s, Settings(algorithm="kmeans", show_voronoi=False))
    stage.render()
    assert stage.scene.legend_corner() != "top-left"


def test_after_a_fit_the_axes_are_as_wide_as_the_labels_shown_not_the_widest_before(qtbot):
    """pyqtgraph narrows an axis only when its labels shrink by over 10 px: without measuring
    anew at a fit, the views seen before (a transient one at start-up) moved the plot, and
    the same session opened twice could look different."""
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    from emgui.render.scene import Scene

    points = np.random.default_rng(1).normal(size=(50, 2))
    s = state(points, np.full(50, BLUE, np.uint32), [[-1.0, 0.0], [1.0, 0.0]])

    def paint(widget) -> None:  # the axis takes its width at a paint; the layout follows
        for _ in range(3):
            QtWidgets.QApplication.processEvents()
        widget.grab()

    def left_axis_width(seen_before) -> float:
        widget = pg.PlotWidget()  # shown: an axis measures its labels only on a view
        qtbot.addWidget(widget)
        widget.resize(600, 400)
        widget.show()
        scene = Scene(widget.getPlotItem())
        scene.render(s, Settings())
        paint(widget)
        for y_range in seen_before:
            widget.getPlotItem().vb.setRange(xRange=(0, 1), yRange=y_range, padding=0)
            paint(widget)
        scene.auto_range()
        paint(widget)
        return widget.getPlotItem().getAxis("left").width()

    fresh = left_axis_width([])
    assert left_axis_width([(0.0, 1.0)]) == fresh  # labels "0.2" … "1.0" before "−2" … "2"
    assert left_axis_width([(-2.5, 2.5)]) == fresh
