"""The session file: points, initial centers and settings as versioned JSON.

Loading validates every field and raises only InputError, naming the field (or
the line and column of a JSON syntax error). Saving writes numbers with
Python's shortest round-trip repr, so a loaded session is bit-identical to the
saved one, and never writes NaN or Infinity.
"""

from __future__ import annotations

import copy
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from emgui.core.validate import MAX_COMPONENTS
from emgui.io.atomic import write_atomic
from emgui.io.errors import InputError, LoadCancelled, read_input_bytes
from emgui.io.json_pieces import loads_in_pieces
from emgui.io.session_fields import (
    NonFinite,
    check_columns,
    check_covariances,
    check_pairs,
    check_view_range,
    check_weights,
    describe,
)
from emgui.io.settings_dict import settings_from_dict
from emgui.io.table_source import TableSource, source_from_dict, source_to_dict
from emgui.model.settings import Settings

FORMAT_NAME = "emgui-session"
FORMAT_VERSION = 1
FORMAT = f"{FORMAT_NAME}/{FORMAT_VERSION}"

# version v -> function turning a version-v session dict into a version-(v+1) one.
# Each receives a private deep copy, so it may change its argument; a failure
# anywhere (in a step or in the final validation) leaves the caller's dict as it was.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}


_KNOWN_KEYS = (
    "format",
    "columns",
    "settings",
    "centers",
    "center_covariances",
    "center_weights",
    "view_range",
    "source",
    "points",
)
_FORMAT_RE = re.compile(re.escape(FORMAT_NAME) + r"/(0|[1-9][0-9]{0,8})")
_LONG_NUMBER = re.compile(r"[0-9]{4301,}")  # more digits than int() converts by default


@dataclass(frozen=True, eq=False)
class SessionData:
    """A saved session; the arrays are float64, C-contiguous and read-only copies."""

    points: np.ndarray  # (n, 2), n may be 0
    centers: np.ndarray  # (k, 2), k may be 0
    settings: Settings = field(default_factory=Settings)
    center_covariances: np.ndarray | None = None  # (k, 2, 2): hand-drawn initial Gaussians
    center_weights: np.ndarray | None = None  # (k,)
    columns: tuple[str, str] | None = None  # names of the CSV columns the points came from
    view_range: tuple[tuple[float, float], tuple[float, float]] | None = None
    source: TableSource | None = None  # the table the points were read from, and its columns
    warnings: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        k = None  # set by centers, which come before the per-center arrays
        for name, shape in (
            ("points", (None, 2)),
            ("centers", (None, 2)),
            ("center_covariances", (None, 2, 2)),
            ("center_weights", (None,)),
        ):
            value = getattr(self, name)
            if value is None:
                continue
            arr = np.array(value, dtype=np.float64, order="C", copy=True)
            if arr.size == 0 and name != "center_weights":
                arr = arr.reshape((0, *shape[1:]))
            if arr.ndim != len(shape) or any(
                want is not None and got != want
                for got, want in zip(arr.shape, shape, strict=False)
            ):
                raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
            if name == "centers":
                k = arr.shape[0]
            elif name != "points" and arr.shape[0] != k:
                raise ValueError(f"{name} has {arr.shape[0]} entries for {k} centers")
            arr.setflags(write=False)
            object.__setattr__(self, name, arr)
        if self.columns is not None:
            object.__setattr__(self, "columns", tuple(self.columns))
        if self.view_range is not None:
            (x0, x1), (y0, y1) = self.view_range
            object.__setattr__(self, "view_range", ((float(x0), float(x1)), (float(y0), float(y1))))
        object.__setattr__(self, "warnings", tuple(self.warnings))


def save_session(path: str | os.PathLike[str], data: SessionData) -> None:
    """Write a session file atomically; OSError from the file system propagates."""
    write_atomic(path, session_to_json(data).encode("utf-8"))


