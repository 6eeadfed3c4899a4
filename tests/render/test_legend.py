"""Legend: rows measured and painted by one item."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.render.legend import Legend, LegendRow


def render(item: Legend) -> QtGui.QImage:
    scene = pg.GraphicsScene()
    scene.addItem(item)
    rect = item.boundingRect()
    image = QtGui.QImage(
        int(rect.width()) + 1, int(rect.height()) + 1, QtGui.QImage.Format.Format_ARGB32
    )
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    scene.render(painter, QtCore.QRectF(image.rect()), item.sceneBoundingRect())
    painter.end()
    return image


def test_size_follows_rows_and_text(qtbot):
    legend = Legend()
    legend.set_rows([LegendRow("marker", "#E69F00", "component 1")])
    one = legend.boundingRect()
    legend.set_rows([LegendRow("marker", "#E69F00", "component 1   π = 0.50")] * 2)
    two = legend.boundingRect()
    assert two.height() > 1.8 * (one.height() - 2 * Legend.PAD) and two.width() > one.width()
    legend.set_style(22, 2.0)  # presentation mode: larger text and samples
    assert legend.boundingRect().height() > 1.8 * two.height() - 2 * Legend.PAD


def test_samples_are_painted_in_their_colours(qtbot):
    legend = Legend()
    legend.set_rows([LegendRow("marker", "#0072B2", "a"), LegendRow("line", "#D55E00", "b")])
    image = render(legend)
    colors = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert "#0072b2" in colors and "#d55e00" in colors


def test_the_quietest_corner_hides_no_center_if_it_can_then_the_fewest_points():
    """One rule for the window and the figures (a center weighed 50 points in figures, more
    than all of them in the window: the two could put the legend in different corners)."""
    import numpy as np

    from emgui.render.figure_legend import legend_box, quietest_corner

    area, size = (0.0, 0.0, 400.0, 300.0), (100.0, 60.0)
    crowd = np.random.default_rng(0).uniform((300, 10), (390, 60), (200, 2))  # top right
    center_top_left = np.array([[40.0, 30.0]])
    assert quietest_corner(crowd, center_top_left, area, size, 10) == "bottom-left"
    # 200 points top right, one center top left: the points give way to the center
    only = np.array([[40.0, 30.0], [40.0, 270.0], [360.0, 270.0]])
    assert quietest_corner(crowd, only, area, size, 10) == "top-right"
    # a center's disc counts where it reaches, not only its middle
    near = np.array([[120.0, 30.0]])  # 10 px right of the top-left box
    assert quietest_corner(np.zeros((0, 2)), near, area, size, 10) == "top-left"
    assert quietest_corner(np.zeros((0, 2)), near, area, size, 10, center_reach=15) != "top-left"
    assert legend_box("bottom-right", area, size, 10) == (290.0, 230.0)


def test_the_legend_keeps_off_a_box_something_else_covers():
    """In compare mode the presentation counter spans most of the plot's top: a legend in a
    top corner hid under it, whatever points the other corners hid."""
    import numpy as np

    from emgui.render.figure_legend import quietest_corner

    area, size = (0.0, 0.0, 400.0, 300.0), (100.0, 60.0)
    crowd = np.random.default_rng(1).uniform((10, 200), (390, 290), (300, 2))  # along the bottom
    assert quietest_corner(crowd, np.zeros((0, 2)), area, size, 10) == "top-left"
    counter = (40.0, 8.0, 350.0, 40.0)
    corner = quietest_corner(crowd, np.zeros((0, 2)), area, size, 10, taken=counter)
    assert corner.startswith("bottom")
