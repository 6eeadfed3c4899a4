"""Cost of one frame of a step's animation: the in-between state, the scene update, the paint.

For a Gaussian mixture (soft colours) and k-means on n points (k = 5), the E-steps' fades
(the first, and the second with rings round the points that changed) and the M-step's
motion are timed frame by frame: Tween.at (the blend of n colour words, or the centers and
ellipses), Scene.render, and the plot painted into a 1280x960 image, as the window does each
screen frame. Every timed fade frame is a new colour level (the worst case: the animation
recolours at most fade_levels(n) times per step). Run from the checkout:

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_tween.py [--sizes 1e4,1e5,1e6] [--repeats 9]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore

from benchmarks.bench_draw import HEIGHT, WIDTH
from benchmarks.bench_draw import Stage as PlotStage
from benchmarks.timing import cpu, median_of_ms
from emgui.core import run_em
from emgui.model.settings import Settings
from emgui.model.tween import Tween, blend_argb, ease_in_out
from emgui.model.view_state import scene_colors, state_for_frame
from emgui.render.scene import Scene
from emgui.ui.step_animator import fade_levels

K = 5
FRAME_BUDGET_MS = 1000 / 60


class Stage(PlotStage):
    """bench_draw's WIDTH x HEIGHT stage with the window's Scene on its PlotItem."""

    def __init__(self) -> None:
        super().__init__()
        self.view = Scene(self.plot)


def run_states(n: int, settings: Settings):
    """ViewStates of a run's first two iterations on n points: init, E1, M1, E2, M2."""
    rng = np.random.default_rng(0)
    means = rng.uniform(-10, 10, (K, 2))
    x = means[rng.integers(0, K, n)] + rng.normal(0, 1.5, (n, 2))
    start = means + rng.normal(0, 2, (K, 2))
    snaps = list(run_em(x, start, algorithm=settings.algorithm, max_iter=2, tol=0))
    states = []
    for i in range(len(snaps)):
        colors, _ = scene_colors(x, snaps[i], settings)
        if snaps[i].phase == "M":  # an M-step shows its E-step's colours, the same array
            colors = states[-1].colors
        states.append(state_for_frame(x, snaps, i, colors, settings))
    return states


def time_frames(stage: Stage, tween: Tween, settings: Settings, repeats: int):
    """Median ms of Tween.at, Scene.render and the paint over ``repeats`` frames."""
    stage.view.render(tween.start, settings)
    stage.render()
    at, render, paint = [], [], []
    for i in range(repeats):
        t = ease_in_out((i + 1) / (repeats + 1))
        t0 = time.perf_counter()
        state = tween.at(t)
        t1 = time.perf_counter()
        stage.view.render(state, settings)
        t2 = time.perf_counter()
        stage.render()
        t3 = time.perf_counter()
        at.append(t1 - t0)
        render.append(t2 - t1)
        paint.append(t3 - t2)
    return median_of_ms(at), median_of_ms(render), median_of_ms(paint)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--algorithms", default="gmm,kmeans")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    pg.mkQApp()
    print(f"# QT_QPA_PLATFORM=offscreen python benchmarks/bench_tween.py {' '.join(sys.argv[1:])}")
    print(
        f"# {cpu()}; {os.cpu_count()} CPUs; numpy {np.__version__}, Qt {QtCore.qVersion()};"
        f" {WIDTH}x{HEIGHT}, k={K}, median of {args.repeats} frames, ms"
    )
    rng = np.random.default_rng(1)
    for n in sizes:
        a = rng.integers(0, 2**32, n, dtype=np.uint32)
        b = a.copy()
        b[: n // 10] = rng.integers(0, 2**32, n // 10, dtype=np.uint32)
        c = rng.integers(0, 2**32, n, dtype=np.uint32)
        for label, end in (("10% differ", b), ("all differ", c)):
            times = []
            for i in range(args.repeats):
                t0 = time.perf_counter()
                blend_argb(a, end, (i + 1) / (args.repeats + 1))
                times.append(time.perf_counter() - t0)
            print(f"blend_argb (setup + one blend) n={n:>8} {label:10}: {median_of_ms(times):7.2f}")
    header = f"{'algorithm':10} {'n':>8} {'step':9} {'Tween.at':>9} {'render':>8} {'paint':>8}"
    print(header + f" {'frame':>8}  {'still':>7}  {'frames/s':>8}  fade levels")
    print("-" * (len(header) + 43))
    for algorithm in args.algorithms.split(","):
        settings = Settings(algorithm=algorithm)
        for n in sizes:
            init, e1, m1, e2, m2 = run_states(n, settings)
            stage = Stage()
            stage.view.render(m2, settings)
            stage.view.auto_range()
            stage.render()
            still = []
            for _ in range(args.repeats):
                t0 = time.perf_counter()
                stage.render()
                still.append(time.perf_counter() - t0)
            # levels=1000: each timed frame recolours (the worst case of a fade)
            for name, tween in (
                ("E1 fade", Tween(init, e1, levels=1000)),
                ("E2 fade", Tween(m1, e2, levels=1000)),  # with rings round changed points
                ("M2 move", Tween(e2, m2)),
            ):
                at, render, paint = time_frames(stage, tween, settings, args.repeats)
                frame = at + render + paint
                print(
                    f"{algorithm:10} {n:>8} {name:9} {at:9.2f} {render:8.2f} {paint:8.2f}"
                    f" {frame:8.2f}  {median_of_ms(still):7.2f}  {1000 / frame:8.0f}"
                    f"  {fade_levels(n)}",
                    flush=True,
                )
    print(f"# a screen frame at 60 Hz: {FRAME_BUDGET_MS:.1f} ms")


if __name__ == "__main__":
    main()
