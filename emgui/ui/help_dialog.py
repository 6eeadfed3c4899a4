"""Help: the keyboard shortcuts (read from the window's own actions), the first minute, About.

The shortcuts page is built from the QActions when it is opened, so it shows the keys that
work, never a list that has drifted from them. The mouse gestures are the tools' tooltips.
"""

from __future__ import annotations

import html
import platform
import re

from PySide6 import QtCore, QtGui, QtWidgets

from emgui.model.version import version

# What each tool does with the mouse: its tooltip, and its row on the shortcuts page.
TOOL_TIPS = {
    "points": "Add points: click to add a point",
    "centers": "Add centers: click to add a center; press and drag to draw its initial Gaussian",
    "move": "Move: drag a point or a center",
    "erase": "Erase: click removes the nearest point or center; drag erases points under it",
    "spray": "Spray: press and drag to spray a blob of points (radius and density: Settings)",
}
GESTURES = (
    ("Click", "add a point (tool Add points)"),
    ("Shift+click", "add an initial center, with any tool"),
    (
        "Press and drag (Add centers)",
        "a center with its initial Gaussian: the drag is its long axis",
    ),
    ("Middle or right drag · wheel", "pan · zoom"),
)
# The keys a presentation clicker sends, as people call them.
_KEY_NAMES = {
    "PgDown": "PageDown",
    "PgUp": "PageUp",
    "Right": "→",
    "Left": "←",
    "Up": "↑",
    "Down": "↓",
}


def key_text(sequence: QtGui.QKeySequence) -> str:
    """A key sequence as the shortcuts page shows it (PageDown, not PgDown)."""
    text = sequence.toString(QtGui.QKeySequence.SequenceFormat.NativeText)
    return "+".join(_KEY_NAMES.get(part, part) for part in text.split("+"))


def _clean(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _label(action: QtGui.QAction) -> str:
    """What an action does, in its words: its name, and its tooltip when that says more."""
    text, tip = _clean(action.text()), _clean(action.toolTip())
    keys = [k.toString() for k in action.shortcuts()]
    bracket = re.search(r"\s*\(([^()]*)\)$", tip)  # the tooltip's own "(Ctrl+O)"
    if bracket and any(k in bracket.group(1) for k in keys):
        tip = tip[: bracket.start()].rstrip("…")
    if not tip or tip == text:
        return text
    return (
        tip
        if tip.lower().startswith(text.lower()) or text.lower() in tip.lower()
        else f"{text}: {tip}"
    )


def shortcut_groups(window) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(keys, what)]) for every action with a shortcut, menu by menu; then the
    window's actions in no menu (Esc, ...)."""
    groups, seen = [], set()
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        rows = []
        for action in _menu_actions(menu):
            if action.shortcuts() and id(action) not in seen:
                seen.add(id(action))
                rows.append((", ".join(key_text(k) for k in action.shortcuts()), _label(action)))
        if rows:
            groups.append((menu.title().replace("&", ""), rows))
    rest = [
        (", ".join(key_text(k) for k in a.shortcuts()), _label(a))
        for a in window.actions()
        if a.shortcuts() and id(a) not in seen
    ]
    if rest:
        groups.append(("Also", rest))
    return groups


def _menu_actions(menu: QtWidgets.QMenu):
    for action in menu.actions():
        if action.menu() is not None:
            yield from _menu_actions(action.menu())
        else:
            yield action


def shortcuts_html(window) -> str:
    """The shortcuts page: the mouse, then every menu's keys, in one table."""
    rows = [_heading("Mouse, on the plot"), *(_row(k, v) for k, v in GESTURES)]
    for title, group in shortcut_groups(window):
        note = " (the keys a presentation clicker sends)" if title == "Run" else ""
        rows.append(_heading(title + note))
        rows.extend(_row(k, v) for k, v in group)
    return "<h2>Keyboard shortcuts and gestures</h2><table>" + "".join(rows) + "</table>"


def _heading(title: str) -> str:
    return (
        "<tr><td colspan='2' style='padding:12px 0 2px 0'>"
        f"<b style='font-size:large'>{html.escape(title)}</b></td></tr>"
    )


def _row(keys: str, what: str) -> str:
    return (
        f"<tr><td style='padding:2px 16px 2px 0'><b>{html.escape(keys)}</b></td>"
        f"<td style='padding:2px 0'>{html.escape(what)}</td></tr>"
    )


