"""The main window, one module per concern: building it, its actions, files, exports, presentation."""

from emgui.ui.window.main_window import MainWindow

__all__ = ["MainWindow"]
