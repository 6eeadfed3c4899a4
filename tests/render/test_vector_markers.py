"""Vector markers: one ellipse per point, in order, in the point's colour."""

from __future__ import annotations

import numpy as np
from pyqtgraph.Qt import QtGui

from emgui.render.vector_markers import paint_markers


def draw(shape: str, outline: int | None) -> QtGui.QImage:
    picture = QtGui.QPicture()
    painter = QtGui.QPainter(picture)
    fx, fy = np.array([20.0, 26.0, 60.0]), np.array([20.0, 20.0, 40.0])
    argb = np.array([0xFFFF0000, 0xFF0000FF, 0xFF00FF00], np.uint32)
    paint_markers(painter, fx, fy, argb, 16.0, outline, shape, 3.0)
    painter.end()
    image = QtGui.QImage(80, 60, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    painter.drawPicture(0, 0, picture)
    painter.end()
    return image


def rgb(image: QtGui.QImage, x: int, y: int) -> tuple[int, int, int]:
    c = image.pixelColor(x, y)
    return c.red(), c.green(), c.blue()


def test_discs_are_drawn_in_order_in_their_colours(qapp):
    image = draw("disc", None)
    assert rgb(image, 15, 20) == (255, 0, 0)
    assert rgb(image, 24, 20) == (0, 0, 255)  # the later point on top
    assert rgb(image, 60, 40) == (0, 255, 0)
    assert rgb(image, 5, 50) == (255, 255, 255)


def test_rings_are_open(qapp):
    image = draw("ring", None)
    assert rgb(image, 60, 40) == (255, 255, 255)  # the hole
    assert rgb(image, 60 + 6, 40) == (0, 255, 0)  # the line, radius (16 - 3) / 2


def test_outline_is_drawn_around_discs(qapp):
    plain = draw("disc", None)
    outlined = draw("disc", int(QtGui.QColor("black").rgba()))
    # Across the middle row the outline darkens the disc's edge, and only the edge.
    darker = [rgb(plain, x, 40)[1] - rgb(outlined, x, 40)[1] for x in range(50, 71)]
    assert max(darker) > 100
    assert rgb(outlined, 60, 40) == (0, 255, 0)
