"""The decomposition bar draws the gap only where there is one, and to scale; the bound-path
legend goes where the curves leave room."""

from __future__ import annotations

import numpy as np
from PySide6 import QtCore, QtGui

from emgui.core import run_em
from emgui.model.presets import make_preset, preset_by_id
from emgui.model.theory_view import decomposition
from emgui.render.theory_figure import legend_corner
from emgui.ui.bound_bar import GAP_COLOR, DecompositionBar


def rendered(bar: DecompositionBar, w=360, h=240) -> np.ndarray:
    image = QtGui.QImage(w, h, QtGui.QImage.Format.Format_RGB32)
    painter = QtGui.QPainter(image)
    bar.paint(painter, QtCore.QRectF(0, 0, w, h))
    painter.end()
    ptr = image.constBits()
    return np.frombuffer(ptr, dtype=np.uint8).reshape(h, w, 4)[:, :, :3][:, :, ::-1].copy()


def gap_rows(rgb: np.ndarray) -> int:
    """Rows of the bar's column painted in the gap's colour."""
    want = np.array([GAP_COLOR.red(), GAP_COLOR.green(), GAP_COLOR.blue()])
    column = rgb[:, 20]
    return int(np.count_nonzero(np.all(np.abs(column.astype(int) - want) <= 2, axis=1)))


def test_the_gap_is_drawn_at_an_m_state_only_and_to_scale(qtbot):
    preset = preset_by_id("old-faithful")
    X, C = make_preset(preset)
    snaps = list(run_em(X, C, "gmm", covariances=preset.initial_covariances(2), max_iter=5))
    bar = DecompositionBar()
    qtbot.addWidget(bar)
    bar.set_decomposition(decomposition(snaps[3], snaps[2]))  # E: touching
    assert gap_rows(rendered(bar)) == 0
    bar.set_decomposition(decomposition(snaps[4], snaps[3]))  # M: KL opened
    rows_m = gap_rows(rendered(bar))
    d = bar.decomposition()
    # To scale: the gap's share of the drawn height is its share of the values drawn.
    span = d.total - min(d.part, d.before_bound)
    drawn_span = 240 * (1 - 0.35)  # the foot takes FOOT of the height, margins aside
    assert rows_m > 10
    assert abs(rows_m / drawn_span - d.gap / span) < 0.15


def test_without_a_decomposition_the_note_is_said(qtbot):
    bar = DecompositionBar()
    qtbot.addWidget(bar)
    bar.set_decomposition(None, "The decomposition appears with the first E-step.")
    assert bar.labels() == ["The decomposition appears with the first E-step."]
    assert gap_rows(rendered(bar)) == 0


def test_legend_corner_is_where_the_curves_are_not():
    t = np.linspace(-0.5, 1.5, 41)
    rising = np.vstack([t, t - 0.1])  # low on the left, high on the right
    assert legend_corner(t, *rising) == (True, False)  # top left is free
    falling = np.vstack([-t, -t - 0.1])
    assert legend_corner(t, *falling) in [(True, True), (False, False)]  # off the diagonal
    valley = np.vstack([(t - 0.5) ** 2, (t - 0.5) ** 2 + 0.1])  # high at both ends
    assert legend_corner(t, *valley)[0] is False  # below, where the valley leaves room
