"""On a small window (960 x 540: a display scale of 2 on 1920 x 1080) the plot keeps priority."""

from __future__ import annotations

from PySide6.QtCore import Qt

from emgui.ui.canvas_hint import LARGEST_PT, plot_area

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea


def _resize(qtbot, window, w: int, h: int) -> None:
    window.resize(w, h)
    qtbot.wait(50)  # the layout settles, then the adaptive layout acts (a zero-time timer)
    qtbot.waitUntil(lambda: not window.adaptive_layout._timer.isActive(), timeout=2000)
    qtbot.wait(50)


def _plot_share(window) -> float:
    return window.canvas.height() / window.height()


def test_a_small_window_gives_the_plot_half_its_height_and_keeps_every_dock(qtbot, window):
    _resize(qtbot, window, 960, 540)
    assert _plot_share(window) >= 0.5, (window.canvas.height(), window.height())
    # The docks under the plot became tabs beside the settings; none is lost or floating.
    for dock in (window.objective_dock, window.explain_dock, window.theory_dock):
        assert window.dockWidgetArea(dock) == LEFT and not dock.isFloating()
    assert window.objective_dock in window.tabifiedDockWidgets(window.settings_dock)
    assert window.settings_dock.isVisible()  # the tab in front


def test_the_hint_fits_inside_the_plot_of_a_small_window(qtbot, window):
    for w, h in ((960, 540), (640, 420)):
        _resize(qtbot, window, w, h)
        assert window.hint.isVisible()
        area = plot_area(window.canvas)
        assert area.height() < window.canvas.height()  # the axes are outside it
        assert area.contains(window.hint.geometry()), (w, h, area, window.hint.geometry())
        text = window.hint.fontMetrics().boundingRect(
            window.hint.contentsRect(), Qt.TextFlag.TextWordWrap, window.hint.text()
        )
        assert window.hint.contentsRect().contains(text), (w, h)  # none of it cut off
    assert window.hint.font().pointSizeF() < LARGEST_PT  # at 640 x 420 the type gave way


def test_the_docks_come_back_under_the_plot_on_a_large_window(qtbot, window):
    _resize(qtbot, window, 960, 540)
    assert window.dockWidgetArea(window.objective_dock) == LEFT
    _resize(qtbot, window, 1400, 1000)
    assert window.dockWidgetArea(window.objective_dock) == BOTTOM
    assert window.dockWidgetArea(window.explain_dock) == BOTTOM
    assert window.objective_dock.isVisible() and window.explain_dock.isVisible()
    assert _plot_share(window) >= 0.5


def test_a_medium_window_shrinks_the_docks_under_the_plot_rather_than_the_plot(qtbot, window):
    _resize(qtbot, window, 1400, 900)
    window.resizeDocks([window.objective_dock], [330], Qt.Orientation.Vertical)
    qtbot.wait(50)
    _resize(qtbot, window, 1400, 860)  # the window shrinks: the docks give way, not the plot
    assert window.dockWidgetArea(window.objective_dock) == BOTTOM
    assert _plot_share(window) >= 0.5 - 0.01
    assert window.objective_dock.height() < 330
