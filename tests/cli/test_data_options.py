"""`emgui run --columns A,B --labels NAME --standardise`: choosing data, comparing classes."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from emgui.cli.parser import build_parser
from emgui.cli.source import load_run_input
from tests.cli.helpers import run_inprocess as _run

SPECIES = ("setosa", "versicolor", "virginica")


@pytest.fixture
def iris5(tmp_path):
    """A five-column iris-like table: four measurements, then the species."""
    rng = np.random.default_rng(0)
    rows, classes = [], []
    for c, (pl, pw) in enumerate(((1.5, 0.25), (4.3, 1.3), (5.6, 2.0))):
        for _ in range(40):
            sl, sw = rng.normal(5 + c, 0.4), rng.normal(3.2, 0.3)
            x, y = rng.normal(pl, 0.2), rng.normal(pw, 0.1)
            rows.append(f"{sl:.1f},{sw:.1f},{x:.2f},{y:.2f},{SPECIES[c]}")
            classes.append(c)
    path = tmp_path / "iris5.csv"
    path.write_text(
        "sepal_length,sepal_width,petal_length,petal_width,species\n" + "\n".join(rows) + "\n"
    )
    return path, np.array(classes)


def _one_line_error(err: str, *parts: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("emgui run: error: "), err
    for part in parts:
        assert part in lines[0], (part, lines[0])


def test_columns_by_name_and_by_number_give_the_same_run(capsys, iris5, tmp_path):
    path, _ = iris5
    runs = []
    for columns in ("petal_length,petal_width", "3,4", "petal_length,4"):
        out_json = tmp_path / f"{columns.replace(',', '_')}.json"
        code, _, _ = _run(
            capsys, str(path), "--algorithm", "kmeans", "--k", "3", "--columns", columns,
            "--json", str(out_json),
        )  # fmt: skip
        assert code == 0
        runs.append(json.loads(out_json.read_text())["steps"][0]["means"])
    assert runs[0] == runs[1] == runs[2]
    # the initial centers are petal rows, not the sepal columns a default read would use
    assert all(0.5 < x < 7 and 0 < y < 3 for x, y in runs[0])


def test_a_wrong_column_name_lists_the_names(capsys, iris5):
    path, _ = iris5
    code, out, err = _run(
        capsys, str(path), "--algorithm", "gmm", "--k", "3", "--columns", "petal,petal_width"
    )
    assert code == 2 and out == ""
    _one_line_error(
        err, "--columns:", str(path), "no column is named 'petal'", "sepal_length, sepal_width"
    )


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        ("1", "--columns takes two columns"),
        ("1,9", "there is no column 9: the file has 5 columns"),
        ("species,2", "column 5 ('species') holds text"),
    ],
)
def test_bad_columns_are_one_line(capsys, iris5, columns, expected):
    path, _ = iris5
    code, _, err = _run(capsys, str(path), "--algorithm", "gmm", "--k", "2", "--columns", columns)
    assert code == 2
    _one_line_error(err, expected)


def test_labels_report_the_agreement_checked_against_scikit_learn(capsys, iris5, tmp_path):
    path, classes = iris5
    out_json = tmp_path / "run.json"
    code, out, _ = _run(
        capsys, str(path), "--algorithm", "gmm", "--k", "3", "--columns", "3,4",
        "--labels", "species", "--json", str(out_json),
    )  # fmt: skip
    assert code == 0
    run = json.loads(out_json.read_text())
    agreement = run["agreement"]
    labels = np.array(run["labels"])
    assert agreement["classes"] == list(SPECIES)
    assert agreement["ari"] == pytest.approx(adjusted_rand_score(classes, labels), abs=1e-12)
    expected = np.zeros((3, 3), dtype=int)
    np.add.at(expected, (classes, labels), 1)
    assert agreement["confusion"] == expected.tolist()
    assert sorted(j for j in agreement["component_of_class"]) == [0, 1, 2]
    report = [line for line in out.splitlines() if line.startswith("agreement with species")]
    assert report == [line for line in out.splitlines() if "adjusted Rand index" in line]
    assert f"adjusted Rand index {agreement['ari']:.4f}" in report[0]
    assert any(line.startswith("setosa") for line in out.splitlines())


def test_without_labels_the_json_has_no_agreement(capsys, iris5, tmp_path):
    path, _ = iris5
    out_json = tmp_path / "run.json"
    assert (
        _run(capsys, str(path), "--algorithm", "kmeans", "--k", "3", "--json", str(out_json))[0]
        == 0
    )
    assert "agreement" not in json.loads(out_json.read_text())


def test_unknown_labels_column_names_the_option(capsys, iris5):
    path, _ = iris5
    code, _, err = _run(capsys, str(path), "--algorithm", "gmm", "--k", "3", "--labels", "kind")
    assert code == 2
    _one_line_error(err, "--labels:", "no column is named 'kind'")


def test_rows_with_missing_values_are_skipped_with_one_note(capsys, tmp_path):
    path = tmp_path / "gaps.csv"
    rows = [f"{i % 7},{(i * 3) % 11}" for i in range(40)]
    rows[5] = "5,"
    rows[17] = "NA,4"
    path.write_text("x,y\n" + "\n".join(rows) + "\n")
    out_json = tmp_path / "run.json"
    code, _, err = _run(
        capsys, str(path), "--algorithm", "kmeans", "--k", "2", "--json", str(out_json)
    )
    assert code == 0
    assert json.loads(out_json.read_text())["n_points"] == 38
    notes = [line for line in err.splitlines() if "skipped" in line]
    assert len(notes) == 1 and "skipped 2 rows" in notes[0] and "line 7" in notes[0]


def _args(*argv: str) -> argparse.Namespace:
    return build_parser().parse_args(list(argv))


def test_standardise_scales_the_points_and_says_so(iris5):
    path, _ = iris5
    run = load_run_input(
        _args(str(path), "--algorithm", "gmm", "--k", "3", "--columns", "3,4", "--standardise")
    )
    raw = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(2, 3))
    np.testing.assert_allclose(run.points, StandardScaler().fit_transform(raw), atol=1e-12)
    assert run.columns == ("petal_length (standardised)", "petal_width (standardised)")
    # the k-means++ start is drawn from the standardised points
    assert all((np.abs(run.points - c).sum(axis=1) == 0).any() for c in run.centers)


def test_standardise_moves_a_presets_start_with_its_points():
    plain = load_run_input(_args("--preset", "old-faithful-raw"))
    scaled = load_run_input(_args("--preset", "old-faithful-raw", "--standardise"))
    mean, sd = plain.points.mean(axis=0), plain.points.std(axis=0)
    np.testing.assert_allclose(scaled.centers, (plain.centers - mean) / sd, atol=1e-12)


def test_columns_with_a_preset_is_a_usage_error(capsys):
    code, _, err = _run(capsys, "--preset", "old-faithful-raw", "--columns", "1,2")
    assert code == 2
    _one_line_error(err, "--columns chooses columns of a CSV SOURCE")


def test_labels_with_the_iris_preset_reports_agreement_with_its_species(capsys):
    from sklearn.metrics import adjusted_rand_score

    run = load_run_input(_args("--preset", "iris", "--labels", "species"))
    assert run.known.names == ("setosa", "versicolor", "virginica")
    assert run.known.column == "species"
    code, out, _ = _run(capsys, "--preset", "iris", "--labels", "species", "--max-iter", "50")
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("agreement with species"))
    ari = float(line.split("adjusted Rand index ")[1].split(",")[0])
    from emgui.core import run_em

    final = list(run_em(run.points, run.centers, options=run.options, max_iter=50))[-1]
    assert abs(ari - adjusted_rand_score(run.known.labels, final.labels)) < 1e-4


def test_labels_with_a_preset_without_classes_is_a_usage_error(capsys):
    code, _, err = _run(capsys, "--preset", "old-faithful", "--labels", "species")
    assert code == 2
    _one_line_error(err, "--labels: the preset old-faithful has no known classes")


def test_shapes_by_class_need_the_labels(capsys, iris5):
    path, _ = iris5
    code, _, err = _run(capsys, str(path), "--algorithm", "gmm", "--k", "3", "--shapes", "classes")
    assert code == 2
    _one_line_error(err, "--shapes classes", "--labels")


def test_a_figure_shows_the_classes_by_shape_and_colours_each_class_as_the_window(
    capsys, iris5, tmp_path, monkeypatch
):
    import importlib

    cli_module = importlib.import_module("emgui.cli.main")  # the module, not its main()

    path, classes = iris5
    given = []
    write = cli_module._write_outputs
    monkeypatch.setattr(cli_module, "_write_outputs", lambda *a: given.append(a) or write(*a))
    figure = tmp_path / "shapes.svg"
    for seed in ("0", "1", "2", "3"):
        code, _, err = _run(
            capsys, str(path), "--algorithm", "kmeans", "--k", "3", "--seed", seed,
            "--columns", "3,4", "--labels", "species", "--shapes", "classes",
            "--figure", str(figure),
        )  # fmt: skip
        assert code == 0, err
    text = figure.read_text()
    assert "versicolor (square)" in text and "virginica (triangle)" in text
    assert text.count("<polygon") >= int(np.count_nonzero(classes > 0))
    # Each seed numbers the clusters its own way; the cluster of class c is drawn in colour c.
    numberings = set()
    for _args, _run_input, snapshots, slots, _agreement in given:
        labels = next(s.labels for s in reversed(snapshots) if s.labels is not None)
        holding = [int(np.bincount(labels[classes == c], minlength=3).argmax()) for c in range(3)]
        numberings.add(tuple(holding))
        assert [slots[j] for j in holding] == [0, 1, 2]
    assert len(numberings) > 1
