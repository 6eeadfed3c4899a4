"""Reading 2-D points from a CSV file: two numeric columns, optional header, detected layout.

The layout (delimiter, header, which columns) is decided from the first rows
(emgui.io.csv_layout). The data is then parsed in chunks: a fast numpy path per
chunk, and, when it fails, a per-line parser that finds the first bad line and
cell for the message. The per-line parser is the definition of what is accepted;
the fast path accepts a subset of it and gives the same values, so the result
never depends on where the chunks fall.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from emgui.core.validate import MAX_ABS_COORDINATE
from emgui.io.csv_classes import RowSink
from emgui.io.csv_columns import ColumnChoice, ColumnSpec, choose_columns
from emgui.io.csv_fast import has_odd_quote_line, points_in_range, read_table, read_with_gaps
from emgui.io.csv_layout import (
    ParseError,
    Row,
    TableLayout,
    column_title,
    decimal_hint,
    decode,
    detect_layout,
    encoding_error,
    is_missing,
    looks_binary,
    number,
    quote,
    split_cells,
)
from emgui.io.errors import InputError, LoadCancelled, read_input_bytes

# About 20k-50k lines of typical data: progress and cancel are checked between chunks, and
# numpy holds the interpreter for one chunk at a time, so a window stalls at most that long
# (under 60 ms at 1 MB, over 120 ms at 4 MB: benchmarks/bench_csv.py), at no cost in speed.
CHUNK_CHARS = 1 << 20
# A whole line that the per-line parser skips too (it strips more kinds of whitespace).
# Blank and comment lines, as the per-line parser skips them (any whitespace but newline).
_SKIPPED_LINE = re.compile(r"^[^\S\n]*(?:#[^\n]*)?(?:\n|\Z)", re.MULTILINE)

Progress = Callable[[float], None]
ShouldCancel = Callable[[], bool]


@dataclass(frozen=True, eq=False)
class PointsData:
    """Points read from a CSV file, with the known classes of a labels column if there is one."""

    xy: np.ndarray  # (n, 2) float64, C-contiguous, read-only, finite, within ±MAX_ABS_COORDINATE
    columns: tuple[str, str] | None  # header names of the two columns used, if there is a header
    source_columns: tuple[int, int]  # 0-based indices of the columns used
    warnings: tuple[str, ...] = ()
    header: tuple[str, ...] | None = None  # every column's name, if the file has a header
    kinds: tuple[str, ...] = ()  # every column's kind: "num", "text" or "empty"
    labels: np.ndarray | None = None  # (n,) read-only class index of each point into classes
    classes: tuple[str, ...] = ()  # the class names, in order of first appearance
    labels_column: int | None = None  # 0-based index of the column the classes came from
    skipped_rows: int = 0  # rows left out for a missing value in a column used
    first_skipped_line: int | None = None

    @property
    def labels_name(self) -> str | None:
        """The labels column's header name ("column 5" without a header), or None."""
        if self.labels_column is None:
            return None
        return column_title(self.header, self.labels_column)


