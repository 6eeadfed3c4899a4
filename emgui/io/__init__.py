"""File input and output: CSV points, session JSON, atomic writes; errors as InputError.

The names are loaded on first use, so that ``emgui.model.settings`` (which the session
file uses) can itself import ``emgui.io.errors`` without an import cycle.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from emgui.io.atomic import write_atomic
    from emgui.io.csv_points import PointsData, parse_points_text, read_points
    from emgui.io.errors import InputError, LoadCancelled
    from emgui.io.session_file import (
        SessionData,
        load_session,
        parse_session,
        save_session,
        session_to_json,
    )

_EXPORTS = {
    "InputError": "emgui.io.errors",
    "LoadCancelled": "emgui.io.errors",
    "PointsData": "emgui.io.csv_points",
    "read_points": "emgui.io.csv_points",
    "parse_points_text": "emgui.io.csv_points",
    "SessionData": "emgui.io.session_file",
    "load_session": "emgui.io.session_file",
    "parse_session": "emgui.io.session_file",
    "save_session": "emgui.io.session_file",
    "session_to_json": "emgui.io.session_file",
    "write_atomic": "emgui.io.atomic",
}

__all__ = [
    "InputError",
    "LoadCancelled",
    "PointsData",
    "SessionData",
    "load_session",
    "parse_points_text",
    "parse_session",
    "read_points",
    "save_session",
    "session_to_json",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'emgui.io' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
