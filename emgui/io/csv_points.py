"""Reading 2-D points from a CSV file: two numeric columns, optional header, detected layout.

The layout (delimiter, header, which columns) is decided from the first rows
(emgui.io.csv_layout). The data is then parsed in chunks: a fast numpy path per
chunk, and, when it fails, a per-line parser that finds the first bad line and
cell for the message. The per-line parser is the definition of what is accepted;
the fast path accepts a subset of it and gives the same values, so the result
never depends on where the chunks fall.
"""

from __future__ import annotations

import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from emgui.core.validate import MAX_ABS_COORDINATE
from emgui.io.csv_layout import (
    DELIMITER_SAMPLE,
    ParseError,
    Row,
    choose_columns,
    column_name,
    decimal_hint,
    decode,
    detect_delimiter,
    encoding_error,
    first_content_lines,
    is_header,
    looks_binary,
    looks_like_row_index,
    number,
    quote,
    split_cells,
)
from emgui.io.errors import InputError, LoadCancelled, read_input_bytes

# About 100k-200k lines of typical data: progress and cancel are checked between chunks.
CHUNK_CHARS = 4 << 20
# A whole line that the per-line parser skips too (it strips more kinds of whitespace).
# Blank and comment lines, as the per-line parser skips them (any whitespace but newline).
_SKIPPED_LINE = re.compile(r"^[^\S\n]*(?:#[^\n]*)?(?:\n|\Z)", re.MULTILINE)

Progress = Callable[[float], None]
ShouldCancel = Callable[[], bool]


@dataclass(frozen=True, eq=False)
class PointsData:
    """Points read from a CSV file."""

    xy: np.ndarray  # (n, 2) float64, C-contiguous, read-only, finite, within ±MAX_ABS_COORDINATE
    columns: tuple[str, str] | None  # header names of the two columns used, if there is a header
    source_columns: tuple[int, int]  # 0-based indices of the columns used
    warnings: tuple[str, ...] = ()


