"""Time reading a generated 1e6-row CSV file: median of 3 runs, rows per second, longest stall.

Run: python benchmarks/bench_csv.py [--rows N] [--digits {full,6,iris}] [--table {2,5}]
     [--missing FRACTION]
"full" writes every coordinate with Python's shortest round-trip repr (about 17
significant digits, the slowest case to parse); "6" writes six decimals; "iris" one
decimal, as measurements are written. "--table 5" writes four numeric columns and a species
column and reads two chosen columns by name with the species as known classes (issue 16);
"--missing" blanks that fraction of the chosen cells (those rows are skipped).
The longest stall is the longest another Python thread (as the window's) waited while the
file was read in a background thread, as the window reads it: numpy holds the interpreter
for a chunk at a time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from emgui.io.csv_points import read_points

SPECIES = np.array(["setosa", "versicolor", "virginica"])


def _fmt(values: np.ndarray, digits: str) -> list[str]:
    if digits == "full":
        return [repr(v) for v in values.tolist()]
    return [f"{v:.{6 if digits == '6' else 1}f}" for v in values.tolist()]


def write_csv(path: Path, rows: int, digits: str, table: int, missing: float) -> None:
    """A header and ``rows`` rows of normally distributed columns (and a species column)."""
    rng = np.random.default_rng(0)
    n_num = 2 if table == 2 else 4
    data = rng.normal(size=(rows, n_num)) * 3.0 + 10.0
    cols = [_fmt(data[:, j], digits) for j in range(n_num)]
    if missing:
        for j in (n_num - 2, n_num - 1):  # the chosen columns
            for i in np.flatnonzero(rng.random(rows) < missing / 2):
                cols[j][i] = ""
    if table == 5:
        cols.append(SPECIES[rng.integers(0, 3, rows)].tolist())
        header = "sepal_length,sepal_width,petal_length,petal_width,species"
    else:
        header = "x,y"
    body = "\n".join(",".join(cells) for cells in zip(*cols, strict=True))
    path.write_text(header + "\n" + body + "\n", encoding="utf-8")


def _timed_read(path: Path, kwargs: dict):
    """Read in a thread while this one ticks every 2 ms: (seconds, longest tick gap, data)."""
    result = {}

    def read() -> None:
        start = time.perf_counter()
        result["data"] = read_points(path, **kwargs)
        result["elapsed"] = time.perf_counter() - start

    reader = threading.Thread(target=read)
    last = time.perf_counter()
    longest = 0.0
    reader.start()
    while reader.is_alive():
        time.sleep(0.002)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    reader.join()
    return result["elapsed"], longest, result["data"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--digits", choices=("full", "6", "iris"), default="full")
    parser.add_argument("--table", type=int, choices=(2, 5), default=2)
    parser.add_argument("--missing", type=float, default=0.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()

    kwargs = {}
    if args.table == 5:
        kwargs = {"columns": ("petal_length", "petal_width"), "labels": "species"}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "points.csv"
        write_csv(path, args.rows, args.digits, args.table, args.missing)
        size_mb = path.stat().st_size / 1e6
        times, stalls = [], []
        for _ in range(args.repeats):
            elapsed, stall, data = _timed_read(path, kwargs)
            times.append(elapsed)
            stalls.append(stall)
            assert data.xy.shape[0] == args.rows - data.skipped_rows
            if args.table == 5:
                assert data.classes and data.labels.shape == (data.xy.shape[0],)
    median = statistics.median(times)
    print(
        f"read_points: {args.rows} rows x {args.table} columns ({size_mb:.1f} MB, "
        f"{args.digits} digits, {args.missing:.0%} missing): median {median:.3f} s over "
        f"{args.repeats} runs, {args.rows / median:,.0f} rows/s; another thread stalled "
        f"{1e3 * max(stalls):.0f} ms at most"
    )


if __name__ == "__main__":
    main()
