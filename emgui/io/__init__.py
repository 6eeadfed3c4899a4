"""Files: CSV points, session JSON, run JSON, autosave, atomic writes; errors as InputError."""

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
