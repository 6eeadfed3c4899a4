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
