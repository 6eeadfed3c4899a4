"""Bring your own data: a five-column table opened in the window (issue 16)."""

from __future__ import annotations

import numpy as np

from tests.ui.window_helpers import set_scene


def _iris_like(path, missing_line: int | None = None) -> None:
    rng = np.random.default_rng(0)
    rows = ["sepal_length,sepal_width,petal_length,petal_width,species"]
    for species, (pl, pw) in (("setosa", (1.5, 0.2)), ("versicolor", (4.3, 1.3))):
        for _ in range(20):
            sl, sw = rng.normal(5.5, 0.5), rng.normal(3.0, 0.3)
            rows.append(
                f"{sl:.2f},{sw:.2f},{rng.normal(pl, 0.2):.2f},{rng.normal(pw, 0.1):.2f},{species}"
            )
    if missing_line is not None:
        parts = rows[missing_line - 1].split(",")
        parts[2] = "NA"
        rows[missing_line - 1] = ",".join(parts)
    path.write_text("\n".join(rows) + "\n")


def test_opening_a_table_asks_for_columns_and_starts_afresh(qtbot, window, tmp_path, monkeypatch):
    from emgui.ui.column_dialog import ColumnSelection
    from emgui.ui.window import files

    set_scene(window, [[0.0, 0.0], [9.0, 9.0], [5.0, 5.0]], [[-1.5, 1.5], [1.5, -1.5]])
    asked = []

    def choose(parent, path, store):  # the user picks petal length and width, species
        asked.append(path)
        return True, ColumnSelection(2, 3, 4, False)

    monkeypatch.setattr(files, "ask_columns", choose)
    path = tmp_path / "iris5.csv"
    _iris_like(path, missing_line=7)
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.points.shape[0] == 39, timeout=5000)
    assert asked == [str(path)]
    assert window.columns == ("petal_length", "petal_width")
    # New data, new start: centers among the new points, not the old scene's ±1.5.
    centers = window.session.centers
    assert centers.shape == (2, 2)
    assert all(any(np.allclose(c, p) for p in window.session.points) for c in centers)
    assert "iris5.csv" in window.windowTitle() and window.path is None
    assert "1 row with a missing value skipped" in window.statusBar().currentMessage()
    assert window.agreement._names == ("setosa", "versicolor")


def test_cancelling_the_column_choice_changes_nothing(qtbot, window, tmp_path, monkeypatch):
    from emgui.ui.window import files

    set_scene(window, [[0.0, 0.0], [9.0, 9.0], [5.0, 5.0]], [[-1.5, 1.5]])
    monkeypatch.setattr(files, "ask_columns", lambda *a: (False, None))
    path = tmp_path / "iris5.csv"
    _iris_like(path)
    window.open_path(str(path))
    # the choice is asked before any load starts: cancelled, none is started
    assert window.session.points.shape[0] == 3 and not window.loader.busy


def test_the_axis_names_follow_the_scene_through_clear_and_undo(
    qtbot, window, tmp_path, monkeypatch
):
    from emgui.ui.column_dialog import ColumnSelection
    from emgui.ui.window import files

    monkeypatch.setattr(files, "ask_columns", lambda *a: (True, ColumnSelection(2, 3, 4, False)))
    path = tmp_path / "iris5.csv"
    _iris_like(path)
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.points.shape[0] == 40, timeout=5000)
    assert window.columns == ("petal_length", "petal_width")
    window.session.clear_points()
    assert window.columns is None and window.session_data().columns is None  # not saved stale
    window.session.undo_stack.undo()
    assert window.columns == ("petal_length", "petal_width")
