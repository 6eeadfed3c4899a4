"""The window's entry point: the QApplication, the GC policy and the MainWindow."""

from __future__ import annotations

from emgui.render.style import configure_pyqtgraph
from emgui.runtime.application import START_UP_FREEZE_MS, install_gc_policy, make_application


def run_app(path: str | None = None) -> int:
    """Open the main window (and ``path`` in it); return the exit status."""
    app = make_application()
    configure_pyqtgraph()
    from emgui.ui.window import MainWindow

    window = MainWindow()
    window.show()
    # Kept alive with the application.
    app._emgui_gc = install_gc_policy(freeze_after_ms=START_UP_FREEZE_MS)
    if path:
        window.open_path(path)
    else:
        window.offer_restore()
    return app.exec()
