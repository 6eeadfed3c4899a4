"""Start the window: the Qt application, pyqtgraph's options, the main window."""

from __future__ import annotations

import os
import sys


def _prepare_environment() -> None:
    # No display (a server, CI): Qt's offscreen platform instead of a failed xcb load.
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def make_application():
    """The QApplication (created once), with pyqtgraph configured for emgui's drawing."""
    _prepare_environment()
    import pyqtgraph as pg
    from PySide6 import QtWidgets

    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(sys.argv[:1])
    app.setApplicationName("emgui")
    app.setOrganizationName("emgui")
    pg.setConfigOptions(antialias=True, background="w", foreground="#222222")
    return app


def run_app(path: str | None = None) -> int:
    """Open the main window (and ``path`` in it); return the exit status."""
    app = make_application()
    from emgui.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if path:
        window.open_path(path)
    else:
        window.offer_restore()
    return app.exec()
