"""The analysis windows' "Save image…": PNG, SVG and PDF drawn by the figure renderer.

Restarts as a contact sheet (a panel per run, best first, one legend), model selection as a
line figure (integer k ticks, "lower is better"); the SVG as librsvg draws it matches the PNG,
the PDF keeps its text as text and (for BIC/AIC) holds no image.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image
from PySide6 import QtWidgets

from emgui.core.select import model_selection, restarts
from emgui.render.analysis_figure import CriteriaFigure, integer_ticks
from emgui.render.figure import figure_bytes
from emgui.ui.analysis import IMAGE_FILTERS, ModelSelectionWindow, RestartsWindow
from tests.render.figure_helpers import mean_difference, pdf_page, rsvg, tool
from tests.ui.test_analysis import BLOBS, Main

SVG_NS = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def runs():
    return restarts(BLOBS, 3, list(range(6)), "gmm", "full", "random", 40)


@pytest.fixture(scope="module")
def criteria():
    return model_selection(BLOBS, [1, 2, 3, 4, 5], "full", (0, 1, 2), 100, 1e-4, 1e-6)


@pytest.fixture
def restarts_window(qtbot, runs):
    main = Main(columns=("eruptions", "waiting"), algorithm="gmm")
    qtbot.addWidget(main)
    win = RestartsWindow(main)
    qtbot.addWidget(win)
    win.show_results(runs)
    return win


@pytest.fixture
def selection_window(qtbot, criteria):
    main = Main()
    qtbot.addWidget(main)
    win = ModelSelectionWindow(main)
    qtbot.addWidget(win)
    win.show_results(criteria)
    return win


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]


def pdf_text(path) -> str:
    out = subprocess.run([tool("pdftotext"), str(path), "-"], capture_output=True, text=True)
    return out.stdout


def pdf_image_count(path) -> int:
    out = subprocess.run(
        [tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return len(out.splitlines()[2:])  # after the header and its rule


@pytest.mark.parametrize("which", ["restarts", "selection"])
def test_each_format_is_written_as_its_extension_says(request, tmp_path, which):
    win = request.getfixturevalue(f"{which}_window")
    figure = win.figure()
    for fmt in ("png", "svg", "pdf"):
        path = tmp_path / f"out.{fmt}"
        assert win.save_image(str(path)), win.note.text()
        assert win.note.text() == f"Saved {path}"
        data = path.read_bytes()
        if fmt == "png":
            assert data.startswith(b"\x89PNG")
            size = Image.open(path).size  # twice the figure's pixels, for slides and print
            assert size == (round(2 * figure.width), round(2 * figure.height))
        elif fmt == "svg":
            root = ET.fromstring(data)
            assert root.tag == f"{SVG_NS}svg"
        else:
            assert data.startswith(b"%PDF")
    assert not win.save_image(str(tmp_path / "out.gif"))
    assert ".png, .svg or .pdf" in win.note.text()
    assert not (tmp_path / "out.gif").exists()


@pytest.mark.parametrize("which", ["restarts", "selection"])
def test_svg_in_librsvg_and_pdf_in_poppler_look_like_the_png(request, tmp_path, which):
    win = request.getfixturevalue(f"{which}_window")
    win.save_image(str(tmp_path / "a.png"))
    win.save_image(str(tmp_path / "a.svg"))
    win.save_image(str(tmp_path / "a.pdf"))
    svg = rsvg((tmp_path / "a.svg").read_bytes())
    png = Image.open(tmp_path / "a.png").convert("RGBA").resize(svg.size, Image.BOX)
    pdf = pdf_page(tmp_path / "a.pdf").resize(svg.size, Image.BOX)
    assert mean_difference(png, svg) < 2.5
    assert mean_difference(png, pdf) < 4.0
    # Not a blank page matching a blank page: the figure has ink.
    assert np.asarray(svg.convert("L")).min() < 100


def test_restarts_sheet_panels_best_first_with_seed_captions_one_legend(restarts_window, runs):
    data, _ = figure_bytes(restarts_window.figure(), "svg")
    texts = svg_texts(data)
    captions = [t for t in texts if "seed" in t]
    assert len(captions) == len(runs)
    for n, (caption, run) in enumerate(zip(captions, runs, strict=True)):
        want = f"seed {run.seed} \u00b7 {run.objective:.6g}".replace("-", "\u2212")
        assert caption.endswith(want), (caption, want)
        assert caption.startswith(f"({'abcdef'[n]})")
    assert [r.objective for r in runs] == sorted((r.objective for r in runs), reverse=True)
    assert texts.count("component 1") == 1  # one legend for the sheet
    assert texts.count("eruptions") == 1 and texts.count("waiting") == 1  # shared axes


def test_restarts_pdf_has_its_captions_and_axis_titles_as_text(restarts_window, tmp_path):
    path = tmp_path / "r.pdf"
    assert restarts_window.save_image(str(path))
    text = pdf_text(path)
    assert "eruptions" in text and "waiting" in text and "seed 0" in text


def test_criteria_pdf_is_vector_with_its_axis_titles_as_text(selection_window, tmp_path):
    path = tmp_path / "bic.pdf"
    assert selection_window.save_image(str(path))
    text = pdf_text(path)
    for words in ("k (number of components)", "criterion (lower is better)", "BIC", "AIC"):
        assert words in text
    assert pdf_image_count(path) == 0  # lines, markers and text: no raster


def test_k_ticks_are_whole_numbers(selection_window):
    figure = selection_window.figure()
    assert figure.x_ticks.labels == ("1", "2", "3", "4", "5")
    # Two ks alone would get ticks at 0.5 steps from a general tick maker.
    two = CriteriaFigure(np.array([1, 2]), np.array([5.0, 3.0]), np.array([4.0, 2.0]))
    assert two.x_ticks.labels == ("1", "2")
    # Many ks in a narrow figure: fewer ticks, still whole numbers.
    ks = np.arange(1, 21)
    narrow = CriteriaFigure(ks, ks * 2.0, ks * 1.0, width=300, height=240)
    assert all(float(v).is_integer() for v in narrow.x_ticks.values)
    assert 2 <= len(narrow.x_ticks.values) < 20
    assert integer_ticks(0.5, 3.5, 600, 12).values == (1.0, 2.0, 3.0)


def test_the_svg_x_tick_labels_are_the_ks(selection_window):
    data, _ = figure_bytes(selection_window.figure(), "svg")
    texts = svg_texts(data)
    assert all(str(k) in texts for k in range(1, 6))
    assert not any(t in texts for t in ("0.5", "1.5", "2.5"))


def test_nothing_to_save_before_a_run_says_so(qtbot, tmp_path):
    main = Main()
    qtbot.addWidget(main)
    for cls in (RestartsWindow, ModelSelectionWindow):
        win = cls(main)
        qtbot.addWidget(win)
        assert not win.save_image(str(tmp_path / "none.png"))
        assert "run" in win.note.text().lower()
        assert not (tmp_path / "none.png").exists()


def test_the_dialog_offers_png_svg_and_pdf_and_adds_the_chosen_type(
    selection_window, tmp_path, monkeypatch
):
    assert all(f"*.{fmt}" in IMAGE_FILTERS for fmt in ("png", "svg", "pdf"))
    seen = {}

    def dialog(parent, title, name, filters):
        seen["filters"] = filters
        return str(tmp_path / "chosen"), "SVG image (*.svg)"

    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", dialog)
    assert selection_window.save_image()
    assert seen["filters"] == IMAGE_FILTERS
    assert ET.fromstring((tmp_path / "chosen.svg").read_bytes()).tag == f"{SVG_NS}svg"


def test_a_pdf_of_many_points_says_they_are_an_image(qtbot, tmp_path):
    from emgui.render.pdf_export import VECTOR_POINT_LIMIT

    many = np.random.default_rng(2).normal(size=(VECTOR_POINT_LIMIT // 2 + 1, 2))
    main = Main(many, algorithm="kmeans")
    qtbot.addWidget(main)
    win = RestartsWindow(main)
    qtbot.addWidget(win)
    win.show_results(restarts(many, 2, [0, 1], "kmeans", "full", "random", 5))
    assert win.save_image(str(tmp_path / "many.pdf"))
    assert "image in the PDF" in win.note.text() and pdf_image_count(tmp_path / "many.pdf") >= 1
