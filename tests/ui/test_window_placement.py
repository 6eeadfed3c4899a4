"""The window opens at a size that fits the screen's free area, centred; a fitting place is kept."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSettings, QSize

from emgui.ui.window.placement import FRAME, fit_to_screen, fitted_geometry

AVAILABLE = QRect(0, 0, 1280, 680)  # 1920 x 1080 at 150 %, less a task bar


def test_too_large_is_shrunk_to_the_free_area_and_centred():
    r = fitted_geometry(AVAILABLE, QRect(QPoint(40, 30), QSize(2100, 1349)))
    room = AVAILABLE.marginsRemoved(FRAME)
    assert room.contains(r)
    assert r.size() == room.size()
    first = fitted_geometry(AVAILABLE, QRect(QPoint(-1, -1), QSize(1400, 900)))
    assert room.contains(first) and first.width() == room.width()


def test_a_fitting_window_keeps_its_place_and_a_small_one_is_centred_when_off_screen():
    fits = QRect(QPoint(100, 80), QSize(800, 500))
    assert fitted_geometry(AVAILABLE, fits) == fits
    off = fitted_geometry(AVAILABLE, QRect(QPoint(2500, 80), QSize(800, 500)))
    assert off.size() == QSize(800, 500)
    room = AVAILABLE.marginsRemoved(FRAME)
    assert abs(off.center().x() - room.center().x()) <= 1
    assert abs(off.center().y() - room.center().y()) <= 1


def test_the_real_window_fits_the_screen_first_time_and_after_a_huge_restore(qtbot, tmp_path):
    from emgui.ui.window import MainWindow

    available = None
    for name, geometry in (("first", None), ("huge", QRect(0, 0, 3000, 2000))):
        store = QSettings(str(tmp_path / f"{name}.ini"), QSettings.Format.IniFormat)
        if geometry is not None:  # a geometry saved by a window 3000 x 2000
            big = MainWindow(store)
            big.setGeometry(geometry)
            store.setValue("geometry", big.saveGeometry())
            big.controller.shutdown()
            big.deleteLater()
        w = MainWindow(store)
        qtbot.addWidget(w)
        fit_to_screen(w)
        available = w.screen().availableGeometry()
        g = w.geometry()
        assert g.width() <= available.width() and g.height() <= available.height(), name
        assert available.contains(g.topLeft()), name
        assert abs(g.center().x() - available.center().x()) <= FRAME.left(), name
        w.controller.shutdown()


def test_a_new_window_opens_centred_over_its_parent_and_on_the_screen():
    from emgui.ui.window.placement import centred_over

    parent = QRect(100, 50, 1000, 800)
    r = centred_over(parent, QSize(600, 400), AVAILABLE)
    assert r.center() == parent.center() and r.size() == QSize(600, 400)
    # Near the screen's edge: moved onto the free area, never past it; too large: shrunk.
    room = AVAILABLE.marginsRemoved(FRAME)
    for corner in (QRect(-600, -500, 800, 700), QRect(1000, 500, 900, 900)):
        assert room.contains(centred_over(corner, QSize(600, 400), AVAILABLE))
    assert room.contains(centred_over(parent, QSize(3000, 2000), AVAILABLE))


def test_the_analysis_windows_open_over_the_main_window(qtbot, window):
    window.show_restarts()
    restarts = window._restarts_window
    qtbot.waitExposed(restarts)
    assert window.geometry().contains(restarts.geometry().center())
    restarts.close()
