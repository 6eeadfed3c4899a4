"""Help: the shortcuts page is read from the window's actions, the first minute, About, tooltips."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtGui, QtWidgets

from emgui.model.version import version
from emgui.ui.help_dialog import HelpDialog, about_html, key_text, shortcuts_html

ROOT = Path(__file__).resolve().parents[2]


def _text(page: str) -> str:
    doc = QtGui.QTextDocument()
    doc.setHtml(page)
    return doc.toPlainText()


def test_every_shortcut_of_the_window_is_on_the_page(window):
    page = _text(shortcuts_html(window))
    keyed = [a for a in window.actions() if a.shortcuts()]
    assert len(keyed) > 20
    for action in keyed:
        for key in action.shortcuts():
            assert key_text(key) in page, (action.text(), key.toString())
    # The clicker's keys, the tools, full screen, compare, undo, as people name them.
    for key in ("PageDown", "PageUp", "Home", "End", "Space", "F11", "Esc", "Ctrl+K", "Ctrl+Z"):
        assert re.search(rf"(^|\W){re.escape(key)}(\W|$)", page), key
    for digit in "12345":
        assert re.search(rf"(?m)^{digit}\s", page), digit
    assert "Shift+click" in page and "Press and drag" in page


def test_a_new_shortcut_appears_on_the_page_without_editing_it(window):
    menu = window.menuBar().actions()[0].menu()
    extra = QtGui.QAction("Do the new thing", window)
    extra.setShortcut(QtGui.QKeySequence("Ctrl+Alt+J"))
    menu.addAction(extra)
    assert "Ctrl+Alt+J" in _text(shortcuts_html(window))
    extra.setShortcut(QtGui.QKeySequence("Ctrl+Alt+U"))
    page = _text(shortcuts_html(window))
    assert "Ctrl+Alt+U" in page and "Ctrl+Alt+J" not in page


def test_help_menu_opens_its_three_pages(qtbot, window):
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    items = [a.text().replace("&", "") for a in menus["Help"].actions()]
    assert items == ["Keyboard shortcuts", "First minute", "About emgui"]
    for action, words in (
        (window.act_shortcuts, "PageDown"),
        (window.act_first_minute, "Shift+click"),
        (window.act_about, version()),
    ):
        action.trigger()
        dialogs = [w for w in QtWidgets.QApplication.topLevelWidgets() if isinstance(w, HelpDialog)]
        shown = [d for d in dialogs if d.isVisible()]
        assert len(shown) == 1
        assert words in shown[0].browser.toPlainText()
        shown[0].close()
        qtbot.waitUntil(lambda ds=dialogs: not any(d.isVisible() for d in ds), timeout=2000)


def test_first_minute_names_the_window_keys(window):
    from emgui.ui.help_dialog import first_minute_html

    text = _text(first_minute_html(window))
    window.act_forward.setShortcuts([QtGui.QKeySequence("Ctrl+Alt+N")])
    assert "Ctrl+Alt+N" in _text(first_minute_html(window))
    assert "Ctrl+Alt+N" not in text


def test_about_gives_the_installed_version_which_is_pyprojects():
    wanted = re.search(r'(?m)^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text())[1]
    assert version() == wanted
    import emgui

    assert emgui.__version__ == wanted
    assert f"emgui {wanted}" in _text(about_html())


def test_version_falls_back_to_the_package_when_not_installed(monkeypatch):
    from importlib import metadata

    import emgui

    def missing(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", missing)
    monkeypatch.setattr(emgui, "__version__", "9.8.7")
    assert version() == "9.8.7"


def test_tool_tooltips_name_the_gesture(window):
    tip = window.tool_actions["centers"].toolTip()
    assert "click to add a center" in tip and "press and drag" in tip and "(2)" in tip
    assert "spray" in window.tool_actions["spray"].toolTip().lower()


def test_help_page_fits_a_small_screen(qtbot, window):
    dialog = HelpDialog("t", "x", window)
    qtbot.addWidget(dialog)
    room = window.screen().availableGeometry()
    assert dialog.width() <= room.width() and dialog.height() <= room.height()


def test_the_window_shows_the_application_icon(window, qapp):
    from emgui.runtime.app_icon import application_icon

    qapp.setWindowIcon(application_icon())
    assert (256, 256) in {(s.width(), s.height()) for s in window.windowIcon().availableSizes()}
