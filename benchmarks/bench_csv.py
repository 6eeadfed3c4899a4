"""Time reading a generated 1e6-row, 2-column CSV file: median of 3 runs, and rows per second.

Run: python benchmarks/bench_csv.py [--rows N] [--digits {full,6}]
"full" writes every coordinate with Python's shortest round-trip repr (about 17
significant digits, the slowest case to parse); "6" writes six decimals.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emgui.io.csv_points import read_points


def write_csv(path: Path, rows: int, digits: str) -> None:
    """A header and ``rows`` rows of two normally distributed columns."""
    rng = np.random.default_rng(0)
    xy = rng.normal(size=(rows, 2)) * [3.0, 50.0] + [10.0, -200.0]
    if digits == "full":
        body = "\n".join(f"{x!r},{y!r}" for x, y in xy.tolist())
    else:
        body = "\n".join(f"{x:.6f},{y:.6f}" for x, y in xy.tolist())
    path.write_text("x,y\n" + body + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--digits", choices=("full", "6"), default="full")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "points.csv"
        write_csv(path, args.rows, args.digits)
        size_mb = path.stat().st_size / 1e6
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            data = read_points(path)
            times.append(time.perf_counter() - start)
            assert data.xy.shape == (args.rows, 2)
    median = statistics.median(times)
    print(
        f"read_points: {args.rows} rows ({size_mb:.1f} MB, {args.digits} digits): "
        f"median {median:.3f} s over {args.repeats} runs, {args.rows / median:,.0f} rows/s"
    )


if __name__ == "__main__":
    main()
