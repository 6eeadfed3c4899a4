"""Values described for messages, in the user's terms rather than Python's."""

from __future__ import annotations


def describe_value(value: object) -> str:
    """A short description of a (JSON) value for an error message: 'abc', 2.5, true, a list of 3."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int) and abs(value) > 10**15:
        return "a very large number"
    if isinstance(value, (int, float, str)):
        text = repr(value)
        return text if len(text) <= 40 else text[:40] + "…"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return f"a list of {len(value)}"
    return type(value).__name__
