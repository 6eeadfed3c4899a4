"""SteadyLabel: a word-wrapped label whose height does not shrink while its width stays the same."""

from __future__ import annotations

import math

from PySide6 import QtCore, QtWidgets


class SteadyLabel(QtWidgets.QLabel):
    """A word-wrapped label that keeps the tallest height its texts needed at this width.

    Explanations of one, two and three lines alternate between E- and M-steps; a label
    that followed them would resize, and so rescale, the plot above it at every
    half-step. This one reserves ``min_lines`` lines, grows when a text needs more, and
    starts over only when its width or font changes.
    """

    def __init__(
        self, text: str = "", min_lines: int = 2, typical_chars: int = 0, parent=None
    ) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self._min_lines = min_lines
        # Lines for a text this long are reserved from the start, so that the first long
        # text does not resize the label (and the plot) in the middle of a run.
        self._typical_chars = typical_chars
        self._reserved = 0

    def setText(self, text: str) -> None:
        super().setText(text)
        self._reserve()

    def _reserve(self, start_over: bool = False) -> None:
        if start_over:
            # QLabel's heightForWidth is at least the minimum height: a label that kept the
            # room of its larger type (presentation mode) would keep it for ever.
            self.setMinimumHeight(0)
        margins = self.contentsMargins()
        metrics = self.fontMetrics()
        per_line = max(1, self.contentsRect().width() // max(1, metrics.averageCharWidth()))
        # Word wrapping leaves the ends of lines short: some more lines than the count.
        typical = math.ceil(1.15 * self._typical_chars / per_line)
        lines = max(self._min_lines, min(typical, 4)) * metrics.lineSpacing() + 8
        needed = max(lines + margins.top() + margins.bottom(), self.heightForWidth(self.width()))
        self._reserved = needed if start_over else max(self._reserved, needed)
        if self.minimumHeight() != self._reserved:
            self.setMinimumHeight(self._reserved)

    def start_over(self) -> None:
        """Forget the tallest height so far (after a change of font size by style sheet)."""
        self.ensurePolished()
        self._reserve(start_over=True)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        if ev.size().width() != ev.oldSize().width():
            self._reserve(start_over=True)

    def changeEvent(self, ev) -> None:
        super().changeEvent(ev)
        if ev.type() in (QtCore.QEvent.Type.FontChange, QtCore.QEvent.Type.StyleChange):
            self._reserve(start_over=True)
