"""The main window, one module per concern: its building, actions, files, exports, presentation."""

from emgui.ui.window.main_window import MainWindow

__all__ = ["MainWindow"]
