"""The decomposition bar (PRML figure 9.11): log p(X | θ) split into L(q, θ) and KL(q ‖ p).

One vertical bar for the shown half-step, drawn to scale over the values that matter (its foot
is cut, as marked by a zigzag: only differences mean anything in a log-likelihood), with the
numbers beside it, and a dashed line where the bound was one half-step before. At an E state
the KL part is 0: the bound touches. At an M state it shows how stale q has become. k-means:
the mirror, J(c, μ) split into J*(μ) and the gap the held assignments cost.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from emgui.model.theory_view import Decomposition, bar_rows
from emgui.render.figure_canvas import PainterCanvas, qfont
from emgui.render.figure_layout import PX_PER_PT
from emgui.render.theory_figure import GAP, draw_bar

GAP_COLOR = QtGui.QColor(*GAP)  # the gap: KL(q ‖ p) or J(c, μ) − J*(μ)


class DecompositionBar(QtWidgets.QWidget):
    """Paints :class:`~emgui.model.theory_view.Decomposition` as Bishop's figure 9.11 does."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._d: Decomposition | None = None
        self._note = "The decomposition appears with the first E-step."
        self._scale = 1.0
        self.setSizePolicy(
            QtWidgets.QSizePolicy.Policy.Preferred, QtWidgets.QSizePolicy.Policy.Expanding
        )
        self.set_scale(1.0)

    # ----- state -----------------------------------------------------------------
    def set_decomposition(self, d: Decomposition | None, note: str = "") -> None:
        """Show ``d``; None shows ``note`` instead (why there is nothing to split)."""
        self._d = d
        self._note = note
        self.update()

    def decomposition(self) -> Decomposition | None:
        return self._d

    def set_scale(self, scale: float) -> None:
        self._scale = scale
        self.setMinimumWidth(int(300 * scale))
        self.setMinimumHeight(int(150 * scale))
        self.updateGeometry()
        self.update()

    def labels(self) -> list[str]:
        """The texts beside the bar (what a test or a screen reader can check)."""
        if self._d is None:
            return [self._note] if self._note else []
        return [text for _, text, _ in bar_rows(self._d)]

    # ----- painting --------------------------------------------------------------
    def sizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(int(360 * self._scale), int(220 * self._scale))

    def paintEvent(self, _event) -> None:
        painter = QtGui.QPainter(self)
        try:
            self.paint(painter, QtCore.QRectF(self.rect()))
        finally:
            painter.end()

    def paint(self, painter: QtGui.QPainter, rect: QtCore.QRectF) -> None:
        """Draw into ``rect`` of any paint device, with the figure code the exports use."""
        painter.fillRect(rect, QtGui.QColor("white"))
        px = 10 * self._scale * PX_PER_PT
        if self._d is None:
            painter.setPen(QtGui.QColor("#555555"))
            painter.setFont(qfont(px))
            flags = QtCore.Qt.AlignmentFlag.AlignCenter | QtCore.Qt.TextFlag.TextWordWrap
            painter.drawText(rect.adjusted(8, 8, -8, -8), int(flags), self._note)
            return
        draw_bar(
            PainterCanvas(painter), self._d, rect.x(), rect.y(), rect.width(), rect.height(), px
        )
