"""A real desktop for end-to-end tests: Xvfb with the openbox window manager, real input (xdotool).

The program runs as a user starts it (``python main.py``), on its own X display, and is driven
with real mouse and key events. What a test checks is what a user sees: the window's geometry,
the pixels of a screenshot, the process's exit. Without Xvfb, openbox, xdotool and ImageMagick's
``import`` the tests skip and say what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
TOOLS = {
    "Xvfb": "xvfb",
    "openbox": "openbox",
    "xdotool": "xdotool",
    "import": "imagemagick",
    "xprop": "x11-utils",
}
SCREEN = (1920, 1080)


def missing_tools() -> list[str]:
    """The Debian packages to install for a real desktop, or [] when all are here."""
    return sorted({pkg for tool, pkg in TOOLS.items() if shutil.which(tool) is None})


def wait_until(condition: Callable[[], object], timeout: float, what: str, step: float = 0.05):
    """Poll ``condition`` until it returns something true; AssertionError naming ``what``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(step)


class Desktop:
    """An X display (Xvfb) with a window manager (openbox), started and stopped by the tests."""

    def __init__(self, size: tuple[int, int] = SCREEN):
        self.display = ""  # chosen by Xvfb: the first free one
        self.size = size
        self._procs: list[subprocess.Popen] = []

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")
        }
        env["DISPLAY"] = self.display
        return env

    def start(self) -> None:
        w, h = self.size
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_end),
                "-screen",
                "0",
                f"{w}x{h}x24",
                "-nolisten",
                "tcp",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(write_end,),
        )
        os.close(write_end)
        self._procs.append(xvfb)
        with os.fdopen(read_end) as f:
            number = f.readline().strip()  # written once the server accepts connections
        if not number:
            raise AssertionError("Xvfb did not start")
        self.display = f":{number}"
        wait_until(lambda: self.xdotool("getdisplaygeometry", check=False), 10, "the X server")
        # openbox now and then exits at once on a server that has just started: try again.
        for _ in range(3):
            wm = subprocess.Popen(
                ["openbox", "--sm-disable"],
                env=self.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                wait_until(lambda w=wm: self._wm_running() or w.poll() is not None, 10, "openbox")
            except AssertionError:
                wm.kill()
                raise
            if wm.poll() is None:
                self._procs.append(wm)
                return
            problem = wm.stderr.read().strip() if wm.stderr else ""
        raise AssertionError(f"the window manager (openbox) did not start: {problem}")

    def _wm_running(self) -> bool:
        out = subprocess.run(
            ["xprop", "-root", "_NET_SUPPORTING_WM_CHECK"],
            env=self.env,
            capture_output=True,
            text=True,
        )
        return out.returncode == 0 and "window id" in out.stdout

    def stop(self) -> None:
        for proc in reversed(self._procs):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._procs.clear()

    def xdotool(self, *args: str, check: bool = True) -> str:
        out = subprocess.run(
            ["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20
        )
        if check and out.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {out.stderr.strip()}")
        return out.stdout.strip() if out.returncode == 0 else ""

    def screenshot(self) -> np.ndarray:
        """The whole screen as an (h, w, 3) uint8 array."""
        from PIL import Image

        out = subprocess.run(
            ["import", "-window", "root", "png:-"], env=self.env, capture_output=True, timeout=20
        )
        assert out.returncode == 0, out.stderr.decode(errors="replace")
        import io

        return np.asarray(Image.open(io.BytesIO(out.stdout)).convert("RGB"))

    def save_screenshot(self, path: Path) -> None:
        from PIL import Image

        Image.fromarray(self.screenshot()).save(path)

    def key(self, *keys: str) -> None:
        self.xdotool("key", "--clearmodifiers", *keys)

    def click(self, x: int, y: int, button: int = 1, shift: bool = False) -> None:
        args = ["mousemove", str(x), str(y)]
        if shift:
            args += ["keydown", "shift", "click", str(button), "keyup", "shift"]
        else:
            args += ["click", str(button)]
        self.xdotool(*args)


@dataclass
class Geometry:
    x: int
    y: int
    width: int
    height: int


class App:
    """``python main.py [ARGS]`` on the desktop: its window, its input, its exit."""

    def __init__(self, desktop: Desktop, args: list[str], home: Path):
        self.desktop = desktop
        env = desktop.env
        # A home of its own: settings, recent files and the autosave start empty.
        env.update(
            HOME=str(home),
            XDG_CONFIG_HOME=str(home / ".config"),
            XDG_DATA_HOME=str(home / ".local/share"),
            PYTHONPATH=str(ROOT),
        )
        self.log = home / "emgui.log"
        self._log_file = open(self.log, "w")
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "main.py"), *args],
            cwd=str(ROOT),
            env=env,
            stdout=self._log_file,
            stderr=subprocess.STDOUT,
        )
        self.window = wait_until(self._find_window, 30, "the emgui window to appear")
        wait_until(self._painted, 10, "the window to be painted")

    def _find_window(self) -> str | None:
        if self.proc.poll() is not None:
            raise AssertionError(f"emgui exited with {self.proc.returncode}: {self.output()}")
        ids = self.desktop.xdotool(
            "search",
            "--onlyvisible",
            "--pid",
            str(self.proc.pid),
            "--name",
            "^emgui —",
            check=False,
        ).split()
        return ids[0] if ids else None

    def _painted(self) -> bool:
        g = self.geometry()
        shot = self.desktop.screenshot()[g.y : g.y + g.height, g.x : g.x + g.width]
        return shot.size > 0 and shot.std() > 10  # not a blank rectangle

    def output(self) -> str:
        if not self._log_file.closed:
            self._log_file.flush()
        return self.log.read_text(errors="replace")

    def geometry(self) -> Geometry:
        values = dict(
            line.split("=", 1)
            for line in self.desktop.xdotool("getwindowgeometry", "--shell", self.window).split()
        )
        return Geometry(
            int(values["X"]), int(values["Y"]), int(values["WIDTH"]), int(values["HEIGHT"])
        )

    def title(self) -> str:
        return self.desktop.xdotool("getwindowname", self.window)

    def focus(self) -> None:
        self.desktop.xdotool("windowactivate", "--sync", self.window, check=False)

    def key(self, *keys: str) -> None:
        self.focus()
        self.desktop.key(*keys)

    def shot(self, region: Geometry | None = None) -> np.ndarray:
        """The window's pixels (or those of ``region``, in screen coordinates)."""
        g = region or self.geometry()
        return self.desktop.screenshot()[g.y : g.y + g.height, g.x : g.x + g.width]

    def settled_shot(self, region: Geometry | None = None, timeout: float = 5) -> np.ndarray:
        """The window's pixels once two screenshots in a row agree (painting has finished)."""
        last = [self.shot(region)]

        def same_twice():
            shot = self.shot(region)
            same = shot.shape == last[0].shape and not (shot != last[0]).any()
            last[0] = shot
            return same

        wait_until(same_twice, timeout, "the window to stop changing", step=0.1)
        return last[0]

    def shot_after_change(
        self, before: np.ndarray, timeout: float, what: str, region: Geometry | None = None
    ) -> np.ndarray:
        """The settled window (or region) after it has changed from ``before``."""
        wait_until(lambda: changed(before, self.shot(region)), timeout, what)
        return self.settled_shot(region)

    def canvas(self) -> Geometry:
        """The plot's data area, in screen pixels: the largest white block inside the window."""
        g = self.geometry()
        shot = self.shot()
        white = (shot == 255).all(axis=2)
        rows = np.flatnonzero(white.mean(axis=1) > 0.3)
        cols = np.flatnonzero(white.mean(axis=0) > 0.3)
        assert rows.size and cols.size, "no white plot area in the window"
        top, bottom = _longest_run(rows)
        left, right = _longest_run(cols)
        return Geometry(g.x + left, g.y + top, right - left, bottom - top)

    def wait_exit(self, timeout: float) -> int:
        try:
            code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"emgui did not exit within {timeout} s; output:\n{self.output()}"
            ) from None
        finally:
            self._log_file.close()
        return code

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
        if not self._log_file.closed:
            self._log_file.close()


def changed(before: np.ndarray, after: np.ndarray) -> bool:
    """Whether two screenshots differ at all."""
    return before.shape != after.shape or bool((before != after).any())


def _longest_run(indices: np.ndarray, gap: int = 4) -> tuple[int, int]:
    """(first, last + 1) of the longest run in sorted ``indices`` with holes of under ``gap``.

    Grid lines cross the white plot area: rows and columns on them are not white.
    """
    breaks = np.flatnonzero(np.diff(indices) > gap)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks + 1, [indices.size]])
    longest = int(np.argmax(ends - starts))
    return int(indices[starts[longest]]), int(indices[ends[longest] - 1]) + 1


def color_fraction(pixels: np.ndarray, hex_color: str, tolerance: int = 40) -> float:
    """The fraction of ``pixels`` within ``tolerance`` (per channel) of ``hex_color``."""
    rgb = np.array([int(hex_color.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4)])
    close = (np.abs(pixels.astype(int) - rgb) <= tolerance).all(axis=-1)
    return float(close.mean())
