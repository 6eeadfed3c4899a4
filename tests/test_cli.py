"""`python main.py run ...`: output, the run JSON, and one-line errors with exit status 2.

Most cases call emgui.cli.main in-process; a few run main.py in a subprocess,
end to end, as a user would.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import numpy as np
import pytest

from emgui.core import initial_means, run_em
from tests.cli.helpers import ROOT, main_py, run_inprocess

FAITHFUL = ROOT / "resources" / "data" / "old_faithful.csv"
STEP_KEYS = {"iteration", "phase", "means", "covariances", "weights", "objective"}
RUN_KEYS = {"format", "algorithm", "covariance_type", "k", "n_points", "converged", "n_iter"}


def assert_one_line_error(err: str, *must_contain: str) -> None:
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("emgui run: error: ")
    for text in must_contain:
        assert text in lines[0], (text, lines[0])


def iteration_lines(out: str) -> list[tuple[int, float]]:
    rows = []
    for line in out.splitlines()[1:-1]:
        fields = line.split()
        rows.append((int(fields[0]), float(fields[1])))
    return rows


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --- end to end, in a subprocess


def test_help():
    top = main_py("--help")
    assert top.returncode == 0 and "usage" in top.stdout.lower() and "run" in top.stdout
    sub = main_py("run", "--help")
    assert sub.returncode == 0
    for option in ("--algorithm", "--centers", "--k", "--covariance", "--max-iter", "--json"):
        assert option in sub.stdout


def test_gmm_run_prints_one_line_per_iteration():
    result = main_py(
        "run", str(FAITHFUL), "--algorithm", "gmm", "--k", "2", "--max-iter", "7", "--tol", "0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert re.match(r"\s*iter\s+log-likelihood\s+change\s*$", lines[0])
    assert lines[-1] == "ran 7 iterations (tol 0: no convergence test)"
    rows = iteration_lines(result.stdout)
    assert [i for i, _ in rows] == list(range(8))  # the initial state and 7 iterations
    # the numbers are run_em's, from the same initial centers
    X = np.loadtxt(FAITHFUL, delimiter=",", skiprows=1)
    snaps = list(run_em(X, initial_means(X, 2, "kmeans++", 0), "gmm", max_iter=7, tol=0))
    expected = [s.objective for s in snaps if s.phase != "E"]
    np.testing.assert_allclose([v for _, v in rows], expected, rtol=1e-9)
    # the change column is the difference of consecutive objectives
    changes = [float(line.split()[2]) for line in lines[2:-1]]
    np.testing.assert_allclose(changes, np.diff(expected), rtol=1e-5)


def test_kmeans_run_with_json(tmp_path):
    out = tmp_path / "run.json"
    result = main_py(
        "run",
        str(FAITHFUL),
        "--algorithm",
        "kmeans",
        "--k",
        "3",
        "--init",
        "random",
        "--seed",
        "4",
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("converged after ")
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert RUN_KEYS | {"steps", "labels"} <= doc.keys()
    assert doc["format"] == "emgui-run/1" and doc["algorithm"] == "kmeans"
    assert doc["k"] == 3 and doc["n_points"] == 272 and doc["converged"] is True
    steps = doc["steps"]
    assert [s["phase"] for s in steps] == ["init"] + ["E", "M"] * doc["n_iter"]
    assert [s["iteration"] for s in steps] == [0] + [
        i for i in range(1, doc["n_iter"] + 1) for _ in "EM"
    ]
    for step in steps:
        assert STEP_KEYS <= step.keys()
        assert np.array(step["means"]).shape == (3, 2)
        assert np.array(step["covariances"]).shape == (3, 2, 2)
        assert len(step["weights"]) == 3
    assert len(doc["labels"]) == 272 and set(doc["labels"]) <= {0, 1, 2}
    inertias = [s["objective"] for s in steps]
    assert all(b <= a * (1 + 1e-12) for a, b in itertools.pairwise(inertias))


@pytest.mark.parametrize(
    ("content", "expected"),
    (
        (None, "no such file"),
        (b"x,y\n1,2\n3,abc\n", "line 3"),
        (b"\x00\x01\x02binary\xff\xfe" * 20, "not a text CSV file"),
        (b"", "empty"),
    ),
)
def test_bad_input_end_to_end(tmp_path, content, expected):
    path = tmp_path / "points.csv"
    if content is not None:
        path.write_bytes(content)
    result = main_py("run", str(path), "--algorithm", "gmm", "--k", "1")
    assert result.returncode == 2
    assert_one_line_error(result.stderr, str(path), expected)


def test_centers_file_end_to_end(tmp_path):
    centers = write(tmp_path, "centers.csv", "eruptions,waiting\n2.0,55\n4.5,80\n")
    out = tmp_path / "run.json"
    result = main_py(
        "run",
        str(FAITHFUL),
        "--algorithm",
        "gmm",
        "--centers",
        str(centers),
        "--covariance",
        "diag",
        "--max-iter",
        "3",
        "--tol",
        "0",
        "--json",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["covariance_type"] == "diag" and doc["n_iter"] == 3 and not doc["converged"]
    assert doc["steps"][0]["means"] == [[2.0, 55.0], [4.5, 80.0]]


# --- in-process


@pytest.mark.parametrize("covariance", ("full", "diag", "spherical", "tied"))
def test_every_covariance_type_runs(capsys, covariance):
    code, out, err = run_inprocess(
        capsys,
        str(FAITHFUL),
        "--algorithm",
        "gmm",
        "--k",
        "2",
        "--covariance",
        covariance,
        "--max-iter",
        "4",
        "--tol",
        "0",
    )
    assert code == 0 and err == ""
    assert [i for i, _ in iteration_lines(out)] == [0, 1, 2, 3, 4]


def test_json_of_a_gmm_run(capsys, tmp_path):
    out_path = tmp_path / "gmm.json"
    code, _, err = run_inprocess(
        capsys,
        str(FAITHFUL),
        "--algorithm",
        "gmm",
        "--k",
        "2",
        "--max-iter",
        "500",
        "--json",
        str(out_path),
    )
    assert code == 0, err
    doc = json.loads(out_path.read_text(encoding="utf-8"))
    assert doc["format"] == "emgui-run/1" and doc["algorithm"] == "gmm"
    assert doc["covariance_type"] == "full" and doc["converged"] is True
    steps = doc["steps"]
    assert len(steps) == 2 * doc["n_iter"] + 1
    assert [s["phase"] for s in steps] == ["init"] + ["E", "M"] * doc["n_iter"]
    for s in steps:
        np.testing.assert_allclose(sum(s["weights"]), 1.0)
        np.linalg.cholesky(np.array(s["covariances"]))
    lls = [s["objective"] for s in steps]
    assert all(b >= a - 1e-9 * abs(a) for a, b in itertools.pairwise(lls))


def test_kmeans_empty_cluster_is_noted(capsys, tmp_path):
    points = write(tmp_path, "p.csv", "0,0\n0.5,0\n0.5,1\n1,1\n")
    centers = write(tmp_path, "c.csv", "0.5,0.5\n3,3\n")
    code, out, err = run_inprocess(
        capsys, str(points), "--algorithm", "kmeans", "--centers", str(centers)
    )
    assert code == 0 and err == ""
    assert "empty clusters [1]" in out
    assert out.splitlines()[-1] == "converged after 1 iterations"


def test_degenerate_run_exits_2_with_one_line(capsys, tmp_path):
    points = write(tmp_path, "dup.csv", "1,1\n1,1\n1,1\n0,0\n0,0\n0,0\n")
    out_path = tmp_path / "run.json"
    code, out, err = run_inprocess(
        capsys,
        str(points),
        "--algorithm",
        "gmm",
        "--centers",
        str(points),
        "--reg-covar",
        "0",
        "--json",
        str(out_path),
    )
    assert code == 2
    assert_one_line_error(err, str(points), "reg_covar")
    assert "stopped after iteration" in out.splitlines()[-1]
    # the states up to the failure are still written
    doc = json.loads(out_path.read_text(encoding="utf-8"))
    assert doc["steps"][0]["phase"] == "init"


BAD_POINTS = (
    ("header.csv", "x,y\n", "no data rows"),
    ("nan.csv", "x,y\nnan,1\nNA,3\n", "only missing values"),
    ("inf.csv", "1,2\n3,inf\n", "line 2"),
    ("minusinf.csv", "1,2\n3,4\n-inf,5\n", "line 3"),
    ("onecol.csv", "x\n1\n2\n", "two numeric columns"),
    ("ragged.csv", "1,2\n3,4\n5\n", "line 3"),
    ("text.csv", "1,2\nthree,4\n", "line 2"),
    ("huge.csv", "1,2\n3,1e200\n", "line 2"),
)


@pytest.mark.parametrize(("name", "content", "expected"), BAD_POINTS)
def test_bad_points_file(capsys, tmp_path, name, content, expected):
    path = write(tmp_path, name, content)
    code, out, err = run_inprocess(capsys, str(path), "--algorithm", "kmeans", "--k", "1")
    assert code == 2 and out == ""
    assert_one_line_error(err, str(path), expected)


def test_points_path_is_a_directory(capsys, tmp_path):
    code, _, err = run_inprocess(capsys, str(tmp_path), "--algorithm", "gmm", "--k", "1")
    assert code == 2
    assert_one_line_error(err, str(tmp_path), "directory")


def test_k_larger_than_the_number_of_points(capsys, tmp_path):
    path = write(tmp_path, "three.csv", "1,2\n3,4\n5,6\n")
    code, _, err = run_inprocess(capsys, str(path), "--algorithm", "gmm", "--k", "4")
    assert code == 2
    assert_one_line_error(err, str(path), "--k must be between 1 and the number of points (3)")
    code, _, err = run_inprocess(capsys, str(path), "--algorithm", "gmm", "--k", "0")
    assert code == 2
    assert_one_line_error(err, "--k")


@pytest.mark.parametrize(
    ("content", "expected"),
    (
        ("1\n2\n", "two numeric columns"),
        ("1,2\n3,4\n5,6\n7,8\n", "4 centers for 3 points"),
        ("1,2\n3,nan\n", "line 2"),
    ),
)
def test_bad_centers_file(capsys, tmp_path, content, expected):
    points = write(tmp_path, "points.csv", "1,2\n3,4\n5,6\n")
    centers = write(tmp_path, "centers.csv", content)
    code, _, err = run_inprocess(
        capsys, str(points), "--algorithm", "gmm", "--centers", str(centers)
    )
    assert code == 2
    assert_one_line_error(err, str(centers), expected)


@pytest.mark.parametrize(
    ("args", "expected"),
    (
        (("--algorithm", "em", "--k", "1"), "invalid choice"),
        (("--k", "1"), "--algorithm"),
        (("--algorithm", "gmm"), "--centers --k"),
        (("--algorithm", "gmm", "--k", "two"), "invalid int value"),
        (("--algorithm", "gmm", "--k", "1", "--covariance", "round"), "invalid choice"),
        (("--algorithm", "gmm", "--k", "1", "--tol", "-1"), "--tol must be >= 0"),
        (("--algorithm", "gmm", "--k", "1", "--max-iter", "-3"), "--max-iter must be >= 0"),
        (("--algorithm", "gmm", "--k", "1", "--reg-covar", "nan"), "--reg-covar must be >= 0"),
        (("--algorithm", "gmm", "--k", "1", "--size", "big"), "WIDTHxHEIGHT"),
    ),
)
def test_bad_arguments(capsys, args, expected):
    code, _, err = run_inprocess(capsys, str(FAITHFUL), *args)
    assert code == 2
    assert "Traceback" not in err and len(err.splitlines()) == 1, err
    assert expected in err


POINTS = [(1.5, -2.0), (0.25, 3.0), (4.0, 4.5), (-1.0, 0.0), (2.5, 2.5), (3.0, -0.5)]


@pytest.mark.parametrize("delimiter", (",", ";", "\t"))
@pytest.mark.parametrize("header", (False, True))
@pytest.mark.parametrize("bom", (False, True))
def test_delimiters_header_and_bom_give_the_same_run(capsys, tmp_path, delimiter, header, bom):
    def points_text(sep: str, with_header: bool) -> str:
        lines = [f"x{sep}y"] if with_header else []
        lines += [f"{x}{sep}{y}" for x, y in POINTS]
        return "\n".join(lines) + "\n"

    reference = write(tmp_path, "ref.csv", points_text(",", False))
    args = ("--algorithm", "gmm", "--k", "2", "--max-iter", "5", "--tol", "0")
    code, expected, _ = run_inprocess(capsys, str(reference), *args)
    assert code == 0
    data = points_text(delimiter, header).encode("utf-8")
    path = write(tmp_path, "p.csv", (b"\xef\xbb\xbf" if bom else b"") + data)
    code, out, err = run_inprocess(capsys, str(path), *args)
    assert code == 0, err
    assert out == expected


def test_soft_kmeans_from_the_command_line(tmp_path, capsys):
    from emgui.cli import main

    pts = tmp_path / "p.csv"
    pts.write_text("x,y\n0,0\n0.2,0.1\n5,5\n5.1,4.9\n")
    assert main([str(pts), "--algorithm", "soft-kmeans", "--k", "2", "--beta", "5"]) == 0
    out = capsys.readouterr().out
    assert "log-likelihood" in out and "converged" in out


# --- sources, presets, figures, and checks made before the run


def test_list_presets_prints_one_line_per_preset_id_first(capsys):
    from emgui.model.presets import PRESETS

    code, out, err = run_inprocess(capsys, "--list-presets")
    assert code == 0 and err == ""
    assert [line.split()[0] for line in out.splitlines()] == [p.id for p in PRESETS]


def test_preset_run_takes_the_presets_start_and_settings(capsys):
    code, out, _ = run_inprocess(
        capsys, "--preset", "old-faithful", "--max-iter", "20", "--tol", "0"
    )
    assert code == 0
    rows = iteration_lines(out)
    assert rows[-1][0] == 20 and abs(rows[-1][1] - -385.4607) < 1e-3  # PRML figure 9.8's end
    code, out, _ = run_inprocess(capsys, "--preset", "old-faithful-kmeans")
    assert code == 0 and "inertia" in out.splitlines()[0]


def test_unknown_preset_names_the_ids(capsys):
    code, _, err = run_inprocess(capsys, "--preset", "faithful")
    assert code == 2
    assert_one_line_error(err, "--preset", "old-faithful")


def test_session_source_brings_its_points_centers_and_settings(capsys, tmp_path):
    from emgui.io.session_file import SessionData, save_session
    from emgui.model.settings import Settings

    X = np.loadtxt(FAITHFUL, delimiter=",", skiprows=1, usecols=(0, 1))
    centers = np.array([[2.0, 55.0], [4.5, 80.0]])
    path = tmp_path / "s.json"
    save_session(str(path), SessionData(X, centers, Settings(algorithm="kmeans")))
    code, out, _ = run_inprocess(capsys, str(path))
    assert code == 0 and "inertia" in out.splitlines()[0]
    want = [s.objective for s in run_em(X, centers, "kmeans") if s.phase != "E"]
    np.testing.assert_allclose([v for _, v in iteration_lines(out)], want, rtol=1e-9)
    # an option overrides the session's setting
    code, out, _ = run_inprocess(capsys, str(path), "--algorithm", "gmm")
    assert code == 0 and "log-likelihood" in out.splitlines()[0]


def test_figure_sheet_and_svg(capsys, tmp_path):
    from PIL import Image

    sheet = tmp_path / "fig.png"
    code, _, err = run_inprocess(
        capsys, "--preset", "old-faithful", "--sheet", "0,1,2,5", "--figure", str(sheet),
        "--size", "200x150", "--max-iter", "5",
    )  # fmt: skip
    assert code == 0, err
    assert Image.open(sheet).size == (200, 150)  # --size is the whole sheet
    svg = tmp_path / "final.svg"
    code, _, err = run_inprocess(capsys, "--preset", "blobs", "--figure", str(svg), "--at", "1")
    assert code == 0, err
    assert svg.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_sheet_asks_for_an_iteration_the_run_has_not(capsys, tmp_path):
    code, _, err = run_inprocess(
        capsys, "--preset", "ten-points", "--sheet", "0,50", "--figure", str(tmp_path / "f.png"),
        "--max-iter", "10",
    )  # fmt: skip
    assert code == 2
    assert_one_line_error(err, "no iteration 50")


@pytest.mark.parametrize(
    ("args", "expected"),
    (
        (("--seed", "-1", "--k", "2"), "--seed must be a whole number >= 0"),
        (("--k", "2", "--json", "/no/such/folder/run.json"), "/no/such/folder/run.json"),
        (("--k", "2", "--json", "/dev/null"), "not a regular file"),
        (("--k", "2", "--at", "3"), "give --figure"),
        (("--k", "2", "--figure", "out.bmp"), ".png, .svg or .pdf"),
        (("--k", "2", "--beta", "1e306", "--algorithm", "soft-kmeans"), "--beta"),
    ),
)
def test_options_and_outputs_are_checked_before_the_run(capsys, args, expected):
    if "--algorithm" not in args:
        args = ("--algorithm", "gmm", *args)
    code, out, err = run_inprocess(capsys, str(FAITHFUL), *args)
    assert code == 2 and out == ""  # nothing computed
    assert_one_line_error(err, expected)


def test_a_run_that_fails_in_its_first_e_step_says_why(capsys, tmp_path):
    line = write(tmp_path, "line.csv", "0,0\n1,1\n2,2\n")
    code, _, err = run_inprocess(
        capsys, str(line), "--algorithm", "gmm", "--centers", str(line), "--reg-covar", "0"
    )
    assert code == 2
    assert_one_line_error(err, str(line), "reg_covar")
    assert "internal error" not in err


def test_a_gif_too_large_for_memory_is_refused_with_the_estimate(capsys, tmp_path):
    code, _, err = run_inprocess(
        capsys, "--preset", "overlap", "--max-iter", "200", "--tol", "0",
        "--gif", str(tmp_path / "r.gif"), "--size", "10000x10000",
    )  # fmt: skip
    assert code == 2
    assert_one_line_error(err, "--gif", "GB")
    assert not (tmp_path / "r.gif").exists()
