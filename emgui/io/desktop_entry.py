"""The Linux desktop entry: emgui in the applications menu, with its icon (XDG, per user)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from emgui.io.atomic import write_atomic
from emgui.model.resources import resource_dir

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
# Characters that make an Exec argument need quotes (Desktop Entry Specification, "Exec key").
_RESERVED = re.compile(r"[\s\"'\\><~|&;$*?#()`]")


def data_home() -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset or not absolute (the XDG rule)."""
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and os.path.isabs(value) else Path.home() / ".local" / "share"


def exec_line(command: list[str]) -> str:
    """``command`` as a desktop file's Exec value (quoted and escaped), with %f for a file."""
    parts = []
    for arg in command:
        arg = arg.replace("%", "%%")
        if _RESERVED.search(arg):
            arg = '"' + re.sub(r'(["`$\\])', r"\\\1", arg) + '"'
        parts.append(arg.replace("\\", "\\\\"))  # a string value's own escape, on top
    return " ".join([*parts, "%f"])


def install_desktop_entry(command: list[str], home: Path | None = None) -> list[Path]:
    """Write emgui.desktop (running ``command``) and the icons under ``home``; the paths written.

    ``home`` defaults to the XDG data home. The shipped entry runs ``emgui``, which may not be
    on the menu's PATH (a virtual environment); the installed one runs ``command`` instead.
    """
    home = data_home() if home is None else home
    source = resource_dir()
    entry = (source / "desktop" / "emgui.desktop").read_text(encoding="utf-8")
    entry = re.sub(r"(?m)^Exec=.*$", lambda _: "Exec=" + exec_line(command), entry)
    entry = re.sub(r"(?m)^TryExec=.*\n", "", entry)  # TryExec takes a program, not a command
    desktop = home / "applications" / "emgui.desktop"
    _install(desktop, entry.encode("utf-8"))
    icons, hicolor = source / "icons", home / "icons" / "hicolor"
    copies = [
        *(
            (hicolor / f"{n}x{n}" / "apps" / "emgui.png", icons / f"emgui-{n}.png")
            for n in ICON_SIZES
        ),
        (hicolor / "scalable" / "apps" / "emgui.svg", icons / "emgui.svg"),
    ]
    for target, icon in copies:
        _install(target, icon.read_bytes())
    return [desktop, *(target for target, _ in copies)]


def _install(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` atomically, making its folders."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, data)
