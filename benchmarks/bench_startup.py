"""Start-up: seconds from `python main.py` to the window painted, median of several starts.

Each start is a fresh process (so imports are counted) on the offscreen platform,
with a clean settings folder; the program prints the clock when its first paint is
done, and the time from launching the process to that moment is reported (the exit
that follows is not part of start-up). A bare PySide6 + pyqtgraph window is timed the
same way, as the reference.

    python benchmarks/bench_startup.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Both programs print the clock once their plot has been painted: an event filter on the
# plot's viewport sees the first Paint event, and a zero-time timer started there runs
# when that paint is done. (A timer started right after show() runs before any paint.)
PAINTED = """
from PySide6.QtCore import QEvent, QObject, QTimer

class _FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not getattr(self, "seen", False):
            self.seen = True
            QTimer.singleShot(0, lambda: (print(time.time(), flush=True), app.quit()))
        return False

_first_paint = _FirstPaint()
"""

EMGUI = (
    """
import sys, time
from emgui.render.style import configure_pyqtgraph
from emgui.runtime.application import install_gc_policy, make_application
app = make_application()
configure_pyqtgraph()
from emgui.ui.window import MainWindow
w = MainWindow()
collector = install_gc_policy(freeze_after_ms=1000)  # as emgui.gui.run_app does
"""
    + PAINTED
    + """
w.canvas.viewport().installEventFilter(_first_paint)
w.show()
app.exec()
"""
)

BARE = (
    """
import sys, time
from PySide6 import QtWidgets
import pyqtgraph as pg
app = QtWidgets.QApplication(sys.argv[:1])
w = pg.PlotWidget()
"""
    + PAINTED
    + """
w.viewport().installEventFilter(_first_paint)
w.show()
app.exec()
"""
)


def time_start(code: str, env: dict) -> float:
    """Seconds from launching the process to its first paint (the clock it prints)."""
    t = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return float(out.split()[-1]) - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()
    print("command: python benchmarks/bench_startup.py", " ".join(sys.argv[1:]))
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": home,
            "XDG_DATA_HOME": home,
            "PYTHONPATH": str(ROOT),
            # Byte-compiled, as an installed package is (pip compiles it on install): a
            # source tree run with PYTHONDONTWRITEBYTECODE would compile emgui at every
            # start, ~0.1 s here. The bytecode goes to a temporary folder, not the tree.
            "PYTHONPYCACHEPREFIX": str(Path(home) / "pycache"),
        }
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(ROOT / "emgui")], env=env, check=True
        )
        for name, code in (("bare PySide6 + pyqtgraph window", BARE), ("emgui main window", EMGUI)):
            times = [time_start(code, env) for _ in range(args.repeats)]
            print(
                f"{name:>34}: median {statistics.median(times):.3f} s "
                f"(min {min(times):.3f}, max {max(times):.3f}, {args.repeats} starts)"
            )


if __name__ == "__main__":
    main()
