"""Dock titles in presentation mode's large type, with float and close buttons to match.

A QDockWidget draws its own title bar in the application's type: at a scale of 1.8 the
Objective dock's title and its buttons stayed desk-sized. A title bar widget of the scaled
size stands in while presenting; at scale 1 the dock's own title bar comes back unchanged
(the layout after Esc is the layout before F11).
"""

from __future__ import annotations

from PySide6 import QtGui, QtWidgets
from PySide6.QtCore import QPointF, QRectF, QSize, Qt


class ScaledDockTitle(QtWidgets.QWidget):
    """A dock's title and its float and close buttons, at ``scale`` times the usual size."""

    def __init__(self, dock: QtWidgets.QDockWidget, scale: float) -> None:
        super().__init__(dock)
        self.label = QtWidgets.QLabel(dock.windowTitle())
        font = self.label.font()
        font.setPointSizeF(dock.font().pointSizeF() * scale)  # the dock's own title's type
        self.label.setFont(font)
        layout = QtWidgets.QHBoxLayout(self)
        pad = round(4 * scale)
        layout.setContentsMargins(pad, pad // 2, pad, pad // 2)
        layout.addWidget(self.label, 1)
        side = round(self.label.fontMetrics().height() * 0.9)
        ratio = dock.devicePixelRatioF()  # crisp on a scaled display
        features = dock.features()
        Feature = QtWidgets.QDockWidget.DockWidgetFeature
        self.float_button = self._button(_glyph("float", side, scale, ratio), side, "Float or dock")
        self.float_button.clicked.connect(lambda: dock.setFloating(not dock.isFloating()))
        self.float_button.setVisible(bool(features & Feature.DockWidgetFloatable))
        self.close_button = self._button(_glyph("close", side, scale, ratio), side, "Close")
        self.close_button.clicked.connect(dock.close)
        self.close_button.setVisible(bool(features & Feature.DockWidgetClosable))
        layout.addWidget(self.float_button)
        layout.addWidget(self.close_button)

    def _button(self, icon, side: int, tip: str) -> QtWidgets.QToolButton:
        button = QtWidgets.QToolButton(self)
        button.setIcon(icon)
        button.setIconSize(QSize(side, side))
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return button


def _glyph(kind: str, side: int, scale: float, ratio: float) -> QtGui.QIcon:
    """The float (two squares) or close (a cross) sign drawn at ``side`` pixels.

    The style's own title bar icons are small pixmaps that a QIcon does not enlarge.
    """
    pixmap = QtGui.QPixmap(round(side * ratio), round(side * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QtGui.QPainter(pixmap)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    painter.setPen(QtGui.QPen(QtGui.QColor("#333333"), max(1.0, 1.2 * scale)))
    m = side * 0.2
    if kind == "close":
        painter.drawLine(QPointF(m, m), QPointF(side - m, side - m))
        painter.drawLine(QPointF(m, side - m), QPointF(side - m, m))
    else:
        box = side * 0.45
        painter.drawRect(QRectF(side - m - box, m, box, box))
        painter.fillRect(QRectF(m, side - m - box, box, box), QtGui.QColor("#efefef"))
        painter.drawRect(QRectF(m, side - m - box, box, box))
    painter.end()
    return QtGui.QIcon(pixmap)


def scale_dock_titles(docks, scale: float) -> None:
    """Give ``docks`` titles at ``scale`` (1: each dock's own title bar again)."""
    for dock in docks:
        old = dock.titleBarWidget()
        if scale == 1.0:
            if old is None:
                continue
            dock.setTitleBarWidget(None)
        else:
            dock.setTitleBarWidget(ScaledDockTitle(dock, scale))
        if old is not None:
            old.deleteLater()
