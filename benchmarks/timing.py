"""What the benchmark scripts share: the median wall time of a piece of work, and the CPU."""

from __future__ import annotations

import statistics
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
