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


# The start-up heap is frozen this long after the window is shown (after its first paint).
START_UP_FREEZE_MS = 1000


def pyside_problem(version: str, python: tuple[int, int] = sys.version_info[:2]) -> str | None:
    """Why this PySide6 must not run this Python, or None.

    PySide6 6.12.0 drops a reference to None on every void-returning call and aborts
    CPython < 3.12 after a while ("Fatal Python error: none_dealloc"). The package pins
    it out; this catches an installation that bypassed the pin.
    """
    parts = tuple(int(p) for p in version.split(".")[:2] if p.isdigit())
    if python < (3, 12) and parts >= (6, 12):
        return (
            f"PySide6 {version} is known to crash Python {python[0]}.{python[1]} "
            '("none_dealloc"); install a tested version: pip install "PySide6-Essentials<6.12"'
        )
    return None


def make_application(argv: list[str] | None = None):
    """The QApplication (created once); on a Linux with no display, on Qt's offscreen platform.

    ``argv`` (program name first) is given to Qt, which takes out the options it knows: read
    what is left with ``app.arguments()``. By default Qt sees the program's name only.
    """
    _prepare_environment()
    import PySide6
    from PySide6 import QtWidgets

    problem = pyside_problem(PySide6.__version__)
    if problem is not None:
        sys.stderr.write(f"emgui: warning: {problem}\n")

    app = QtWidgets.QApplication.instance()
    if app is None:
        app = QtWidgets.QApplication(sys.argv[:1] if argv is None else list(argv))
    app.setApplicationName("emgui")
    app.setOrganizationName("emgui")
    return app


def install_gc_policy(freeze_after_ms: int | None = None):
    """Garbage collection only on the GUI thread, and cheap full collections.

    Collected in a worker thread, a cycle holding Qt objects would destroy
    them there, which Qt does not allow; pyqtgraph's GarbageCollector turns
    automatic collection off and collects from a GUI-thread timer instead.
    Freezing what start-up allocated (modules, widgets) keeps it out of every
    later full collection, which otherwise grows into pauses of 100 ms. With
    ``freeze_after_ms``, that full collection (~25 ms) waits until the window
    has been painted. Returns the collector, which must be kept alive.
    """
    import gc

    from pyqtgraph.util.garbage_collector import GarbageCollector

    collector = GarbageCollector(interval=1.0)

    def freeze() -> None:
        gc.collect()
        gc.freeze()

    if freeze_after_ms is None:
        freeze()
    else:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(freeze_after_ms, freeze)
    return collector


def exit_status(code: int) -> int:
    """``code``, after ending the process at once if a run's thread outlived the shutdown.

    Python's finalisation would destroy that running QThread, and Qt then aborts the process
    (exit 134) instead of quitting: output is flushed and the process ends with ``code``.
    Call with app.exec()'s status: ``return exit_status(app.exec())``.
    """
    from emgui.runtime.run_controller import runs_still_running

    if runs_still_running():
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed or broken stream: nothing to keep
                pass
        os._exit(code)
    return code
