"""The layout of a CSV file, decided from its first rows: encoding, delimiter, header, columns.

Also the per-cell rules shared by the layout and the data parser: how a line
splits into cells, what a number is, and how a cell is quoted in a message.
"""

from __future__ import annotations

import codecs
import csv
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

from emgui.io.errors import InputError, LoadCancelled

# Rows used to choose the delimiter and header, and to classify empty first-row cells.
SAMPLE_ROWS = 100
DELIMITER_SAMPLE = 20
_DELIMITERS = (";", "\t", ",")  # in order of preference when several fit
_QUOTED_CELL_MAX = 40
_COLUMN_NAME_MAX = 200
# What spreadsheets, R and pandas write for a missing value (compared in lower case);
# "?" is the UCI repository's mark. A row with one of these in a chosen column is skipped.
MISSING_MARKERS = frozenset(
    ["", "na", "n/a", "nan", "-nan", "+nan", "null", "none", "<na>", "#n/a", "#na", "?"]
)

_BOMS = (
    # UTF-32 first: its little-endian mark starts with the UTF-16 one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that text files do not hold (tab, newlines and form feed are not here).
_CONTROL = tuple(chr(c) for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0)))


class ParseError(Exception):
    """A problem at a place in the text; turned into an InputError once the file name is known."""

    def __init__(
        self,
        message: str,
        line: int | None = None,
        column: int | None = None,
        line_text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.line_text = line_text


def decode(data: bytes, name: str) -> tuple[str, bool]:
    """The text of ``data`` and whether it was read as Latin-1 after failing as UTF-8."""
    if not data:
        raise InputError("the file is empty", path=name)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            try:
                text = body.decode(encoding)
            except UnicodeDecodeError as exc:
                label = encoding.upper().rsplit("-", 1)[0] if encoding != "utf-8" else "UTF-8"
                raise InputError(
                    f"not valid {label} text although the file starts with that byte order mark",
                    path=name,
                    line=line_of_offset(body, exc.start, encoding),
                ) from None
            if "\x00" in text:
                raise InputError("not a text CSV file (it contains NUL characters)", path=name)
            return text, False
    if b"\x00" in data:
        raise InputError(
            "not a text CSV file (it contains NUL bytes; a UTF-16 file needs a byte order mark)",
            path=name,
        )
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        # Latin-1 maps every byte; whether the result is acceptable is decided by parsing it.
        return data.decode("latin-1"), True


def line_of_offset(data: bytes, offset: int, encoding: str) -> int:
    prefix = data[:offset].decode(encoding, errors="replace")
    return prefix.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def looks_binary(text: str) -> bool:
    sample = text[:65536]
    count = sum(sample.count(ch) for ch in _CONTROL)
    # A stray control character is a data error to report by line; many mean binary data.
    return count > 2 and count * 100 > len(sample)


def encoding_error(err: ParseError, name: str) -> InputError | None:
    """The error for a line that failed to parse because its bytes are not UTF-8, else None."""
    raw = (err.line_text or "").encode("latin-1", errors="replace")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return InputError(
            f"contains bytes that are not valid UTF-8 text (0x{raw[exc.start]:02x}); "
            "save the file as UTF-8",
            path=name,
            line=err.line,
            column=err.column,
        )
    return None


@dataclass
class Row:
    line: int  # 1-based
    offset: int  # index of the line's first character in the text
    text: str
    cells: list[str]


def first_content_lines(
    text: str, should_cancel: Callable[[], bool] | None
) -> list[tuple[int, int, str]]:
    """Up to SAMPLE_ROWS (line number, offset, text) of the lines that hold cells."""
    out: list[tuple[int, int, str]] = []
    pos, line, n = 0, 1, len(text)
    while pos < n and len(out) < SAMPLE_ROWS:
        end = text.find("\n", pos)
        if end < 0:
            end = n
        s = text[pos:end]
        stripped = s.strip()
        if stripped and not stripped.startswith("#"):
            out.append((line, pos, s))
        pos, line = end + 1, line + 1
        if line % 100_000 == 0 and should_cancel is not None and should_cancel():
            raise LoadCancelled
    return out


def detect_delimiter(lines: list[str]) -> str:
    for d in _DELIMITERS:
        if all(d in t for t in lines):
            return d
    # No delimiter on every line (ragged or single-column data): the most common one.
    counts = [sum(d in t for t in lines) for d in _DELIMITERS]
    best = max(range(len(_DELIMITERS)), key=lambda i: counts[i])
    return _DELIMITERS[best] if counts[best] else ","


def split_cells(line: str, delimiter: str, lineno: int) -> list[str]:
    if '"' not in line:
        return line.split(delimiter)
    try:
        return next(csv.reader([line], delimiter=delimiter, quotechar='"'))
    except csv.Error as exc:
        raise ParseError(
            f"the line cannot be split into cells ({exc})", line=lineno, line_text=line
        ) from None
    except StopIteration:
        return [""]


def number(cell: str, decimal_comma: bool) -> float | None:
    s = cell.strip()
    if decimal_comma:
        s = s.replace(",", ".")
    try:
        return float(s)
    except ValueError:
        return None


def is_missing(cell: str) -> bool:
    """Whether a cell marks a missing value: empty, NA, N/A, NaN, null, None, ? and the like."""
    return cell.strip().lower() in MISSING_MARKERS


def cell_kind(cell: str, decimal_comma: bool) -> str:
    if is_missing(cell):
        return "empty"
    return "num" if number(cell, decimal_comma) is not None else "text"


def is_header(rows: list[Row], decimal_comma: bool) -> bool:
    """Whether the first row names the columns rather than holding data.

    It does when it has a text cell, unless it is a data row with text columns
    (such as a species name) lined up with text in the next row.
    """
    kinds0 = [cell_kind(c, decimal_comma) for c in rows[0].cells]
    if "text" not in kinds0:
        return False
    if len(rows) == 1 or kinds0.count("num") < 2:
        return True
    kinds1 = [cell_kind(c, decimal_comma) for c in rows[1].cells]
    return any(k == "text" and i < len(kinds1) and kinds1[i] == "num" for i, k in enumerate(kinds0))


def looks_like_row_index(header: Row | None, rows: list[Row], decimal_comma: bool) -> bool:
    """A first column with no name holding 0, 1, 2, … (or 1, 2, 3, …) before two more columns.

    pandas' DataFrame.to_csv writes its index so; read as data it would become x.
    """
    if header is None or header.cells[0].strip() not in ("", "Unnamed: 0"):
        return False
    if len(rows[0].cells) < 3 or len(rows) < 2:
        return False
    values = [number(r.cells[0], decimal_comma) if r.cells else None for r in rows]
    if any(v is None or not v.is_integer() for v in values):  # also False for inf and NaN
        return False
    return values[0] in (0, 1) and all(b - a == 1 for a, b in itertools.pairwise(values))


def column_name(cell: str) -> str:
    name = cell.strip()
    return name if len(name) <= _COLUMN_NAME_MAX else name[:_COLUMN_NAME_MAX] + "…"


def column_title(names: Sequence[str] | None, index: int) -> str:
    """A column's header name, or "column 3" (1-based) where it has none."""
    name = names[index] if names is not None and index < len(names) else ""
    return name or f"column {index + 1}"


def quote(cell: str) -> str:
    cell = cell.strip()
    if len(cell) > _QUOTED_CELL_MAX:
        return repr(cell[:_QUOTED_CELL_MAX] + "…")
    return repr(cell)


def decimal_hint(cell: str, delimiter: str) -> str:
    if delimiter != ";" and "," in cell and number(cell, True) is not None:
        return "; decimal commas are read only in semicolon-separated files"
    return ""


@dataclass(frozen=True, eq=False)
class TableLayout:
    """How a CSV file is laid out, from its first rows: what a column chooser needs to know."""

    delimiter: str
    decimal_comma: bool
    header: Row | None
    rows: tuple[Row, ...]  # the sampled data rows, the first data row first
    index_column: bool  # the first column is a row index (pandas) and is never data
    kinds: tuple[str, ...]  # per column: "num", "text", or "empty" (missing in every sampled row)
    kind_rows: tuple[Row | None, ...]  # per column, the row whose cell decided its kind

    @property
    def width(self) -> int:
        """The number of columns: the most cells in the header or a sampled row."""
        return len(self.kinds)

    @cached_property  # made once: callers index it column by column
    def names(self) -> tuple[str, ...]:
        """Every column's header name ("" where the header has none, or without a header)."""
        cells = self.header.cells if self.header is not None else []
        return tuple(column_name(cells[i]) if i < len(cells) else "" for i in range(self.width))

    def describe(self, index: int) -> str:
        """'column 3 ('petal_length')', or 'column 3' when it has no name."""
        name = self.names[index] if index < self.width else ""
        return f"column {index + 1} ({name!r})" if name else f"column {index + 1}"

    def preview(self, n_rows: int = 10) -> tuple[tuple[str, ...], ...]:
        """The first data rows' cells, stripped and padded to the width, for a preview."""
        return tuple(
            tuple(r.cells[i].strip() if i < len(r.cells) else "" for i in range(self.width))
            for r in self.rows[:n_rows]
        )


def detect_layout(text: str, should_cancel: Callable[[], bool] | None = None) -> TableLayout:
    """The layout of CSV ``text`` (newlines already normalised); ParseError if it has none."""
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
    width = max(len(r.cells) for r in rows)
    kinds: list[str] = []
    kind_rows: list[Row | None] = []
    for i in range(width):
        # The first cell that is not missing decides, as the first data row did before
        # missing values were skipped: later rows can only confirm it or be an error.
        row = next((r for r in data_rows if i < len(r.cells) and not is_missing(r.cells[i])), None)
        kinds.append("empty" if row is None else cell_kind(row.cells[i], decimal_comma))
        kind_rows.append(row)
    return TableLayout(
        delimiter=delimiter,
        decimal_comma=decimal_comma,
        header=header,
        rows=tuple(data_rows),
        index_column=looks_like_row_index(header, data_rows, decimal_comma),
        kinds=tuple(kinds),
        kind_rows=tuple(kind_rows),
    )