def read_points(
    path: str | os.PathLike[str],
    *,
    columns: Sequence[ColumnSpec] | None = None,
    labels: ColumnSpec | None = None,
    auto_labels: bool = True,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PointsData:
    """Read points from a CSV file; raises only InputError or LoadCancelled.

    ``columns`` names the x and y columns (header name or 1-based number; default the
    first two numeric ones); ``labels`` the column of known classes (default the first text
    column, unless ``auto_labels`` is False). A row with a missing value (empty, NA, NaN, …)
    in a column used is skipped and counted. ``progress(fraction)`` is called between
    chunks, and ``should_cancel()`` returning True raises LoadCancelled there. Exceptions
    raised by these two callbacks propagate unchanged.
    """
    name = os.fsdecode(path)
    try:
        data = read_input_bytes(name, should_cancel=_guarded(should_cancel))
    except _CallbackFailed as failed:
        raise failed.original from None
    return parse_points_text(
        data,
        name,
        columns=columns,
        labels=labels,
        auto_labels=auto_labels,
        progress=progress,
        should_cancel=should_cancel,
    )


def parse_points_text(
    text_or_bytes: str | bytes | bytearray | memoryview,
    name: str = "<text>",
    *,
    columns: Sequence[ColumnSpec] | None = None,
    labels: ColumnSpec | None = None,
    auto_labels: bool = True,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PointsData:
    """Parse points from CSV text or the raw bytes of a file (e.g. pasted); as read_points."""
    choice = _Choice(columns, labels, auto_labels)
    try:
        return _parse_any(text_or_bytes, name, choice, _guarded(progress), _guarded(should_cancel))
    except (InputError, LoadCancelled):
        raise
    except _CallbackFailed as failed:
        raise failed.original from None
    except MemoryError:
        raise InputError("the file is too large to load into memory", path=name) from None
    except RecursionError:
        raise InputError("the file could not be read (too deeply nested)", path=name) from None
    except Exception as exc:
        # A safety net: the GUI and CLI rely on InputError; the wording marks it as our bug.
        raise InputError(
            f"internal error while reading the file ({type(exc).__name__}: {exc})", path=name
        ) from exc


class _CallbackFailed(Exception):
    """Carries an exception raised by a caller's callback past the conversion to InputError."""

    def __init__(self, original: Exception) -> None:
        super().__init__(original)
        self.original = original


def _guarded(callback: Callable | None) -> Callable | None:
    if callback is None:
        return None

    def call(*args: object) -> object:
        try:
            return callback(*args)
        except Exception as exc:
            raise _CallbackFailed(exc) from exc

    return call


@dataclass(frozen=True)
class _Choice:
    columns: Sequence[ColumnSpec] | None
    labels: ColumnSpec | None
    auto_labels: bool


def _parse_any(
    text_or_bytes: str | bytes | bytearray | memoryview,
    name: str,
    choice: _Choice,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> PointsData:
    if isinstance(text_or_bytes, str):
        text, latin1 = text_or_bytes.removeprefix("\ufeff"), False
        if "\x00" in text:
            raise InputError("not a text CSV file (it contains NUL characters)", path=name)
    else:
        text, latin1 = decode(bytes(text_or_bytes), name)
    if looks_binary(text):
        raise InputError("not a text CSV file (it contains binary data)", path=name)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A DOS end-of-file mark is not data.
    text = text.removesuffix("\x1a")
    try:
        data = _parse_text(text, name, choice, progress, should_cancel)
    except ParseError as err:
        if latin1 and err.line_text is not None:
            enc_err = encoding_error(err, name)
            if enc_err is not None:
                raise enc_err from None
        raise InputError(err.message, path=name, line=err.line, column=err.column) from None
    if latin1:
        warnings = (*data.warnings, "the file is not UTF-8 text; it was read as Latin-1")
        data = dataclasses.replace(data, warnings=warnings)
    return data


def _parse_text(
    text: str,
    name: str,
    choice: _Choice,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
) -> PointsData:
    layout = detect_layout(text, should_cancel)
    chosen = choose_columns(
        layout, choice.columns, choice.labels, auto_labels=choice.auto_labels, name=name
    )
    cols, label_col = chosen.xy, chosen.labels
    described = layout.describe(label_col) if label_col is not None else ""
    sink = RowSink(label_col, choice.labels is not None, name, described)
    xy = _parse_data(
        text,
        layout.rows[0],
        layout.delimiter,
        cols,
        layout.decimal_comma,
        progress,
        should_cancel,
        sink,
    )
    if sink.skipped and xy.shape[0] == 0:
        raise ParseError(
            f"no data rows: all {sink.skipped} have a missing value in the columns used "
            f"(the first on line {sink.first_skipped})"
        )
    codes, classes = sink.result()
    if codes is None:
        label_col = None
    header = layout.names if layout.header is not None else None
    columns = None
    if layout.header is not None and len(layout.header.cells) > max(cols):
        columns = (header[cols[0]], header[cols[1]])
    xy.setflags(write=False)
    return PointsData(
        xy,
        columns,
        cols,
        tuple(_warnings(layout, chosen, label_col, classes, sink)),
        header=header,
        kinds=layout.kinds,
        labels=codes,
        classes=classes,
        labels_column=label_col,
        skipped_rows=sink.skipped,
        first_skipped_line=sink.first_skipped,
    )


def _warnings(
    layout: TableLayout,
    chosen: ColumnChoice,
    label_col: int | None,
    classes: tuple[str, ...],
    sink: RowSink,
) -> list[str]:
    warnings: list[str] = []
    if layout.index_column:
        warnings.append(
            "the first column (no name, numbered 0, 1, 2, …) looks like a row index, as "
            "pandas writes one, and is skipped"
        )
    c0, c1 = chosen.xy
    used = [c0, c1] + ([label_col] if label_col is not None else [])
    others = layout.width - len(used) - layout.index_column
    if not chosen.chosen and (others > 0 or chosen.xy != (0, 1)):
        names = layout.names
        label = f" ({names[c0]!r} and {names[c1]!r})" if names[c0] and names[c1] else ""
        classes_note = ""
        if label_col is not None:
            classes_note = f", {layout.describe(label_col)} as the known classes"
        rest = "; the other columns are ignored" if others > 0 else ""
        warnings.append(f"using columns {c0 + 1} and {c1 + 1}{label}{classes_note}{rest}")
    if sink.dropped_note:
        warnings.append(sink.dropped_note)
    if layout.decimal_comma and any(
        "," in r.cells[c] for r in layout.rows if len(r.cells) > max(c0, c1) for c in (c0, c1)
    ):
        warnings.append("decimal commas were read as decimal points")
    if sink.skipped:
        rows = "row" if sink.skipped == 1 else "rows"
        warnings.append(
            f"skipped {sink.skipped} {rows} with a missing value (empty, NA, NaN, …) in the "
            f"columns used, the first on line {sink.first_skipped}"
        )
    return warnings


def _parse_data(
    text: str,
    first: Row,
    delimiter: str,
    cols: tuple[int, int],
    decimal_comma: bool,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
    sink: RowSink | None = None,
) -> np.ndarray:
    n = len(text)
    start, line = first.offset, first.line
    total = max(n - start, 1)
    parts: list[np.ndarray] = []
    while start < n:
        if should_cancel is not None and should_cancel():
            raise LoadCancelled
        end = text.find("\n", min(start + CHUNK_CHARS, n))
        end = n if end < 0 else end + 1
        chunk = text[start:end]
        parts.append(_parse_chunk(chunk, line, delimiter, cols, decimal_comma, sink))
        line += chunk.count("\n")
        start = end
        if progress is not None:
            progress((start - first.offset) / total)
    if should_cancel is not None and should_cancel():
        raise LoadCancelled
    xy = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return np.ascontiguousarray(xy, dtype=np.float64)


def _parse_chunk(
    chunk: str,
    first_line: int,
    delimiter: str,
    cols: tuple[int, int],
    decimal_comma: bool,
    sink: RowSink | None = None,
) -> np.ndarray:
    """The chunk's points (skipping rows with a missing value); its labels go to ``sink``."""
    if not chunk or chunk.isspace():
        return np.empty((0, 2))
    src = chunk.replace(",", ".") if decimal_comma and "," in chunk else chunk
    if '"' in src and has_odd_quote_line(src):
        # loadtxt lets a quoted cell run over a line end; the per-line parser does not.
        return _parse_chunk_slow(chunk, first_line, delimiter, cols, decimal_comma, sink)
    label_col = sink.label_col if sink is not None and sink.reading_labels else None
    # Labels are read from the text as written: src may have had its decimal commas swapped.
    label_src = chunk
    removed = False  # lines were taken out: row numbers are no longer line numbers
    if "#" in src:
        # A comment line's cells could otherwise be read: "#1,5,5" has numbers in columns 2-3.
        before = len(src)
        src, label_src = _without_skipped_lines(src, label_src)
        removed = len(src) != before
        if not src or src.isspace():
            return np.empty((0, 2))
    got = read_table(src, label_src, delimiter, cols, label_col)
    if not _valid(got):
        # Comment and whitespace-only lines stop loadtxt; without them it may succeed.
        kept, kept_labels = _without_skipped_lines(src, label_src)
        if len(kept) != len(src):
            if not kept or kept.isspace():  # (loadtxt would warn about a chunk without data)
                return np.empty((0, 2))
            src, label_src, removed = kept, kept_labels, True
            got = read_table(src, label_src, delimiter, cols, label_col)
    if _valid(got):
        xy, labels = got
        if labels is None:
            return xy
        status = sink.add_labels(labels)
        if status == "ok":
            return xy
        if status == "missing" and not sink.explicit:
            sink.drop_labels("has missing values")
            return xy
    elif sink is not None and not removed:
        xy = read_with_gaps(src, label_src, delimiter, cols, label_col, first_line, sink)
        if xy is not None:
            return xy
    # The per-line parser decides, and names the line.
    return _parse_chunk_slow(chunk, first_line, delimiter, cols, decimal_comma, sink)


def _without_skipped_lines(src: str, label_src: str) -> tuple[str, str]:
    """Both texts without blank and comment lines; one object still when they were one."""
    kept = _SKIPPED_LINE.sub("", src)
    return kept, kept if label_src is src else _SKIPPED_LINE.sub("", label_src)


def _valid(got: tuple[np.ndarray, np.ndarray | None] | None) -> bool:
    return got is not None and points_in_range(got[0])


def _parse_chunk_slow(
    chunk: str,
    first_line: int,
    delimiter: str,
    cols: tuple[int, int],
    decimal_comma: bool,
    sink: RowSink | None = None,
) -> np.ndarray:
    c0, c1 = cols
    label_col = sink.label_col if sink is not None and sink.reading_labels else None
    # A row too short for an automatic labels column is an error only where the points are.
    need = max(c0, c1, label_col if label_col is not None and sink.explicit else -1) + 1
    where = f"the points are in columns {c0 + 1} and {c1 + 1}"
    if label_col is not None and sink.explicit:
        where += f", the classes in column {label_col + 1}"
    values: list[float] = []
    labels: list[str] = []
    for i, text in enumerate(chunk.split("\n")):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        line = first_line + i
        cells = split_cells(text, delimiter, line)
        if len(cells) < need:
            raise ParseError(
                f"has {len(cells)} cell{'s' if len(cells) != 1 else ''}, "
                f"expected at least {need} ({where})",
                line=line,
                line_text=text,
            )
        label = None
        if label_col is not None:
            label = cells[label_col].strip() if label_col < len(cells) else ""
            if is_missing(label) and not sink.explicit:
                sink.drop_labels("has missing values")
                label_col, label = None, None
        if (
            is_missing(cells[c0])
            or is_missing(cells[c1])
            or (label is not None and is_missing(label))
        ):
            if sink is not None:
                sink.skip(line)
            continue
        values.append(_cell_value(cells[c0], line, c0, text, delimiter, decimal_comma))
        values.append(_cell_value(cells[c1], line, c1, text, delimiter, decimal_comma))
        if label is not None:
            labels.append(label)
    if label_col is not None and sink is not None and sink.reading_labels:
        sink.add_labels(np.array(labels, dtype=object), checked=True)
    return np.array(values, dtype=np.float64).reshape(-1, 2)


def _cell_value(
    cell: str, line: int, col: int, text: str, delimiter: str, decimal_comma: bool
) -> float:
    value = number(cell, decimal_comma)
    if value is None:
        message = (
            "empty cell where a number is expected"
            if not cell.strip()
            else f"{quote(cell)} is not a number" + decimal_hint(cell, delimiter)
        )
    elif not math.isfinite(value):
        message = f"{quote(cell)} is not a finite number"
    elif abs(value) > MAX_ABS_COORDINATE:
        message = (
            f"{quote(cell)} is beyond the largest allowed magnitude "
            f"{MAX_ABS_COORDINATE:g}; rescale the data"
        )
    else:
        return value
    raise ParseError(message, line=line, column=col + 1, line_text=text)
