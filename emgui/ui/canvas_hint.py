"""The empty canvas's hint: a box that wraps, then takes smaller type, to stay inside the plot.

At 15 pt on a small window (a display scale of 2 on a 1920 x 1080 screen) the hint was taller
than the plot and covered its axes; here its type shrinks down to LEAST_PT until it fits.
"""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFont

LARGEST_PT = 15
LEAST_PT = 7
MARGIN = 8  # free pixels kept between the box and the plot's edges


class CanvasHint(QtWidgets.QLabel):
    """A centred hint over a plot (mouse events pass through it)."""

    def __init__(self, text: str, parent: QtWidgets.QWidget) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setStyleSheet(
            "color: #444; background: rgba(255,255,255,210); border: 1px solid #bbb;"
            "border-radius: 8px;"
        )
        self._point_size = 0.0

    def _use_size(self, points: float) -> None:
        if points == self._point_size:
            return
        self._point_size = points
        font = QFont(self.font())
        font.setPointSizeF(points)
        self.setFont(font)
        pad = round(points)  # the padding shrinks with the type
        self.setContentsMargins(pad, pad, pad, pad)

    def _size_for(self, max_width: int) -> tuple[int, int]:
        """The box's width and height at the current type, wrapped to ``max_width`` at most."""
        metrics = self.fontMetrics()
        frame = self.width() - self.contentsRect().width()
        natural = max(metrics.horizontalAdvance(line) for line in self.text().split("\n"))
        width = min(natural + frame + 4, max_width)
        return width, self.heightForWidth(width)

    def fit_in(self, area: QRect) -> None:
        """Place the hint in the middle of ``area`` (the plot's rectangle), as large as fits."""
        self.ensurePolished()
        room_w = max(1, area.width() - 2 * MARGIN)
        room_h = max(1, area.height() - 2 * MARGIN)
        points = float(LARGEST_PT)
        while True:
            self._use_size(points)
            width, height = self._size_for(room_w)
            if height <= room_h or points <= LEAST_PT:
                break
            points -= 1.0
        self.resize(width, min(height, room_h))
        self.move(area.center() - QPoint(width // 2, min(height, room_h) // 2))


def plot_area(canvas) -> QRect:
    """The rectangle of a PlotWidget's data area (inside its axes), in the widget's pixels."""
    view = canvas.getPlotItem().getViewBox()
    rect = canvas.mapFromScene(view.sceneBoundingRect()).boundingRect()
    inside = rect.intersected(canvas.rect())
    return inside if inside.width() > 0 and inside.height() > 0 else canvas.rect()
