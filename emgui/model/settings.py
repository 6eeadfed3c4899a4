"""The algorithm and view settings a session saves, with their allowed values."""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from emgui.core.geometry import ELLIPSE_LEVELS
from emgui.core.init import INIT_METHODS
from emgui.core.snapshot import ALGORITHMS, COVARIANCE_TYPES
from emgui.core.validate import MAX_COMPONENTS
from emgui.model.describe import describe_value

# "centers" starts from the user's placed centers; the others draw k of them.
INIT_CHOICES = ("centers", *INIT_METHODS)
# What a point's marker shape shows (its colour always shows the cluster): nothing (discs),
# its known class (iris: species by shape, clusters by colour), or its component (a grey print).
POINT_SHAPES = ("none", "classes", "components")

# name -> allowed values, for the string settings
_CHOICES: dict[str, tuple[str, ...]] = {
    "algorithm": ALGORITHMS,
    "covariance_type": COVARIANCE_TYPES,
    "init": INIT_CHOICES,
    "ellipse_level": ELLIPSE_LEVELS,
    "point_shapes": POINT_SHAPES,
}
MAX_SEED = 2**31 - 1  # what a seed field (a 32-bit spin box) can show
# name -> (lowest, highest or None), for the integer settings
_INT_RANGES: dict[str, tuple[int, int | None]] = {
    "k": (1, MAX_COMPONENTS),
    "seed": (0, MAX_SEED),
    "max_iter": (0, 100_000),
    "pace_ms": (0, 2000),
}
# name -> highest value, for the float settings (finite and >= 0; beta > 0). The side panel
# shows exactly these ranges, so that a loaded value is shown as it is, never clamped.
FLOAT_MAXIMA: dict[str, float] = {"tol": 1e3, "reg_covar": 1e6, "beta": 1e12}
_FLOATS = tuple(FLOAT_MAXIMA)
_BOOLS = ("soft_colors", "show_trails", "show_voronoi", "show_changed", "equal_aspect", "animate")


@dataclass(frozen=True)
class Settings:
    """Algorithm and view settings; constructing one with a bad value raises ValueError."""

    algorithm: str = "gmm"
    covariance_type: str = "full"
    init: str = "centers"  # the user's placed centers, or "random" / "kmeans++" with k
    k: int = 3
    seed: int = 0
    max_iter: int = 100
    tol: float = 1e-6
    reg_covar: float = 1e-6
    beta: float = 1.0  # stiffness of soft k-means
    pace_ms: int = 400
    ellipse_level: str = "2sd"
    soft_colors: bool = True
    show_trails: bool = True
    show_voronoi: bool = True
    show_changed: bool = True
    animate: bool = True  # at a pace above 0, steps move and fade rather than jump
    # One unit on x as long as one on y, so that round Gaussians look round. Off where the
    # axes' spreads differ twentyfold (raw Old Faithful): 1:1 shows a thin strip.
    equal_aspect: bool = True
    point_shapes: str = "none"  # one of POINT_SHAPES; older sessions load with discs

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value, problem = check_setting(f.name, getattr(self, f.name))
            if problem is not None:
                raise ValueError(f"settings.{f.name}: {problem}")
            # ints given for float settings are stored as floats, so a save round-trips exactly
            object.__setattr__(self, f.name, value)

    def to_dict(self) -> dict[str, Any]:
        """The settings as a JSON-ready dict, in field order."""
        return dataclasses.asdict(self)


def check_setting(name: str, value: object) -> tuple[object, str | None]:
    """The value as stored, and a message saying what is wrong with it (None if it is fine)."""
    if name in _CHOICES:
        allowed = _CHOICES[name]
        if isinstance(value, str) and value in allowed:
            return value, None
        return value, f"must be one of {', '.join(allowed)}; got {describe_value(value)}"
    if name in _INT_RANGES:
        low, high = _INT_RANGES[name]
        wanted = (
            f"a whole number >= {low}" if high is None else f"a whole number from {low} to {high}"
        )
        # bool is an int subclass, but true/false for a count is a mistake worth reporting
        if not _is_int(value) or value < low or (high is not None and value > high):
            return value, f"must be {wanted}, got {describe_value(value)}"
        return int(value), None
    if name in _FLOATS:
        if not (_is_int(value) or isinstance(value, (float, np.floating))):
            return value, f"must be a number >= 0, got {describe_value(value)}"
        try:
            as_float = float(value)
        except OverflowError:
            return value, f"must be a finite number >= 0, got {describe_value(value)}"
        if not math.isfinite(as_float) or as_float < 0:
            return value, f"must be a finite number >= 0, got {describe_value(value)}"
        if name == "beta" and as_float == 0:
            return value, "must be a finite number > 0, got 0"
        if as_float > FLOAT_MAXIMA[name]:
            return value, (
                f"must be a finite number >= 0 and at most {FLOAT_MAXIMA[name]:g}, "
                f"got {describe_value(value)}"
            )
        return as_float, None
    if name in _BOOLS:
        if not isinstance(value, (bool, np.bool_)):
            return value, f"must be true or false, got {describe_value(value)}"
        return bool(value), None
    raise AssertionError(f"no check for setting {name!r}")


def _is_int(value: object) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, bool)
