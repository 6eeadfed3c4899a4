"""The entry points as a user types them: --version, --help, Qt's options, --install-desktop."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from emgui.model.version import version

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, env: dict | None = None, program=None) -> subprocess.CompletedProcess:
    command = program or [sys.executable, str(ROOT / "main.py")]
    return subprocess.run(
        [*command, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})},
    )


def test_main_py_version():
    out = _run("--version")
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"emgui {version()}\n"
    assert out.stderr == ""


def test_emgui_command_version():
    script = shutil.which("emgui") or str(Path(sys.executable).parent / "emgui")
    assert Path(script).exists(), "the emgui console script is installed with the package"
    out = _run("--version", program=[script])
    assert out.returncode == 0, out.stderr
    assert out.stdout == f"emgui {version()}\n"


def test_help_names_version_and_desktop_install():
    out = _run("--help")
    assert out.returncode == 0
    assert "--version" in out.stdout and "--install-desktop" in out.stdout


def test_qt_takes_its_options_and_emgui_the_rest():
    # Qt removes -platform offscreen and -style fusion; emgui sees two files and says so.
    out = _run("-platform", "offscreen", "-style", "fusion", "a.csv", "b.csv")
    assert out.returncode == 2
    assert "unexpected arguments 'a.csv b.csv'" in out.stderr
    assert "Traceback" not in out.stderr
    out = _run("-platform", "offscreen", "--no-such-option")
    assert out.returncode == 2
    assert "'--no-such-option'" in out.stderr and "platform" not in out.stderr


def test_install_desktop_writes_the_entry_and_icons(tmp_path):
    out = _run("--install-desktop", env={"XDG_DATA_HOME": str(tmp_path)})
    assert out.returncode == 0, out.stderr
    written = [Path(line) for line in out.stdout.splitlines()]
    entry = tmp_path / "applications" / "emgui.desktop"
    assert entry in written and all(p.exists() for p in written)
    for size in (16, 32, 48, 256):
        icon = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "emgui.png"
        assert icon in written
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (tmp_path / "icons" / "hicolor" / "scalable" / "apps" / "emgui.svg").exists()
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(entry, encoding="utf-8")
    desktop = parser["Desktop Entry"]
    assert desktop["Type"] == "Application" and desktop["Icon"] == "emgui"
    assert desktop["Exec"].endswith(" -m emgui %f")
    assert "TryExec" not in desktop
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True)
        assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize(
    ("command", "line"),
    [
        (["/usr/bin/python3", "-m", "emgui"], "/usr/bin/python3 -m emgui %f"),
        (["/home/a b/venv/bin/python", "-m", "emgui"], '"/home/a b/venv/bin/python" -m emgui %f'),
        (['/x/"q"$/py'], '"/x/\\\\"q\\\\"\\\\$/py" %f'),
        (["/x/100%/py"], "/x/100%%/py %f"),
    ],
)
def test_exec_line_quotes_as_the_desktop_entry_specification_says(command, line):
    from emgui.io.desktop_entry import exec_line

    assert exec_line(command) == line


def test_the_shipped_entry_runs_emgui_with_the_icon():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "resources" / "desktop" / "emgui.desktop", encoding="utf-8")
    desktop = parser["Desktop Entry"]
    assert desktop["Exec"] == "emgui %f" and desktop["Icon"] == "emgui"
    assert "Education" in desktop["Categories"].split(";")
