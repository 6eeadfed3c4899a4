"""Clusters against known classes: the confusion matrix and the adjusted Rand index of a state.

Rows are the classes, columns the components in matched order (each class's component
first, so agreement shows as a heavy diagonal); a column's header has the component's
colour. Updating costs one bincount and a few dozen cell texts: well within a frame at
10^5 points (benchmarks/bench_agreement.py).
"""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets

from emgui.model.agreement import Agreement, agreement
from emgui.model.palette import component_hex

_MATCHED_BG = QtGui.QColor("#dcebdc")
_PLAIN_BG = QtGui.QColor("white")


def ari_words(ari: float) -> str:
    """How an adjusted Rand index reads to a student."""
    if ari >= 0.9:
        return "the clusters are nearly the classes"
    if ari >= 0.6:
        return "the clusters follow the classes, with mix-ups"
    if ari >= 0.2:
        return "the clusters agree with the classes only in part"
    return "about what chance gives: the clusters are not the classes"


class AgreementPanel(QtWidgets.QWidget):
    """Shows how the assignments of a state agree with the known classes of the points."""

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self._classes: np.ndarray | None = None
        self._names: tuple[str, ...] = ()
        self._column_name = ""
        self.agreement: Agreement | None = None
        box = QtWidgets.QVBoxLayout(self)
        box.setContentsMargins(4, 4, 4, 4)
        self.title = QtWidgets.QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(QtCore.Qt.TextFormat.RichText)
        box.addWidget(self.title)
        self.table = QtWidgets.QTableWidget(0, 0)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.table.horizontalHeader().setMinimumSectionSize(52)
        box.addWidget(self.table, 1)
        self.note = QtWidgets.QLabel(
            "Rows: known classes. Columns: components, each class's best match first "
            "(Hungarian matching); the shaded cells are the matches."
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        box.addWidget(self.note)
        self._show_empty("No known classes: open a table with a class column.")

    def set_classes(
        self, classes: np.ndarray | None, names: tuple[str, ...], column: str = ""
    ) -> None:
        """The points' known classes (indices into ``names``), or None to clear the panel."""
        self._classes = None if classes is None else np.asarray(classes)
        self._names = tuple(names)
        self._column_name = column
        self.agreement = None
        if classes is None:
            self._show_empty("No known classes: open a table with a class column.")
        else:
            self._show_empty(f"Known classes: {len(names)} in {column or 'the file'}; no run yet.")

    def show_state(self, labels: np.ndarray | None, k: int, slots=None) -> None:
        """Compare the component ``labels`` (0..k-1) of the shown state with the classes;
        ``slots``: the colour slots the components are drawn in (model.palette)."""
        if self._classes is None:
            return
        if labels is None or k < 1:
            self.agreement = None
            self._show_empty("No assignments yet: step or run to compare with the classes.")
            return
        if labels.shape != self._classes.shape:
            self.agreement = None
            self._show_empty("The points changed since the classes were read: no comparison.")
            return
        result = agreement(self._classes, self._names, labels, k)
        self.agreement = result
        self._fill(result, slots)

    def _show_empty(self, text: str) -> None:
        self.title.setText(text)
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self.table.setVisible(False)
        self.note.setVisible(False)

    def _fill(self, result: Agreement, slots=None) -> None:
        column = f" ({self._column_name})" if self._column_name else ""
        self.title.setText(
            f"Known classes{column}: adjusted Rand index <b>{result.ari:.3f}</b> "
            f"(1: the same grouping, 0: chance) — {ari_words(result.ari)}. "
            f"{100 * result.matched_fraction:.0f}% of the points on the matched cells."
        )
        order = result.order
        n_rows, n_cols = result.confusion.shape[0], len(order)
        if (self.table.rowCount(), self.table.columnCount()) != (n_rows, n_cols):
            self.table.setRowCount(n_rows)
            self.table.setColumnCount(n_cols)
            for r in range(n_rows):
                for c in range(n_cols):
                    item = QtWidgets.QTableWidgetItem()
                    item.setTextAlignment(
                        QtCore.Qt.AlignmentFlag.AlignRight | QtCore.Qt.AlignmentFlag.AlignVCenter
                    )
                    self.table.setItem(r, c, item)
        self.table.setVerticalHeaderLabels(list(result.classes))
        for c, j in enumerate(order):
            head = QtWidgets.QTableWidgetItem(f"C{j + 1}")
            head.setForeground(QtGui.QColor(component_hex(j, slots)))
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.table.setHorizontalHeaderItem(c, head)
        matched = {(i, j) for i, j in enumerate(result.component_of_class) if j is not None}
        counts = result.confusion
        for r in range(n_rows):
            for c, j in enumerate(order):
                item = self.table.item(r, c)
                item.setText(str(int(counts[r, j])))
                item.setBackground(_MATCHED_BG if (r, j) in matched else _PLAIN_BG)
        self.table.resizeColumnsToContents()
        self.table.setVisible(True)
        self.note.setVisible(True)
