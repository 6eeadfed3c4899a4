"""Live runs in the real window (offscreen): frames per second, event-loop stalls, memory.

For each N, a Gaussian mixture (k=5, full) or k-means runs to max_iter at full
speed ("End") in the main window while a 10 ms QTimer on the GUI thread
measures the largest gap between its firings: the latency a user would feel.
Reported: half-steps per second computed, redraws per second, the median
time to update the scene for a snapshot and the median paint of the plot
(a redraw is the two), the largest event-loop gap, and the peak resident
memory of the process (ru_maxrss; the whole program, window included).

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_live.py [--n 1e5 1e6] [--iters 40]

Memory budget check: ``--n 1e6 --k 8 --iters 200`` is the issue's 1 GB case.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=float, nargs="+", default=[1e5, 1e6])
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--iters", type=int, default=40)
    ap.add_argument("--algorithm", default="gmm", choices=["gmm", "kmeans"])
    args = ap.parse_args()
    print("command:", "python benchmarks/bench_live.py", " ".join(sys.argv[1:]))

    import numpy as np
    from PySide6.QtCore import QSettings, QTimer

    from benchmarks.timing import TickGaps
    from emgui.model.presets import PRESETS, make_preset
    from emgui.model.scene_data import SceneData
    from emgui.render.style import configure_pyqtgraph
    from emgui.runtime.application import install_gc_policy, make_application
    from emgui.ui.window import MainWindow

    app = make_application()
    configure_pyqtgraph()
    tmp = Path("/tmp/emgui-bench-live")
    tmp.mkdir(exist_ok=True)
    window = MainWindow(
        QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat), tmp / "autosave.npz"
    )
    window.resize(1280, 960)
    window.show()
    collector = install_gc_policy()  # as the program does (emgui.gui.run_app)
    blobs = next(p for p in PRESETS if p.name == "Well-separated blobs")

    # A redraw as the user sees it: the scene updated for a snapshot (the display
    # slot), plus the paint of the plot that follows, each timed where it happens.
    update_times: list[float] = []
    paint_times: list[float] = []
    original_redraw = window._redraw

    def timed_redraw(index: int) -> None:
        t = time.perf_counter()
        original_redraw(index)
        update_times.append(time.perf_counter() - t)

    window.controller.display.disconnect(window._redraw)
    window.controller.display.connect(timed_redraw)
    canvas_class = type(window.canvas)
    original_paint = canvas_class.paintEvent

    def timed_paint(self, ev) -> None:
        t = time.perf_counter()
        original_paint(self, ev)
        if self is window.canvas:
            paint_times.append(time.perf_counter() - t)

    canvas_class.paintEvent = timed_paint
    draw_times = update_times  # for the redraws/s count

    print(
        f"{'N':>9} {'alg':>6} {'k':>3} {'half-steps/s':>13} {'redraws/s':>10} "
        f"{'update ms':>10} {'paint ms':>9} {'max loop gap ms':>16} {'peak RSS MB':>12}"
    )
    for n in (int(v) for v in args.n):
        points, _ = make_preset(blobs, n, seed=1)
        rng = np.random.default_rng(0)
        centers = points[rng.choice(n, args.k, replace=False)]
        window.session.update_settings(
            algorithm=args.algorithm,
            covariance_type="full",
            tol=0.0,
            max_iter=args.iters,
            pace_ms=0,
            init="centers",
        )
        window.session.replace_all(SceneData.make(points, centers), "bench")
        deadline = time.time() + 60
        while window.controller.cursor != 0 and time.time() < deadline:
            app.processEvents()
        # Let the new data set's first picture be drawn (rasterising a million points for
        # the first time takes ~40 ms): the measure is of the run, not of the loading.
        settle = time.time() + 0.5
        while time.time() < settle:
            app.processEvents()
            time.sleep(0.005)
        update_times.clear()
        paint_times.clear()
        ping = TickGaps()
        gaps = ping.gaps
        timer = QTimer()
        timer.timeout.connect(ping)
        timer.start(10)
        t0 = time.perf_counter()
        window.controller.go_end()
        while window.controller.status not in ("max_iter", "converged", "error"):
            app.processEvents()
            time.sleep(0.001)
        elapsed = time.perf_counter() - t0
        for _ in range(20):
            app.processEvents()
            time.sleep(0.005)
        timer.stop()
        steps = len(window.controller.history) - 1
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{n:>9} {args.algorithm:>6} {args.k:>3} {steps / elapsed:>13.1f} "
            f"{len(draw_times) / elapsed:>10.1f} {1e3 * statistics.median(update_times):>10.1f} "
            f"{1e3 * statistics.median(paint_times):>9.1f} "
            f"{1e3 * max(gaps):>16.1f} {rss:>12.0f}"
        )
    window.close()
    del collector


if __name__ == "__main__":
    main()
