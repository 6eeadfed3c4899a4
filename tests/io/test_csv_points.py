"""CSV point import: formats that must load, and every bad input giving one clear InputError."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from emgui.core.validate import MAX_ABS_COORDINATE
from emgui.io import csv_points
from emgui.io.csv_points import PointsData, parse_points_text, read_points
from emgui.io.errors import InputError, LoadCancelled
from emgui.model.resources import resource_dir


def _write(tmp_path, content: bytes | str, name: str = "points.csv") -> str:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return str(path)


def _error(content: bytes | str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_points_text(content, "points.csv")
    return info.value


def test_plain_csv_with_header(tmp_path):
    data = read_points(_write(tmp_path, "x,y\n1,2\n3.5,-4e-3\n"))
    assert isinstance(data, PointsData)
    assert data.xy.dtype == np.float64
    assert data.xy.flags.c_contiguous
    assert data.xy.tolist() == [[1.0, 2.0], [3.5, -0.004]]
    assert data.columns == ("x", "y")
    assert data.source_columns == (0, 1)
    assert data.warnings == ()


def test_no_header():
    data = parse_points_text("1,2\n3,4\n")
    assert data.xy.tolist() == [[1, 2], [3, 4]]
    assert data.columns is None


def test_result_is_read_only():
    data = parse_points_text("1,2\n")
    with pytest.raises(ValueError):
        data.xy[0, 0] = 5


def test_path_in_messages_is_as_given(tmp_path):
    path = _write(tmp_path, "x,y\n1,abc\n")
    with pytest.raises(InputError) as info:
        read_points(path)
    assert info.value.path == path
    assert str(info.value).startswith(path + ", line 2, column 2: ")


def test_import_empty_file(tmp_path):
    with pytest.raises(InputError) as info:
        read_points(_write(tmp_path, b""))
    assert str(info.value).endswith("points.csv: the file is empty")
    assert info.value.line is None


def test_import_whitespace_only():
    err = _error(" \n\t\n\r\n   ")
    assert "empty" in err.message


def test_import_header_only():
    err = _error("x,y\n")
    assert "no data rows" in err.message


def test_only_comments():
    assert "no data rows" in _error("# just a comment\n# another\n").message


def test_import_non_numeric_cell():
    err = _error("1,2\n3,abc\n")
    assert (err.line, err.column) == (2, 2)
    assert str(err) == "points.csv, line 2, column 2: 'abc' is not a number"


def test_non_numeric_cell_after_header_and_blank_lines():
    err = _error("x,y\n\n1,2\n\n4,5\nfoo,6\n")
    assert (err.line, err.column) == (6, 1)
    assert "'foo'" in err.message


def test_empty_cell_in_data_skips_the_row_with_one_warning():
    data = parse_points_text("x,y\n1,2\n3,\n5,6\n")
    assert data.xy.tolist() == [[1, 2], [5, 6]]
    assert (data.skipped_rows, data.first_skipped_line) == (1, 3)
    assert [w for w in data.warnings if "missing" in w] == [
        "skipped 1 row with a missing value (empty, NA, NaN, …) in the columns used, "
        "the first on line 3"
    ]


@pytest.mark.parametrize("literal", ["inf", "-inf", "Infinity", "1e309", "-1e309"])
def test_import_nan_inf_literals(literal):
    err = _error(f"x,y\n1,2\n3,{literal}\n")
    assert (err.line, err.column) == (3, 2)
    assert "not a finite number" in err.message
    assert literal in err.message


@pytest.mark.parametrize("literal", ["nan", "NaN", "-nan"])
def test_nan_is_a_missing_value_even_in_the_first_data_row(literal):
    data = parse_points_text(f"{literal},1\n2,3\n")
    assert data.xy.tolist() == [[2, 3]]
    assert (data.skipped_rows, data.first_skipped_line) == (1, 1)


def test_import_extreme_magnitudes_beyond_bound_rejected():
    for value in ("1e308", "-1e308", "1.0000000000000002e100", "1e101"):
        err = _error(f"0,0\n1,{value}\n")
        assert (err.line, err.column) == (2, 2)
        assert "1e+100" in err.message, err.message


def test_import_exactly_at_bound_accepted():
    data = parse_points_text(f"{MAX_ABS_COORDINATE!r},-{MAX_ABS_COORDINATE!r}\n0,1e99\n")
    assert data.xy[0].tolist() == [MAX_ABS_COORDINATE, -MAX_ABS_COORDINATE]


def test_import_one_column():
    err = _error("x\n1\n2\n3\n")
    assert "needs two numeric columns, found one" in err.message


def test_one_column_without_header():
    assert "needs two numeric columns, found one" in _error("1\n2\n").message


def test_three_columns_uses_first_two():
    data = parse_points_text("a,b,c\n1,2,3\n4,5,6\n")
    assert data.xy.tolist() == [[1, 2], [4, 5]]
    assert data.columns == ("a", "b")
    assert data.source_columns == (0, 1)
    assert any("ignored" in w for w in data.warnings)


def test_iris_file_text_last_column(tmp_path):
    text = "petal_length_cm,petal_width_cm,species\n1.4,0.2,setosa\n4.7,1.4,versicolor\n"
    data = read_points(_write(tmp_path, text))
    assert data.xy.tolist() == [[1.4, 0.2], [4.7, 1.4]]
    assert data.columns == ("petal_length_cm", "petal_width_cm")
    assert data.source_columns == (0, 1)


def test_text_first_column_uses_next_two():
    data = parse_points_text("name,x,y\nA,1,2\nB,3,4\n")
    assert data.xy.tolist() == [[1, 2], [3, 4]]
    assert data.columns == ("x", "y")
    assert data.source_columns == (1, 2)


def test_text_column_without_header_is_data():
    data = parse_points_text("1.4,0.2,setosa\n1.3,0.2,virginica\n")
    assert data.xy.tolist() == [[1.4, 0.2], [1.3, 0.2]]
    assert data.columns is None


def test_import_ragged_row():
    err = _error("x,y\n1,2\n3\n4,5\n")
    assert err.line == 3
    assert err.column is None
    assert "expected at least 2" in err.message


def test_ragged_row_with_used_third_column():
    err = _error("name,x,y\nA,1,2\nB,3\n")
    assert err.line == 3
    assert "expected at least 3" in err.message


def test_longer_rows_are_fine():
    assert parse_points_text("1,2\n3,4,5,6\n").xy.tolist() == [[1, 2], [3, 4]]


def test_utf8_bom():
    data = parse_points_text(b"\xef\xbb\xbfx,y\n1,2\n")
    assert data.columns == ("x", "y")
    assert data.xy.tolist() == [[1, 2]]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, encoding):
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    raw = bom + "Länge,y\r\n1.5,2\r\n3,4\r\n".encode(encoding)
    data = read_points(_write(tmp_path, raw))
    assert data.columns == ("Länge", "y")
    assert data.xy.tolist() == [[1.5, 2], [3, 4]]


def test_utf16_without_bom_is_not_text():
    err = _error("x,y\n1,2\n".encode("utf-16-le"))
    assert "not a text CSV file" in err.message


def test_latin1_header():
    data = parse_points_text("Temp°C;Größe\n1,5;2\n".encode("latin-1"))
    assert data.columns == ("Temp°C", "Größe")
    assert data.xy.tolist() == [[1.5, 2]]
    assert any("Latin-1" in w for w in data.warnings)


def test_latin1_text_in_ignored_column():
    data = parse_points_text("name,x,y\nJosé,1,2\n".encode("latin-1"))
    assert data.xy.tolist() == [[1, 2]]


def test_invalid_bytes_in_data_row_named():
    err = _error(b"x,y\n1,2\n3\xff,4\n")
    assert (err.line, err.column) == (3, 1)
    assert "not valid UTF-8" in err.message
    assert "0xff" in err.message


def test_invalid_utf8_after_bom():
    err = _error(b"\xef\xbb\xbfx,y\n1,2\n3,\xff\n")
    assert err.line == 3
    assert "UTF-8" in err.message


def test_import_semicolon_decimal_comma():
    data = parse_points_text("1,5;2,5\n")
    assert data.xy.tolist() == [[1.5, 2.5]]
    assert any("decimal comma" in w for w in data.warnings)


def test_semicolon_with_header_and_decimal_points():
    data = parse_points_text("x;y\n1.25;-3\n0,5;7\n")
    assert data.xy.tolist() == [[1.25, -3], [0.5, 7]]


def test_semicolon_thousands_separator_is_an_error_not_a_guess():
    err = _error("x;y\n1.234,5;2\n")
    assert (err.line, err.column) == (2, 1)


def test_decimal_comma_in_comma_file_is_never_silently_split():
    # a header of one cell over two-cell rows: likely decimal commas, refused with advice
    err = _error("x\n1,5\n2,5\n")
    assert "decimal" in err.message
    # a quoted decimal comma in a comma file is a bad number with a hint
    err = _error('x,y\n"1,5",2\n')
    assert (err.line, err.column) == (2, 1)
    assert "semicolon" in err.message


def test_tab_separated():
    data = parse_points_text("x\ty\n1\t2\n3\t4\n")
    assert data.columns == ("x", "y")
    assert data.xy.tolist() == [[1, 2], [3, 4]]


def test_quoted_cells():
    data = parse_points_text('"x","y"\n"1","2"\n" 3 ",4\n')
    assert data.columns == ("x", "y")
    assert data.xy.tolist() == [[1, 2], [3, 4]]


def test_import_line_endings_identical():
    rows = ["x,y", "1.5,2", "-3,4e2", "5,6"]
    variants = [
        "\n".join(rows) + "\n",
        "\r\n".join(rows) + "\r\n",
        "\r".join(rows) + "\r",
        "\n".join(rows),
        "\n".join(rows) + "\n\n\n \n",
        "\r\n".join(rows) + "\r\n\r\n",
    ]
    arrays = [parse_points_text(v.encode()).xy for v in variants]
    for arr in arrays[1:]:
        assert arr.tobytes() == arrays[0].tobytes()


def test_blank_and_comment_lines_skipped():
    text = "# exported by a script\n\nx,y\n# a note\n1,2\n\n   \n3,4\n# end\n"
    data = parse_points_text(text)
    assert data.columns == ("x", "y")
    assert data.xy.tolist() == [[1, 2], [3, 4]]


def test_import_binary_garbage():
    rng = np.random.default_rng(1)
    for _ in range(20):
        raw = rng.integers(0, 256, size=4096, dtype=np.uint8).tobytes()
        err = _error(raw)
        assert "not a text CSV file" in err.message


def test_binary_garbage_without_nul_bytes():
    rng = np.random.default_rng(2)
    raw = bytes(b for b in rng.integers(1, 256, size=4096, dtype=np.uint8).tobytes())
    assert "not a text CSV file" in _error(raw).message


def test_nul_bytes_are_not_text():
    assert "not a text CSV file" in _error(b"1,2\n3,\x004\n").message


def test_200kb_field_unquoted():
    err = _error("x,y\n" + "9" * 10 + "a" * 200_000 + ",1\n")
    assert (err.line, err.column) == (2, 1)
    assert len(str(err)) < 200


def test_200kb_field_quoted_hits_csv_field_limit_cleanly():
    err = _error('x,y\n"' + "a" * 200_000 + '",1\n')
    assert err.line == 2


def test_200kb_numeric_field():
    err = _error("x,y\n1," + "1" * 200_000 + "\n")
    assert (err.line, err.column) == (2, 2)
    assert "not a finite number" in err.message


def test_import_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        read_points(tmp_path / "nope.csv")
    assert "no such file" in info.value.message


def test_import_directory(tmp_path):
    with pytest.raises(InputError) as info:
        read_points(tmp_path)
    assert "is a directory" in info.value.message


def test_import_permission_denied(tmp_path, monkeypatch):
    # Faked rather than chmod'ed: as root (CI here) a chmod 0 file is still readable.
    path = _write(tmp_path, "1,2\n")
    real_open = open

    def deny(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(InputError) as info:
        read_points(path)
    assert "permission denied" in info.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_file_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    with pytest.raises(InputError) as info:
        read_points(fifo)
    assert "not a regular file" in info.value.message


def _big_csv(rows: int) -> str:
    return "x,y\n" + "".join(f"{i},{i * 0.5}\n" for i in range(rows))


def test_progress_called_and_monotonic(monkeypatch):
    monkeypatch.setattr(csv_points, "CHUNK_CHARS", 1000)
    seen: list[float] = []
    data = parse_points_text(_big_csv(2000), progress=seen.append)
    assert data.xy.shape == (2000, 2)
    assert data.xy[-1].tolist() == [1999, 999.5]
    assert len(seen) > 5
    assert seen == sorted(seen)
    assert 0 <= seen[0] and seen[-1] == pytest.approx(1.0)


def test_cancel_raises_load_cancelled(monkeypatch, tmp_path):
    monkeypatch.setattr(csv_points, "CHUNK_CHARS", 1000)
    path = _write(tmp_path, _big_csv(2000))
    calls = []

    def should_cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(LoadCancelled):
        read_points(path, should_cancel=should_cancel)
    assert len(calls) == 4


def test_chunked_result_equals_single_chunk(monkeypatch):
    text = _big_csv(500).replace("\n17,", "\n\n# c\n17,")
    whole = parse_points_text(text).xy
    monkeypatch.setattr(csv_points, "CHUNK_CHARS", 64)
    assert parse_points_text(text).xy.tobytes() == whole.tobytes()


def test_error_line_correct_in_later_chunk(monkeypatch):
    monkeypatch.setattr(csv_points, "CHUNK_CHARS", 100)
    lines = [f"{i},{i}" for i in range(300)]
    lines[250] = "250,oops"
    err = _error("x,y\n" + "\n".join(lines))
    assert (err.line, err.column) == (252, 2)


def test_fast_and_slow_paths_agree():
    chunk = "1,2\n 3.5 , -4e-3 \n\n+.5,6.\n1E5,-0\n"
    fast = csv_points._parse_chunk(chunk, 1, ",", (0, 1), False)
    slow = csv_points._parse_chunk_slow(chunk, 1, ",", (0, 1), False)
    assert fast.tobytes() == slow.tobytes()


def test_bundled_example_files_load():
    for name in ("iris_petals.csv", "old_faithful.csv"):
        data = read_points(resource_dir() / "data" / name)
        assert data.xy.shape[0] > 100
        assert np.isfinite(data.xy).all()


def test_os_errors_are_converted(monkeypatch, tmp_path):
    from emgui.io import errors

    path = _write(tmp_path, "1,2\n")
    for exc, words in (
        (PermissionError(13, "Permission denied"), "permission denied"),
        (OSError(5, "Input/output error"), "Input/output error"),
    ):

        def fail(*args, exc=exc, **kwargs):
            raise exc

        monkeypatch.setattr(errors, "open", fail, raising=False)
        with pytest.raises(InputError) as info:
            read_points(path)
        assert words in info.value.message


def test_callback_exceptions_propagate_unchanged(tmp_path):
    class Boom(Exception):
        pass

    def explode(*args):
        raise Boom

    path = _write(tmp_path, "1,2\n")
    with pytest.raises(Boom):
        read_points(path, progress=explode)
    with pytest.raises(Boom):
        read_points(path, should_cancel=explode)
    with pytest.raises(Boom):
        parse_points_text("1,2\n", should_cancel=explode)


def test_io_layer_imports_no_qt():
    code = (
        "import sys, emgui.io.csv_points, emgui.io.session_file, emgui.io.atomic\n"
        "import emgui.model.settings\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'shiboken'))]\n"
        "assert not bad, bad\n"
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = {**os.environ, "PYTHONPATH": root}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=root, env=env, timeout=60)


def test_comment_line_with_numbers_in_the_used_columns_is_skipped():
    # Found by the fuzz test: the fast path read "#1,51,5" as 51, 5 when columns 2-3 were used.
    data = parse_points_text("name,x,y\n#1,51,5\na,1,2\n")
    assert data.xy.tolist() == [[1.0, 2.0]]


@pytest.mark.parametrize("first", ["", "Unnamed: 0"])
def test_pandas_row_index_column_is_skipped(first):
    """DataFrame.to_csv() writes its index first, with no name: x and y follow it."""
    data = parse_points_text(f"{first},x,y\n0,1.5,2.5\n1,3.5,4.5\n2,5.5,6.5\n")
    assert data.xy.tolist() == [[1.5, 2.5], [3.5, 4.5], [5.5, 6.5]]
    assert data.columns == ("x", "y") and data.source_columns == (1, 2)
    assert any("row index" in w for w in data.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "id,x,y\n0,1,2\n1,3,4\n",  # a named first column is data
        ",x,y\n0,1,2\n5,3,4\n",  # not numbered 0, 1, 2, …
        ",x\n0,1\n1,3\n",  # only two columns: both are the data
        "0,1,2\n1,3,4\n",  # no header
    ],
)
def test_other_first_columns_are_kept(text):
    data = parse_points_text(text)
    assert data.source_columns == (0, 1)
    assert not any("row index" in w for w in data.warnings)


def test_infinite_first_cell_is_not_an_index_but_a_clear_error():
    """inf has no whole value: the column is data, and its cell is reported (not a crash)."""
    from emgui.io.errors import InputError

    with pytest.raises(InputError, match="line 2, column 1: 'inf' is not a finite number"):
        parse_points_text(",x,y\ninf,1,2\n1,3,4\n")


def test_a_skipped_row_after_a_comment_line_is_named_by_its_own_line():
    from emgui.io.csv_points import parse_points_text

    result = parse_points_text("x,y\n1,2\n# a comment\n3,4\nNA,5\n6,7\n")
    assert result.xy.tolist() == [[1, 2], [3, 4], [6, 7]]
    assert result.first_skipped_line == 5  # "NA,5" is on line 5 (it said 4)
