"""The run keys reach the run whatever has focus, except while the user is typing in a field.

A clicker sends PageDown, PageUp, Home, End and Space (some send Left and Right). A focused
spin box took them for itself (Space did nothing, Left moved a text cursor, End jumped to
the end of "1e-06") and nothing on screen said why. Here a text field keeps those keys only
once the user has typed into it, until Enter, Esc or leaving the field; otherwise the key
goes to the window's action.
"""

from __future__ import annotations

import shiboken6
from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QEvent, Qt

RUN_KEYS = frozenset(
    {
        Qt.Key.Key_PageDown,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_Home,
        Qt.Key.Key_End,
        Qt.Key.Key_Space,
        Qt.Key.Key_Left,
        Qt.Key.Key_Right,
    }
)
_DONE_TYPING = frozenset({Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape})
_TEXT_FIELDS = (QtWidgets.QLineEdit, QtWidgets.QAbstractSpinBox, QtWidgets.QTextEdit)


def _text_field(widget: QtWidgets.QWidget | None) -> QtWidgets.QWidget | None:
    """The text field ``widget`` belongs to (a spin box's inner line edit counts as the box)."""
    while widget is not None:
        if isinstance(widget, _TEXT_FIELDS):
            parent = widget.parentWidget()
            return parent if isinstance(parent, QtWidgets.QAbstractSpinBox) else widget
        widget = widget.parentWidget()
    return None


class RunKeyFilter(QtCore.QObject):
    """Lets the run keys through the window's text fields while they are not being typed in.

    It watches the focused text field only (and a spin box's inner line edit): an application
    event filter saw every event of the program, each paint and timer of a run, in Python.
    """

    def __init__(self, window: QtWidgets.QWidget):
        super().__init__(window)
        self._window = window
        self._typing: QtWidgets.QWidget | None = None  # the field the user is typing in
        self._watched: list[QtWidgets.QWidget] = []
        QtWidgets.QApplication.instance().focusChanged.connect(self._follow_focus)

    def _follow_focus(self, _old, now) -> None:
        # Emitted after the old widget's FocusOut, which the filter has seen.
        for widget in self._watched:
            if shiboken6.isValid(widget):
                widget.removeEventFilter(self)
        self._watched = []
        field = _text_field(now) if now is not None and now.window() is self._window else None
        if field is None:
            return
        inner = field.lineEdit() if isinstance(field, QtWidgets.QAbstractSpinBox) else None
        self._watched = list(dict.fromkeys(w for w in (now, field, inner) if w is not None))
        for widget in self._watched:
            widget.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:
        kind = ev.type()
        if kind == QEvent.Type.FocusOut and self._typing is not None:
            if _text_field(obj) is self._typing:
                self._typing = None
            return False
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            return False
        field = _text_field(obj)
        if field is None:
            return False
        key = ev.key()
        if kind == QEvent.Type.KeyPress:
            if key in _DONE_TYPING:
                self._typing = None
            elif ev.text() and ev.text().isprintable() and key not in RUN_KEYS:
                self._typing = field
            elif key in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete):
                self._typing = field
            return False
        # ShortcutOverride: a field accepts it to keep a key; not accepted, the shortcut runs.
        if key in RUN_KEYS and field is not self._typing and ev.modifiers() in _PLAIN:
            ev.ignore()
            return True
        return False


_PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
