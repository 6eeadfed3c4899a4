"""Ctrl+Q in a dialog that holds the window's input: it still quits, as everywhere else."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtGui, QtWidgets


def add_quit_key(dialog: QtWidgets.QWidget, on_quit: Callable[[], object]) -> QtGui.QAction:
    """A "Quit" action on ``dialog`` with Ctrl+Q, calling ``on_quit`` (given explicitly: the
    platform's standard Quit key is empty on some desktops)."""
    action = QtGui.QAction("Quit", dialog)
    action.setShortcut(QtGui.QKeySequence("Ctrl+Q"))
    action.triggered.connect(on_quit)
    dialog.addAction(action)
    return action
