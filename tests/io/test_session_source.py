"""The session's "source" (the table's columns and the choice) and the point_shapes setting."""

from __future__ import annotations

import json

import numpy as np
import pytest

from emgui.io.errors import InputError
from emgui.io.session_file import SessionData, parse_session, session_to_json
from emgui.io.table_source import TableSource
from emgui.model.settings import Settings
from tests.io.test_session_equal_aspect import OLD

IRIS = TableSource(
    "iris.csv",
    ("sepal_length", "sepal_width", "petal_length", "petal_width", "species"),
    x=2,
    y=3,
    labels=4,
    standardised=True,
)


def _data(**kw) -> SessionData:
    return SessionData(
        points=np.array([[1.4, 0.2], [4.7, 1.4]]), centers=np.array([[1.4, 0.2]]), **kw
    )


def test_a_session_without_a_source_loads_as_before():
    loaded = parse_session(json.dumps(OLD), "old.json")
    assert loaded.source is None and loaded.warnings == ()
    assert '"source"' not in session_to_json(_data())


def test_the_source_round_trips():
    text = session_to_json(_data(source=IRIS, columns=IRIS.columns))
    assert json.loads(text)["source"]["labels"] == 4
    loaded = parse_session(text, "s.json")
    assert loaded.source == IRIS and loaded.warnings == ()
    assert loaded.columns == ("petal_length", "petal_width")


def test_a_bad_source_is_named():
    bad = json.loads(session_to_json(_data(source=IRIS)))
    bad["source"]["y"] = 9
    with pytest.raises(InputError, match=r"source\.y") as info:
        parse_session(json.dumps(bad), "bad.json")
    assert "bad.json" in str(info.value)


def test_point_shapes_default_to_discs_and_round_trip():
    assert parse_session(json.dumps(OLD)).settings.point_shapes == "none"
    for shapes in ("classes", "components"):
        text = session_to_json(_data(settings=Settings(point_shapes=shapes)))
        assert parse_session(text).settings.point_shapes == shapes
    bad = json.loads(json.dumps(OLD))
    bad["settings"]["point_shapes"] = "stars"
    with pytest.raises(InputError, match=r"settings\.point_shapes") as info:
        parse_session(json.dumps(bad), "bad.json")
    assert "none, classes, components" in str(info.value)
