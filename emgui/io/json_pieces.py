"""A JSON object parsed in pieces, so that a large session can show progress and be cancelled.

``json.loads`` of a large file is one C call that holds the GIL: 236 MB stalled the window
for 5.5 s with no progress and no way to cancel. The bulk of a session is its list of
points, so the top-level object is walked key by key, and a long list of [x, y] pairs is
parsed a slice at a time (each slice is one ``json.loads``, a few ms). Between slices the
GUI thread gets the GIL back, progress is reported and cancel is checked.

The result equals ``json.loads(text, parse_constant=...)``; whatever the piecewise walk
cannot follow (a malformed file, strings where pairs should be) is parsed again whole,
so that errors are reported exactly as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from emgui.io.errors import LoadCancelled

__all__ = ["loads_in_pieces"]

# Characters per slice of a list of pairs: ~30 ms of json.loads.
SLICE_CHARS = 1 << 20
# Characters searched past a slice for the next gap between pairs.
_SEARCH_AHEAD = 1 << 16
# Lists shorter than this are parsed whole.
_PIECEWISE_MIN = 1 << 16
_WS = re.compile(r"[ \t\n\r]*")
# Between two pairs of a list of pairs: the only place where "]" "," "[" meet at its depth.
_BETWEEN_PAIRS = re.compile(r"\][ \t\n\r]*,[ \t\n\r]*\[")
# The last pair's "]" and the list's own.
_LIST_END = re.compile(r"\][ \t\n\r]*\]")


class _CannotFollow(Exception):
    """The text is not the simple shape the piecewise walk reads."""


def loads_in_pieces(
    text: str,
    parse_constant: Callable[[str], Any],
    progress: Callable[[float], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> Any:
    """``json.loads(text, parse_constant=parse_constant)``, in pieces (see the module doc).

    ``progress(fraction)`` is called between pieces; ``should_cancel()`` returning True
    raises LoadCancelled there. json.JSONDecodeError and ValueError as json.loads raises.
    """
    try:
        return _walk(text, parse_constant, progress, should_cancel)
    except (_CannotFollow, ValueError, RecursionError):
        if should_cancel is not None and should_cancel():
            raise LoadCancelled from None
        return json.loads(text, parse_constant=parse_constant)


def _walk(text, parse_constant, progress, should_cancel) -> Any:
    decoder = json.JSONDecoder(parse_constant=parse_constant)
    n = len(text)
    i = _WS.match(text, 0).end()
    if i >= n or text[i] != "{":
        raise _CannotFollow
    obj: dict[str, Any] = {}
    i = _WS.match(text, i + 1).end()
    if text.startswith("}", i):
        i += 1
    else:
        while True:
            if not text.startswith('"', i):
                raise _CannotFollow
            key, i = json.decoder.scanstring(text, i + 1)
            i = _WS.match(text, i).end()
            if not text.startswith(":", i):
                raise _CannotFollow
            i = _WS.match(text, i + 1).end()
            if text.startswith("[", i):
                value, i = _list(text, i, decoder, progress, should_cancel)
            else:
                value, i = decoder.raw_decode(text, i)
            obj[key] = value
            i = _WS.match(text, i).end()
            if text.startswith(",", i):
                i = _WS.match(text, i + 1).end()
                continue
            if text.startswith("}", i):
                i += 1
                break
            raise _CannotFollow
    if _WS.match(text, i).end() != n:
        raise _CannotFollow
    return obj


def _list(text: str, i: int, decoder, progress, should_cancel) -> tuple[list, int]:
    """The list starting at text[i] == "[", in slices between pairs when it is long.

    A slice starts at an element's "[" and is parsed as a list of its own; it parses only
    if it ends where an element ends, so a cut in the wrong place (a string holding
    brackets, deeper nesting) fails and the whole text is parsed again by the caller.
    """
    n = len(text)
    start = _WS.match(text, i + 1).end()  # the "[" of the first pair
    if (
        n - i < _PIECEWISE_MIN
        or not text.startswith("[", start)
        # Deeper lists (a session's 2x2 covariances) are short: whole, for the walk to go on.
        or text.startswith("[", _WS.match(text, start + 1).end())
    ):
        return decoder.raw_decode(text, i)
    out: list = []
    while True:
        if should_cancel is not None and should_cancel():
            raise LoadCancelled
        if progress is not None:
            progress(start / n)
        # The next cut: the list's end if it comes first, else a gap between pairs after
        # SLICE_CHARS, looked for only a little further (a pair is far shorter than that).
        window = min(start + SLICE_CHARS + _SEARCH_AHEAD, n)
        close = _LIST_END.search(text, start, window)
        gap = _BETWEEN_PAIRS.search(text, min(start + SLICE_CHARS, n), window)
        if close is not None and (gap is None or close.start() < gap.start()):
            out.extend(_checked(decoder.decode("[" + text[start : close.start() + 1] + "]")))
            return out, close.end()
        if gap is None:
            raise _CannotFollow
        out.extend(_checked(decoder.decode("[" + text[start : gap.start() + 1] + "]")))
        start = gap.end() - 1


def _checked(items: list) -> list:
    """The items, when each is a plain list (a list of pairs holds nothing else)."""
    for item in items:
        if type(item) is not list:
            raise _CannotFollow
    return items
