"""``emgui run``: EM without a window; one line per iteration, files and figures on request."""

from emgui.cli.main import main

__all__ = ["main"]