def read_points(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PointsData:
    """Read points from a CSV file; raises only InputError or LoadCancelled.

    ``progress(fraction)`` is called between chunks, and ``should_cancel()``
    returning True raises LoadCancelled there. Exceptions raised by these two
    callbacks propagate unchanged.
    """
    name = os.fsdecode(path)
    try:
        data = read_input_bytes(name, should_cancel=_guarded(should_cancel))
    except _CallbackFailed as failed:
        raise failed.original from None
    return parse_points_text(data, name, progress=progress, should_cancel=should_cancel)


def parse_points_text(
    text_or_bytes: str | bytes | bytearray | memoryview,
    name: str = "<text>",
    *,
    progress: Progress | None = None,
    should_cancel: ShouldCancel | None = None,
) -> PointsData:
    """Parse points from CSV text or the raw bytes of a file (e.g. pasted); as read_points."""
    try:
        return _parse_any(text_or_bytes, name, _guarded(progress), _guarded(should_cancel))
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


def _parse_any(
    text_or_bytes: str | bytes | bytearray | memoryview,
    name: str,
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
        xy, columns, source_columns, warnings = _parse_text(text, progress, should_cancel)
    except ParseError as err:
        if latin1 and err.line_text is not None:
            enc_err = encoding_error(err, name)
            if enc_err is not None:
                raise enc_err from None
        raise InputError(err.message, path=name, line=err.line, column=err.column) from None
    if latin1:
        warnings.append("the file is not UTF-8 text; it was read as Latin-1")
    xy.setflags(write=False)
    return PointsData(xy, columns, source_columns, tuple(warnings))


def _parse_text(
    text: str, progress: Progress | None, should_cancel: ShouldCancel | None
) -> tuple[np.ndarray, tuple[str, str] | None, tuple[int, int], list[str]]:
    if not text or text.isspace():
        raise ParseError("the file is empty" if not text else "the file is empty (only whitespace)")
    lines = first_content_lines(text, should_cancel)
    if not lines:
        raise ParseError("no data rows (the file holds only comment lines)")
    delimiter = detect_delimiter([t for _, _, t in lines[:DELIMITER_SAMPLE]])
    decimal_comma = delimiter == ";"
    rows = [Row(n, off, t, split_cells(t, delimiter, n)) for n, off, t in lines]
    header = rows[0] if is_header(rows, decimal_comma) else None
    data_rows = rows[1:] if header is not None else rows
    if not data_rows:
        raise ParseError("no data rows (the file holds only a header)")
    if (
        delimiter == ","
        and header is not None
        and len(header.cells) == 1
        and len(data_rows[0].cells) > 1
    ):
        # "x" over "1,5" is most likely one column with decimal commas, not two columns.
        raise ParseError(
            f"the header has one cell but the rows have {len(data_rows[0].cells)}; if ',' is "
            "the decimal mark, separate the columns with ';' (a title line can start with '#')",
            line=header.line,
        )
    index_column = looks_like_row_index(header, data_rows, decimal_comma)
    cols = choose_columns(data_rows, delimiter, decimal_comma, skip=1 if index_column else 0)
    c0, c1 = cols

    warnings: list[str] = []
    if index_column:
        warnings.append(
            "the first column (no name, numbered 0, 1, 2, …) looks like a row index, as "
            "pandas writes one, and is skipped"
        )
    columns = None
    if header is not None and len(header.cells) > c1:
        columns = (column_name(header.cells[c0]), column_name(header.cells[c1]))
    width = max(len(data_rows[0].cells), len(header.cells) if header else 0)
    if width > 2 or cols != (0, 1):
        label = f" ({columns[0]!r} and {columns[1]!r})" if columns else ""
        warnings.append(
            f"using columns {c0 + 1} and {c1 + 1}{label}; the other columns are ignored"
        )
    if decimal_comma and any(
        "," in r.cells[c] for r in data_rows if len(r.cells) > c1 for c in cols
    ):
        warnings.append("decimal commas were read as decimal points")

    xy = _parse_data(text, data_rows[0], delimiter, cols, decimal_comma, progress, should_cancel)
    return xy, columns, cols, warnings


def _parse_data(
    text: str,
    first: Row,
    delimiter: str,
    cols: tuple[int, int],
    decimal_comma: bool,
    progress: Progress | None,
    should_cancel: ShouldCancel | None,
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
        parts.append(_parse_chunk(chunk, line, delimiter, cols, decimal_comma))
        line += chunk.count("\n")
        start = end
        if progress is not None:
            progress((start - first.offset) / total)
    if should_cancel is not None and should_cancel():
        raise LoadCancelled
    xy = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return np.ascontiguousarray(xy, dtype=np.float64)


def _parse_chunk(
    chunk: str, first_line: int, delimiter: str, cols: tuple[int, int], decimal_comma: bool
) -> np.ndarray:
    if not chunk or chunk.isspace():
        return np.empty((0, 2))
    src = chunk.replace(",", ".") if decimal_comma and "," in chunk else chunk
    if '"' in src and _has_odd_quote_line(src):
        # loadtxt lets a quoted cell run over a line end; the per-line parser does not.
        return _parse_chunk_slow(chunk, first_line, delimiter, cols, decimal_comma)
    if "#" in src:
        # A comment line's cells could otherwise be read: "#1,5,5" has numbers in columns 2-3.
        src = _SKIPPED_LINE.sub("", src)
        if not src or src.isspace():
            return np.empty((0, 2))
    arr = _loadtxt(src, delimiter, cols)
    if arr is None and _SKIPPED_LINE.search(src):
        # Comment and whitespace-only lines stop loadtxt; without them it may succeed.
        src = _SKIPPED_LINE.sub("", src)
        if not src or src.isspace():  # (loadtxt would warn about a chunk without data)
            return np.empty((0, 2))
        arr = _loadtxt(src, delimiter, cols)
    if (
        arr is not None
        and arr.shape[1] == 2
        and np.isfinite(arr).all()
        and (np.abs(arr) <= MAX_ABS_COORDINATE).all()
    ):
        return arr
    # The per-line parser decides, and names the line.
    return _parse_chunk_slow(chunk, first_line, delimiter, cols, decimal_comma)


def _has_odd_quote_line(src: str) -> bool:
    """Whether a line holds an odd number of '"', i.e. a quoted cell may continue on the next."""
    # In UTF-8, '"' and newline bytes never occur inside the encoding of another character.
    raw = np.frombuffer(src.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    quotes = np.flatnonzero(raw == ord('"'))
    line_ends = np.flatnonzero(raw == ord("\n"))
    quotes_before_end = np.searchsorted(quotes, line_ends)
    return bool((quotes_before_end % 2).any() or quotes.size % 2)


def _loadtxt(src: str, delimiter: str, cols: tuple[int, int]) -> np.ndarray | None:
    try:
        return np.loadtxt(
            io.StringIO(src),
            delimiter=delimiter,
            comments=None,
            quotechar='"',
            usecols=cols,
            dtype=np.float64,
            ndmin=2,
        )
    except Exception:
        return None


def _parse_chunk_slow(
    chunk: str, first_line: int, delimiter: str, cols: tuple[int, int], decimal_comma: bool
) -> np.ndarray:
    c0, c1 = cols
    need = c1 + 1
    values: list[float] = []
    for i, text in enumerate(chunk.split("\n")):
        stripped = text.strip()
        if not stripped or stripped.startswith("#"):
            continue
        line = first_line + i
        cells = split_cells(text, delimiter, line)
        if len(cells) < need:
            raise ParseError(
                f"has {len(cells)} cell{'s' if len(cells) != 1 else ''}, "
                f"expected at least {need} (the points are in columns {c0 + 1} and {c1 + 1})",
                line=line,
                line_text=text,
            )
        values.append(_cell_value(cells[c0], line, c0, text, delimiter, decimal_comma))
        values.append(_cell_value(cells[c1], line, c1, text, delimiter, decimal_comma))
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
