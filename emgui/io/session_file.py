"""The session file: points, initial centers and settings as versioned JSON.

Loading validates every field and raises only InputError, naming the field (or
the line and column of a JSON syntax error). Saving writes numbers with
Python's shortest round-trip repr, so a loaded session is bit-identical to the
saved one, and never writes NaN or Infinity.
"""

from __future__ import annotations

import copy
import json
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from emgui.core.validate import MAX_ABS_COORDINATE, MAX_COMPONENTS
from emgui.io.atomic import write_atomic
from emgui.io.errors import InputError, read_input_bytes
from emgui.io.settings_dict import settings_from_dict
from emgui.model.describe import describe_value
from emgui.model.settings import Settings

FORMAT_NAME = "emgui-session"
FORMAT_VERSION = 1
FORMAT = f"{FORMAT_NAME}/{FORMAT_VERSION}"

# version v -> function turning a version-v session dict into a version-(v+1) one.
# Each receives a private deep copy, so it may change its argument; a failure
# anywhere (in a step or in the final validation) leaves the caller's dict as it was.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {}

# Covariances of coordinates within ±MAX_ABS_COORDINATE stay below its square.
MAX_ABS_COVARIANCE = MAX_ABS_COORDINATE**2
WEIGHT_SUM_TOLERANCE = 1e-6

_KNOWN_KEYS = (
    "format",
    "columns",
    "settings",
    "centers",
    "center_covariances",
    "center_weights",
    "view_range",
    "points",
)
_FORMAT_RE = re.compile(re.escape(FORMAT_NAME) + r"/(0|[1-9][0-9]{0,8})")
_NUMBER_TYPES = (int, float)


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


def load_session(path: str | os.PathLike[str]) -> SessionData:
    """Read and validate a session file; raises only InputError."""
    name = os.fsdecode(path)
    return parse_session(read_input_bytes(name), name)


def parse_session(text: str | bytes | bytearray, name: str = "<session>") -> SessionData:
    """Parse and validate session JSON text (or its UTF-8 bytes); raises only InputError."""
    try:
        return _parse(text, name)
    except InputError:
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


class _NonFinite:
    """Stands in for NaN / Infinity while parsing, so validation can name the field."""

    def __init__(self, token: str) -> None:
        self.token = token


def _parse(text: str | bytes | bytearray, name: str) -> SessionData:
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
    try:
        obj = json.loads(text, parse_constant=_NonFinite)
    except json.JSONDecodeError as exc:
        hint = "; the file may be truncated" if exc.pos >= len(text.rstrip()) else ""
        raise InputError(
            f"not valid JSON ({exc.msg}){hint}", path=name, line=exc.lineno, column=exc.colno
        ) from None
    except ValueError as exc:  # e.g. an integer with more digits than Python converts
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
            f"{_describe(value)} is not an emgui session format (expected {FORMAT})",
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
    points = _pairs(obj.get("points", []), "points", name)
    centers = _pairs(obj.get("centers", []), "centers", name)
    k = centers.shape[0]
    if k > MAX_COMPONENTS:
        raise InputError(
            f"has {k} centers; at most {MAX_COMPONENTS} are allowed", path=name, field="centers"
        )
    settings, settings_warnings = settings_from_dict(obj.get("settings", {}), name)
    warnings.extend(settings_warnings)
    covariances = obj.get("center_covariances")
    if covariances is not None:
        covariances = _covariances(covariances, k, name)
    weights = obj.get("center_weights")
    if weights is not None:
        weights = _weights(weights, k, name)
    columns = obj.get("columns")
    if columns is not None:
        columns = _columns(columns, name)
    view_range = obj.get("view_range")
    if view_range is not None:
        view_range = _view_range(view_range, name)
    return SessionData(
        points=points,
        centers=centers,
        settings=settings,
        center_covariances=covariances,
        center_weights=weights,
        columns=columns,
        view_range=view_range,
        warnings=tuple(warnings),
    )


def _error(message: str, name: str, field_name: str) -> InputError:
    return InputError(message, path=name, field=field_name)


def _is_number(value: object) -> bool:
    return type(value) in _NUMBER_TYPES


def _as_float(v: object, where: str, name: str, bound: float = math.inf, hint: str = "") -> float:
    """``v`` as a finite float within ±bound, or an InputError saying why it is not one."""
    if isinstance(v, _NonFinite):
        raise _error(f"{v.token} is not a finite number", name, where)
    if not _is_number(v):  # bool is not a number here, although Python says it is an int
        raise _error(f"must be a number, got {_describe(v)}", name, where)
    try:
        x = float(v)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):  # a literal such as 1e400, or a huge integer
        raise _error("is not a finite number (too large for a 64-bit float)", name, where)
    if abs(x) > bound:
        raise _error(f"{x!r} is beyond ±{bound:g}{hint}", name, where)
    return x


