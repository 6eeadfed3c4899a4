"""A Scene on a PlotItem of a given pixel size, rendered offscreen to an image."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.model.settings import Settings
from emgui.model.view_state import ViewState
from emgui.render.scene import Scene


def render_offscreen(
    graphics: pg.GraphicsScene,
    w: int,
    h: int,
    fmt: QtGui.QImage.Format = QtGui.QImage.Format.Format_ARGB32_Premultiplied,
) -> QtGui.QImage:
    """The top-left ``w`` x ``h`` of a graphics scene, drawn on white into an image."""
    image = QtGui.QImage(w, h, fmt)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    rect = QtCore.QRectF(0, 0, w, h)
    graphics.render(painter, rect, rect)
    painter.end()
    return image


class ItemStage:
    """One graphics ``item`` on a ``w`` x ``h`` PlotItem showing x_range by y_range, rendered
    offscreen into an image."""

    def __init__(self, item, w: int, h: int, x_range, y_range, axes: bool = True) -> None:
        self.w, self.h = w, h
        self.scene = pg.GraphicsScene()
        self.plot = pg.PlotItem()
        self.scene.addItem(self.plot)
        self.plot.setGeometry(0, 0, w, h)
        if not axes:
            self.plot.hideAxis("left")
            self.plot.hideAxis("bottom")
        self.item = item
        self.plot.addItem(item)
        self.plot.vb.setRange(xRange=x_range, yRange=y_range, padding=0)

    def render(self) -> QtGui.QImage:
        return render_offscreen(self.scene, self.w, self.h)

    def scene_xy(self, x: float, y: float) -> QtCore.QPointF:
        """Where data point (x, y) lands in the image."""
        return self.plot.vb.mapViewToScene(QtCore.QPointF(x, y))


class SceneStage:
    """A Scene drawn into a ``w`` x ``h`` image; data points map to image pixels."""

    def __init__(self, w: int = 500, h: int = 500, follows: bool = False) -> None:
        self.w, self.h = w, h
        self.graphics = pg.GraphicsScene()
        self.plot = pg.PlotItem()
        self.graphics.addItem(self.plot)
        self.plot.setGeometry(0, 0, w, h)
        self.scene = Scene(self.plot, follows=follows)

    def show(self, state: ViewState, settings: Settings, x=(0.0, 10.0), y=(0.0, 10.0)):
        self.scene.render(state, settings)
        self.plot.vb.setRange(xRange=x, yRange=y, padding=0)
        return self

    def render(self) -> QtGui.QImage:
        return render_offscreen(self.graphics, self.w, self.h, QtGui.QImage.Format.Format_ARGB32)

    def to_pixel(self, x: float, y: float) -> tuple[float, float]:
        p = self.plot.vb.mapViewToScene(QtCore.QPointF(x, y))
        return p.x(), p.y()


def rgb_array(image: QtGui.QImage) -> np.ndarray:
    """(h, w, 3) uint8 RGB of an ARGB32 image."""
    image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
    ptr = image.constBits()
    a = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return a[:, : image.width(), 2::-1].copy()


def state(points, colors, centers, **kw) -> ViewState:
    return ViewState(
        points=np.asarray(points, dtype=np.float64),
        colors=np.asarray(colors, dtype=np.uint32),
        centers=np.asarray(centers, dtype=np.float64),
        **kw,
    )
