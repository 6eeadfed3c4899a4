"""A session is checked at the door: what the engine or the display would refuse is named."""

from __future__ import annotations

import json

import numpy as np
import pytest

from emgui.core import run_em
from emgui.io.errors import InputError
from emgui.io.session_file import SessionData, parse_session, save_session


def _session(**fields) -> str:
    body = {"format": "emgui-session/1", "points": [[0, 0], [1, 0], [0, 1], [3, 3]]}
    body.update(fields)
    return json.dumps(body)


def _refused(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_session(text, "s.json")
    return info.value


@pytest.mark.parametrize(
    ("matrix", "words"),
    [
        ([[1e-200, 0.0], [0.0, 1e-200]], "too small"),
        ([[1e-160, 0.0], [0.0, 1e-140]], "too small"),
        ([[1.0, 1 - 1e-15], [1 - 1e-15, 1.0]], "nearly singular"),
        ([[4.0, -2 + 1e-14], [-2 + 1e-14, 1.0]], "nearly singular"),
    ],
)
def test_covariances_the_engine_cannot_use_are_refused_naming_the_matrix(matrix, words):
    text = _session(centers=[[0, 0], [3, 3]], center_covariances=[matrix, [[1, 0], [0, 1]]])
    err = _refused(text)
    assert err.field == "center_covariances[0]" and words in err.message
    assert str(err).startswith("s.json: center_covariances[0] is ")


def test_those_covariances_do_fail_in_the_engine():
    """The reason for the rule: the run would fail (naming neither file nor field)."""
    X = np.array([[0, 0], [1, 0], [0, 1], [3, 3]], float)
    for matrix in ([[1e-200, 0.0], [0.0, 1e-200]], [[1.0, 1 - 1e-15], [1 - 1e-15, 1.0]]):
        covs = np.array([matrix, [[1, 0], [0, 1]]])
        with pytest.raises(ValueError):
            list(run_em(X, X[[0, 3]], "gmm", "full", 5, 0.0, covariances=covs))


def test_usable_small_and_correlated_covariances_are_kept():
    matrices = [[[1e-140, 0.0], [0.0, 1e-140]], [[1.0, 0.999999], [0.999999, 1.0]]]
    data = parse_session(_session(centers=[[0, 0], [3, 3]], center_covariances=matrices))
    assert data.center_covariances.tolist() == matrices


@pytest.mark.parametrize(
    "axis_range", [[0.0, 5e-324], [0.0, 1e-310], [1.0, 1.000000000000001], [1e50, 1e50 + 1e35]]
)
def test_a_view_range_too_narrow_to_draw_is_refused(axis_range):
    err = _refused(_session(view_range=[[0, 1], axis_range]))
    assert err.field == "view_range.y" and "too narrow" in err.message


def test_ordinary_view_ranges_are_kept():
    data = parse_session(_session(view_range=[[-1e-6, 1e-6], [1e50, 1e50 + 1e40]]))
    assert data.view_range == ((-1e-6, 1e-6), (1e50, 1e50 + 1e40))


def test_a_column_name_that_is_not_text_is_refused(tmp_path):
    text = '{"format": "emgui-session/1", "columns": ["x", "\\ud800"], "points": [[1, 2]]}'
    err = _refused(text)
    assert err.field == "columns[1]" and "lone surrogate \\ud800" in err.message


def test_a_session_with_a_valid_non_ascii_name_saves_again(tmp_path):
    data = parse_session(
        '{"format": "emgui-session/1", "columns": ["\\u00e9ruption", "\\ud83d\\ude00"],'
        ' "points": [[1, 2]]}'
    )
    save_session(tmp_path / "again.json", data)
    assert parse_session((tmp_path / "again.json").read_bytes()).columns == ("éruption", "😀")


def test_a_huge_integer_is_described_in_the_users_terms():
    text = '{"format": "emgui-session/1",\n"settings": {"seed": 1' + "0" * 10000 + "}}"
    err = _refused(text)
    assert "set_int_max_str_digits" not in str(err)
    assert err.line == 2 and "10001 digits" in err.message and "64-bit float" in err.message


def test_a_png_is_not_read_as_a_session(tmp_path):
    path = tmp_path / "picture.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    from emgui.io.session_file import load_session

    with pytest.raises(InputError) as info:
        load_session(path)
    assert str(info.value) == f"{path}: is a PNG image, not a text file"


def test_session_data_built_in_code_is_unchanged_by_the_rules():
    """The rules are for files; SessionData itself keeps what it is given."""
    data = SessionData(np.zeros((1, 2)), np.zeros((0, 2)), view_range=((0, 1e-300), (0, 1)))
    assert data.view_range == ((0.0, 1e-300), (0.0, 1.0))
