"""The 'Why EM works' panel: time to the bound along a step, and the window's answer meanwhile.

For each N, a Gaussian mixture (k=5, full) or k-means runs two iterations on blobs; the
TheoryPanel is shown the iteration-2 M state and computes the bound along the step off
the GUI thread (41 values of t), while a 10 ms QTimer on the GUI thread measures the
largest gap between its firings: the latency a user would feel. Reported per N: the median
time from show_state to the drawn path, and the median and worst event-loop gap.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_theory_panel.py [--n 1e4 1e6] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import TickGaps, cpu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, nargs="+", default=[1e4, 1e6])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--algorithm", default="gmm", choices=["gmm", "kmeans"])
    args = ap.parse_args()
    print("command:", "python benchmarks/bench_theory_panel.py", " ".join(sys.argv[1:]))
    print(f"cpu: {cpu()}; cores: {os.cpu_count()}")

    import numpy as np
    from PySide6 import QtCore, QtWidgets

    from emgui.core import run_em
    from emgui.model.theory_view import step_pair
    from emgui.render.style import configure_pyqtgraph
    from emgui.ui.theory_panel import TheoryPanel

    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    configure_pyqtgraph()
    rng = np.random.default_rng(0)
    for n in (int(v) for v in args.n):
        centers = rng.uniform(-8, 8, size=(args.k, 2))
        X = centers[rng.integers(0, args.k, n)] + rng.normal(size=(n, 2))
        snaps = list(run_em(X, X[: args.k], args.algorithm, max_iter=2, tol=0))
        to_path, gaps_all = [], []
        for _ in range(args.repeat):
            panel = TheoryPanel(X)  # a fresh panel: nothing cached
            panel.resize(900, 300)
            panel.show()
            app.processEvents()
            before, e, m = step_pair(snaps, 4)
            tick = TickGaps()
            gaps = tick.gaps
            timer = QtCore.QTimer(interval=10)
            timer.timeout.connect(tick)
            timer.start()
            t0 = time.perf_counter()
            panel.show_state(e, m, snaps[4], before)
            while panel.current_path() is None:
                app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.AllEvents, 5)
                time.sleep(0.001)
            to_path.append(time.perf_counter() - t0)
            timer.stop()
            gaps_all.extend(gaps[1:] or [0.0])
            panel.shutdown()
            panel.deleteLater()
            app.processEvents()
        print(
            f"n={n:>8} k={args.k} {args.algorithm}: bound path drawn after "
            f"{1000 * statistics.median(to_path):7.1f} ms (median of {args.repeat}); "
            f"event loop gap median {1000 * statistics.median(gaps_all):5.1f} ms, "
            f"worst {1000 * max(gaps_all):5.1f} ms"
        )


if __name__ == "__main__":
    main()
