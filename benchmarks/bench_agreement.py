"""Time one update of the agreement panel (confusion matrix, ARI, matching, table) at 1e5 points.

Run: python benchmarks/bench_agreement.py [--points N] [--k K] [--classes C]
Prints the median over 50 updates of model.agreement alone and of AgreementPanel.show_state,
and their share of a 60 Hz frame (16.7 ms).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtWidgets

from benchmarks.timing import median_ms
from emgui.model.agreement import agreement
from emgui.ui.agreement_panel import AgreementPanel

FRAME_MS = 1000 / 60


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=100_000)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--classes", type=int, default=3)
    args = parser.parse_args()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    rng = np.random.default_rng(0)
    classes = rng.integers(0, args.classes, args.points).astype(np.uint8)
    states = [rng.integers(0, args.k, args.points).astype(np.uint8) for _ in range(8)]
    names = tuple(f"class {i}" for i in range(args.classes))
    panel = AgreementPanel()
    panel.set_classes(classes, names, "species")
    panel.show()
    it = iter(range(10**9))
    model_ms = median_ms(lambda: agreement(classes, names, states[next(it) % 8], args.k), 50)
    panel_ms = median_ms(lambda: panel.show_state(states[next(it) % 8], args.k), 50)
    app.processEvents()
    print(
        f"agreement at {args.points} points, {args.classes} classes x {args.k} components: "
        f"model {model_ms:.2f} ms, panel update {panel_ms:.2f} ms "
        f"({100 * panel_ms / FRAME_MS:.0f}% of a 60 Hz frame)"
    )


if __name__ == "__main__":
    main()
