"""The export dialog: what it asks for becomes the ExportRequest, and it remembers its choices."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from emgui.model.settings import Settings
from emgui.ui.export_dialog import ExportDialog


def _store(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "export.ini"), QSettings.Format.IniFormat)


def test_choices_are_remembered_for_the_next_export(qtbot, tmp_path):
    first = ExportDialog(Settings(), "sheet", store=_store(tmp_path))
    qtbot.addWidget(first)
    first.size.setCurrentIndex(first.size.findData("custom"))
    first.width.setValue(900)
    first.height.setValue(500)
    first.scale.setCurrentIndex(first.scale.findData(2.0))
    first.font_pt.setValue(9.0)
    first.fit.setCurrentIndex(first.fit.findData("data"))
    first.legend.setChecked(False)
    first.sheet_iterations.setText("0, 1, 5")
    first.sheet_rows.setValue(1)
    first._accept()
    assert first.result() == ExportDialog.DialogCode.Accepted

    again = ExportDialog(Settings(), "view", store=_store(tmp_path))
    qtbot.addWidget(again)
    assert again.kind.currentData() == "view"  # what the caller asked for, not the last kind
    request = again.request()
    opts = request.options
    assert opts.size == (900, 500) and opts.scale == 2.0 and opts.font_pt == 9.0
    assert opts.fit == "data" and opts.legend is False
    assert again.sheet_iterations.text() == "0, 1, 5" and again.sheet_rows.value() == 1


def test_a_cancelled_dialog_remembers_nothing(qtbot, tmp_path):
    d = ExportDialog(Settings(), store=_store(tmp_path))
    qtbot.addWidget(d)
    d.font_pt.setValue(30.0)
    d.reject()
    fresh = ExportDialog(Settings(), store=_store(tmp_path))
    qtbot.addWidget(fresh)
    assert fresh.request().options.font_pt is None  # automatic


def test_sheet_grid_from_rows_and_a_grid_too_small_is_refused(qtbot, tmp_path):
    d = ExportDialog(Settings(), "sheet", store=_store(tmp_path))
    qtbot.addWidget(d)
    d.sheet_iterations.setText("0, 1, 2, 5, 20")
    d.sheet_rows.setValue(2)
    assert d.request().options.grid == (2, 3)
    d.sheet_columns.setValue(2)
    with pytest.raises(ValueError, match="room for 4 panels, not 5"):
        d.request()
    d._accept()
    assert "room for 4 panels" in d.error.text() and d.result() != ExportDialog.DialogCode.Accepted


def test_a_garbled_store_falls_back_to_defaults(qtbot, tmp_path):
    store = _store(tmp_path)
    store.setValue("export/width", "wide")
    store.setValue("export/font_pt", "big")
    store.sync()
    d = ExportDialog(Settings(), store=_store(tmp_path))
    qtbot.addWidget(d)
    assert d.request().options.font_pt is None


def test_mp4_is_offered_with_the_video_extra_and_explained_without(qtbot, tmp_path, monkeypatch):
    import emgui.render.video_export as video

    d = ExportDialog(Settings(), "run", store=_store(tmp_path))
    qtbot.addWidget(d)
    d.png_series.setChecked(False)
    d.gif.setChecked(False)
    d.mp4.setChecked(True)
    assert d.mp4.isEnabled() and d.request().mp4  # the extra is installed with the tests
    monkeypatch.setattr(video, "video_available", lambda: False)
    without = ExportDialog(Settings(), "run", store=_store(tmp_path))
    qtbot.addWidget(without)
    without.png_series.setChecked(False)
    without.gif.setChecked(False)
    assert not without.mp4.isEnabled() and "emgui[video]" in without.mp4.text()
    with pytest.raises(ValueError, match="choose PNG files, a GIF or an MP4 video"):
        without.request()
