"""numpy's readers for a chunk of CSV text: the fast paths that the per-line parser checks.

Whatever these accept, the per-line parser (io.csv_points) accepts with the same values;
whatever they cannot read for sure, they return None for, and the per-line parser decides.
"""

from __future__ import annotations

import io
import re

import numpy as np

from emgui.core.validate import MAX_ABS_COORDINATE
from emgui.io.csv_classes import LABEL_CHARS, RowSink
from emgui.io.csv_layout import MISSING_MARKERS, is_missing

# A label cell as numpy reads it: one this long may have been cut, and is read line by line.
_LABEL = np.dtype(f"U{LABEL_CHARS}")
_LABELLED = np.dtype([("x", np.float64), ("y", np.float64), ("label", _LABEL)])
_MARKS = "|".join(re.escape(m) for m in sorted(MISSING_MARKERS, key=len, reverse=True) if m)


def has_odd_quote_line(src: str) -> bool:
    """Whether a line holds an odd number of '"', i.e. a quoted cell may continue on the next."""
    # In UTF-8, '"' and newline bytes never occur inside the encoding of another character.
    raw = np.frombuffer(src.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    quotes = np.flatnonzero(raw == ord('"'))
    line_ends = np.flatnonzero(raw == ord("\n"))
    quotes_before_end = np.searchsorted(quotes, line_ends)
    return bool((quotes_before_end % 2).any() or quotes.size % 2)


def points_in_range(xy: np.ndarray) -> bool:
    """(n, 2), finite and within ±MAX_ABS_COORDINATE: what the per-line parser would accept."""
    return bool(
        xy.shape[1] == 2 and np.isfinite(xy).all() and (np.abs(xy) <= MAX_ABS_COORDINATE).all()
    )


def loadtxt(
    src: str, delimiter: str, cols: tuple[int, ...], dtype: np.dtype | type = np.float64
) -> np.ndarray | None:
    """numpy.loadtxt of those columns, or None if it fails."""
    try:
        return np.loadtxt(
            io.StringIO(src),
            delimiter=delimiter,
            comments=None,
            quotechar='"',
            usecols=cols,
            dtype=dtype,
            ndmin=1 if dtype is not np.float64 else 2,
        )
    except Exception:
        return None


def read_table(
    src: str,
    label_src: str | None,
    delimiter: str,
    cols: tuple[int, int],
    label_col: int | None,
) -> tuple[np.ndarray, np.ndarray | None] | None:
    """Points (n, 2) and, with ``label_col``, the raw label cells (n,); None if numpy fails.

    ``label_src`` is the text the labels are read from when it differs from ``src`` (whose
    decimal commas were swapped); None or ``src`` itself: the same text, read in one pass.
    """
    if label_col is not None and (label_src is None or label_src is src):
        # One pass over the text for both: a third less time than two.
        table = loadtxt(src, delimiter, (*cols, label_col), _LABELLED)
        if table is None:
            return None
        xy = np.empty((table.shape[0], 2))
        xy[:, 0], xy[:, 1] = table["x"], table["y"]
        return xy, _narrow(table["label"].reshape(-1))
    xy = loadtxt(src, delimiter, cols)
    if xy is None or label_col is None:
        return None if xy is None else (xy, None)
    labels = loadtxt(label_src, delimiter, (label_col,), _LABEL)
    if labels is None or labels.shape[0] != xy.shape[0]:
        return None
    return xy, _narrow(labels.reshape(-1))


def _narrow(cells: np.ndarray) -> np.ndarray:
    """The cells, contiguous, in the narrowest text width that holds them.

    np.unique sorts them: a strided field of a record array, or 64 characters where 10 do,
    makes that several times slower.
    """
    width = int(np.char.str_len(cells).max()) if cells.size else 1
    return cells.astype(f"U{max(width, 1)}")


def mark_empty_cells(text: str, delimiter: str) -> str:
    """``text`` with every empty cell written "nan": plain replaces, fast, for the common case."""
    d = delimiter
    text = text.replace(d + d, f"{d}nan{d}").replace(d + d, f"{d}nan{d}")  # twice for ",,,"
    text = text.replace(d + "\n", f"{d}nan\n").replace("\n" + d, f"\nnan{d}")
    if text.startswith(d):
        text = "nan" + text
    return text + "nan" if text.endswith(d) else text


def mark_gaps(text: str, delimiter: str) -> str:
    """``text`` with every cell that marks a missing value (empty, NA, …) written "nan"."""
    space = "[ ]" if delimiter == "\t" else "[ \t]"
    d = re.escape(delimiter)
    pattern = rf"(?:^|(?<={d})){space}*(?:{_MARKS})?{space}*(?={d}|$)"
    return re.sub(pattern, "nan", text, flags=re.MULTILINE | re.IGNORECASE)


def read_with_gaps(
    src: str,
    label_src: str,
    delimiter: str,
    cols: tuple[int, int],
    label_col: int | None,
    first_line: int,
    sink: RowSink,
) -> np.ndarray | None:
    """The chunk's points by numpy when rows have missing values; None: the per-line parser.

    Every missing-value mark becomes "nan", numpy reads the chunk, and the rows with NaN
    are the ones skipped; each row must be one line, so that the first one can be named.
    """
    if label_col is not None and label_src is not src:
        return None
    body = src.removesuffix("\n")
    got = read_table(mark_empty_cells(body, delimiter), None, delimiter, cols, label_col)
    if got is None:  # marks other than an empty cell (NA, null, …): the slower, general way
        got = read_table(mark_gaps(body, delimiter), None, delimiter, cols, label_col)
    if got is None or got[0].shape[0] != body.count("\n") + 1:
        return None
    xy, labels = got
    gaps = np.isnan(xy).any(axis=1)
    if labels is not None:
        values, inverse = np.unique(labels, return_inverse=True)
        missing = np.array([is_missing(str(v)) for v in values], dtype=bool)[inverse.reshape(-1)]
        if missing.any() and not sink.explicit:
            sink.drop_labels("has missing values")
            labels = None
        else:
            gaps |= missing
    keep = ~gaps
    xy = xy[keep]
    if not points_in_range(xy):
        return None
    if labels is not None and sink.add_labels(labels[keep]) != "ok":
        return None
    if gaps.any():
        sink.skip(first_line + int(np.argmax(gaps)), int(gaps.sum()))
    return xy
