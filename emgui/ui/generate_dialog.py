""" "Generate points": a synthetic preset's shape at any size, up to a million points."""

from __future__ import annotations

from PySide6 import QtWidgets

from emgui.model.presets import PRESETS, Preset

MAX_POINTS = 1_000_000


class GenerateDialog(QtWidgets.QDialog):
    """Choose a shape, a number of points and a seed."""

    def __init__(self, parent=None):
        super().__init__(parent)
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
        note = QtWidgets.QLabel("The points replace the current ones (undo with Ctrl+Z).")
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[Preset, int, int]:
        name = self.shape.currentData()
        preset = next(p for p in PRESETS if p.name == name)
        return preset, self.n.value(), self.seed.value()
