"""The points' known classes (the species of iris), read from a table or a preset.

Not part of the scene's file format (a session names the column, not the values); carried
beside the points to colour runs by class, to draw shapes by class, and to compare.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True, eq=False)
class KnownClasses:
    labels: np.ndarray  # (n,) index of each point's class into ``names``
    names: tuple[str, ...]  # in order of first appearance
    column: str = ""

    def fits(self, n: int) -> bool:
        """Whether these are the classes of n points (not of points before an edit)."""
        return self.labels.shape == (n,)


def classes_of(known: KnownClasses | None, n: int) -> np.ndarray | None:
    """The class of each of n points, or None without classes or when they are other points'."""
    return known.labels if known is not None and known.fits(n) else None