def session_to_json(data: SessionData) -> str:
    """The session as JSON text: one top-level key per line, one point per line.

    Raises ValueError if an array holds NaN or infinity (the format has no such numbers).
    """
    parts: list[tuple[str, str]] = [("format", json.dumps(FORMAT))]
    if data.columns is not None:
        parts.append(("columns", json.dumps(list(data.columns), ensure_ascii=False)))
    parts.append(("settings", json.dumps(data.settings.to_dict(), allow_nan=False)))
    parts.append(("centers", _pairs_json(data.centers, "centers")))
    if data.center_covariances is not None:
        _check_finite_for_save(data.center_covariances, "center_covariances")
        parts.append(("center_covariances", json.dumps(data.center_covariances.tolist())))
    if data.center_weights is not None:
        _check_finite_for_save(data.center_weights, "center_weights")
        parts.append(("center_weights", json.dumps(data.center_weights.tolist())))
    if data.view_range is not None:
        parts.append(
            ("view_range", json.dumps([list(r) for r in data.view_range], allow_nan=False))
        )
    if data.source is not None:
        parts.append(("source", json.dumps(source_to_dict(data.source), ensure_ascii=False)))
    parts.append(("points", _pairs_json(data.points, "points")))
    body = ",\n".join(f"  {json.dumps(key)}: {value}" for key, value in parts)
    return "{\n" + body + "\n}\n"


def _check_finite_for_save(arr: np.ndarray, name: str) -> None:
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} holds NaN or infinity, which a session file cannot store")


# Rows formatted at a time. Formatting runs as Python bytecode, which lets other threads
# take turns; one tolist() or join over a million rows would hold the GIL for ~100 ms.
_ROWS_PER_BLOCK = 20_000


def _pairs_json(arr: np.ndarray, name: str) -> str:
    _check_finite_for_save(arr, name)
    if arr.shape[0] == 0:
        return "[]"
    # repr of a finite float is valid JSON and the shortest text that reads back bit-exactly
    blocks = [
        ",\n".join(f"    [{x!r}, {y!r}]" for x, y in arr[i : i + _ROWS_PER_BLOCK].tolist())
        for i in range(0, arr.shape[0], _ROWS_PER_BLOCK)
    ]
    return "[\n" + ",\n".join(blocks) + "\n  ]"


