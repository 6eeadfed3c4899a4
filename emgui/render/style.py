"""pyqtgraph's global options as emgui draws with them: the window and every export."""

from __future__ import annotations


def configure_pyqtgraph() -> None:
    """Antialiased lines on a white background with near-black text (set before any plot)."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, background="w", foreground="#222222")
