"""FittedLabel: one line of text that fits its width: smaller type first, then an ellipsis.

The compare view's two titles ("GMM (full) · iteration 1 · E-step · log-likelihood …")
wrapped onto two lines in half a window, and the two sides then differed in height, so
their plots did too. A one-line title of fixed height keeps both plots the same size.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

MIN_SHARE = 0.7  # the type shrinks to 70 % of its size at most, then the end is elided


class FittedLabel(QtWidgets.QLabel):
    """A centred one-line label; the full text is its tooltip when it does not fit."""

    def __init__(self, text: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.setWordWrap(False)
        self.setTextFormat(QtCore.Qt.TextFormat.RichText)  # the fitted size is a span's
        # Its width comes from the layout, never from its text: a long status must not
        # widen the window or its side of a splitter.
        self.setSizePolicy(QtWidgets.QSizePolicy.Policy.Ignored, QtWidgets.QSizePolicy.Policy.Fixed)
        self._full = ""
        self._shown = ""
        self._shown_pt = self.font().pointSizeF()
        self.set_full_text(text)

    def set_full_text(self, text: str) -> None:
        """Show ``text`` on one line, smaller or elided if it must be."""
        self._full = text
        self._fit()

    def setText(self, text: str) -> None:  # the window sets titles through QLabel's name
        self.set_full_text(text)

    def text(self) -> str:
        """The text as given, before any fitting."""
        return self._full

    def shown_text(self) -> str:
        """The text on screen (elided if it had to be)."""
        return self._shown

    def shown_point_size(self) -> float:
        """The type size the text is drawn in."""
        return self._shown_pt

    def sizeHint(self) -> QtCore.QSize:
        metrics = QtGui.QFontMetrics(self.font())
        m = self.contentsMargins()
        return QtCore.QSize(100, metrics.height() + m.top() + m.bottom() + 4)

    def minimumSizeHint(self) -> QtCore.QSize:
        return QtCore.QSize(10, self.sizeHint().height())

    def _fit(self) -> None:
        self.ensurePolished()  # the style sheet's font size, in presentation mode too
        base = self.font()
        width = max(1, self.contentsRect().width() - 4)
        size = base.pointSizeF()
        font = QtGui.QFont(base)
        shown = self._full
        if size > 0:
            for share in (1.0, 0.9, 0.8, MIN_SHARE):
                font.setPointSizeF(size * share)
                if QtGui.QFontMetrics(font).horizontalAdvance(self._full) <= width:
                    break
        metrics = QtGui.QFontMetrics(font)
        if metrics.horizontalAdvance(self._full) > width:
            shown = metrics.elidedText(self._full, QtCore.Qt.TextElideMode.ElideRight, width)
        # Drawn in the fitted font through rich text, so the label's own font (and style
        # sheet) keeps its size and the label its height.
        self._shown, self._shown_pt = shown, font.pointSizeF()
        escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        span = f'<span style="font-size:{font.pointSizeF():.1f}pt">{escaped}</span>'
        super().setText(span if shown != self._full or font.pointSizeF() != size else escaped)
        self.setToolTip(self._full if shown != self._full else "")

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        self._fit()

    def changeEvent(self, ev) -> None:
        super().changeEvent(ev)
        if ev.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._fit()
