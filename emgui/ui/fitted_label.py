"""FittedLabel: one line of text that fits its width: smaller type first, then an ellipsis.

The compare view's two titles ("GMM (full) · iteration 1 · E-step · log-likelihood …")
wrapped onto two lines in half a window, and the two sides then differed in height, so
their plots did too. A one-line title of fixed height keeps both plots the same size.
"""

from __future__ import annotations

import shiboken6
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
        self._partner: FittedLabel | None = None
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

    def set_partner(self, other: FittedLabel | None) -> None:
        """Share one type size with ``other`` (both ways; None: on its own again).

        Side-by-side titles in two sizes look like two kinds of thing: both take the
        smaller of the sizes each would need.
        """
        old, self._partner = self._partner, other
        if old is not None and old is not other and _alive(old):
            old._partner = None
            old._fit()
        if other is not None:
            other._partner = self
        self._fit()

    def _wanted_share(self) -> float:
        """The largest share of the type size at which the text fits (MIN_SHARE at least)."""
        self.ensurePolished()  # the style sheet's font size, in presentation mode too
        font = QtGui.QFont(self.font())
        size = font.pointSizeF()
        width = max(1, self.contentsRect().width() - 4)
        if size <= 0:
            return 1.0
        for share in (1.0, 0.9, 0.8):
            font.setPointSizeF(size * share)
            if QtGui.QFontMetrics(font).horizontalAdvance(self._full) <= width:
                return share
        return MIN_SHARE

    def _fit(self, partner_too: bool = True) -> None:
        share = self._wanted_share()
        partner = self._partner
        if partner is not None and not _alive(partner):
            partner = self._partner = None
        if partner is not None:
            share = min(share, partner._wanted_share())
        font = QtGui.QFont(self.font())
        size = font.pointSizeF()
        if size > 0:
            font.setPointSizeF(size * share)
        width = max(1, self.contentsRect().width() - 4)
        metrics = QtGui.QFontMetrics(font)
        shown = self._full
        if metrics.horizontalAdvance(self._full) > width:
            shown = metrics.elidedText(self._full, QtCore.Qt.TextElideMode.ElideRight, width)
        # Drawn in the fitted font through rich text, so the label's own font (and style
        # sheet) keeps its size and the label its height.
        self._shown, self._shown_pt = shown, font.pointSizeF()
        escaped = shown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        span = f'<span style="font-size:{font.pointSizeF():.1f}pt">{escaped}</span>'
        super().setText(span if shown != self._full or font.pointSizeF() != size else escaped)
        self.setToolTip(self._full if shown != self._full else "")
        if partner_too and partner is not None:
            partner._fit(partner_too=False)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        self._fit()

    def changeEvent(self, ev) -> None:
        super().changeEvent(ev)
        if ev.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._fit()


def _alive(label: QtWidgets.QLabel) -> bool:
    """False once Qt has deleted the label (a closed compare view's title)."""
    return shiboken6.isValid(label)
