"""Entry point: ``python -m emgui`` and the ``emgui`` command (the window, or a sub-command)."""

from __future__ import annotations

import sys

USAGE = """\
usage: emgui [FILE]                 open the window (with a session .json or points .csv)
       emgui run POINTS.csv ...     run EM without a window (emgui run --help)
       emgui --help                 this text

emgui shows the Expectation-Maximization algorithm at work: k-means and
Gaussian mixtures on 2-D points, step by step.
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
    if len(args) > 1 or (args and args[0].startswith("-")):
        sys.stderr.write(f"emgui: error: unexpected arguments {' '.join(args)!r}\n{USAGE}")
        return 2
    from emgui.gui import run_app

    return run_app(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
