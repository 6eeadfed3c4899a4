"""Session files: bit-exact round trip, atomic save, and a named InputError for every bad file."""

from __future__ import annotations

import copy
import json
import os

import numpy as np
import pytest

from emgui.io import atomic, session_file
from emgui.io.errors import InputError
from emgui.io.session_file import (
    FORMAT,
    SessionData,
    load_session,
    parse_session,
    save_session,
    session_from_dict,
    session_to_json,
)
from emgui.model.settings import Settings


def _awkward_floats(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Values whose decimal text is long or unusual: subnormals, -0.0, thirds, the bound."""
    arr = rng.normal(size=shape) * 10.0 ** rng.integers(-300, 100, size=shape)
    flat = arr.reshape(-1)
    flat[:6] = [-0.0, 5e-324, 1 / 3, 1e100, -1e100, 0.1 + 0.2][: flat.size]
    return arr


def _full_session() -> SessionData:
    rng = np.random.default_rng(7)
    return SessionData(
        points=_awkward_floats(rng, (50, 2)),
        centers=np.array([[0.1, -0.2], [1 / 3, 2 / 3]]),
        settings=Settings(
            algorithm="kmeans",
            covariance_type="diag",
            init="random",
            k=2,
            seed=12345,
            tol=1e-12 / 3,
            reg_covar=0.1 + 0.2,
            pace_ms=0,
            ellipse_level="95%",
            show_voronoi=False,
        ),
        center_covariances=np.array([[[2.0, 0.3], [0.3, 1 / 7]], [[1e-5, 0.0], [0.0, 1e5]]]),
        center_weights=np.array([0.3, 0.7]),
        columns=("längd", "bredd"),
        view_range=((-1.5, 2.25), (-0.1, 1 / 3)),
    )


def _assert_same(a: SessionData, b: SessionData) -> None:
    for name in ("points", "centers", "center_covariances", "center_weights"):
        x, y = getattr(a, name), getattr(b, name)
        if x is None:
            assert y is None
        else:
            assert x.shape == y.shape and x.dtype == y.dtype
            assert x.tobytes() == y.tobytes(), name  # bit-exact, including -0.0
    assert a.settings == b.settings
    assert a.columns == b.columns
    assert a.view_range == b.view_range


def _minimal(**fields) -> str:
    return json.dumps({"format": FORMAT, **fields})


def _error(text: str | bytes) -> InputError:
    with pytest.raises(InputError) as info:
        parse_session(text, "session.json")
    return info.value


def test_session_roundtrip(tmp_path):
    data = _full_session()
    path = tmp_path / "s.json"
    save_session(path, data)
    loaded = load_session(path)
    _assert_same(data, loaded)
    assert loaded.warnings == ()
    assert loaded.settings.tol == 1e-12 / 3


def test_roundtrip_minimal_and_empty():
    data = SessionData(points=np.empty((0, 2)), centers=np.empty((0, 2)))
    loaded = parse_session(session_to_json(data))
    _assert_same(data, loaded)
    assert loaded.points.shape == (0, 2) and loaded.centers.shape == (0, 2)
    assert loaded.settings == Settings()


def test_session_data_arrays_are_read_only_copies():
    points = np.array([[1.0, 2.0]])
    data = SessionData(points=points, centers=np.empty((0, 2)))
    points[0, 0] = 99
    assert data.points[0, 0] == 1.0
    with pytest.raises(ValueError):
        data.points[0, 0] = 5


def test_saved_text_is_strict_json():
    text = session_to_json(_full_session())
    json.loads(text, parse_constant=lambda c: pytest.fail(f"wrote {c}"))
    assert "NaN" not in text and "Infinity" not in text


def test_saver_refuses_non_finite():
    data = SessionData(points=np.array([[np.nan, 1.0]]), centers=np.empty((0, 2)))
    with pytest.raises(ValueError):
        session_to_json(data)


@pytest.mark.parametrize("fraction", [0.0, 0.05, 0.3, 0.5, 0.77, 0.95, 0.999])
def test_session_truncated_json(fraction):
    text = session_to_json(_full_session())
    cut = text[: int(len(text) * fraction)]
    err = _error(cut)
    if cut.strip():
        assert err.line is not None and err.column is not None
        assert "not valid JSON" in err.message


def test_truncated_at_every_offset_of_a_small_file():
    text = session_to_json(
        SessionData(points=np.array([[1.5, -2.0]]), centers=np.array([[0.0, 1.0]]))
    )
    for end in range(len(text.rstrip()) - 1):
        with pytest.raises(InputError):
            parse_session(text[:end], "s.json")


def test_syntax_error_line_and_column():
    err = _error('{\n  "format": "emgui-session/1",\n  "points": [[1, 2],, ]\n}')
    assert (err.line, err.column) == (3, 21)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400", "-1e400"])
def test_session_nan_in_json(literal):
    text = f'{{"format": "{FORMAT}", "points": [[1, 2], [3, {literal}]]}}'
    err = _error(text)
    assert err.field == "points[1]"
    assert "not a finite number" in err.message


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {"centers": [[0, 0]], "center_covariances": [[[1, 0], [0, "NaN"]]]},
            "center_covariances[0][1][1]",
        ),
        ({"centers": [[0, 0]], "center_weights": ["Infinity"]}, "center_weights[0]"),
        ({"view_range": [[0, "Infinity"], [0, 1]]}, "view_range.x"),
    ],
)
def test_non_finite_in_other_fields(fields, field):
    text = _minimal(**fields).replace('"NaN"', "NaN").replace('"Infinity"', "Infinity")
    err = _error(text)
    assert "not a finite number" in err.message
    assert err.field == field


def test_settings_infinity_rejected():
    err = _error(f'{{"format": "{FORMAT}", "settings": {{"tol": 1e400}}}}')
    assert err.field == "settings.tol"


def test_schema_missing_format():
    err = _error('{"points": []}')
    assert err.field == "format"
    assert "missing" in err.message


def test_schema_newer_version_refused():
    err = _error('{"format": "emgui-session/2", "points": []}')
    assert err.message == (
        "was written by a newer emgui (format emgui-session/2); this version reads emgui-session/1"
    )


@pytest.mark.parametrize(
    "value", ["emgui-session", "emgui-session/1.0", "emgui-run/1", "x", 1, None]
)
def test_schema_garbage_format(value):
    err = _error(json.dumps({"format": value}))
    assert err.field == "format"
    assert "not an emgui session format" in err.message


def test_schema_unsupported_old_version():
    err = _error('{"format": "emgui-session/0"}')
    assert err.field == "format" and "not supported" in err.message


def test_migration_applied_step_by_step(monkeypatch):
    def v0_to_v1(d):
        d["points"] = d.pop("xy")
        return d

    monkeypatch.setitem(session_file.MIGRATIONS, 0, v0_to_v1)
    old = {"format": "emgui-session/0", "xy": [[1.0, 2.0]]}
    data = session_from_dict(old, "old.json")
    assert data.points.tolist() == [[1.0, 2.0]]
    assert old == {"format": "emgui-session/0", "xy": [[1.0, 2.0]]}


def test_failed_migration_leaves_input_untouched(monkeypatch):
    def v0_to_v1(d):
        d["points"] = d.pop("xy")  # mutates its argument, then yields an invalid session
        d["settings"]["k"] = -1
        return d

    monkeypatch.setitem(session_file.MIGRATIONS, 0, v0_to_v1)
    old = {"format": "emgui-session/0", "xy": [[1.0, 2.0]], "settings": {"k": 2}}
    before = copy.deepcopy(old)
    with pytest.raises(InputError) as info:
        session_from_dict(old, "old.json")
    assert info.value.field == "settings.k"
    assert old == before


def test_migration_that_raises_becomes_input_error(monkeypatch):
    def broken(d):
        raise KeyError("xy")

    monkeypatch.setitem(session_file.MIGRATIONS, 0, broken)
    with pytest.raises(InputError) as info:
        parse_session('{"format": "emgui-session/0"}', "old.json")
    assert "could not upgrade" in info.value.message


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"points": [[1, 2, 3]]}, "points[0]", "pair"),
        ({"points": [[1, 2], [3]]}, "points[1]", "pair"),
        ({"points": {"x": 1}}, "points", "list"),
        ({"points": [[1, "2"]]}, "points[0]", "number"),
        ({"points": [[1, True]]}, "points[0]", "number"),
        ({"points": [[1, None]]}, "points[0]", "number"),
        ({"points": [[1, 1e101]]}, "points[0]", "1e+100"),
        ({"points": [[1, 10**400]]}, "points[0]", "finite"),
        ({"centers": [[0, 0]] * 65}, "centers", "at most 64"),
        ({"centers": [[1e100, 2e100]]}, "centers[0]", "1e+100"),
        ({"columns": ["x"]}, "columns", "two names"),
        ({"view_range": [[1, 0], [0, 1]]}, "view_range.x", "below"),
        ({"view_range": [[0, 1]]}, "view_range", "[[xmin, xmax], [ymin, ymax]]"),
        ({"settings": {"covariance_type": "banana"}}, "settings.covariance_type", "full"),
        ({"settings": {"algorithm": "em"}}, "settings.algorithm", "kmeans"),
        ({"settings": "gmm"}, "settings", "object"),
    ],
)
def test_field_errors_named(fields, field, words):
    err = _error(_minimal(**fields))
    assert err.field == field
    assert words in err.message
    assert str(err).startswith("session.json: ")


def test_session_semantic_validation_k_mismatch():
    err = _error(_minimal(centers=[[0, 0], [1, 1]], center_covariances=[[[1, 0], [0, 1]]]))
    assert err.field == "center_covariances"
    assert "1 matrices but there are 2 centers" in err.message
    err = _error(_minimal(centers=[[0, 0]], center_weights=[0.5, 0.5]))
    assert err.field == "center_weights"
    assert "2 weights but there are 1 centers" in err.message


def test_session_semantic_validation_not_positive_definite():
    covs = [[[1, 0], [0, 1]], [[1, 2], [2, 1]]]
    err = _error(_minimal(centers=[[0, 0], [1, 1]], center_covariances=covs))
    assert err.field == "center_covariances[1]"
    assert str(err) == "session.json: center_covariances[1] is not positive definite"


@pytest.mark.parametrize(
    "matrix", [[[0, 0], [0, 1]], [[-1, 0], [0, 1]], [[1, 0], [0, -0.5]], [[4, 2], [2, 1]]]
)
def test_negative_variance_or_singular_rejected(matrix):
    err = _error(_minimal(centers=[[0, 0]], center_covariances=[matrix]))
    assert "not positive definite" in err.message


def test_non_symmetric_covariance_rejected():
    err = _error(_minimal(centers=[[0, 0]], center_covariances=[[[2, 0.5], [0.4, 2]]]))
    assert err.field == "center_covariances[0]"
    assert "not symmetric" in err.message


def test_session_semantic_validation_weights_sum():
    err = _error(_minimal(centers=[[0, 0], [1, 1]], center_weights=[0.3, 0.4]))
    assert str(err) == "session.json: center_weights sum to 0.7; they must sum to 1"


def test_weights_negative_and_zero_rejected():
    err = _error(_minimal(centers=[[0, 0], [1, 1]], center_weights=[1.5, -0.5]))
    assert err.field in ("center_weights[0]", "center_weights[1]")
    err = _error(_minimal(centers=[[0, 0], [1, 1]], center_weights=[-0.5, 1.5]))
    assert err.field == "center_weights[0]" and "negative" in err.message
    err = _error(_minimal(centers=[[0, 0], [1, 1]], center_weights=[0, 1]))
    assert err.field == "center_weights[0]"


def test_weights_within_tolerance_accepted_unchanged():
    data = parse_session(_minimal(centers=[[0, 0], [1, 1]], center_weights=[0.5, 0.5000005]))
    assert data.center_weights.tolist() == [0.5, 0.5000005]


def test_session_unknown_keys():
    data = parse_session(_minimal(points=[[1, 2]], comment="lecture 3", extra={"a": [1]}))
    assert data.points.tolist() == [[1, 2]]
    assert len(data.warnings) == 2
    assert any("comment" in w for w in data.warnings)


def test_unknown_setting_is_a_warning():
    data = parse_session(_minimal(settings={"k": 4, "theme": "dark"}))
    assert data.settings.k == 4
    assert any("theme" in w for w in data.warnings)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        ("[1, 2]", "not a JSON object"),
        ('"emgui-session/1"', "not a JSON object"),
        ("x" * 10, "not valid JSON"),
        ("[" * 100_000, "nested too deeply"),
        ('{"format": "emgui-session/1", "points": [[1' + "0" * 5000 + ", 2]]}", "5001 digits"),
    ],
)
def test_not_a_session(text, words):
    assert words in _error(text).message


def test_bytes_not_utf8():
    err = _error(b'{"format": "emgui-session/1",\n "columns": ["\xff", "y"]}')
    assert "UTF-8" in err.message and err.line == 2


def test_bytes_with_bom_accepted():
    data = parse_session(b"\xef\xbb\xbf" + _minimal(points=[[1, 2]]).encode())
    assert data.points.tolist() == [[1, 2]]


def test_load_missing_file_and_directory(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_session(tmp_path / "nope.json")
    with pytest.raises(InputError, match="is a directory"):
        load_session(tmp_path)


def _tmp_leftovers(directory) -> list[str]:
    return [n for n in os.listdir(directory) if n.endswith(".tmp")]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_session_save_is_atomic(tmp_path, monkeypatch, failing):
    path = tmp_path / "s.json"
    save_session(path, _full_session())
    before = path.read_bytes()
    os.chmod(path, 0o640)
    calls = []

    def fail(*args, **kwargs):
        calls.append(args)
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_write = os.write

        def half_write(fd, data):  # the first block lands, then the disk is full
            if not calls:
                calls.append(fd)
                return real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(atomic.os, "write", half_write)
    else:
        monkeypatch.setattr(atomic.os, failing, fail)

    bigger = SessionData(points=np.ones((1000, 2)), centers=np.empty((0, 2)))
    with pytest.raises(OSError):
        save_session(path, bigger)
    monkeypatch.undo()
    assert calls
    assert path.read_bytes() == before
    assert _tmp_leftovers(tmp_path) == []
    assert os.stat(path).st_mode & 0o777 == 0o640


def test_save_keeps_permissions_and_replaces_content(tmp_path):
    path = tmp_path / "s.json"
    path.write_text("old")
    os.chmod(path, 0o604)
    save_session(path, _full_session())
    assert os.stat(path).st_mode & 0o777 == 0o604
    _assert_same(load_session(path), _full_session())
    assert _tmp_leftovers(tmp_path) == []


def test_new_file_gets_umask_permissions(tmp_path):
    old_umask = os.umask(0o022)
    try:
        path = tmp_path / "new.json"
        save_session(path, _full_session())
    finally:
        os.umask(old_umask)
    assert os.stat(path).st_mode & 0o777 == 0o644


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_save_through_symlink_keeps_the_link(tmp_path):
    real = tmp_path / "real.json"
    real.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    save_session(link, _full_session())
    assert link.is_symlink()
    _assert_same(load_session(real), _full_session())


def test_coordinate_beyond_the_bound_says_to_rescale(tmp_path):
    path = tmp_path / "far.json"
    path.write_text(
        '{"format": "emgui-session/1", "points": [[1e101, 0]], "centers": [], "settings": {}}'
    )
    with pytest.raises(InputError, match=r"points\[0\].*beyond ±1e\+100; rescale the data"):
        load_session(path)
