"""What a CSV read gathers beside the points: the known classes of a labels column, skipped rows."""

from __future__ import annotations

import numpy as np

from emgui.io.csv_columns import MAX_CLASSES, ColumnError
from emgui.io.csv_layout import is_missing

# Label cells longer than this are read by the per-line parser (numpy's text cells have a width).
LABEL_CHARS = 64


class RowSink:
    """What the chunks gather beside the points: class codes of the labels column, skipped rows.

    A row with a missing value in x or y, or in a labels column the caller named, is skipped;
    a labels column chosen automatically (the first text column) that has a missing value, or
    more than MAX_CLASSES values, is simply not read as classes, and no row is lost to it.
    """

    def __init__(self, label_col: int | None, explicit: bool, name: str, described: str) -> None:
        self.label_col = label_col
        self.explicit = explicit  # the caller named the labels column
        self._name, self._described = name, described
        self._codes: list[np.ndarray] = []
        self._index: dict[str, int] = {}
        self.skipped = 0
        self.first_skipped: int | None = None
        self.dropped_note = ""

    @property
    def reading_labels(self) -> bool:
        return self.label_col is not None and not self.dropped_note

    def skip(self, line: int, count: int = 1) -> None:
        """``count`` rows skipped, the first of them on ``line``."""
        self.skipped += count
        if self.first_skipped is None:
            self.first_skipped = line

    def drop_labels(self, why: str) -> None:
        if not self.dropped_note:
            self.dropped_note = f"{self._described} {why} and is not read as the known classes"
            self._codes = []

    def add_labels(self, cells: np.ndarray, checked: bool = False) -> str:
        """Add the label cells of the rows a chunk kept, in order; "ok", or why they cannot be.

        "missing": a cell marks a missing value; "unsure": a cell holds a quote or may have
        been cut at LABEL_CHARS, so the per-line parser must read the chunk. Both leave the
        classes as they were. Cells are stripped; only the distinct values are looked at.
        ``checked``: the per-line parser's cells, which are what they are.
        """
        if not self.reading_labels:
            return "ok"
        values, first, inverse = np.unique(cells, return_index=True, return_inverse=True)
        texts = [str(v).strip() for v in values]
        if not checked and any('"' in t or len(t) >= LABEL_CHARS for t in texts):
            return "unsure"
        if not checked and any(is_missing(t) for t in texts):
            return "missing"
        lookup = np.empty(values.shape[0], dtype=np.intp)
        for j in np.argsort(first, kind="stable"):  # classes in order of first appearance
            lookup[j] = self._index.setdefault(texts[j], len(self._index))
        if len(self._index) > MAX_CLASSES:
            why = f"has more than {MAX_CLASSES} different values"
            if self.explicit:
                raise ColumnError(
                    f"{self._described} {why}: it cannot be the known classes", path=self._name
                ).with_role("labels")
            self.drop_labels(why)
            return "ok"
        self._codes.append(lookup[inverse.reshape(-1)].astype(np.uint8))
        return "ok"

    def result(self) -> tuple[np.ndarray | None, tuple[str, ...]]:
        if not self.reading_labels:
            return None, ()
        codes = np.concatenate(self._codes) if self._codes else np.empty(0, np.uint8)
        codes.setflags(write=False)
        return codes, tuple(self._index)
