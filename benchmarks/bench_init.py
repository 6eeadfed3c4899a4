"""Time initial centers (k-means++, random) at sizes where the window once froze.

The window computes them in the background above a size (emgui.runtime.run_controller.
INLINE_INIT_WORK, n * k); this prints how long they take. Run from the checkout:

    python benchmarks/bench_init.py [--repeats 3]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.timing import cpu
from emgui.core import initial_means

CASES = [(200_000, 64), (1_000_000, 10), (1_000_000, 64)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"# {cpu()}, Python {platform.python_version()}, "
          f"numpy {np.__version__}; median of {args.repeats}")  # fmt: skip
    rng = np.random.default_rng(0)
    for n, k in CASES:
        X = rng.normal(size=(n, 2))
        for method in ("kmeans++", "random"):
            times = []
            for seed in range(args.repeats):
                t0 = time.perf_counter()
                initial_means(X, k, method, seed)
                times.append(time.perf_counter() - t0)
            print(f"n={n:>9,} k={k:>3} {method:9s} {statistics.median(times):7.3f} s")


if __name__ == "__main__":
    main()
