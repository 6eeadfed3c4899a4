"""The load's progress dialog: never for a quick load, closed with every load, Cancel works."""

from __future__ import annotations

import threading

from PySide6 import QtWidgets
from PySide6.QtCore import Qt

from emgui.runtime import file_loader
from emgui.runtime.file_loader import FileLoader
from emgui.ui.load_progress import LoadProgress


def dialogs(window) -> list:
    return [d for d in window.findChildren(QtWidgets.QProgressDialog) if d.isVisible()]


def test_a_quick_load_shows_no_dialog_even_later(qtbot, tmp_path, monkeypatch):
    # a minute: however loaded the machine, this load is quick
    monkeypatch.setattr(file_loader, "SLOW_AFTER_MS", 60_000)
    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    window.show()
    loader = FileLoader(window)
    LoadProgress(loader, window)
    path = tmp_path / "s.json"
    path.write_text('{"format": "emgui-session/1", "points": [[1, 2]]}')
    with qtbot.waitSignal(loader.finished, timeout=5_000):
        loader.load(str(path))
    # None was made: a QProgressDialog made at the start, even hidden, would show itself
    # after its minimum duration (4 s by default) however quick the load
    assert window.findChildren(QtWidgets.QProgressDialog) == []


def test_a_slow_load_shows_the_dialog_and_takes_it_away(qtbot, monkeypatch):
    monkeypatch.setattr(file_loader, "SLOW_AFTER_MS", 50)
    release = threading.Event()

    def read(path, progress, should_cancel):
        progress(0.5)
        release.wait(5)
        return "data"

    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    window.show()
    loader = FileLoader(window, read=read)
    progress = LoadProgress(loader, window)
    loader.load("/data/big.json")
    qtbot.waitUntil(lambda: len(dialogs(window)) == 1, timeout=10_000)
    dialog = dialogs(window)[0]
    assert dialog.labelText() == "Reading big.json…"
    assert dialog.windowModality() == Qt.WindowModality.NonModal  # the window can still close
    qtbot.waitUntil(lambda: dialog.value() == 500, timeout=10_000)
    with qtbot.waitSignal(loader.finished, timeout=5_000):
        release.set()
    qtbot.waitUntil(lambda: dialogs(window) == [] and progress.dialog is None, timeout=5_000)


def test_cancel_and_escape_end_the_load(qtbot, monkeypatch):
    monkeypatch.setattr(file_loader, "SLOW_AFTER_MS", 50)

    def read(path, progress, should_cancel):
        while not should_cancel():
            threading.Event().wait(0.005)
        from emgui.io.errors import LoadCancelled

        raise LoadCancelled

    window = QtWidgets.QWidget()
    qtbot.addWidget(window)
    window.show()
    loader = FileLoader(window, read=read)
    LoadProgress(loader, window)
    for press in ("button", "escape"):
        loader.load("big.json")
        qtbot.waitUntil(lambda: len(dialogs(window)) == 1, timeout=10_000)
        dialog = dialogs(window)[0]
        with qtbot.waitSignal(loader.cancelled, timeout=10_000):
            if press == "button":
                dialog.findChild(QtWidgets.QPushButton).click()
            else:
                qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not loader.busy and dialogs(window) == [], timeout=10_000)
