"""The column dialog: defaults, the choice, what it remembers per file, and reading with it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox

from emgui.io.csv_columns import peek_table
from emgui.io.csv_points import read_points
from emgui.ui.column_dialog import ColumnDialog, ColumnSelection, needs_choice

IRIS5 = (
    "sepal_length,sepal_width,petal_length,petal_width,species\n"
    "5.1,3.5,1.4,0.2,setosa\n"
    "7.0,3.2,4.7,1.4,versicolor\n"
    "6.3,3.3,6.0,2.5,virginica\n"
)


@pytest.fixture
def iris(tmp_path):
    path = tmp_path / "iris5.csv"
    path.write_text(IRIS5)
    return path


@pytest.fixture
def store(tmp_path):
    return QSettings(str(tmp_path / "store.ini"), QSettings.Format.IniFormat)


def _dialog(qtbot, path, store):
    dialog = ColumnDialog(peek_table(path), str(path), store)
    qtbot.addWidget(dialog)
    return dialog


def test_needs_a_choice_only_with_more_than_two_numeric_columns(tmp_path, iris):
    assert needs_choice(peek_table(iris))
    two = tmp_path / "two.csv"
    two.write_text("x,y,species\n1,2,a\n3,4,b\n")
    assert not needs_choice(peek_table(two))


def test_defaults_preview_and_headers(qtbot, iris, store):
    dialog = _dialog(qtbot, iris, store)
    assert dialog.selection() == ColumnSelection(0, 1, 4, False)
    assert dialog.table.columnCount() == 5 and dialog.table.rowCount() == 3
    assert dialog.table.item(1, 4).text() == "versicolor"
    header = [dialog.table.horizontalHeaderItem(i).text() for i in range(5)]
    assert header[0].endswith("→ x") and header[4].endswith("→ classes")
    assert header[2] == "petal_length"
    # only numeric columns can be x or y; any column can be the classes
    assert [dialog.x.itemData(i) for i in range(dialog.x.count())] == [0, 1, 2, 3]
    assert dialog.classes.count() == 6


def test_same_column_twice_disables_ok(qtbot, iris, store):
    dialog = _dialog(qtbot, iris, store)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.y.setCurrentIndex(dialog.y.findData(0))
    assert not ok.isEnabled() and "same column" in dialog.note.text()
    dialog.y.setCurrentIndex(dialog.y.findData(3))
    assert ok.isEnabled() and dialog.note.text() == ""


def test_the_choice_reads_those_columns_and_is_remembered_per_file(qtbot, iris, store):
    dialog = _dialog(qtbot, iris, store)
    dialog.set_selection(ColumnSelection(2, 3, 4, True))
    dialog.accept()
    data = read_points(iris, **dialog.selection().read_options())
    assert data.columns == ("petal_length", "petal_width")
    assert data.classes == ("setosa", "versicolor", "virginica")
    again = _dialog(qtbot, iris, store)
    assert again.selection() == ColumnSelection(2, 3, 4, True)


def test_remembered_by_name_when_the_columns_move(qtbot, tmp_path, iris, store):
    dialog = _dialog(qtbot, iris, store)
    dialog.set_selection(ColumnSelection(2, 3, None, False))
    dialog.accept()
    moved = tmp_path / "other" / "iris5.csv"
    moved.parent.mkdir()
    moved.write_text("id,petal_width,petal_length,sepal_length\n1,0.2,1.4,5.1\n2,1.4,4.7,7.0\n")
    again = _dialog(qtbot, moved, store)
    assert again.selection().x == 2 and again.selection().y == 1


def test_a_cancelled_dialog_remembers_nothing(qtbot, iris, store):
    dialog = _dialog(qtbot, iris, store)
    dialog.set_selection(ColumnSelection(2, 3, None, False))
    dialog.reject()
    assert _dialog(qtbot, iris, store).selection() == ColumnSelection(0, 1, 4, False)


def test_ask_columns_asks_only_when_there_is_a_choice(qtbot, tmp_path, iris, store, monkeypatch):
    from emgui.ui import column_dialog

    two = tmp_path / "two.csv"
    two.write_text("x,y\n1,2\n3,4\n")
    assert column_dialog.ask_columns(None, str(two), store) == (True, None)

    def accept(self):
        self.set_selection(ColumnSelection(2, 3, 4, True))
        return column_dialog.QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(ColumnDialog, "exec", accept)
    assert column_dialog.ask_columns(None, str(iris), store) == (
        True,
        ColumnSelection(2, 3, 4, True),
    )
    monkeypatch.setattr(ColumnDialog, "exec", lambda self: 0)
    assert column_dialog.ask_columns(None, str(iris), store) == (False, None)
