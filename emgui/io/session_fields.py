"""Checks of a session's fields: each returns the value to keep, or raises InputError naming it.

What the engine or the display would refuse later (a covariance too small or too thin for
the engine's arithmetic, a view range pyqtgraph cannot draw, a name that is not text) is
refused here, at the door, with the field named.
"""

from __future__ import annotations

import math

import numpy as np

from emgui.core.validate import MAX_ABS_COORDINATE
from emgui.io.errors import InputError
from emgui.model.describe import describe_value

# Covariances of coordinates within ±MAX_ABS_COORDINATE stay below its square.
MAX_ABS_COVARIANCE = MAX_ABS_COORDINATE**2
WEIGHT_SUM_TOLERANCE = 1e-6
_NUMBER_TYPES = (int, float)
_ROWS_PER_BLOCK = 50_000
# A covariance's a*d must be a normal float with room to spare: the engine divides by it.
MIN_VARIANCE_PRODUCT = 1e-290
# 1 - correlation² below this: a line within the rounding of 64-bit floats.
MIN_ONE_MINUS_RHO2 = 1e-12
# A view narrower than this (absolute, or relative to its values) cannot be drawn.
MIN_VIEW_WIDTH = 1e-200
MIN_VIEW_RELATIVE = 1e-12


class NonFinite:
    """Stands in for NaN / Infinity while parsing, so validation can name the field."""

    def __init__(self, token: str) -> None:
        self.token = token


def _error(message: str, name: str, field_name: str) -> InputError:
    return InputError(message, path=name, field=field_name)


def _is_number(value: object) -> bool:
    return type(value) in _NUMBER_TYPES


def _as_float(v: object, where: str, name: str, bound: float = math.inf, hint: str = "") -> float:
    """``v`` as a finite float within ±bound, or an InputError saying why it is not one."""
    if isinstance(v, NonFinite):
        raise _error(f"{v.token} is not a finite number", name, where)
    if not _is_number(v):  # bool is not a number here, although Python says it is an int
        raise _error(f"must be a number, got {describe(v)}", name, where)
    try:
        x = float(v)
    except OverflowError:
        x = math.inf
    if not math.isfinite(x):  # a literal such as 1e400, or a huge integer
        raise _error("is not a finite number (too large for a 64-bit float)", name, where)
    if abs(x) > bound:
        raise _error(f"{x!r} is beyond ±{bound:g}{hint}", name, where)
    return x


def check_pairs(value: object, field_name: str, name: str) -> np.ndarray:
    """A list of [x, y] pairs as an (n, 2) array of finite coordinates within the bound."""
    if not isinstance(value, list):
        raise _error(f"must be a list of [x, y] pairs, got {describe(value)}", name, field_name)
    if not value:
        return np.empty((0, 2))
    well_formed = all(
        type(row) is list and len(row) == 2 and _is_number(row[0]) and _is_number(row[1])
        for row in value
    )
    arr = None
    if well_formed:
        try:
            arr = np.empty((len(value), 2))
            # In blocks: one np.array over a million rows holds the GIL for ~0.3 s.
            for i in range(0, len(value), _ROWS_PER_BLOCK):
                arr[i : i + _ROWS_PER_BLOCK] = value[i : i + _ROWS_PER_BLOCK]
        except OverflowError:  # an integer beyond float range; found below
            arr = None
    if arr is not None and np.isfinite(arr).all() and (np.abs(arr) <= MAX_ABS_COORDINATE).all():
        return arr
    # Something is wrong: find the first offending pair for the message.
    for i, row in enumerate(value):
        where = f"{field_name}[{i}]"
        if type(row) is not list or len(row) != 2:
            raise _error(f"must be a pair [x, y], got {describe(row)}", name, where)
        for v in row:
            _as_float(v, where, name, MAX_ABS_COORDINATE, hint="; rescale the data")
    raise AssertionError("a bad pair was not found")


def _one_per_center(value: object, k: int, name: str, fname: str, kind: str, items: str) -> list:
    """``value`` as a list of k entries, or an InputError naming ``fname``."""
    if not isinstance(value, list):
        raise _error(f"must be a list of {kind}, got {describe(value)}", name, fname)
    if len(value) != k:
        raise _error(
            f"has {len(value)} {items} but there are {k} centers; they must match", name, fname
        )
    return value


