"""Edit the initial mixture weights of the placed centers (Gaussian mixture)."""

from __future__ import annotations

import numpy as np
from PySide6 import QtWidgets

from emgui.model.palette import component_hex


class WeightsDialog(QtWidgets.QDialog):
    """One relative weight per center; they are normalised to sum to 1."""

    def __init__(self, weights: np.ndarray, parent=None, slots=None):
        """``slots``: the colour slots the window draws the components in (model.palette)."""
        super().__init__(parent)
        self.setWindowTitle("Initial weights")
        layout = QtWidgets.QVBoxLayout(self)
        layout.addWidget(
            QtWidgets.QLabel(
                "Initial weights π of the Gaussians (relative; they are scaled to sum to 1)."
            )
        )
        form = QtWidgets.QFormLayout()
        self.spins = []
        for j, w in enumerate(weights):
            spin = QtWidgets.QDoubleSpinBox(minimum=0.001, maximum=1000.0, decimals=3)
            spin.setValue(float(w))
            label = QtWidgets.QLabel(
                f'<span style="color:{component_hex(j, slots)}">■</span> component {j + 1}'
            )
            form.addRow(label, spin)
            self.spins.append(spin)
        layout.addLayout(form)
        row = QtWidgets.QHBoxLayout()
        uniform = QtWidgets.QPushButton("Uniform")
        uniform.clicked.connect(self._uniform)
        row.addWidget(uniform)
        buttons = QtWidgets.QDialogButtonBox(
            QtWidgets.QDialogButtonBox.StandardButton.Ok
            | QtWidgets.QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)

    def _uniform(self) -> None:
        for spin in self.spins:
            spin.setValue(1.0)

    def weights(self) -> np.ndarray:
        w = np.array([s.value() for s in self.spins], dtype=float)
        return w / w.sum()
