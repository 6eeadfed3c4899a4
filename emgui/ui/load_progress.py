"""The progress dialog of a file load: shown only once a load is slow, gone when it ends.

Bound to a :class:`emgui.runtime.file_loader.FileLoader`: the dialog is created on its
``slow`` signal and deleted on ``finished``, so it can never appear after the load nor
stay behind it (a QProgressDialog made per load shows itself by its own timer, even
after it was closed). Cancel, Esc and the title bar's close all cancel the load.
"""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtCore import QObject, Qt

from emgui.runtime.file_loader import FileLoader
from emgui.ui.quit_key import add_quit_key


class LoadProgress(QObject):
    """Shows ``loader``'s progress over ``window`` (window-modal) while a slow load runs."""

    def __init__(self, loader: FileLoader, window: QtWidgets.QWidget, title: str = "emgui"):
        super().__init__(window)
        self._loader = loader
        self._window = window
        self._title = title
        self._value = 0
        self.dialog: QtWidgets.QProgressDialog | None = None
        loader.slow.connect(self._show)
        loader.progress.connect(self._on_progress)
        loader.finished.connect(self._close)

    def _show(self, path: str) -> None:
        if self.dialog is not None or not self._loader.busy:
            return
        dialog = QtWidgets.QProgressDialog(
            f"Reading {Path(path).name}…", "Cancel", 0, 1000, self._window
        )
        dialog.setWindowTitle(self._title)
        # Shown now, by us, and closed only by us: none of the dialog's own timing.
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        # Not modal: a window blocked by a modal dialog ignores Ctrl+Q and its title bar's
        # close, and closing is how a user gives up on a long load. Edits made meanwhile are
        # asked about before the loaded file replaces them (ui.window.files).
        dialog.setWindowModality(Qt.WindowModality.NonModal)
        dialog.canceled.connect(self._cancel)
        dialog.rejected.connect(self._cancel)  # Esc: not always reported as canceled
        # The dialog holds the window's input while it shows: Ctrl+Q still quits (the window's
        # close cancels the load), as it does everywhere else.
        add_quit_key(dialog, self._window.close)
        dialog.setValue(self._value)
        self.dialog = dialog
        dialog.show()

    def _cancel(self) -> None:
        self._loader.cancel()
        if self.dialog is not None:
            self.dialog.setLabelText("Cancelling…")

    def _on_progress(self, value: int) -> None:
        self._value = value
        if self.dialog is not None:
            self.dialog.setValue(value)

    def _close(self) -> None:
        self._value = 0
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self._cancel)
            dialog.rejected.disconnect(self._cancel)
            dialog.hide()
            dialog.deleteLater()
