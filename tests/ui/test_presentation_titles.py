"""Presentation mode scales the docks' titles and their buttons, and gives their own back."""

from __future__ import annotations

from PySide6.QtCore import Qt

from emgui.ui.window.constants import PRESENTATION_SCALE
from emgui.ui.window.dock_titles import ScaledDockTitle
from emgui.ui.window.presentation import presentation_scale


def _docks(window):
    return (
        window.settings_dock,
        window.objective_dock,
        window.explain_dock,
        window.theory_dock,
        window.agreement_dock,
    )


def test_the_presentation_scale_follows_the_screens_logical_height():
    assert presentation_scale(1080) == PRESENTATION_SCALE  # 1920 x 1080 at a scale of 1
    assert presentation_scale(2160) == PRESENTATION_SCALE  # never larger
    assert abs(presentation_scale(720) - 1.2) < 1e-9  # 1920 x 1080 at 1.5
    assert presentation_scale(540) == 1.0  # at 2: the display has doubled the type already


def test_presentation_mode_scales_the_dock_titles_and_esc_gives_their_own_back(qtbot, window):
    dock = window.objective_dock
    native = dock.style().pixelMetric(dock.style().PixelMetric.PM_TitleBarHeight, None, dock)
    window.toggle_presentation()
    title = dock.titleBarWidget()
    assert isinstance(title, ScaledDockTitle)
    wanted = dock.font().pointSizeF() * presentation_scale(window.screen().geometry().height())
    assert abs(title.label.font().pointSizeF() - wanted) < 0.01
    assert title.label.text() == "Objective"
    assert title.close_button.iconSize().height() > 1.2 * dock.fontMetrics().height() * 0.9
    assert title.sizeHint().height() > native
    # Only the plot and the objective: the theory and classes tabs no longer show up in
    # Explain's place, and the objective is under the plot.
    qtbot.wait(50)
    assert [d.isVisible() for d in _docks(window)] == [False, True, False, False, False]
    assert window.dockWidgetArea(dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    title.close_button.click()  # the buttons work as the dock's own
    assert not dock.isVisible()
    dock.show()

    window.toggle_presentation()
    assert all(d.titleBarWidget() is None for d in _docks(window))


def test_presentation_mode_puts_the_objective_under_the_plot_from_the_side_tabs(qtbot, window):
    window.resize(960, 540)  # a small window: the docks become tabs beside the settings
    qtbot.waitUntil(
        lambda: (
            window.dockWidgetArea(window.objective_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
        ),
        timeout=3000,
    )
    window.toggle_presentation()
    qtbot.wait(50)
    assert window.dockWidgetArea(window.objective_dock) == Qt.DockWidgetArea.BottomDockWidgetArea
    assert window.objective_dock.isVisible() and not window.settings_dock.isVisible()
    window.toggle_presentation()
    qtbot.waitUntil(lambda: window._pending_state is None, timeout=3000)
    # Esc gives back the layout presentation mode found: the tabs beside the settings.
    assert window.dockWidgetArea(window.objective_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
