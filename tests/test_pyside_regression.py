"""PySide6 6.12.0 dropped a reference to None on every void-returning call and aborted
CPython 3.11 ("Fatal Python error: none_dealloc"). The pin keeps it out; this test meets
the next bad release in CI rather than in a lecture."""

from __future__ import annotations

import subprocess
import sys

LOOP = """
from PySide6 import QtCore
r = QtCore.QRectF()
for _ in range(200_000):
    r.setWidth(1.0)
print("ok")
"""


def test_void_method_loop_does_not_abort():
    proc = subprocess.run([sys.executable, "-c", LOOP], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"


def test_untested_pyside_on_old_python_is_reported():
    from emgui.runtime.application import pyside_problem

    assert "crash Python 3.11" in pyside_problem("6.12.0", (3, 11))
    assert pyside_problem("6.12.0", (3, 12)) is None
    assert pyside_problem("6.11.3", (3, 11)) is None
    import PySide6

    assert pyside_problem(PySide6.__version__) is None  # the installed one is a tested one
