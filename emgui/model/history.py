"""The history of a run: its frames in order, and a bounded cache of their point colours."""

from __future__ import annotations

import dataclasses
from collections import OrderedDict
from dataclasses import dataclass, field

import numpy as np

from emgui.core import Snapshot
from emgui.model.run_types import Frame

COLOR_CACHE_BYTES = 256 << 20  # blended colours kept for revisiting; older ones are recomputed


@dataclass
class History:
    """The snapshots of one run, in order, and a bounded cache of their point colours.

    The cache is keyed by :func:`emgui.model.view_state.color_key`; blended colours made by
    the worker arrive with their frames.
    """

    frames: list[Frame]
    colors: OrderedDict[tuple[int, str], np.ndarray]
    color_bytes: int = 0  # held by ``colors``, kept as a sum: a run adds thousands
    # The frames' snapshots, kept alongside: views want the list at every redraw.
    snapshots: list[Snapshot] = field(default_factory=list)

    @property
    def slots(self) -> np.ndarray | None:
        """The run's colour slots (emgui.model.palette): every frame of a run carries the same."""
        return self.frames[0].slots if self.frames else None

    @classmethod
    def empty(cls) -> History:
        return cls([], OrderedDict())

    def __len__(self) -> int:
        return len(self.frames)

    def add(self, frame: Frame) -> None:
        self.frames.append(frame)
        self.snapshots.append(frame.snapshot)
        if frame.colors is not None:
            self.remember_colors((frame.index, frame.color_kind), frame.colors)
            # Keep the frame itself light; its colours live in the bounded cache.
            self.frames[-1] = dataclasses.replace(frame, colors=None)

    def remember_colors(self, key: tuple[int, str], colors: np.ndarray) -> None:
        old = self.colors.pop(key, None)
        if old is not None:
            self.color_bytes -= old.nbytes
        self.colors[key] = colors
        self.color_bytes += colors.nbytes
        while self.color_bytes > COLOR_CACHE_BYTES and len(self.colors) > 1:
            _, dropped = self.colors.popitem(last=False)
            self.color_bytes -= dropped.nbytes

    def colors_for(self, key: tuple[int, str]) -> np.ndarray | None:
        """Cached point colours (see emgui.model.view_state.color_key), or None."""
        colors = self.colors.get(key)
        if colors is not None:
            self.colors.move_to_end(key)
        return colors
