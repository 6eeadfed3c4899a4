"""Bring your own table: choosing columns by name or number, known classes, missing values."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emgui.io import csv_points
from emgui.io.csv_columns import MAX_CLASSES, ColumnError, peek_table
from emgui.io.csv_points import parse_points_text, read_points
from emgui.io.errors import InputError

IRIS5 = (
    "sepal_length,sepal_width,petal_length,petal_width,species\n"
    "5.1,3.5,1.4,0.2,setosa\n"
    "7.0,3.2,4.7,1.4,versicolor\n"
    "6.3,3.3,6.0,2.5,virginica\n"
    "4.9,3.0,1.4,0.2,setosa\n"
)


def test_default_is_the_first_two_numeric_columns_and_the_text_column_as_classes():
    data = parse_points_text(IRIS5)
    assert data.source_columns == (0, 1)
    assert data.columns == ("sepal_length", "sepal_width")
    assert data.header == (
        "sepal_length",
        "sepal_width",
        "petal_length",
        "petal_width",
        "species",
    )
    assert data.kinds == ("num", "num", "num", "num", "text")
    assert data.classes == ("setosa", "versicolor", "virginica")
    assert data.labels.tolist() == [0, 1, 2, 0]
    assert data.labels_column == 4 and data.labels_name == "species"
    (note,) = [w for w in data.warnings if "using columns" in w]
    assert "column 5 ('species') as the known classes" in note
    assert "the other columns are ignored" in note


@pytest.mark.parametrize(
    "columns", [("petal_length", "petal_width"), ("3", "4"), (3, 4), ("PETAL_LENGTH", "4")]
)
def test_columns_by_name_or_number(columns):
    data = parse_points_text(IRIS5, columns=columns)
    assert data.source_columns == (2, 3)
    assert data.columns == ("petal_length", "petal_width")
    assert data.xy.tolist() == [[1.4, 0.2], [4.7, 1.4], [6.0, 2.5], [1.4, 0.2]]
    # a choice the caller made needs no note about the columns left out
    assert not any("using columns" in w for w in data.warnings)


def test_a_name_wins_over_a_number():
    data = parse_points_text(
        "1,2,3\n10,20,30\n11,21,31\n".replace("1,2,3", "a,3,b"), columns=("3", "b")
    )
    assert data.source_columns == (1, 2)


def test_unknown_name_lists_the_columns():
    with pytest.raises(ColumnError) as info:
        parse_points_text(IRIS5, "iris.csv", columns=("petal_length", "petal"))
    assert str(info.value) == (
        "iris.csv: no column is named 'petal'; the columns are: sepal_length, sepal_width, "
        "petal_length, petal_width, species"
    )


def test_number_out_of_range_and_no_header():
    with pytest.raises(ColumnError, match=r"there is no column 7: the file has 5 columns"):
        parse_points_text(IRIS5, columns=("1", "7"))
    with pytest.raises(ColumnError, match=r"no column is named 'x' and no header row"):
        parse_points_text("1,2,3\n4,5,6\n", columns=("x", "1"))


def test_text_column_as_coordinate_is_refused_with_the_numeric_ones_named():
    with pytest.raises(ColumnError) as info:
        parse_points_text(IRIS5, "iris.csv", columns=("species", "1"))
    assert "column 5 ('species') holds text ('setosa' on line 2), not numbers" in str(info.value)
    assert "the numeric columns are: sepal_length" in str(info.value)


def test_same_column_twice_is_refused():
    with pytest.raises(ColumnError, match="x and y are the same column 1"):
        parse_points_text(IRIS5, columns=("1", "sepal_length"))


def test_labels_by_name_from_a_numeric_column():
    text = "x,y,class\n1,2,0\n3,4,1\n5,6,0\n"
    assert parse_points_text(text).labels is None  # numbers are not classes unless asked
    data = parse_points_text(text, labels="class")
    assert data.classes == ("0", "1") and data.labels.tolist() == [0, 1, 0]


def test_no_auto_labels_when_told():
    assert parse_points_text(IRIS5, auto_labels=False).labels is None


def test_quoted_and_padded_labels_are_the_same_class():
    data = parse_points_text('x,y,s\n1,2,"a b"\n3,4, a b \n5,6,c\n')
    assert data.classes == ("a b", "c") and data.labels.tolist() == [0, 0, 1]


@pytest.mark.parametrize("marker", ["", "NA", "N/A", "nan", "NaN", "null", "NULL", "None", "?"])
def test_missing_values_in_the_chosen_columns_skip_the_row(marker):
    text = f"a,b,c\n1,2,3\n4,{marker},6\n7,8,{marker}\n10,11,12\n"
    data = parse_points_text(text, columns=("a", "b"))
    assert data.xy.tolist() == [[1, 2], [7, 8], [10, 11]]  # c is not used
    assert (data.skipped_rows, data.first_skipped_line) == (1, 3)
    data = parse_points_text(text, columns=("a", "c"))
    assert data.xy.tolist() == [[1, 3], [4, 6], [10, 12]]
    assert (data.skipped_rows, data.first_skipped_line) == (1, 4)


def test_one_warning_counts_every_skipped_row_across_chunks(monkeypatch):
    monkeypatch.setattr(csv_points, "CHUNK_CHARS", 50)
    rows = [f"{i},{'' if i % 7 == 3 else i * 2}" for i in range(300)]
    data = parse_points_text("x,y\n" + "\n".join(rows) + "\n")
    expected = [i for i in range(300) if i % 7 != 3]
    assert data.xy[:, 0].tolist() == expected
    assert data.skipped_rows == 300 - len(expected)
    assert data.first_skipped_line == 5  # row i = 3 is on line 5 (the header is line 1)
    assert sum("skipped" in w for w in data.warnings) == 1
    assert f"skipped {data.skipped_rows} rows" in " ".join(data.warnings)


def test_named_labels_column_with_a_missing_class_skips_the_row():
    data = parse_points_text("x,y,s\n1,2,a\n3,4,NA\n5,6,b\n", labels="s")
    assert data.xy.tolist() == [[1, 2], [5, 6]]
    assert data.labels.tolist() == [0, 1] and data.skipped_rows == 1


def test_automatic_labels_with_a_missing_value_lose_no_row():
    data = parse_points_text("x,y,note\n1,2,a\n3,4,\n5,6,b\n")
    assert data.xy.shape == (3, 2) and data.skipped_rows == 0
    assert data.labels is None
    assert any(
        "has missing values and is not read as the known classes" in w for w in data.warnings
    )


def test_too_many_classes():
    rows = "".join(f"{i},{i},id{i}\n" for i in range(MAX_CLASSES + 1))
    data = parse_points_text("x,y,name\n" + rows)  # an id column, not classes
    assert data.labels is None and data.xy.shape[0] == MAX_CLASSES + 1
    with pytest.raises(ColumnError, match=f"more than {MAX_CLASSES} different values"):
        parse_points_text("x,y,name\n" + rows, "f.csv", labels="name")


def test_every_row_missing_is_an_error_naming_the_first_line():
    with pytest.raises(InputError) as info:
        parse_points_text("x,y\n1,NA\n,2\n", "f.csv")
    assert str(info.value) == (
        "f.csv: no data rows: all 2 have a missing value in the columns used (the first on line 2)"
    )


def test_text_in_a_numeric_column_is_still_an_error():
    with pytest.raises(InputError, match=r"line 3, column 2: 'abc' is not a number"):
        parse_points_text("x,y\n1,2\n3,abc\n")


def test_peek_table_reads_only_the_head(tmp_path):
    path = tmp_path / "big.csv"
    body = "".join(f"{i}.5,{i},{i % 3},c{i % 3}\n" for i in range(60_000))
    path.write_text("a,b,c,d\n" + body)
    assert path.stat().st_size > 1 << 20
    layout = peek_table(path)
    assert layout.names == ("a", "b", "c", "d")
    assert layout.kinds == ("num", "num", "num", "text")
    assert layout.preview(2) == (("0.5", "0", "0", "c0"), ("1.5", "1", "1", "c1"))


def test_peek_table_errors_name_the_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        peek_table(tmp_path / "nope.csv")
    with pytest.raises(InputError, match="is a directory"):
        peek_table(tmp_path)


def test_read_points_passes_the_choice(tmp_path):
    path = tmp_path / "iris.csv"
    path.write_text(IRIS5)
    data = read_points(path, columns=("petal_length", "petal_width"), labels="species")
    assert data.columns == ("petal_length", "petal_width") and data.classes[0] == "setosa"


_CELL = st.one_of(st.integers(-50, 50).map(str), st.sampled_from(["", "NA", "nan", "?", "x"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(_CELL, _CELL, st.sampled_from(["a", "b", "c", "", "NA"])), min_size=1))
def test_fast_and_line_parsers_agree_on_missing_values_and_labels(rows):
    """Whatever the chunking, the points, classes and skip count are those of the definition."""
    text = "x,y,s\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows)

    def outcome(chunk_chars):
        original = csv_points.CHUNK_CHARS
        csv_points.CHUNK_CHARS = chunk_chars
        try:
            d = parse_points_text(text, columns=("x", "y"), labels="s")
        except InputError as err:
            return str(err)
        finally:
            csv_points.CHUNK_CHARS = original
        return d.xy.tolist(), d.labels.tolist(), d.classes, d.skipped_rows, d.first_skipped_line

    whole = outcome(1 << 20)
    assert outcome(7) == whole
    # the definition: a row is kept when its three cells are present; x is then a number
    kept = [
        (r, i + 2)
        for i, r in enumerate(rows)
        if all(c.strip().lower() not in ("", "na", "nan", "?") for c in r)
    ]
    if not isinstance(whole, str):
        xy, labels, classes, skipped, first = whole
        assert xy == [[float(a), float(b)] for (a, b, _), _ in kept]
        assert [classes[j] for j in labels] == [c for (_, _, c), _ in kept]
        assert skipped == len(rows) - len(kept)
        lost = sorted(set(range(2, len(rows) + 2)) - {line for _, line in kept})
        assert first == (lost[0] if lost else None)
    else:
        assert any(m in whole for m in ("not a number", "no data rows", "holds text")), whole


def test_labels_are_read_only_and_compact():
    data = parse_points_text(IRIS5)
    assert data.labels.dtype == np.uint8
    with pytest.raises(ValueError):
        data.labels[0] = 1


@pytest.mark.parametrize("labels", [None, "s"])
def test_numpy_path_for_gaps_equals_the_line_parser(monkeypatch, labels):
    rng = np.random.default_rng(5)
    marks = ["", "NA", " n/a ", "null", "?", "NaN"]
    rows = []
    for i in range(3000):
        x, y = (f"{v:.3f}" for v in rng.normal(size=2))
        if i % 97 == 5:
            x = marks[i % len(marks)]
        if i % 89 == 7:
            y = marks[(i // 3) % len(marks)]
        rows.append(f"{x},{y},{'abc'[i % 3]}")
    text = "x,y,s\n" + "\n".join(rows) + "\n"
    fast = parse_points_text(text, labels=labels)
    monkeypatch.setattr(csv_points, "read_with_gaps", lambda *args: None)
    slow = parse_points_text(text, labels=labels)
    assert fast.xy.tobytes() == slow.xy.tobytes()
    assert (fast.skipped_rows, fast.first_skipped_line) == (slow.skipped_rows, 7)
    assert fast.skipped_rows == sum(1 for i in range(3000) if i % 97 == 5 or i % 89 == 7)
    if labels:
        assert fast.labels.tobytes() == slow.labels.tobytes()
