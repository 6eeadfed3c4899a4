""" "Generate points": a synthetic preset's shape at any size, up to a million points."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtWidgets

from emgui.model.presets import PRESETS, Preset

MAX_POINTS = 1_000_000


class GenerateDialog(QtWidgets.QDialog):
    """Choose a shape, a number of points and a seed; ``describe(preset)`` says what it replaces."""

    def __init__(self, parent=None, describe: Callable[[Preset], str] | None = None):
        super().__init__(parent)
        self._describe = describe
        self.setWindowTitle("Generate points")
        form = QtWidgets.QFormLayout(self)
        self.shape = QtWidgets.QComboBox()
        for p in PRESETS:
            if p.resizable:
                self.shape.addItem(p.name, p.name)
        self.n = QtWidgets.QSpinBox(minimum=10, maximum=MAX_POINTS, value=10_000)
        self.n.setSingleStep(1000)
        self.n.setGroupSeparatorShown(True)
        self.seed = QtWidgets.QSpinBox(minimum=0, maximum=2_000_000_000, value=0)
        form.addRow("Shape", self.shape)
        form.addRow("Points", self.n)
        form.addRow("Seed", self.seed)
        self.note = QtWidgets.QLabel("The points replace the current ones (undo with Ctrl+Z).")
        self.note.setWordWrap(True)
        self.note.setMinimumWidth(420)
        form.addRow(self.note)
        self.shape.currentIndexChanged.connect(self._update_note)
        self._update_note()
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _update_note(self, *_) -> None:
        if self._describe is not None:
            self.note.setText(self._describe(self.choice()[0]))

    def choice(self) -> tuple[Preset, int, int]:
        name = self.shape.currentData()
        preset = next(p for p in PRESETS if p.name == name)
        return preset, self.n.value(), self.seed.value()
