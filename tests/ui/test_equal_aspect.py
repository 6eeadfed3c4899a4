"""Equal units on x and y as a choice: the Display check box, the plot, presets, the export."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.model.presets import preset_by_id
from emgui.model.settings import Settings
from emgui.ui.export_dialog import ExportDialog
from tests.ui.window_helpers import wait_for_cursor


def _units(view_box) -> tuple[float, float]:
    """Pixels per data unit along x and y."""
    (x0, x1), (y0, y1) = view_box.viewRange()
    r = view_box.boundingRect()
    return r.width() / (x1 - x0), r.height() / (y1 - y0)


def test_raw_old_faithful_fills_the_plot_and_the_box_brings_1_to_1_back(qtbot, window):
    window.load_preset(preset_by_id("old-faithful-raw"))
    wait_for_cursor(qtbot, window, 0)
    assert window.session.settings.equal_aspect is False
    assert not window.panel.equal_aspect.isChecked()
    vb = window.canvas.view_box

    def data_box():
        (x0, x1), (y0, y1) = vb.viewRange()
        # The data's own box (eruptions 1.6-5.1 min, waiting 43-96 min), not a thin strip.
        assert x1 - x0 < 6 and 1.0 < x0 < 1.7 and 5.0 < x1 < 5.6
        assert 38 < y0 < 44 and 95 < y1 < 100
        px, py = _units(vb)
        assert px > 5 * py

    qtbot.waitUntil(data_box, timeout=5000)  # the view is fitted once the layout settles

    window.panel.equal_aspect.setChecked(True)  # the Display group's check box
    assert window.session.settings.equal_aspect is True

    def equal_units():
        px, py = _units(vb)
        assert px == pytest.approx(py, rel=1e-3)
        (x0, x1), _ = vb.viewRange()
        assert x1 - x0 > 30  # the strip the issue describes

    qtbot.waitUntil(equal_units, timeout=5000)

    window.panel.equal_aspect.setChecked(False)
    qtbot.waitUntil(lambda: _units(vb)[0] > 5 * _units(vb)[1], timeout=5000)


def test_the_standardised_preset_keeps_circles_round(qtbot, window):
    window.load_preset(preset_by_id("old-faithful-raw"))
    window.load_preset(preset_by_id("old-faithful"))
    wait_for_cursor(qtbot, window, 0)
    assert window.session.settings.equal_aspect is True

    def round_circles():
        px, py = _units(window.canvas.view_box)
        assert px == pytest.approx(py, rel=1e-3)

    qtbot.waitUntil(round_circles, timeout=5000)


def test_the_export_dialog_starts_from_the_windows_choice(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    store = QSettings(str(tmp_path / "e.ini"), QSettings.Format.IniFormat)
    for equal in (False, True):
        dialog = ExportDialog(Settings(equal_aspect=equal), "view", store=store)
        qtbot.addWidget(dialog)
        assert dialog.request().options.equal_aspect is equal
        dialog.equal_aspect.setChecked(not equal)  # changed for one export only
        dialog._accept()
    again = ExportDialog(Settings(equal_aspect=False), "view", store=store)
    qtbot.addWidget(again)
    assert again.request().options.equal_aspect is False


def test_a_figure_of_raw_old_faithful_fills_its_box_without_equal_aspect(tmp_path):
    """The window's choice reaches the figure: the plot box spans the data both ways."""
    from emgui.model.view_state import ViewState, scene_colors
    from emgui.render.export_options import ExportOptions
    from emgui.render.figure import StateFigure

    points, centers = (np.asarray(a) for a in preset_by_id("old-faithful-raw").make(None, 0))
    settings = Settings(equal_aspect=False)
    state = ViewState(points, scene_colors(points, None, settings)[0], centers)
    for equal in (True, False):
        opts = ExportOptions(size=(800, 600), fit="data", equal_aspect=equal, settings=settings)
        frame = StateFigure(state, opts).panel.frame
        (x0, x1) = frame.x_range
        if equal:
            assert x1 - x0 > 30
        else:
            assert x1 - x0 < 6