def check_covariances(value: object, k: int, name: str) -> np.ndarray:
    """(k, 2, 2) symmetric positive definite matrices the engine can compute with."""
    fname = "center_covariances"
    value = _one_per_center(value, k, name, fname, "2x2 matrices", "matrices")
    out = np.empty((k, 2, 2))
    for i, m in enumerate(value):
        where = f"{fname}[{i}]"
        if not (
            type(m) is list and len(m) == 2 and all(type(r) is list and len(r) == 2 for r in m)
        ):
            raise _error(f"must be a 2x2 matrix [[a, b], [b, d]], got {describe(m)}", name, where)
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
        # The engine divides by a*d - b*b: too small a product underflows to 0 there.
        if not a * d >= MIN_VARIANCE_PRODUCT:
            raise _error(
                f"{where} is too small to compute with (variances {a!r} and {d!r}; their "
                f"product must be at least {MIN_VARIANCE_PRODUCT:g}); rescale the data",
                name,
                where,
            )
        rho = b / math.sqrt(a) / math.sqrt(d)
        if 1.0 - rho * rho < MIN_ONE_MINUS_RHO2:
            raise _error(
                f"{where} is nearly singular (correlation {rho:.15g}): its Gaussian is "
                "a line, on which the engine's arithmetic fails",
                name,
                where,
            )
        # Averaging keeps an exactly symmetric matrix exactly as it was.
        sym = b if b == c else (b + c) / 2
        out[i] = ((a, sym), (sym, d))
    return out


def check_weights(value: object, k: int, name: str) -> np.ndarray:
    """k positive weights summing to 1."""
    fname = "center_weights"
    value = _one_per_center(value, k, name, fname, "numbers", "weights")
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


def check_columns(value: object, name: str) -> tuple[str, str]:
    """Two column names, each valid Unicode text (so that the session can be saved again)."""
    if not (type(value) is list and len(value) == 2 and all(isinstance(v, str) for v in value)):
        raise _error(f"must be a list of two names, got {describe(value)}", name, "columns")
    for i, text in enumerate(value):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate: "\ud800" in JSON
            bad = ascii(text[exc.start])[1:-1]
            raise _error(
                f"columns[{i}] is not valid text (it holds a lone surrogate {bad})",
                name,
                f"columns[{i}]",
            ) from None
    return value[0], value[1]


def check_view_range(value: object, name: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """((xmin, xmax), (ymin, ymax)), each wide enough to draw."""
    fname = "view_range"
    shape_ok = (
        type(value) is list
        and len(value) == 2
        and all(type(r) is list and len(r) == 2 for r in value)
    )
    if not shape_ok:
        raise _error(f"must be [[xmin, xmax], [ymin, ymax]], got {describe(value)}", name, fname)
    ranges = []
    for axis, (lo, hi) in zip("xy", value, strict=True):
        where = f"{fname}.{axis}"
        lo_f = _as_float(lo, where, name)
        hi_f = _as_float(hi, where, name)
        if not (lo_f < hi_f and math.isfinite(hi_f - lo_f)):
            raise _error(
                f"{axis}min must be below {axis}max, got [{lo_f!r}, {hi_f!r}]", name, where
            )
        width = hi_f - lo_f
        if width < MIN_VIEW_WIDTH or width < MIN_VIEW_RELATIVE * max(abs(lo_f), abs(hi_f)):
            raise _error(
                f"[{lo_f!r}, {hi_f!r}] is too narrow to draw (its width must be at least "
                f"{MIN_VIEW_WIDTH:g} and {MIN_VIEW_RELATIVE:g} of its largest value)",
                name,
                where,
            )
        ranges.append((lo_f, hi_f))
    return ranges[0], ranges[1]


def describe(value: object) -> str:
    """A value as a message shows it (NaN and Infinity by their JSON names)."""
    if isinstance(value, NonFinite):
        return value.token
    return describe_value(value)
