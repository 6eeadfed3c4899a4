"""The decomposition bar (PRML figure 9.11): log p(X | θ) split into L(q, θ) and KL(q ‖ p).

One vertical bar for the shown half-step, drawn to scale over the values that matter (its foot
is cut, as marked by a zigzag: only differences mean anything in a log-likelihood), with the
numbers beside it, and a dashed line where the bound was one half-step before. At an E state
the KL part is 0: the bound touches. At an M state it shows how stale q has become. k-means:
the mirror, J(c, μ) split into J*(μ) and the gap the held assignments cost.
"""

from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets

from emgui.model.theory_view import Decomposition

BOUND_COLOR = QtGui.QColor("#009E73")  # the bound, as on the objective curve
GAP_COLOR = QtGui.QColor("#E69F00")  # the gap: KL(q ‖ p) or J(c, μ) − J*(μ)
OBJECTIVE_COLOR = QtGui.QColor("#9a9a9a")  # k-means' J*(μ)
TEXT_COLOR = QtGui.QColor("#111111")
BEFORE_COLOR = QtGui.QColor("#333333")  # where the bound was: dashed, over either colour
# Share of the bar's drawn height below the lowest value shown: the cut foot.
FOOT = 0.35

WORDS = {
    "mixture": {
        "total": "log p(X | θ)",
        "part": "L(q, θ)",
        "gap": "KL(q ‖ p)",
        "before": "bound before this step",
    },
    "kmeans": {
        "total": "J(c, μ)",
        "part": "J*(μ)",
        "gap": "gap",
        "before": "J(c, μ) before this step",
    },
}


