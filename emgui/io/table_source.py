"""Where a session's points came from: the table's columns and the choice made among them.

An optional session key, ``"source"``, so format emgui-session/1 is unchanged: older files
lack it and load as before; an older emgui reading a newer file notes "unknown field
'source' ignored" and loads the rest. Its value::

    {"file": "iris.csv", "header": ["sepal_length", …, "species"],
     "x": 2, "y": 3, "labels": 4, "standardised": false}

with 0-based column indices (``labels`` may be null) and ``header`` the file's column
names ("" for a column without one), so that reopening the table can offer the same choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from emgui.io.csv_layout import column_title
from emgui.io.errors import InputError

KEY = "source"
_MAX_COLUMNS = 10_000
_MAX_NAME = 1000


@dataclass(frozen=True)
class TableSource:
    """The table file the points were read from, its columns and the columns used."""

    file: str
    header: tuple[str, ...]
    x: int
    y: int
    labels: int | None = None
    standardised: bool = False

    def __post_init__(self) -> None:
        width = len(self.header)
        for name, value in (("x", self.x), ("y", self.y), ("labels", self.labels)):
            if value is not None and not 0 <= value < max(width, 1):
                raise ValueError(f"{name} = {value} is not a column of {width}")

    @property
    def columns(self) -> tuple[str, str]:
        """Names of the x and y columns ("column 3" where the header has none)."""
        return (column_title(self.header, self.x), column_title(self.header, self.y))


def source_to_dict(source: TableSource) -> dict:
    """The JSON value of the session's "source" key."""
    return {
        "file": source.file,
        "header": list(source.header),
        "x": source.x,
        "y": source.y,
        "labels": source.labels,
        "standardised": source.standardised,
    }


def source_from_dict(value: object, name: str = "<session>") -> TableSource:
    """A TableSource from the session's "source" value; InputError naming the field."""

    def fail(field: str, message: str) -> InputError:
        return InputError(message, path=name, field=f"{KEY}.{field}" if field else KEY)

    if not isinstance(value, dict):
        raise fail("", f"must be an object, got {type(value).__name__}")
    file = value.get("file")
    if not isinstance(file, str) or len(file) > _MAX_NAME:
        raise fail("file", "must be a file name")
    header = value.get("header")
    if (
        not isinstance(header, list)
        or len(header) > _MAX_COLUMNS
        or not all(isinstance(h, str) and len(h) <= _MAX_NAME for h in header)
    ):
        raise fail("header", "must be a list of column names")
    width = len(header)
    indices = {}
    for field in ("x", "y", "labels"):
        v = value.get(field)
        if v is None and field == "labels":
            indices[field] = None
            continue
        if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v < max(width, 1):
            raise fail(field, f"must be a column index from 0 to {max(width - 1, 0)}, got {v!r}")
        indices[field] = v
    if indices["x"] == indices["y"]:
        raise fail("y", "is the same column as x")
    standardised = value.get("standardised", False)
    if not isinstance(standardised, bool):
        raise fail("standardised", "must be true or false")
    return TableSource(file, tuple(header), standardised=standardised, **indices)
