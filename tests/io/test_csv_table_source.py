"""The session's optional "source" key: a table's columns and the choice, round trip and checks."""

from __future__ import annotations

import json

import pytest

from emgui.io.errors import InputError
from emgui.io.table_source import TableSource, source_from_dict, source_to_dict

HEADER = ("sepal_length", "sepal_width", "petal_length", "petal_width", "species")


def test_round_trip_through_json():
    source = TableSource("iris.csv", HEADER, 2, 3, 4, True)
    back = source_from_dict(json.loads(json.dumps(source_to_dict(source))))
    assert back == source
    assert back.columns == ("petal_length", "petal_width")


def test_unnamed_columns_are_numbered():
    assert TableSource("t.csv", ("", "", ""), 0, 2).columns == ("column 1", "column 3")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"x": 5}, "source.x"),
        ({"y": -1}, "source.y"),
        ({"labels": "species"}, "source.labels"),
        ({"y": 2}, "source.y"),  # the same column as x
        ({"header": "a,b"}, "source.header"),
        ({"file": 3}, "source.file"),
        ({"standardised": "yes"}, "source.standardised"),
    ],
)
def test_bad_values_name_the_field(change, field):
    value = {**source_to_dict(TableSource("iris.csv", HEADER, 2, 3, None)), **change}
    with pytest.raises(InputError) as info:
        source_from_dict(value, "s.json")
    assert info.value.field == field and str(info.value).startswith("s.json: field " + field)


def test_not_an_object():
    with pytest.raises(InputError, match="field source: must be an object"):
        source_from_dict([1, 2], "s.json")
