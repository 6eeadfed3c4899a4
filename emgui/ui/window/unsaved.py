"""Before work would be lost: Save, Discard or Cancel, asked only when there are unsaved changes."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtWidgets

from emgui.ui.window.constants import APP_NAME

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
_Button = QtWidgets.QMessageBox.StandardButton


def ask_unsaved(parent, doing: str, name: str | None) -> str:
    """Ask whether to save the scene before ``doing``; SAVE, DISCARD or CANCEL.

    Tests replace this function with a fake answer: a modal question blocks a test.
    """
    box = QtWidgets.QMessageBox(parent)
    box.setIcon(QtWidgets.QMessageBox.Icon.Warning)
    box.setWindowTitle(APP_NAME)
    what = f"The changes to {name}" if name else "The scene"
    box.setText(f"<b>Save the changes before {doing}?</b>")
    box.setInformativeText(
        f"{what} have not been saved. Discard throws them away; Cancel goes back to them."
        if name
        else f"{what} has not been saved. Discard throws it away; Cancel goes back to it."
    )
    box.setStandardButtons(_Button.Save | _Button.Discard | _Button.Cancel)
    # Keys for each answer: S, D (or Alt+S, Alt+D), and Esc for Cancel.
    box.button(_Button.Save).setText("&Save")
    box.button(_Button.Discard).setText("&Discard")
    box.setDefaultButton(_Button.Save)
    box.setEscapeButton(_Button.Cancel)
    answer = box.exec()
    if answer == _Button.Save:
        return SAVE
    if answer == _Button.Discard:
        return DISCARD
    return CANCEL


def resolve_unsaved(window, doing: str) -> bool:
    """Whether ``doing`` may go ahead: nothing unsaved, or saved, or discarded by the user.

    Cancel, or a save that fails or is cancelled, answers False and changes nothing.
    """
    if window.session.undo_stack.isClean():
        return True
    name = Path(window.path).name if window.path else None
    answer = ask_unsaved(window, doing, name)
    if answer == SAVE:
        return bool(window.save())
    return answer == DISCARD