def _pairs(value: object, field_name: str, name: str) -> np.ndarray:
    """A list of [x, y] pairs as an (n, 2) array of finite coordinates within the bound."""
    if not isinstance(value, list):
        raise _error(f"must be a list of [x, y] pairs, got {_describe(value)}", name, field_name)
    if not value:
        return np.empty((0, 2))
    well_formed = all(
        type(row) is list and len(row) == 2 and _is_number(row[0]) and _is_number(row[1])
        for row in value
    )
    arr = None
    if well_formed:
        try:
            arr = np.array(value, dtype=np.float64)
        except OverflowError:  # an integer beyond float range; found below
            arr = None
    if arr is not None and np.isfinite(arr).all() and (np.abs(arr) <= MAX_ABS_COORDINATE).all():
        return arr
    # Something is wrong: find the first offending pair for the message.
    for i, row in enumerate(value):
        where = f"{field_name}[{i}]"
        if type(row) is not list or len(row) != 2:
            raise _error(f"must be a pair [x, y], got {_describe(row)}", name, where)
        for v in row:
            _as_float(v, where, name, MAX_ABS_COORDINATE, hint="; rescale the data")
    raise AssertionError("a bad pair was not found")


def _covariances(value: object, k: int, name: str) -> np.ndarray:
    fname = "center_covariances"
    if not isinstance(value, list):
        raise _error(f"must be a list of 2x2 matrices, got {_describe(value)}", name, fname)
    if len(value) != k:
        raise _error(
            f"has {len(value)} matrices but there are {k} centers; they must match", name, fname
        )
    out = np.empty((k, 2, 2))
    for i, m in enumerate(value):
        where = f"{fname}[{i}]"
        if not (
            type(m) is list and len(m) == 2 and all(type(r) is list and len(r) == 2 for r in m)
        ):
            raise _error(f"must be a 2x2 matrix [[a, b], [b, d]], got {_describe(m)}", name, where)
        (a, b), (c, d) = (
            [
                _as_float(v, f"{where}[{r}][{s}]", name, MAX_ABS_COVARIANCE)
                for s, v in enumerate(row)
            ]
            for r, row in enumerate(m)
        )
        if abs(b - c) > 1e-9 * max(abs(a), abs(d), abs(b), abs(c)):
            raise _error(f"{where} is not symmetric ({b!r} != {c!r})", name, where)
        # b*b < a*d, written so that the products cannot overflow
        if not (a > 0 and d > 0 and abs(b) < math.sqrt(a) * math.sqrt(d)):
            raise _error(f"{where} is not positive definite", name, where)
        # Averaging keeps an exactly symmetric matrix exactly as it was.
        sym = b if b == c else (b + c) / 2
        out[i] = ((a, sym), (sym, d))
    return out


def _weights(value: object, k: int, name: str) -> np.ndarray:
    fname = "center_weights"
    if not isinstance(value, list):
        raise _error(f"must be a list of numbers, got {_describe(value)}", name, fname)
    if len(value) != k:
        raise _error(
            f"has {len(value)} weights but there are {k} centers; they must match", name, fname
        )
    weights = []
    for i, v in enumerate(value):
        where = f"{fname}[{i}]"
        w = _as_float(v, where, name)
        if w < 0:
            raise _error(f"{where} is negative ({w!r})", name, where)
        if w == 0:
            # A component of weight 0 has log-weight -inf and no points: EM cannot use it.
            raise _error(f"{where} is 0; every weight must be positive", name, where)
        if w > 1 + WEIGHT_SUM_TOLERANCE:
            raise _error(f"{where} is {w!r}; a weight is at most 1", name, where)
        weights.append(w)
    total = math.fsum(weights)
    if k and abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise _error(f"{fname} sum to {total:.6g}; they must sum to 1", name, fname)
    return np.array(weights, dtype=np.float64).reshape(k)


def _columns(value: object, name: str) -> tuple[str, str]:
    if not (type(value) is list and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise _error(f"must be a list of two names, got {_describe(value)}", name, "columns")
    return value[0], value[1]


def _view_range(value: object, name: str) -> tuple[tuple[float, float], tuple[float, float]]:
    fname = "view_range"
    shape_ok = (
        type(value) is list
        and len(value) == 2
        and all(type(r) is list and len(r) == 2 for r in value)
    )
    if not shape_ok:
        raise _error(f"must be [[xmin, xmax], [ymin, ymax]], got {_describe(value)}", name, fname)
    ranges = []
    for axis, (lo, hi) in zip("xy", value, strict=True):
        where = f"{fname}.{axis}"
        lo_f = _as_float(lo, where, name)
        hi_f = _as_float(hi, where, name)
        if not (lo_f < hi_f and math.isfinite(hi_f - lo_f)):
            raise _error(
                f"{axis}min must be below {axis}max, got [{lo_f!r}, {hi_f!r}]", name, where
            )
        ranges.append((lo_f, hi_f))
    return ranges[0], ranges[1]


def _describe(value: object) -> str:
    if isinstance(value, _NonFinite):
        return value.token
    return describe_value(value)
