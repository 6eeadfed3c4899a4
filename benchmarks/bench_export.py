"""Export speed: 100 frames of a run on 1e4 points at 1280x960, as PNG files (target: under 10 s).

QT_QPA_PLATFORM=offscreen python benchmarks/bench_export.py [--n 10000] [--frames 100]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--frames", type=int, default=100)
    ap.add_argument("--size", default="1280x960")
    args = ap.parse_args()
    print("command: python benchmarks/bench_export.py", " ".join(sys.argv[1:]))
    import numpy as np

    from emgui.core import run_em
    from emgui.model.presets import PRESETS, make_preset
    from emgui.render.exporter import export_run_files

    w, h = (int(v) for v in args.size.split("x"))
    blobs = next(p for p in PRESETS if p.name == "Well-separated blobs")
    X, _ = make_preset(blobs, args.n, seed=2)
    centers = X[np.random.default_rng(0).choice(args.n, 3, replace=False)]
    iters = (args.frames - 1 + 1) // 2
    snaps = list(run_em(X, centers, "gmm", max_iter=iters, tol=0))[: args.frames]
    for label, gif in (("PNG series", False), ("PNG series + GIF", True)):
        with tempfile.TemporaryDirectory() as out:
            t = time.perf_counter()
            n = export_run_files(
                X, snaps, out, os.path.join(out, "run.gif") if gif else None, size=(w, h)
            )
            dt = time.perf_counter() - t
        print(
            f"{label:>18}: {n} frames of {args.n} points at {w}x{h} in {dt:.2f} s "
            f"({1e3 * dt / n:.0f} ms per frame)"
        )


if __name__ == "__main__":
    main()
