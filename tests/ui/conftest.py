"""Fixtures for window tests: a MainWindow with its own settings file (helpers: window_helpers)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    from emgui.render.style import configure_pyqtgraph

    configure_pyqtgraph()
    from emgui.ui.window import main_window

    # Dialogs must never block a test: message boxes are recorded instead.
    shown: list[str] = []

    def fake_warning(parent, title, text, *args, **kwargs):
        shown.append(text)
        return 0

    monkeypatch.setattr(main_window.QtWidgets.QMessageBox, "warning", fake_warning)
    store = QSettings(str(tmp_path / "emgui.ini"), QSettings.Format.IniFormat)
    w = main_window.MainWindow(store)
    w.message_boxes = shown
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.controller.shutdown()
