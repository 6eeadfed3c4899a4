"""Nothing lost without asking: Save, Discard or Cancel before a quit, an open, a preset.

The question is answered by a fake (``ask_unsaved`` replaced), as a user would answer it.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6 import QtWidgets

from emgui.io.session_file import SessionData, load_session, save_session
from emgui.model.presets import PRESETS
from emgui.model.settings import Settings
from emgui.ui.window import unsaved
from tests.ui.window_helpers import TWO_GROUPS, set_scene, wait_for_cursor

CENTERS = [[0.0, 0.0], [3.0, 3.0]]


@pytest.fixture
def answer(monkeypatch):
    """answer.next = what the user clicks; answer.asked lists (doing, file name) per question."""

    class Answer:
        def __init__(self):
            self.next = unsaved.CANCEL
            self.asked: list[tuple[str, str | None]] = []

    a = Answer()

    def fake(parent, doing, name):
        a.asked.append((doing, name))
        return a.next

    monkeypatch.setattr(unsaved, "ask_unsaved", fake)
    return a


def _wait_autosaved(qtbot, window):
    path = window.autosaver.path
    qtbot.waitUntil(lambda: path.exists() and not window.autosaver.pending(), timeout=4000)
    window.autosaver.wait()
    return path


def test_quit_without_changes_asks_nothing(window, answer):
    assert window.close()
    assert answer.asked == []


def test_quit_with_changes_cancel_keeps_everything(qtbot, window, answer):
    set_scene(window, TWO_GROUPS, CENTERS)
    autosave = _wait_autosaved(qtbot, window)
    answer.next = unsaved.CANCEL
    assert not window.close()
    assert answer.asked == [("quitting", None)]
    assert window.isVisible()
    assert np.array_equal(window.session.points, TWO_GROUPS)
    assert autosave.exists()  # still there for a crash later on


def test_quit_with_changes_discard_closes_and_removes_the_autosave(qtbot, window, answer):
    set_scene(window, TWO_GROUPS, CENTERS)
    autosave = _wait_autosaved(qtbot, window)
    answer.next = unsaved.DISCARD
    assert window.close()
    assert len(answer.asked) == 1
    assert not autosave.exists()


def test_quit_during_a_run_asks_too(qtbot, window, answer):
    set_scene(window, TWO_GROUPS, CENTERS, algorithm="gmm", tol=0.0, max_iter=100000, pace_ms=0)
    wait_for_cursor(qtbot, window, 0)
    window.controller.go_end()
    qtbot.waitUntil(lambda: window.controller.cursor > 4, timeout=5000)
    answer.next = unsaved.CANCEL
    assert not window.close()
    assert answer.asked == [("quitting", None)]
    answer.next = unsaved.DISCARD
    assert window.close()


def test_save_that_is_cancelled_or_fails_keeps_the_window(qtbot, window, answer, monkeypatch):
    set_scene(window, TWO_GROUPS, CENTERS)
    answer.next = unsaved.SAVE
    # No name chosen in the save dialog: nothing saved, the window stays.
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    assert not window.close()
    # A file that cannot be written: the warning is shown, the window stays.
    window.path = str(window.autosaver.path.parent / "no such folder" / "s.json")
    assert not window.close()
    assert any("Could not save" in text for text in window.message_boxes)
    assert window.isVisible()


def test_save_then_quit_writes_the_session(qtbot, window, answer, tmp_path):
    set_scene(window, TWO_GROUPS, CENTERS)
    window.path = str(tmp_path / "mine.json")
    answer.next = unsaved.SAVE
    assert window.close()
    assert answer.asked == [("quitting", "mine.json")]
    assert np.array_equal(load_session(str(tmp_path / "mine.json")).points, TWO_GROUPS)


def test_preset_over_unsaved_work_cancel_changes_nothing(window, answer):
    set_scene(window, TWO_GROUPS, CENTERS, reg_covar=0.5)
    settings = window.session.settings
    answer.next = unsaved.CANCEL
    assert not window.load_preset(PRESETS[0])
    assert answer.asked == [(f"loading the preset “{PRESETS[0].name}”", None)]
    assert np.array_equal(window.session.points, TWO_GROUPS)
    assert window.session.settings == settings
    assert not window.session.undo_stack.isClean()


def test_preset_is_a_new_untitled_scene_that_cannot_overwrite_the_session(
    qtbot, window, answer, tmp_path
):
    path = tmp_path / "session1.json"
    save_session(str(path), SessionData(TWO_GROUPS, np.array(CENTERS), Settings()))
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.path == str(path), timeout=5000)
    assert answer.asked == []  # nothing was unsaved
    window.session.add_points([[4.0, 4.0]])  # unsaved work
    answer.next = unsaved.DISCARD
    assert window.load_preset(PRESETS[5])
    assert answer.asked == [(f"loading the preset “{PRESETS[5].name}”", "session1.json")]
    assert window.path is None
    assert window.windowTitle().replace("[*]", "") == "emgui — untitled"
    assert not window.isWindowModified()
    # Ctrl+S asks for a name; given none, the session's file is untouched.
    asked_for_name = []

    def no_name(*args, **kwargs):
        asked_for_name.append(args)
        return "", ""

    QtWidgets.QFileDialog.getSaveFileName, original = no_name, QtWidgets.QFileDialog.getSaveFileName
    try:
        window.act_save.trigger()
    finally:
        QtWidgets.QFileDialog.getSaveFileName = original
    assert asked_for_name
    assert np.array_equal(load_session(str(path)).points, TWO_GROUPS)
    # A preset is reproducible: quitting right after it loses nothing, so nothing is asked.
    answer.asked.clear()
    assert window.close()
    assert answer.asked == []


def test_opening_a_file_over_unsaved_work_asks(qtbot, window, answer, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("x,y\n0,0\n1,1\n2,0\n")
    set_scene(window, TWO_GROUPS, CENTERS)
    answer.next = unsaved.CANCEL
    window.open_path(str(path))
    assert answer.asked == [("opening other.csv", None)]
    assert not window.loader.busy  # asked before loading: cancelled, no load was started
    assert np.array_equal(window.session.points, TWO_GROUPS)
    answer.next = unsaved.DISCARD
    window.open_path(str(path))
    qtbot.waitUntil(lambda: window.session.points.shape[0] == 3, timeout=5000)
    assert window.path is None


def test_generating_points_asks_and_gives_an_untitled_scene(window, answer, monkeypatch):
    from emgui.ui import generate_dialog

    seen = []

    def accept(dialog):
        dialog.n.setValue(1000)
        seen.append(dialog.note.text())
        return QtWidgets.QDialog.DialogCode.Accepted

    monkeypatch.setattr(generate_dialog.GenerateDialog, "exec", accept)
    set_scene(window, TWO_GROUPS, CENTERS)
    answer.next = unsaved.CANCEL
    window.generate_dialog()
    assert answer.asked == [("generating points", None)]
    assert np.array_equal(window.session.points, TWO_GROUPS)
    assert "8 points" in seen[0] and "2 centers" in seen[0]
    answer.next = unsaved.DISCARD
    window.generate_dialog()
    assert window.session.points.shape[0] == 1000
    assert window.path is None and window.session.undo_stack.isClean()


REAL_ASK = unsaved.ask_unsaved  # taken at import, before a fixture replaces it


@pytest.mark.parametrize(
    ("press", "expected"),
    [
        ("Save", unsaved.SAVE),
        ("Discard", unsaved.DISCARD),
        ("Cancel", unsaved.CANCEL),
        ("Escape", unsaved.CANCEL),
        ("Alt+D", unsaved.DISCARD),
    ],
)
def test_the_question_itself_answers_what_the_user_chose(qtbot, window, press, expected):
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QKeySequence

    seen = []

    def answer():
        box = QtWidgets.QApplication.activeModalWidget()
        seen.append(box.text() + " " + box.informativeText())
        if press in ("Save", "Discard", "Cancel"):
            box.button(getattr(QtWidgets.QMessageBox.StandardButton, press)).click()
        else:
            combo = QKeySequence(press)[0]
            qtbot.keyClick(box, combo.key(), combo.keyboardModifiers())

    QTimer.singleShot(50, answer)
    assert REAL_ASK(window, "quitting", "mine.json") == expected
    assert "quitting" in seen[0] and "mine.json" in seen[0]