def first_minute_html(window) -> str:
    """A short how-to, with the keys of the window's actions."""

    def keys(name: str, fallback: str) -> str:
        action = getattr(window, name, None)
        found = action.shortcuts() if action is not None else []
        return html.escape(" or ".join(key_text(k) for k in found) or fallback)

    steps = [
        "<b>Points.</b> Click on the white plot to add points, or choose a data set in the "
        "<b>Presets</b> menu (try <i>Old Faithful, mixture</i>), or open a CSV file "
        f"({keys('act_open', 'Ctrl+O')}).",
        "<b>Centers.</b> Shift+click where the initial centers go, two or three of them. "
        "With the <i>Add centers</i> tool (key 2), press and drag to draw a center's initial "
        "Gaussian.",
        "<b>Algorithm.</b> In the Settings panel: k-means (hard assignments), Gaussian "
        "mixture (soft) or soft k-means; the covariance type for the mixture.",
        f"<b>Step.</b> {keys('act_forward', '→')}: the E-step recolours the points by the "
        f"center (or the mixture of centers) that explains them; again: the M-step moves the "
        f"centers and reshapes the ellipses. {keys('act_back', '←')} goes back, "
        f"{keys('act_play', 'Space')} runs at the chosen pace, {keys('act_end', 'End')} runs "
        "to the end.",
        "<b>Watch.</b> The objective (bottom) never gets worse: the log-likelihood rises, "
        "the k-means inertia falls. Hover a point or a center: the Explain panel says why it "
        f"is where it is. {keys('act_compare', 'Ctrl+K')} runs the other algorithm beside "
        f"this one; {keys('act_present', 'F11')} is presentation mode.",
        f"<b>Keep it.</b> {keys('act_save', 'Ctrl+S')} saves the session, "
        f"{keys('act_export', 'Ctrl+E')} exports the view as an image, "
        f"{keys('act_undo', 'Ctrl+Z')} undoes any edit.",
    ]
    items = "".join(f"<li style='margin-bottom:6px'>{s}</li>" for s in steps)
    return f"<h2>Your first minute with emgui</h2><ol>{items}</ol>"


def about_html() -> str:
    """About emgui: the version, what it is, what it runs on."""
    import PySide6

    return (
        f"<h2>emgui {html.escape(version())}</h2>"
        "<p>See the Expectation-Maximization algorithm work: k-means (EM with hard "
        "assignments), Gaussian mixtures (EM with soft assignments) and soft k-means, on "
        "2-D points, one half-step at a time.</p>"
        f"<p>Python {platform.python_version()} · Qt {QtCore.qVersion()} · "
        f"PySide6 {PySide6.__version__}</p><p>MIT licence.</p>"
    )


class HelpDialog(QtWidgets.QDialog):
    """A page of help text, with a Close button; not modal, so the keys can be tried meanwhile."""

    def __init__(self, title: str, page: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QtWidgets.QVBoxLayout(self)
        self.browser = QtWidgets.QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(page)
        layout.addWidget(self.browser)
        buttons = QtWidgets.QDialogButtonBox(QtWidgets.QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(self._page_size(parent))

    def _page_size(self, parent) -> QtCore.QSize:
        """As tall as the page (a short page makes a small window), within the screen."""
        screen = (parent or self).screen()
        room = screen.availableGeometry().size() if screen else QtCore.QSize(1280, 800)
        width = min(PAGE_WIDTH, room.width() - 40)
        doc = self.browser.document().clone()
        doc.setTextWidth(width - 40)  # the browser's frame, margins and scroll bar
        height = int(doc.size().height()) + 100  # the Close button and the layout's margins
        return QtCore.QSize(width, max(160, min(height, room.height() - 80)))


PAGE_WIDTH = 700


def show_help(window, which: str) -> HelpDialog:
    """Open the help page ``which`` ("shortcuts", "first minute" or "about") beside ``window``.

    A page already open is brought to the front (with its text made anew), not opened twice.
    """
    pages = {
        "shortcuts": ("Keyboard shortcuts", shortcuts_html),
        "first minute": ("First minute", first_minute_html),
        "about": ("About emgui", lambda _w: about_html()),
    }
    title, make = pages[which]
    name = f"emgui-help-{which}"
    dialog = window.findChild(HelpDialog, name)  # the window's child: found, not kept aside
    if dialog is None:
        dialog = HelpDialog(f"{title} — emgui", make(window), window)
        dialog.setObjectName(name)
    else:
        dialog.browser.setHtml(make(window))
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