def fmt(v: float) -> str:
    """Six significant digits: the gap is often a few units on a total of hundreds."""
    return f"{v:.6g}"


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
        return [text for _, text, _ in self._rows(self._d)]

    def _rows(self, d: Decomposition) -> list[tuple[float, str, QtGui.QColor]]:
        """(value the text belongs to, text, colour), top to bottom of the bar."""
        w = WORDS[d.kind]
        before = self._before_value()
        # The bound's change since the half-step before: mixture L (the bar's lower part),
        # k-means J(c, μ) (the whole bar).
        change = ""
        if before is not None:
            moved = d.bound - before
            if moved and abs(moved) > 1e-10 * max(1.0, abs(d.bound)):
                change = f"  ({'rose' if moved > 0 else 'fell'} by {fmt(abs(moved))})"
        mixture = d.kind == "mixture"
        gap = f"{w['gap']} = {fmt(d.gap)}" if d.gap else f"{w['gap']} = 0: it touches"
        rows = [
            (d.total, f"{w['total']} = {fmt(d.total)}" + ("" if mixture else change),
             TEXT_COLOR if mixture else BOUND_COLOR.darker(130)),
            ((d.total + d.part) / 2, gap, GAP_COLOR.darker(150)),
            (d.part, f"{w['part']} = {fmt(d.part)}" + (change if mixture else ""),
             BOUND_COLOR.darker(130) if mixture else TEXT_COLOR),
        ]  # fmt: skip
        if before is not None:
            rows.append((before, f"{w['before']}: {fmt(before)}", BEFORE_COLOR))
        return rows

    def _before_value(self) -> float | None:
        d = self._d
        if d is None or d.before_bound is None:
            return None
        return d.before_bound

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
        """Draw into ``rect`` of any paint device (the widget, an image, an SVG)."""
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.fillRect(rect, QtGui.QColor("white"))
        font = QtGui.QFont(self.font())
        font.setPointSizeF(10 * self._scale)
        painter.setFont(font)
        metrics = QtGui.QFontMetricsF(font)
        line = metrics.height()
        d = self._d
        if d is None:
            painter.setPen(QtGui.QColor("#555555"))
            flags = QtCore.Qt.AlignmentFlag.AlignCenter | QtCore.Qt.TextFlag.TextWordWrap
            painter.drawText(rect.adjusted(8, 8, -8, -8), int(flags), self._note)
            return
        margin = 0.6 * line
        top, bottom = rect.top() + margin + 0.5 * line, rect.bottom() - margin
        bar_w = max(22.0 * self._scale, 0.12 * rect.width())
        bar_x = rect.left() + margin
        values = [d.total, d.part]
        before = self._before_value()
        if before is not None:
            values.append(before)
        if d.before_objective is not None:
            values.append(d.before_objective)
        hi, lo = max(values), min(values)
        span = hi - lo
        if span <= 0:  # nothing differs: any scale will do
            span, lo = 1.0, hi - 1.0
        foot = lo - FOOT / (1.0 - FOOT) * span  # the bar's drawn bottom

        def y_of(v: float) -> float:
            return bottom - (v - foot) / (hi - foot) * (bottom - top)

        y_total, y_part = y_of(d.total), y_of(d.part)
        part_color = BOUND_COLOR if d.kind == "mixture" else OBJECTIVE_COLOR
        painter.setPen(QtCore.Qt.PenStyle.NoPen)
        painter.setBrush(part_color)
        painter.drawRect(QtCore.QRectF(bar_x, y_part, bar_w, bottom - y_part))
        painter.setBrush(GAP_COLOR)
        painter.drawRect(QtCore.QRectF(bar_x, y_total, bar_w, y_part - y_total))
        self._zigzag(painter, bar_x, bar_w, bottom)
        # The whole bar's outline: the total (log p, or k-means' bound J(c, μ)).
        outline = QtGui.QPen(TEXT_COLOR if d.kind == "mixture" else BOUND_COLOR, 1.5 * self._scale)
        painter.setPen(outline)
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        painter.drawLine(
            QtCore.QPointF(bar_x - 4, y_total), QtCore.QPointF(bar_x + bar_w + 4, y_total)
        )
        if before is not None:
            pen = QtGui.QPen(BEFORE_COLOR, 2 * self._scale, QtCore.Qt.PenStyle.DashLine)
            painter.setPen(pen)
            y_before = y_of(before)
            painter.drawLine(
                QtCore.QPointF(bar_x - 6, y_before), QtCore.QPointF(bar_x + bar_w + 6, y_before)
            )
        # The numbers beside the bar, each at its level, pushed apart to stay readable.
        text_x = bar_x + bar_w + 1.2 * line
        rows = [(y_of(v), text, color) for v, text, color in self._rows(d)]
        placed = _spread(sorted(r[0] for r in rows), 1.15 * line, top, bottom)
        order = sorted(range(len(rows)), key=lambda i: rows[i][0])
        bold = QtGui.QFont(font)
        bold.setBold(True)
        for slot, i in zip(placed, order, strict=True):
            y, text, color = rows[i]
            painter.setPen(QtGui.QPen(color))
            painter.setFont(bold if i == 1 else font)
            painter.drawText(QtCore.QPointF(text_x, slot + 0.35 * line), text)
            if abs(slot - y) > 1:  # a leader from the moved label to its level
                painter.setPen(QtGui.QPen(color, 1))
                painter.drawLine(
                    QtCore.QPointF(bar_x + bar_w + 3, y), QtCore.QPointF(text_x - 3, slot)
                )

    def _zigzag(self, painter: QtGui.QPainter, x: float, width: float, bottom: float) -> None:
        """The cut at the bar's foot: its length below is not to scale."""
        h = 5 * self._scale
        painter.setPen(QtGui.QPen(QtGui.QColor("white"), 3 * self._scale))
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        path = QtGui.QPainterPath(QtCore.QPointF(x - 2, bottom - 2 * h))
        steps = 4
        for s in range(1, steps + 1):
            dy = -h if s % 2 else -3 * h
            path.lineTo(QtCore.QPointF(x - 2 + s * (width + 4) / steps, bottom + dy))
        painter.drawPath(path)


def _spread(levels: list[float], gap: float, top: float, bottom: float) -> list[float]:
    """Label positions near ``levels`` (sorted, top to bottom) at least ``gap`` apart, in range."""
    out: list[float] = []
    for y in levels:
        y = max(y, top)
        if out and y < out[-1] + gap:
            y = out[-1] + gap
        out.append(y)
    overflow = out[-1] - bottom if out else 0.0
    if overflow > 0:  # pushed past the bottom: move the stack up, keeping the spacing
        out = [max(top, y - overflow) for y in out]
    return out
