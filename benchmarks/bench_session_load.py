"""Loading a large session: time, and the longest stall it causes another Python thread.

The window's GUI thread is such a thread: a stall is a frozen window. Compares the piecewise
parse (emgui.io.json_pieces) with one json.loads of the whole text. Run from the checkout:

    python benchmarks/bench_session_load.py [--points 1e6] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from benchmarks.timing import cpu
from emgui.io.session_file import SessionData, parse_session, session_to_json


def stall_while(work) -> tuple[float, float]:
    """(seconds ``work()`` took, longest gap between 1 ms ticks of another thread)."""
    gaps: list[float] = []
    stop = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    thread = threading.Thread(target=tick)
    thread.start()
    t0 = time.perf_counter()
    try:
        work()
    finally:
        elapsed = time.perf_counter() - t0
        stop.set()
        thread.join()
    return elapsed, max(gaps, default=0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--points", type=float, default=1e6)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n = int(args.points)
    rng = np.random.default_rng(0)
    text = session_to_json(SessionData(rng.normal(size=(n, 2)), rng.normal(size=(3, 2))))
    print(f"# {cpu()}, Python {platform.python_version()}, numpy {np.__version__}")
    print(f"# session of {n} points, {len(text) / 1e6:.0f} MB; median of {args.repeats}")
    rows = {
        "json.loads, whole": lambda: json.loads(text),
        "parse_session (pieces)": lambda: parse_session(text),
    }
    results = {}
    for name, work in rows.items():
        runs = [stall_while(work) for _ in range(args.repeats)]
        results[name] = tuple(statistics.median(r[i] for r in runs) for i in (0, 1))
        took, stall = results[name]
        print(f"{name:26s} {took:6.2f} s   longest stall {stall * 1e3:7.0f} ms")
    whole, pieces = results["json.loads, whole"], results["parse_session (pieces)"]
    print(f"stall ratio (whole / pieces): {whole[1] / pieces[1]:.1f}x")


if __name__ == "__main__":
    main()
