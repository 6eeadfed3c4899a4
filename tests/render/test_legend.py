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
