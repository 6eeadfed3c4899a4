"""Choosing the columns of a table: x, y and the known classes, with a preview of the first rows.

Shown before a CSV with more than two numeric columns is read (see ``needs_choice``); it
remembers the last choice per file name (by header names, so a file saved again with the
same columns gets the same choice) in the settings store the window passes in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6 import QtCore, QtGui, QtWidgets

from emgui.io.csv_columns import choose_columns, peek_table
from emgui.io.csv_layout import TableLayout, column_title

PREVIEW_ROWS = 10
_KEY = "columns/"


@dataclass(frozen=True)
class ColumnSelection:
    """The user's choice, 0-based, and whether to standardise the two columns."""

    x: int
    y: int
    labels: int | None
    standardise: bool = False

    def read_options(self) -> dict:
        """Keyword arguments for io.csv_points.read_points (whose column numbers start at 1)."""
        return {
            "columns": (self.x + 1, self.y + 1),
            "labels": None if self.labels is None else self.labels + 1,
            "auto_labels": False,
        }


def numeric_columns(layout: TableLayout) -> list[int]:
    """The columns that can be x or y (a pandas row index is not one)."""
    start = 1 if layout.index_column else 0
    return [i for i in range(start, layout.width) if layout.kinds[i] == "num"]


def needs_choice(layout: TableLayout) -> bool:
    """Whether the file leaves a choice to make: more than two numeric columns."""
    return len(numeric_columns(layout)) > 2


def default_selection(layout: TableLayout) -> ColumnSelection:
    """The first two numeric columns and the first text column: what a plain read takes."""
    choice = choose_columns(layout)
    return ColumnSelection(*choice.xy, choice.labels)


