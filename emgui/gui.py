"""The window's entry point: the QApplication, the GC policy and the MainWindow."""

from __future__ import annotations

import sys

from emgui.render.style import configure_pyqtgraph
from emgui.runtime.app_icon import application_icon
from emgui.runtime.application import (
    START_UP_FREEZE_MS,
    exit_status,
    install_gc_policy,
    make_application,
)


def run_app(args: list[str] | None = None) -> int:
    """Open the main window with the command line's ``args`` (Qt's options and a FILE).

    Qt takes out the options it knows (``-platform``, ``-style``...); what is left is one
    file to open, or nothing. Returns the exit status.
    """
    from PySide6.QtWidgets import QApplication

    args = list(args or [])
    if QApplication.instance() is None:
        app = make_application([sys.argv[0] if sys.argv and sys.argv[0] else "emgui", *args])
        rest = app.arguments()[1:]
    else:  # made by the caller, with its own arguments: ``args`` are emgui's alone
        app, rest = make_application(), args
    if len(rest) > 1 or (rest and rest[0].startswith("-")):
        sys.stderr.write(
            f"emgui: error: unexpected arguments {' '.join(rest)!r}; see emgui --help\n"
        )
        return 2
    configure_pyqtgraph()
    from emgui.ui.light_look import use_light_look
    from emgui.ui.window import MainWindow
    from emgui.ui.window.placement import fit_to_screen
    from emgui.ui.window.remembered import remember_settings

    use_light_look(app)
    app.setWindowIcon(application_icon())
    app.setDesktopFileName("emgui")  # the taskbar matches the window to emgui.desktop
    window = MainWindow()
    window.setWindowIcon(app.windowIcon())
    remember_settings(window.store, window.session)
    fit_to_screen(window)
    window.show()
    # Kept alive with the application.
    app._emgui_gc = install_gc_policy(freeze_after_ms=START_UP_FREEZE_MS)
    if rest:
        window.open_path(rest[0])
    else:
        window.offer_restore()
    # A run's thread that outlived the shutdown must not abort the exit (exit 134).
    return exit_status(app.exec())
