"""Which columns of a CSV file are the points and which the known classes: by name, number, or kind.

A caller names a column by its header name or its 1-based number ("petal_length" or "3");
without a choice the first two numeric columns are the points and the first text column,
if any, the classes. ``peek_table`` reads only the head of a file, for a column chooser.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass

from emgui.io.csv_layout import (
    ParseError,
    TableLayout,
    decimal_hint,
    decode,
    detect_layout,
    quote,
)
from emgui.io.errors import InputError, input_error_from_oserror, read_input_bytes

ColumnSpec = str | int  # a header name, or a 1-based column number (as an int or its digits)
# More classes than this make a confusion matrix nobody reads; such a column is an id or a name.
MAX_CLASSES = 50
_PEEK_BYTES = 1 << 20
_NAMES_SHOWN = 12
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)


class ColumnError(InputError):
    """A column the caller asked for does not exist or cannot serve; the message lists the names.

    ``role`` says which choice failed: "columns" (x and y) or "labels" (the known classes).
    """

    role = "columns"

    def with_role(self, role: str) -> ColumnError:
        self.role = role
        return self


@dataclass(frozen=True)
class ColumnChoice:
    """The columns a reading uses, 0-based."""

    xy: tuple[int, int]
    labels: int | None = None
    chosen: bool = False  # named by the caller (no note about the columns left out)


def resolve_column(
    layout: TableLayout, spec: ColumnSpec, name: str = "<input>", role: str = "columns"
) -> int:
    """The 0-based index of the column ``spec`` names; ColumnError listing the columns if none.

    A header name wins over a number, so a column named "2" is found by its name.
    """
    names = layout.names
    if isinstance(spec, str):
        text = spec.strip()
        if text in names:
            return names.index(text)
        folded = [i for i, n in enumerate(names) if n.casefold() == text.casefold()]
        if len(folded) == 1:
            return folded[0]
        if text.isdigit():
            spec = int(text)
    if isinstance(spec, int) and not isinstance(spec, bool):
        if 1 <= spec <= layout.width:
            return spec - 1
        raise ColumnError(
            f"there is no column {spec}: the file has {layout.width} columns{_listing(layout)}",
            path=name,
        ).with_role(role)
    raise ColumnError(f"no column is named {str(spec)!r}{_listing(layout)}", path=name).with_role(
        role
    )


def _listing(layout: TableLayout) -> str:
    names = [n for n in layout.names if n]
    if not names:
        return " and no header row (choose columns by number, from 1)"
    shown = ", ".join(names[:_NAMES_SHOWN]) + (", …" if len(names) > _NAMES_SHOWN else "")
    return f"; the columns are: {shown}"


def choose_columns(
    layout: TableLayout,
    columns: Sequence[ColumnSpec] | None = None,
    labels: ColumnSpec | None = None,
    *,
    auto_labels: bool = True,
    name: str = "<input>",
) -> ColumnChoice:
    """The columns to read: the caller's, or the first two numeric ones and the first text one."""
    if columns is not None:
        if len(columns) != 2:
            raise ColumnError(
                f"choose two columns for x and y, got {len(columns)}: {list(columns)}", path=name
            )
        xy = (resolve_column(layout, columns[0], name), resolve_column(layout, columns[1], name))
        if xy[0] == xy[1]:
            raise ColumnError(f"x and y are the same {layout.describe(xy[0])}", path=name)
        for i in xy:
            _check_numeric(layout, i, name)
    else:
        xy = _first_numeric_pair(layout)
    if labels is not None:
        label_col = resolve_column(layout, labels, name, "labels")
    elif auto_labels:
        start = 1 if layout.index_column else 0
        label_col = next(
            (i for i in range(start, layout.width) if layout.kinds[i] == "text" and i not in xy),
            None,
        )
    else:
        label_col = None
    return ColumnChoice(xy, label_col, chosen=columns is not None)


def _check_numeric(layout: TableLayout, index: int, name: str) -> None:
    if layout.index_column and index == 0:
        raise ColumnError(f"{layout.describe(0)} is the row index, not data", path=name)
    row = layout.kind_rows[index]
    if layout.kinds[index] == "text" and row is not None:
        cell = row.cells[index]
        numeric = [layout.names[i] or str(i + 1) for i, k in enumerate(layout.kinds) if k == "num"]
        raise ColumnError(
            f"{layout.describe(index)} holds text ({quote(cell)} on line {row.line}), not numbers"
            + decimal_hint(cell, layout.delimiter)
            + (f"; the numeric columns are: {', '.join(numeric)}" if numeric else ""),
            path=name,
        )


def _first_numeric_pair(layout: TableLayout) -> tuple[int, int]:
    """The first two numeric columns; the errors of a file without two."""
    chosen: list[int] = []
    first_text: int | None = None
    for i in range(1 if layout.index_column else 0, layout.width):
        if layout.kinds[i] == "num":
            chosen.append(i)
            if len(chosen) == 2:
                return chosen[0], chosen[1]
        elif layout.kinds[i] == "text" and first_text is None:
            first_text = i
    first = layout.rows[0]
    if first_text is not None:
        row = layout.kind_rows[first_text] or first
        raise ParseError(
            f"{quote(row.cells[first_text])} is not a number (two numeric columns are needed)"
            + decimal_hint(row.cells[first_text], layout.delimiter),
            line=row.line,
            column=first_text + 1,
            line_text=row.text,
        )
    found = "one" if chosen else "none"
    blank = [i for i in range(layout.width) if layout.kinds[i] == "empty" and layout.names[i]]
    if blank or (layout.header is None and "empty" in layout.kinds):
        which = layout.describe(blank[0] if blank else layout.kinds.index("empty"))
        found += f" ({which} has only missing values in the first rows)"
    raise ParseError(
        f"needs two numeric columns, found {found}", line=first.line, line_text=first.text
    )


def peek_table(path: str | os.PathLike[str]) -> TableLayout:
    """The layout of a CSV file from its first megabyte: header names, kinds and a preview.

    Fast whatever the file's size, for a dialog shown before the file is read; InputError as
    read_points raises for a file it cannot read.
    """
    name = os.fsdecode(path)
    try:
        if not stat.S_ISREG(os.stat(name).st_mode):
            read_input_bytes(name)  # its message for a folder or a device, without opening it
        with open(name, "rb") as f:
            head = f.read(_PEEK_BYTES)
            more = bool(f.read(1))
    except OSError as exc:
        raise input_error_from_oserror(exc, name) from None
    except ValueError:  # e.g. a NUL character in the name
        raise InputError("is not a valid file name", path=name) from None
    if more and head.startswith(_WIDE_BOMS):
        head = read_input_bytes(name)  # a cut in UTF-16 or UTF-32 could split a character
    elif more:
        # A cut line is not data: keep whole lines (UTF-8 never has a newline byte inside
        # a character).
        head = head[: head.rfind(b"\n") + 1] or head
    text, _ = decode(head, name)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        return detect_layout(text)
    except ParseError as err:
        raise InputError(err.message, path=name, line=err.line, column=err.column) from None
