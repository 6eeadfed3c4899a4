"""Shapes by class or component in the window, and the table a session remembers (issue 16)."""

from __future__ import annotations

import numpy as np

from emgui.io.session_file import load_session, save_session
from emgui.io.table_source import TableSource
from emgui.model.presets import PRESETS
from tests.ui.test_window_open_table import _iris_like

HEADER = ("sepal_length", "sepal_width", "petal_length", "petal_width", "species")


def test_iris_with_its_species_by_shape(qtbot, window):
    iris = next(p for p in PRESETS if p.id == "iris")
    assert window.load_preset(iris)
    assert not window.scene.shapes.isVisible()
    window.act_class_shapes.trigger()  # View ▸ Known classes by shape
    assert window.session.settings.point_shapes == "classes"
    assert window.panel.point_shapes.currentData() == "classes"
    qtbot.waitUntil(lambda: window.scene.shapes.isVisible())
    assert not window.scene.points.isVisible()
    symbols = window.scene.shapes.data["symbol"]
    assert sorted(set(symbols.tolist())) == ["o", "s", "t1"]  # three species, three shapes
    assert "setosa (circle)" in window.scene.legend.texts()

    # The panel's other choice: shapes by component; the menu's check follows.
    window.panel.point_shapes.setCurrentIndex(window.panel.point_shapes.findData("components"))
    assert window.session.settings.point_shapes == "components"
    assert not window.act_class_shapes.isChecked()
    window.act_class_shapes.trigger()
    assert window.session.settings.point_shapes == "classes"
    window.act_class_shapes.trigger()
    assert window.session.settings.point_shapes == "none"
    qtbot.waitUntil(lambda: window.scene.points.isVisible())
    assert not window.scene.shapes.isVisible()


def test_a_session_remembers_the_tables_columns(qtbot, window, tmp_path, monkeypatch):
    from emgui.ui.column_dialog import ColumnSelection
    from emgui.ui.window import files

    monkeypatch.setattr(files, "ask_columns", lambda *a: (True, ColumnSelection(2, 3, 4, False)))
    path = tmp_path / "iris5.csv"
    _iris_like(path)
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.points.shape[0] == 40, timeout=5000)
    want = TableSource("iris5.csv", HEADER, 2, 3, 4, False)
    assert window.session_data().source == want

    saved = tmp_path / "s.json"
    save_session(saved, window.session_data())
    assert load_session(saved).source == want

    # Points added: they are no longer the table's, and the source is left out.
    window.session.add_points(np.array([[9.0, 9.0]]))
    assert window.session_data().source is None
    window.session.undo_stack.undo()
    assert window.session_data().source == want

    # Opening the session keeps its source for the next save; it holds no classes, so
    # the table's classes (of other points) are dropped rather than shown against these.
    window.open_path(str(saved))
    qtbot.waitUntil(lambda: window.path == str(saved), timeout=5000)
    assert window.session_data().source == want
    assert window.agreement._classes is None