def load_session(
    path: str | os.PathLike[str],
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SessionData:
    """Read and validate a session file; raises only InputError (or LoadCancelled).

    ``progress(fraction)`` is called along the way; ``should_cancel()`` returning True
    raises LoadCancelled within a few tens of ms, even in a file of hundreds of MB.
    """
    name = os.fsdecode(path)
    read_progress = None if progress is None else (lambda f: progress(_READ_SHARE * f))
    raw = read_input_bytes(name, should_cancel=should_cancel, progress=read_progress)
    return parse_session(raw, name, progress, should_cancel)


Progress = Callable[[float], None]
_READ_SHARE = 0.2  # of the progress bar: reading; the rest is parsing


def parse_session(
    text: str | bytes | bytearray,
    name: str = "<session>",
    progress: Progress | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> SessionData:
    """Parse and validate session JSON text (or its UTF-8 bytes); raises only InputError.

    ``progress`` and ``should_cancel`` as for :func:`load_session`.
    """
    try:
        return _parse(text, name, progress, should_cancel)
    except (InputError, LoadCancelled):
        raise
    except MemoryError:
        raise InputError("the file is too large to load into memory", path=name) from None
    except RecursionError:
        raise InputError("not an emgui session: the JSON is nested too deeply", path=name) from None
    except Exception as exc:
        # A safety net: callers rely on InputError; the wording marks it as our bug.
        raise InputError(
            f"internal error while reading the session ({type(exc).__name__}: {exc})", path=name
        ) from exc


def _parse(text: str | bytes | bytearray, name: str, progress, should_cancel) -> SessionData:
    if not isinstance(text, str):
        raw = bytes(text)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(
                "not UTF-8 text; a session file is UTF-8 JSON", path=name, line=line
            ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError("the file is empty", path=name)
    parse_progress = (
        None if progress is None else (lambda f: progress(_READ_SHARE + (1 - _READ_SHARE) * f))
    )
    try:
        obj = loads_in_pieces(text, NonFinite, parse_progress, should_cancel)
    except json.JSONDecodeError as exc:
        hint = "; the file may be truncated" if exc.pos >= len(text.rstrip()) else ""
        raise InputError(
            f"not valid JSON ({exc.msg}){hint}", path=name, line=exc.lineno, column=exc.colno
        ) from None
    except ValueError as exc:
        long_number = _LONG_NUMBER.search(text)
        if long_number is not None:  # beyond what Python converts from text to an integer
            line = text.count("\n", 0, long_number.start()) + 1
            raise InputError(
                f"a number with {long_number.end() - long_number.start()} digits; a number "
                "in a session must fit a 64-bit float (at most about 1e308)",
                path=name,
                line=line,
            ) from None
        raise InputError(f"not valid JSON ({exc})", path=name) from None
    return session_from_dict(obj, name)


def session_from_dict(obj: object, name: str = "<session>") -> SessionData:
    """Validate a parsed session (migrating older formats); ``obj`` itself is never changed."""
    if not isinstance(obj, dict):
        raise InputError("not an emgui session (the file is not a JSON object)", path=name)
    version = _format_version(obj, name)
    if version < FORMAT_VERSION:
        obj = _migrate(obj, version, name)
    return _validate(obj, name)


def _format_version(obj: dict[str, Any], name: str) -> int:
    if "format" not in obj:
        raise InputError(
            f'missing; this is not an emgui session file (expected "format": "{FORMAT}")',
            path=name,
            field="format",
        )
    value = obj["format"]
    match = _FORMAT_RE.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise InputError(
            f"{describe(value)} is not an emgui session format (expected {FORMAT})",
            path=name,
            field="format",
        )
    version = int(match.group(1))
    if version > FORMAT_VERSION:
        raise InputError(
            f"was written by a newer emgui (format {value}); this version reads {FORMAT}",
            path=name,
            field="format",
        )
    return version


def _migrate(obj: dict[str, Any], version: int, name: str) -> dict[str, Any]:
    current = copy.deepcopy(obj)
    while version < FORMAT_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise InputError(
                f"format {FORMAT_NAME}/{version} is not supported; this version reads {FORMAT}",
                path=name,
                field="format",
            )
        try:
            current = step(current)
        except InputError:
            raise
        except Exception as exc:
            raise InputError(
                f"could not upgrade from {FORMAT_NAME}/{version}: {exc}", path=name, field="format"
            ) from exc
        if not isinstance(current, dict):
            raise InputError(
                f"could not upgrade from {FORMAT_NAME}/{version}", path=name, field="format"
            )
        version += 1
    return current


def _validate(obj: dict[str, Any], name: str) -> SessionData:
    warnings = [f"unknown field {key!r} ignored" for key in obj if key not in _KNOWN_KEYS]
    points = check_pairs(obj.get("points", []), "points", name)
    centers = check_pairs(obj.get("centers", []), "centers", name)
    k = centers.shape[0]
    if k > MAX_COMPONENTS:
        raise InputError(
            f"has {k} centers; at most {MAX_COMPONENTS} are allowed", path=name, field="centers"
        )
    settings, settings_warnings = settings_from_dict(obj.get("settings", {}), name)
    warnings.extend(settings_warnings)
    return SessionData(  # the optional fields checked in this order
        points=points,
        centers=centers,
        settings=settings,
        center_covariances=_optional(obj, "center_covariances", check_covariances, k, name),
        center_weights=_optional(obj, "center_weights", check_weights, k, name),
        columns=_optional(obj, "columns", check_columns, name),
        view_range=_optional(obj, "view_range", check_view_range, name),
        source=_optional(obj, "source", source_from_dict, name),
        warnings=tuple(warnings),
    )


def _optional(obj: dict[str, Any], key: str, check: Callable[..., Any], *args: Any) -> Any:
    """``check(value, *args)`` of an optional field; None where it is absent or null."""
    value = obj.get(key)
    return None if value is None else check(value, *args)
