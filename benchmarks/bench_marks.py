"""Time the rings round changed points and the Voronoi cells of the window's scene.

Run: python benchmarks/bench_marks.py [--points N ...] [--k K ...]
Prints medians: the choice of rings to draw (map all points, count per screen cell, one ring
per cell) for a new view, a repaint of the plot with rings in the same view (kept choice),
and the Voronoi cells and borders for k centers; with each one's share of a 60 Hz frame.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtGui, QtWidgets

from benchmarks.timing import cpu, median_ms
from emgui.core.geometry import voronoi_diagram
from emgui.model.settings import Settings
from emgui.model.view_state import ViewState
from emgui.render.change_rings import rings_to_draw
from emgui.render.scene import Scene

FRAME_MS = 1000 / 60


def rings(n: int) -> None:
    import pyqtgraph as pg

    rng = np.random.default_rng(0)
    points = rng.normal(5.0, 1.2, size=(n, 2))
    colors = np.where(points[:, 0] > 5, 0xFFE69F00, 0xFF0072B2).astype(np.uint32)
    changed = np.abs(points[:, 0] - 5.0) < 0.1
    px = points * 100.0  # 100 px per unit
    choose = median_ms(lambda: rings_to_draw(px[changed], px, cell=18.0), 15)

    scene = pg.GraphicsScene()
    plot = pg.PlotItem()
    scene.addItem(plot)
    plot.setGeometry(0, 0, 1000, 800)
    s = Scene(plot)
    state = ViewState(points, colors, np.array([[3.0, 5.0], [7.0, 5.0]]), changed=changed)
    s.render(state, Settings(algorithm="kmeans", show_voronoi=False))
    image = QtGui.QImage(1000, 800, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    rect = QtCore.QRectF(0, 0, 1000, 800)

    def paint():
        painter = QtGui.QPainter(image)
        scene.render(painter, rect, rect)
        painter.end()

    def new_view():
        s.changed.setData(points[changed], colors[changed], points)  # the cache is dropped
        paint()

    new = median_ms(new_view, 7)
    same = median_ms(paint, 7)
    drawn = s.changed.drawn_count()
    s.changed.clear()
    bare = median_ms(paint, 7)
    print(
        f"rings  n={n:>8,}  changed={int(changed.sum()):>7,}  choice {choose:7.2f} ms  "
        f"paint, new rings {new:7.2f} ms  same rings {same:7.2f} ms  no rings {bare:7.2f} ms  "
        f"(drawn {drawn}; choice = {choose / FRAME_MS:.0%} of a frame)"
    )


def cells(k: int) -> None:
    rng = np.random.default_rng(k)
    centers = rng.uniform(0, 10, size=(k, 2))
    box = ((-10.0, 20.0), (-10.0, 20.0))
    t = median_ms(lambda: voronoi_diagram(centers, *box), 7)
    print(f"voronoi k={k:>3}  cells and borders {t:8.2f} ms  ({t / FRAME_MS:.1f} frames)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--k", type=int, nargs="*", default=[3, 8, 20, 64])
    args = parser.parse_args()
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    print(cpu())
    for n in args.points:
        rings(n)
    for k in args.k:
        cells(k)
    del app


if __name__ == "__main__":
    main()
