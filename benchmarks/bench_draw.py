"""Time drawing n coloured points: pyqtgraph ScatterPlotItems vs PointCloudItem's paint paths.

Each timing is setData + rendering the PlotItem's scene into a 1280x960 QImage (which runs
every item's paint()), median of several repeats after one warm-up. Run from the checkout:

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_draw.py [--repeats 5] [--sizes 1e4,1e5,1e6]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui

from emgui.render.point_cloud import PointCloudItem

WIDTH, HEIGHT = 1280, 960
K = 5
SIZE = 7.0  # marker diameter, px, as emgui.render.scene draws points
OKABE_ITO = np.array(
    [[230, 159, 0], [86, 180, 233], [0, 158, 115], [240, 228, 66], [0, 114, 178]], np.float64
)
SCATTER_LIMIT_S = 3.0  # skip a ScatterPlotItem size whose estimated time per repeat is above


def make_data(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points of a k-component mixture, their hard labels and blended (n, 4) RGBA colours."""
    centers = rng.uniform(-10, 10, (K, 2))
    labels = rng.integers(0, K, n)
    xy = centers[labels] + rng.normal(0, 2.0, (n, 2))
    resp = rng.dirichlet(np.full(K, 0.7), n)
    rgba = np.empty((n, 4), np.uint8)
    rgba[:, :3] = np.clip(resp @ OKABE_ITO + 0.5, 0, 255)
    rgba[:, 3] = 255
    return xy, labels, rgba


def hard_argb(labels: np.ndarray) -> np.ndarray:
    palette = (
        np.uint32(0xFF000000)
        | (OKABE_ITO[:, 0].astype(np.uint32) << 16)
        | (OKABE_ITO[:, 1].astype(np.uint32) << 8)
        | OKABE_ITO[:, 2].astype(np.uint32)
    )
    return palette[labels]


class Stage:
    """A PlotItem in a scene, rendered into a WIDTH x HEIGHT image."""

    def __init__(self) -> None:
        self.scene = pg.GraphicsScene()
        self.plot = pg.PlotItem()
        self.scene.addItem(self.plot)
        self.plot.setGeometry(0, 0, WIDTH, HEIGHT)
        self.image = QtGui.QImage(WIDTH, HEIGHT, QtGui.QImage.Format.Format_ARGB32_Premultiplied)

    def frame(self, xy: np.ndarray) -> None:
        """Fix the view on the data, as autorange would, so every frame draws the same."""
        x0, y0 = xy.min(axis=0)
        x1, y1 = xy.max(axis=0)
        self.plot.vb.setRange(xRange=(x0, x1), yRange=(y0, y1))

    def render(self) -> None:
        self.image.fill(0xFFFFFFFF)
        painter = QtGui.QPainter(self.image)
        rect = QtCore.QRectF(0, 0, WIDTH, HEIGHT)
        self.scene.render(painter, rect, rect)  # pg.GraphicsScene: runs prepareForPaint first
        painter.end()


def timed(step: Callable[[], None], repeats: int) -> float:
    """Median seconds of step() after one warm-up call."""
    step()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def bench_scatter(xy: np.ndarray, labels: np.ndarray, repeats: int) -> float:
    stage = Stage()
    items = [pg.ScatterPlotItem(pen=None, size=SIZE) for _ in range(K)]
    brushes = [pg.mkBrush(*OKABE_ITO[j].astype(int)) for j in range(K)]
    for item in items:
        stage.plot.addItem(item)
    groups = [np.flatnonzero(labels == j) for j in range(K)]
    stage.frame(xy)

    def step() -> None:
        for item, idx, brush in zip(items, groups, brushes, strict=True):
            item.setData(x=xy[idx, 0], y=xy[idx, 1], brush=brush, pen=None, size=SIZE)
        stage.render()

    return timed(step, repeats)


def bench_cloud(
    xy: np.ndarray, colors: np.ndarray, mode: str, repeats: int, outline: bool = False
) -> tuple[float, str | None]:
    stage = Stage()
    item = PointCloudItem()
    item.setStyle(SIZE, QtGui.QColor(0, 0, 0, 110) if outline else None)
    item.setMode(mode)
    stage.plot.addItem(item)
    item.setData(xy, colors)
    stage.frame(xy)

    def step() -> None:
        item.setData(xy, colors)
        stage.render()

    return timed(step, repeats), item.lastPaintPath


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--sizes", default="1e4,1e5,1e6")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    pg.mkQApp()
    rng = np.random.default_rng(0)

    print(f"# QT_QPA_PLATFORM=offscreen python benchmarks/bench_draw.py {' '.join(sys.argv[1:])}")
    print(
        f"# Python {platform.python_version()}, numpy {np.__version__}, pyqtgraph "
        f"{pg.__version__}, Qt {QtCore.qVersion()}, {os.cpu_count()} CPUs; {WIDTH}x{HEIGHT} "
        f"image, k={K}, marker {SIZE:g} px, median of {args.repeats}; ms per setData + render"
    )
    empty = Stage()
    print(f"# empty plot render: {timed(empty.render, args.repeats) * 1e3:.1f} ms")
    columns = ["ScatterPlotItem x5", "fragments", "raster", "auto", "auto+outline"]
    header = f"{'n':>9} {'colours':8} " + " ".join(f"{c:>19}" for c in columns)
    print(header)
    print("-" * len(header))
    scatter_per_point = 0.0
    for n in sizes:
        xy, labels, rgba = make_data(n, rng)
        for kind, colors in (("hard", hard_argb(labels)), ("blended", rgba)):
            cells = []
            if kind == "hard" and scatter_per_point * n <= SCATTER_LIMIT_S:
                t = bench_scatter(xy, labels, args.repeats)
                scatter_per_point = t / n
                cells.append(f"{t * 1e3:.1f}")
            else:
                cells.append("-" if kind == "blended" else "skipped")
            for mode, outline in (
                ("fragments", False),
                ("raster", False),
                ("auto", False),
                ("auto", True),
            ):
                t, path = bench_cloud(xy, colors, mode, args.repeats, outline)
                note = f" ({path})" if mode == "auto" else ""
                cells.append(f"{t * 1e3:.1f}{note}")
            print(f"{n:>9} {kind:8} " + " ".join(f"{c:>19}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
