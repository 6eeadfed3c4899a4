"""Entry point: ``python -m emgui`` and the ``emgui`` command (the window, or a sub-command)."""

from __future__ import annotations

import sys

USAGE = """\
usage: emgui [FILE] [Qt options]   open the window (with a session .json or points .csv)
       emgui run POINTS.csv ...     run EM without a window (emgui run --help)
       emgui --version              print the version
       emgui --install-desktop      add emgui and its icon to this user's applications menu
       emgui --help                 this text

emgui shows the Expectation-Maximization algorithm at work: k-means and
Gaussian mixtures on 2-D points, step by step. Qt's own options (-platform,
-style, -stylesheet, -reverse, ...) are passed to Qt.
"""


def main(argv: list[str] | None = None) -> int:
    """Start the window, or the command line when the first argument is a sub-command."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "run":
        from emgui.cli import main as cli_main

        return cli_main(args[1:])
    if args and args[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    if args and args[0] == "--version":
        from emgui.model.version import version

        sys.stdout.write(f"emgui {version()}\n")
        return 0
    if args and args[0] == "--install-desktop":
        return _install_desktop()
    from emgui.gui import run_app

    # Qt takes its own options out of the list; what is left is emgui's (gui.run_app).
    return run_app(args)


def _install_desktop() -> int:
    from emgui.io.desktop_entry import install_desktop_entry

    try:
        written = install_desktop_entry([sys.executable, "-m", "emgui"])
    except OSError as exc:
        sys.stderr.write(f"emgui: error: could not install the desktop entry: {exc}\n")
        return 1
    for path in written:
        sys.stdout.write(f"{path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
