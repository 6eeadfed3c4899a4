"""A session parsed in pieces gives what json.loads gives, with progress and a prompt cancel."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from emgui.io import json_pieces
from emgui.io.errors import LoadCancelled
from emgui.io.json_pieces import loads_in_pieces
from emgui.io.session_file import SessionData, parse_session, session_to_json


class Token:
    def __init__(self, token: str) -> None:
        self.token = token

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Token) and other.token == self.token


def _reference(text: str):
    return json.loads(text, parse_constant=Token)


@pytest.fixture
def small_slices(monkeypatch):
    monkeypatch.setattr(json_pieces, "SLICE_CHARS", 50)
    monkeypatch.setattr(json_pieces, "_PIECEWISE_MIN", 10)


TEXTS = [
    '{"format": "x", "points": [[1, 2], [3.5, -4e3], [5, 6]], "k": 2}',
    '{"points":[[1,2],[3,4]],"centers":[[0,0]],"settings":{"a":[1,[2]]}}',
    '{"points": [[1, 2], [3, NaN], [Infinity, 6]], "points": [[7, 8]]}',
    '{"points": [[1, 2], "x", [3, 4]]}',  # not a list of pairs: read whole
    '{"points": [[1, [2, 3]], [4, 5]]}',
    '{"points": [["a]],[", 1], [2, 3]]}',
    '{"points": [[1, 2] , [3, 4] ]  ,  "z": {"q": "],["}}',
    '{"points": []}',
    "{}",
    '  {"points": [[1, 2], [3, 4]]}  \n',
    '{"points": [[1, 2], [3, 4]]',  # truncated
    '{"points": [[1, 2], [3, 4]]} extra',
    "[1, 2]",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_result_or_same_error_as_json_loads(text, small_slices):
    try:
        want = _reference(text)
    except json.JSONDecodeError as exc:
        with pytest.raises(json.JSONDecodeError) as info:
            loads_in_pieces(text, Token)
        assert (info.value.msg, info.value.pos) == (exc.msg, exc.pos)
        return
    assert loads_in_pieces(text, Token) == want


def test_a_saved_session_is_read_in_many_pieces_with_progress(small_slices):
    rng = np.random.default_rng(0)
    data = SessionData(rng.normal(size=(2000, 2)) * 10.0 ** rng.integers(-5, 5, (2000, 2)),
                       rng.normal(size=(3, 2)))  # fmt: skip
    text = session_to_json(data)
    seen: list[float] = []
    back = parse_session(text, progress=seen.append)
    assert np.array_equal(back.points, data.points) and np.array_equal(back.centers, data.centers)
    assert len(seen) > 100 and seen == sorted(seen) and 0 <= seen[0] and seen[-1] <= 1


def test_cancel_is_honoured_between_pieces(small_slices):
    text = session_to_json(SessionData(np.arange(4000.0).reshape(-1, 2), np.zeros((0, 2))))
    calls = []

    def should_cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(LoadCancelled):
        parse_session(text, should_cancel=should_cancel)
    assert len(calls) == 4


def test_a_large_session_is_parsed_in_slices_of_at_most_a_megabyte():
    """No single C call parses more than a slice: the GIL returns to the window in between.

    (benchmarks/bench_session_load.py measures the longest stall of another thread.)
    """
    n = 1_000_000
    text = session_to_json(SessionData(np.arange(2.0 * n).reshape(n, 2) / 7, np.zeros((0, 2))))
    seen: list[float] = []
    data = parse_session(text, progress=seen.append)
    assert data.points.shape == (n, 2)
    assert math.isclose(float(data.points[-1, 1]), (2 * n - 1) / 7)
    steps = np.diff([0.2, *seen, 1.0]) * len(text) / 0.8
    assert len(text) / json_pieces.SLICE_CHARS <= len(seen)
    assert steps.max() <= json_pieces.SLICE_CHARS + 100


def test_a_session_with_covariances_is_still_read_in_pieces(small_slices, monkeypatch):
    """The 2x2 matrices before the points are read whole; the points, in pieces."""
    rng = np.random.default_rng(1)
    data = SessionData(
        rng.normal(size=(2000, 2)),
        np.array([[0.0, 0.0], [1.0, 1.0]]),
        center_covariances=np.array([np.eye(2), 2 * np.eye(2)]),
    )
    text = session_to_json(data)
    whole = []
    loads = json.loads
    monkeypatch.setattr(
        json_pieces.json, "loads", lambda *a, **k: whole.append(1) or loads(*a, **k)
    )
    seen: list[float] = []
    back = parse_session(text, progress=seen.append)
    assert whole == []  # never parsed again whole
    assert np.array_equal(back.center_covariances, data.center_covariances)
    assert len(seen) > 100
