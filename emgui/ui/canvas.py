"""The canvas: a plot whose mouse events become editing signals, in data coordinates.

Like Orange's interactive k-means, the widget only turns clicks and drags into
signals; the tool logic lives in :mod:`emgui.ui.tools` and edits go through the
session. Left button: the current tool. Middle drag: pan. Right drag or wheel:
zoom.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import Qt, Signal


class BrushOutline(QtWidgets.QGraphicsEllipseItem):
    """The spray's or the eraser's reach round the mouse: a circle sized in screen pixels.

    One item, moved with setPos: it ignores the view's transformation, so its radius stays
    in pixels at any zoom (the tools' radii are pixels), and having no mouse handlers it
    never takes a click from the canvas.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setFlag(QtWidgets.QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        pen = QtGui.QPen(QtGui.QColor(20, 20, 20, 190), 1.5, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setBrush(QtGui.QBrush(QtGui.QColor(255, 255, 255, 40)))
        self.setZValue(1000)  # over points, centers and ellipses
        self.setVisible(False)
        self.radius_px = 0.0

    def show_at(self, x: float, y: float, radius_px: float) -> None:
        if radius_px != self.radius_px:
            self.radius_px = radius_px
            self.setRect(-radius_px, -radius_px, 2 * radius_px, 2 * radius_px)
        self.setPos(x, y)
        self.setVisible(True)


class CanvasViewBox(pg.ViewBox):
    """A ViewBox that reports left clicks, left drags and hovering in data coordinates."""

    clicked = Signal(float, float, object)  # x, y, Qt.KeyboardModifiers
    dragged = Signal(str, float, float, object)  # "start" | "move" | "finish", x, y, modifiers
    hovered = Signal(float, float)  # x, y (NaN, NaN when the mouse leaves)

    def __init__(self, **kwargs):
        # No context menu: not built at all (pyqtgraph's takes ~13 ms to build).
        super().__init__(enableMenu=False, **kwargs)
        self.setMouseMode(pg.ViewBox.PanMode)
        self.brush_outline = BrushOutline()  # shown by the spray and erase tools
        self.addItem(self.brush_outline, ignoreBounds=True)

    def _data_pos(self, scene_pos: QtCore.QPointF) -> tuple[float, float]:
        p = self.mapSceneToView(scene_pos)
        return float(p.x()), float(p.y())

    def mouseClickEvent(self, ev) -> None:
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            x, y = self._data_pos(ev.scenePos())
            self.clicked.emit(x, y, ev.modifiers())
        else:
            ev.ignore()

    def mouseDragEvent(self, ev, axis=None) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            if ev.button() == Qt.MouseButton.MiddleButton:
                # pyqtgraph pans with the left button; give that behaviour to the middle one.
                ev.accept()
                delta = self.mapToView(ev.pos()) - self.mapToView(ev.lastPos())
                self.translateBy(x=-delta.x(), y=-delta.y())
                return
            super().mouseDragEvent(ev, axis)  # right button: zoom
            return
        ev.accept()
        x, y = self._data_pos(ev.scenePos())
        if ev.isStart():
            sx, sy = self._data_pos(ev.buttonDownScenePos())
            self.dragged.emit("start", sx, sy, ev.modifiers())
            self.dragged.emit("move", x, y, ev.modifiers())
        elif ev.isFinish():
            self.dragged.emit("finish", x, y, ev.modifiers())
        else:
            self.dragged.emit("move", x, y, ev.modifiers())

    def hoverEvent(self, ev) -> None:
        if ev.isExit():
            self.hovered.emit(float("nan"), float("nan"))
            return
        x, y = self._data_pos(ev.scenePos())
        self.hovered.emit(x, y)

    def pixel_size(self) -> float:
        """Data units per screen pixel (the larger of x and y), for hit-testing."""
        px = self.viewPixelSize()
        return float(max(abs(px[0]), abs(px[1]))) or 1.0


class Canvas(pg.PlotWidget):
    """The main plot: a PlotWidget built on a CanvasViewBox."""

    painted = Signal()  # after each paint of the plot

    def __init__(self, parent=None):
        self.view_box = CanvasViewBox()
        super().__init__(parent=parent, viewBox=self.view_box, background="w")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys go to the window's shortcuts
        self.plot_item = self.getPlotItem()
        self.plot_item.hideButtons()
        self.plot_item.setMenuEnabled(False)

    def paintEvent(self, ev) -> None:
        super().paintEvent(ev)
        self.painted.emit()
