"""The settings panel keeps what it is given and sends what the user sets."""

from __future__ import annotations

from emgui.runtime.session import Session
from emgui.ui.panels import SettingsPanel


def test_tiny_reg_covar_survives_an_unrelated_edit(qtbot):
    session = Session()
    panel = SettingsPanel(session)
    qtbot.addWidget(panel)
    session.update_settings(reg_covar=1e-12, tol=3e-9)
    assert panel.reg_covar.text() == "1e-12"
    panel.k.setValue(5)  # commits every control
    assert session.settings.reg_covar == 1e-12
    assert session.settings.tol == 3e-9


def test_reg_covar_slider_and_steps_are_logarithmic(qtbot):
    session = Session()
    panel = SettingsPanel(session)
    qtbot.addWidget(panel)
    panel.reg_slider.setValue(-8)
    assert session.settings.reg_covar == 1e-4
    panel.tol.setValue(1e-6)
    panel.tol.stepBy(1)
    assert session.settings.tol == 1e-5


def test_algorithm_choice_enables_the_relevant_controls(qtbot):
    session = Session()
    panel = SettingsPanel(session)
    qtbot.addWidget(panel)
    panel.algorithm.setCurrentIndex(panel.algorithm.findData("kmeans"))
    assert session.settings.algorithm == "kmeans"
    assert not panel.covariance.isEnabled() and panel.show_voronoi.isEnabled()
    panel.init.setCurrentIndex(panel.init.findData("kmeans++"))
    assert panel.k.isEnabled() and panel.seed.isEnabled()