class ColumnDialog(QtWidgets.QDialog):
    """Pick x, y and an optional classes column of ``layout`` (the file's name for the title)."""

    def __init__(
        self,
        layout: TableLayout,
        file_name: str,
        store: QtCore.QSettings | None = None,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._layout = layout
        self._file = Path(file_name).name
        self._store = store
        self.setWindowTitle(f"Columns of {self._file}")
        names = layout.names
        self._labels = [f"{i + 1}: {n}" if n else f"column {i + 1}" for i, n in enumerate(names)]
        nums = numeric_columns(layout)

        box = QtWidgets.QVBoxLayout(self)
        intro = QtWidgets.QLabel(
            f"<b>{self._file}</b> has {layout.width} columns, {len(nums)} of them numeric. "
            "Choose the two to plot, and a column of known classes to compare the clusters with."
        )
        intro.setWordWrap(True)
        box.addWidget(intro)

        self.table = QtWidgets.QTableWidget(0, layout.width)
        self.table.setEditTriggers(QtWidgets.QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QtWidgets.QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(QtCore.Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().setVisible(False)
        rows = layout.preview(PREVIEW_ROWS)
        self.table.setRowCount(len(rows))
        for r, cells in enumerate(rows):
            for c, cell in enumerate(cells):
                self.table.setItem(r, c, QtWidgets.QTableWidgetItem(cell))
        self.table.setMinimumHeight(
            self.table.horizontalHeader().height() + 22 * min(len(rows), 6) + 8
        )
        box.addWidget(self.table)

        form = QtWidgets.QFormLayout()
        self.x = QtWidgets.QComboBox()
        self.y = QtWidgets.QComboBox()
        for combo in (self.x, self.y):
            for i in nums:
                combo.addItem(self._labels[i], i)
        self.classes = QtWidgets.QComboBox()
        self.classes.addItem("(none)", None)
        for i in range(layout.width):
            kind = {"text": "text", "num": "numbers", "empty": "empty"}[layout.kinds[i]]
            self.classes.addItem(f"{self._labels[i]}  ({kind})", i)
        self.standardise = QtWidgets.QCheckBox("Standardise each column (mean 0, sd 1)")
        form.addRow("x (horizontal)", self.x)
        form.addRow("y (vertical)", self.y)
        form.addRow("Known classes", self.classes)
        form.addRow("", self.standardise)
        box.addLayout(form)
        self.note = QtWidgets.QLabel()
        self.note.setStyleSheet("color: #8a1c1c;")
        box.addWidget(self.note)

        self.buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        box.addWidget(self.buttons)

        self.set_selection(self._remembered() or default_selection(layout))
        for combo in (self.x, self.y, self.classes):
            combo.currentIndexChanged.connect(self._update)
        self._update()
        self.resize(max(560, min(1000, self.table.horizontalHeader().length() + 60)), 460)

    def selection(self) -> ColumnSelection:
        """The columns chosen now."""
        return ColumnSelection(
            self.x.currentData(),
            self.y.currentData(),
            self.classes.currentData(),
            self.standardise.isChecked(),
        )

    def set_selection(self, choice: ColumnSelection) -> None:
        """Show ``choice`` (columns that cannot be chosen are left as they are)."""
        for combo, value in ((self.x, choice.x), (self.y, choice.y), (self.classes, choice.labels)):
            index = combo.findData(value)
            if index >= 0:
                combo.setCurrentIndex(index)
        self.standardise.setChecked(choice.standardise)

    def accept(self) -> None:
        if self._store is not None:
            self._store.setValue(_KEY + self._file, json.dumps(self._describe(self.selection())))
        super().accept()

    def _update(self, *_: object) -> None:
        choice = self.selection()
        same = choice.x == choice.y
        self.note.setText("x and y are the same column: choose two." if same else "")
        self.buttons.button(QtWidgets.QDialogButtonBox.StandardButton.Ok).setEnabled(not same)
        roles = {choice.x: "x", choice.y: "y"}
        if choice.labels is not None:
            roles[choice.labels] = "classes" if choice.labels not in roles else roles[choice.labels]
        bold = QtGui.QFont()
        bold.setBold(True)
        for i in range(self._layout.width):
            name = column_title(self._layout.names, i)
            item = QtWidgets.QTableWidgetItem(f"{name}\n→ {roles[i]}" if i in roles else name)
            if i in roles:
                item.setFont(bold)
            self.table.setHorizontalHeaderItem(i, item)
            for r in range(self.table.rowCount()):
                cell = self.table.item(r, i)
                if cell is not None:
                    color = QtGui.QColor("#e8f0fb") if i in roles else QtGui.QColor("white")
                    cell.setBackground(color)
        # The headers hold the names: size the columns to them as well as to the cells.
        self.table.resizeColumnsToContents()

    def _describe(self, choice: ColumnSelection) -> dict:
        """The choice by header name where there is one (a file may gain or lose columns)."""
        names = self._layout.names

        def ref(i: int | None) -> str | int | None:
            return None if i is None else (names[i] or i)

        return {
            "x": ref(choice.x),
            "y": ref(choice.y),
            "labels": ref(choice.labels),
            "standardise": choice.standardise,
        }

    def _remembered(self) -> ColumnSelection | None:
        if self._store is None:
            return None
        try:
            saved = json.loads(str(self._store.value(_KEY + self._file, "")))
            found = [self._find(saved[key]) for key in ("x", "y", "labels")]
        except (ValueError, TypeError, KeyError):
            return None  # nothing remembered, or from another version: the defaults
        x, y, labels = found
        if x is None or y is None or x == y:
            return None
        return ColumnSelection(x, y, labels, bool(saved.get("standardise", False)))

    def _find(self, ref: object) -> int | None:
        names = self._layout.names
        if isinstance(ref, str) and ref in names:
            return names.index(ref)
        if isinstance(ref, int) and not isinstance(ref, bool) and 0 <= ref < self._layout.width:
            return ref
        return None


def ask_columns(
    parent: QtWidgets.QWidget | None, path: str, store: QtCore.QSettings | None
) -> tuple[bool, ColumnSelection | None]:
    """Before reading a table: (go on?, the columns chosen or None for the plain read).

    Asks only when the file has more than two numeric columns; raises InputError when its
    head cannot be read (the caller shows it as it shows a failed load).
    """
    layout = peek_table(path)
    if not needs_choice(layout):
        return True, None
    dialog = ColumnDialog(layout, path, store, parent)
    if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
        return False, None
    return True, dialog.selection()
