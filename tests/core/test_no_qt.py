"""emgui.core is pure numpy: importing it must not pull in Qt or pyqtgraph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import emgui.core
import emgui.core.geometry, emgui.core.results, emgui.core.run
from emgui.core import run_em
import numpy as np
list(run_em(np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5]]), np.array([[0.0, 0.0]])))
bad = sorted(m for m in sys.modules
             if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6"))
print(json.dumps(bad))
"""


def test_importing_core_loads_no_qt():
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == []
