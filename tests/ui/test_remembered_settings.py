"""Every setting the user sets is remembered between launches; a bad stored value is ignored."""

from __future__ import annotations

import json

from PySide6.QtCore import QSettings

from emgui.model.settings import Settings
from emgui.runtime.session import Session
from emgui.ui.window.remembered import KEY, remember_settings, stored_settings

CHOSEN = dict(
    algorithm="kmeans",
    covariance_type="tied",
    init="kmeans++",
    k=6,
    seed=42,
    max_iter=55,
    tol=1e-3,
    reg_covar=0.01,
    beta=2.5,
    pace_ms=1200,
    ellipse_level="3sd",
    soft_colors=False,
    show_trails=False,
    show_voronoi=False,
    show_changed=False,
)


def test_settings_come_back_at_the_next_launch(qapp, tmp_path):
    path = str(tmp_path / "emgui.ini")
    first = Session()
    assert remember_settings(QSettings(path, QSettings.Format.IniFormat), first) == []
    assert first.settings == Settings()
    first.update_settings(**CHOSEN)
    del first
    second = Session()  # the next launch: a new store object on the same file
    assert remember_settings(QSettings(path, QSettings.Format.IniFormat), second) == []
    assert second.settings == Settings(**CHOSEN)


def test_a_bad_stored_value_is_ignored_the_rest_kept(qapp, tmp_path):
    store = QSettings(str(tmp_path / "emgui.ini"), QSettings.Format.IniFormat)
    store.setValue(
        KEY,
        json.dumps({**CHOSEN, "k": -4, "ellipse_level": "9sd", "pace_ms": "fast", "new": 1}),
    )
    settings, ignored = stored_settings(store)
    assert settings.k == Settings().k and settings.ellipse_level == Settings().ellipse_level
    assert settings.pace_ms == Settings().pace_ms
    assert settings.algorithm == "kmeans" and settings.reg_covar == 0.01
    assert sorted(line.split(":")[0] for line in ignored) == ["ellipse_level", "k", "pace_ms"]
    for garbage in ("{not json", "[1, 2]", "3"):
        store.setValue(KEY, garbage)
        settings, ignored = stored_settings(store)
        assert settings == Settings() and len(ignored) == 1


def test_the_panel_shows_the_remembered_settings(window, tmp_path):
    store = QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat)
    store.setValue(KEY, json.dumps(CHOSEN))
    remember_settings(store, window.session)
    assert window.session.settings == Settings(**CHOSEN)
    assert window.panel.pace.value() == 1200
