"""How much memory a run's history may take in the window, and what one frame takes.

At a million points a half-step keeps about 1 MB (labels and colours per point), and the
panel allows 100,000 iterations with tol 0: some 100 GB. A run whose history reaches the
budget is stopped there, with a message saying why, rather than taking the machine down.
"""

from __future__ import annotations

import dataclasses
import os

import numpy as np

from emgui.model.run_types import Frame

#: Never more than this, whatever the machine.
MAX_HISTORY_BYTES = 4 << 30


def default_limit() -> int:
    """A quarter of the physical memory, at most MAX_HISTORY_BYTES."""
    try:
        physical = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):  # not on every system
        return MAX_HISTORY_BYTES
    return int(min(MAX_HISTORY_BYTES, physical // 4))


def frame_bytes(frame: Frame, previous: Frame | None = None) -> int:
    """Bytes of the arrays ``frame`` holds that ``previous`` does not share.

    Arrays are counted by the memory they view (an M-step's labels are a view of its
    E-step's), each once.
    """
    shared = set() if previous is None else {id(a) for a in _owners(previous)}
    return sum(a.nbytes for a in _owners(frame) if id(a) not in shared)


def _owners(frame: Frame) -> list[np.ndarray]:
    """The arrays owning the memory of the frame's arrays, each once."""
    snap = frame.snapshot
    found: dict[int, np.ndarray] = {}
    for value in [*(getattr(snap, f.name) for f in dataclasses.fields(snap)), frame.colors]:
        if isinstance(value, np.ndarray):
            while isinstance(value.base, np.ndarray):
                value = value.base
            found[id(value)] = value
    return list(found.values())


class HistoryBudget:
    """Counts a history's bytes frame by frame; :meth:`add` is False once it is over."""

    def __init__(self, limit: int | None = None):
        self.limit = default_limit() if limit is None else limit
        self.used = 0
        self.frames = 0
        self.full = False
        self._last: Frame | None = None

    def add(self, frame: Frame) -> bool:
        """Count ``frame``; False when the history (with it) would pass the limit."""
        size = frame_bytes(frame, self._last)
        if self.used + size > self.limit:
            self.full = True
            return False
        self.used += size
        self.frames += 1
        self._last = frame
        return True

    def message(self, iteration: int) -> str:
        """Why the run stopped, for the user."""
        per = self.used / max(self.frames, 1)
        return (
            f"Stopped at iteration {iteration}: the history of this run would not fit in "
            f"memory (it holds {self.used / 2**20:,.0f} MB, about {2 * per / 2**20:.1f} MB "
            f"per iteration; at most {self.limit / 2**30:.1f} GB). Raise tol or lower "
            "max_iter, or use fewer points."
        )
