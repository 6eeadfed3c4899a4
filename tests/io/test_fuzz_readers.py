"""Property tests: the readers return valid data or raise InputError, whatever they are fed."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emgui.core.validate import MAX_ABS_COORDINATE
from emgui.io import csv_points
from emgui.io.csv_points import PointsData, parse_points_text
from emgui.io.errors import InputError
from emgui.io.session_file import FORMAT, SessionData, parse_session, session_to_json
from emgui.model.settings import Settings

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that CSV files are made of, so that generated text often gets past the header.
_CSV_TOKENS = st.sampled_from(
    [
        "1",
        "-2.5",
        "3e2",
        "1e309",
        "nan",
        "inf",
        "-0",
        "1e100",
        "1,5",
        " ",
        "",
        "x",
        "y",
        "abc",
        '"',
        '"1"',
        "#",
        ",",
        ";",
        "\t",
        "\n",
        "\r\n",
        "\r",
        "\ufeff",
        "°",
        "é",
        "\x00",
        "\x01",
        "1_0",
        "٣",
        "0x10",
        ".",
        "+",
        "e",
    ]
)
_CSV_TEXT = st.lists(_CSV_TOKENS, max_size=60).map("".join)


def _check_points(data: PointsData) -> None:
    assert isinstance(data, PointsData)
    xy = data.xy
    assert xy.dtype == np.float64 and xy.ndim == 2 and xy.shape[1] == 2 and xy.shape[0] >= 1
    assert xy.flags.c_contiguous
    assert np.isfinite(xy).all()
    assert (np.abs(xy) <= MAX_ABS_COORDINATE).all()


def _points_or_input_error(content: str | bytes) -> None:
    try:
        data = parse_points_text(content, "fuzz.csv")
    except InputError as err:
        assert "internal error" not in err.message, err.message
        assert "\n" not in str(err)
        return
    _check_points(data)


@FUZZ
@given(st.binary(max_size=400))
def test_points_from_arbitrary_bytes(raw):
    _points_or_input_error(raw)


@FUZZ
@given(st.text(max_size=300))
def test_points_from_arbitrary_text(text):
    _points_or_input_error(text)
    _points_or_input_error(text.encode("utf-8"))


@FUZZ
@given(_CSV_TEXT)
def test_points_from_csv_like_text(text):
    _points_or_input_error(text)
    _points_or_input_error(text.encode("utf-16"))


@FUZZ
@given(_CSV_TEXT, st.integers(min_value=1, max_value=40))
def test_chunking_never_changes_the_result(text, chunk_chars):
    try:
        whole = parse_points_text(text).xy
    except InputError as err:
        whole = err.args
    original = csv_points.CHUNK_CHARS
    csv_points.CHUNK_CHARS = chunk_chars
    try:
        chunked = parse_points_text(text).xy
    except InputError as err:
        chunked = err.args
    finally:
        csv_points.CHUNK_CHARS = original
    if isinstance(whole, np.ndarray):
        assert isinstance(chunked, np.ndarray) and whole.tobytes() == chunked.tobytes()
    else:
        assert whole == chunked


def _outcome(parse, *args):
    try:
        return parse(*args).tobytes()
    except Exception as exc:  # the per-line parser raises its own error type; compare the kind
        return type(exc).__name__


@FUZZ
@given(_CSV_TEXT, st.sampled_from([",", ";", "\t"]), st.sampled_from([(0, 1), (1, 2)]))
def test_fast_path_accepts_only_what_the_line_parser_accepts(text, delimiter, cols):
    text = text.replace("\r", "\n").replace("\x00", "")
    decimal_comma = delimiter == ";"
    fast = _outcome(csv_points._parse_chunk, text, 1, delimiter, cols, decimal_comma)
    slow = _outcome(csv_points._parse_chunk_slow, text, 1, delimiter, cols, decimal_comma)
    assert fast == slow


_FINITE = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e100, max_value=1e100)


@FUZZ
@given(st.lists(st.tuples(_FINITE, _FINITE), min_size=1, max_size=30))
def test_written_points_read_back_exactly(pairs):
    text = "x,y\n" + "".join(f"{x!r},{y!r}\n" for x, y in pairs)
    xy = parse_points_text(text).xy
    assert xy.tobytes() == np.array(pairs, dtype=np.float64).tobytes()


def _session_or_input_error(content: str | bytes) -> None:
    try:
        data = parse_session(content, "fuzz.json")
    except InputError as err:
        assert "internal error" not in err.message, err.message
        return
    assert isinstance(data, SessionData)
    for arr in (data.points, data.centers):
        assert arr.dtype == np.float64 and arr.ndim == 2 and arr.shape[1] == 2
        assert np.isfinite(arr).all()


@FUZZ
@given(st.binary(max_size=400))
def test_session_from_arbitrary_bytes(raw):
    _session_or_input_error(raw)


@FUZZ
@given(st.text(max_size=300))
def test_session_from_arbitrary_text(text):
    _session_or_input_error(text)


_JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["gmm", "kmeans", "full", "tied", "centers", "2sd", FORMAT, "x"]),
)
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "points",
                    "centers",
                    "settings",
                    "center_covariances",
                    "center_weights",
                    "columns",
                    "view_range",
                    "k",
                    "tol",
                    "algorithm",
                    "extra",
                ]
            ),
            inner,
            max_size=5,
        ),
    ),
    max_leaves=30,
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "points",
                "centers",
                "settings",
                "center_covariances",
                "center_weights",
                "columns",
                "view_range",
                "extra",
            ]
        ),
        _JSON,
        max_size=6,
    )
)
def test_session_from_structured_json(fields):
    text = json.dumps({"format": FORMAT, **fields})
    _session_or_input_error(text)


@FUZZ
@given(
    st.lists(st.tuples(_FINITE, _FINITE), max_size=20),
    st.lists(st.tuples(_FINITE, _FINITE), max_size=5),
    st.integers(min_value=0, max_value=2**31 - 1),
    st.floats(min_value=0, max_value=1e3, allow_infinity=False),
)
def test_session_round_trip_is_bit_exact(points, centers, seed, tol):
    data = SessionData(
        points=np.array(points).reshape(-1, 2),
        centers=np.array(centers).reshape(-1, 2),
        settings=Settings(seed=seed, tol=tol),
    )
    back = parse_session(session_to_json(data))
    assert back.points.tobytes() == data.points.tobytes()
    assert back.centers.tobytes() == data.centers.tobytes()
    assert back.settings == data.settings
