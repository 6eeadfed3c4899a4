"""What the benchmark scripts share: the median wall time of a piece of work, the command
line, the load average, and the CPU."""

from __future__ import annotations

import os
import shlex
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def median_ms(work: Callable[[], object], repeats: int) -> float:
    """Milliseconds: the median over ``repeats`` calls of ``work()``."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return 1e3 * statistics.median(times)


class TickGaps:
    """The seconds between calls, in ``gaps``: connect it to a QTimer's timeout, and the gaps
    show how long the event loop was kept from its timers."""

    def __init__(self) -> None:
        self.gaps: list[float] = []
        self.last = time.perf_counter()

    def __call__(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now


def median_of_ms(times: list[float]) -> float:
    """Milliseconds: the median of ``times`` in seconds."""
    return 1e3 * statistics.median(times)


def command_line() -> str:
    """The command that ran the script, quoted to be pasted back: "$ python bench_x.py ..."."""
    return "$ python " + " ".join(shlex.quote(a) for a in sys.argv)


def load_average() -> float:
    """The one-minute load average (NaN where the system has none)."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")


def cpu() -> str:
    """The CPU's model name and whether it has AVX-512 (numpy's fast paths differ)."""
    name, flags = "unknown CPU", []
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and name == "unknown CPU":
                name = line.split(":", 1)[1].strip()
            if line.startswith("flags") and not flags:
                flags = line.split(":", 1)[1].split()
    except OSError:
        pass
    return f"{name}, avx512f: {'yes' if 'avx512f' in flags else 'no'}"
