"""How the CLI tests run ``emgui run``: in-process (exit status, stdout, stderr) or as main.py."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from emgui.cli import main as cli_main

ROOT = Path(__file__).resolve().parents[2]


def run_inprocess(capsys, *args: str) -> tuple[int, str, str]:
    """``emgui run args`` in this process: (exit status, stdout, stderr)."""
    try:
        code = cli_main(list(args))
    except SystemExit as exc:  # argparse's usage errors
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


def main_py(
    *args: str, cwd: Path = ROOT, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess:
    """``python main.py args`` in a subprocess, as a user runs it; ``env`` added to ours."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=None if env is None else {**os.environ, **env},
    )
