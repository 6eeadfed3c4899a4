"""The 'Why EM works' figure: one drawing for the window's bar and the PNG, SVG and PDF files."""

from __future__ import annotations

import re

import numpy as np
import pytest

from emgui.core import bound_path, run_em
from emgui.model.presets import make_preset, preset_by_id
from emgui.model.theory_view import PATH_TS, bar_rows, decomposition
from emgui.render.figure import figure_bytes
from emgui.render.theory_figure import GAP, TheoryFigure


@pytest.fixture(scope="module")
def faithful(qapp):
    preset = preset_by_id("old-faithful")
    X, C = make_preset(preset)
    snaps = list(run_em(X, C, "gmm", covariances=preset.initial_covariances(2), max_iter=6))
    return X, snaps


def a_figure(X, snaps, index):
    e = snaps[index if snaps[index].phase == "E" else index - 1]
    m = snaps[snaps.index(e) + 1]
    d = decomposition(snaps[index], snaps[index - 1])
    path = bound_path(X, e, m, PATH_TS)
    return TheoryFigure(d, path, "mixture", snaps[index].phase, "Iteration 2"), d, path


def test_svg_carries_the_numbers_as_text_and_the_curves_as_lines(faithful):
    X, snaps = faithful
    figure, d, _ = a_figure(X, snaps, 4)
    svg = figure_bytes(figure, "svg")[0].decode("utf-8")
    for _, text, _ in bar_rows(d):
        assert text.replace("‖", "&#8214;") in svg or text in svg
    assert "θ_old (E-step)" in svg and "L(q, θ(t)), q held from the E-step" in svg
    paths = re.findall(r"<path d=\"M([^\"]+)\"", svg)
    # Each curve is one path with a vertex per value of t: vector, not pixels.
    assert sum(p.count("L") == len(PATH_TS) - 1 for p in paths) >= 2


def test_png_shows_a_gap_at_an_m_state_and_none_at_an_e_state(faithful):
    from PySide6 import QtGui

    X, snaps = faithful

    def gap_pixels(index):
        figure, _, _ = a_figure(X, snaps, index)
        image = QtGui.QImage.fromData(figure_bytes(figure, "png")[0], "PNG")
        image = image.convertToFormat(QtGui.QImage.Format.Format_RGB32)
        w, h = image.width(), image.height()
        rgb = np.frombuffer(image.constBits(), np.uint8).reshape(h, w, 4)[:, :, 2::-1]
        return int(np.count_nonzero(np.all(np.abs(rgb.astype(int) - GAP[:3]) <= 2, axis=2)))

    assert gap_pixels(3) == 0  # E: the bound touches
    assert gap_pixels(4) > 500  # M: KL(q ‖ p) drawn


def test_pdf_is_a_pdf_and_a_figure_without_a_path_says_why(faithful):
    X, snaps = faithful
    figure, _, _ = a_figure(X, snaps, 4)
    assert figure_bytes(figure, "pdf")[0].startswith(b"%PDF")
    bare = TheoryFigure(None, None, "mixture", "E", "Iteration 3", note="not computed yet")
    assert "not computed yet" in figure_bytes(bare, "svg")[0].decode("utf-8")


def test_bar_rows_say_what_changed(faithful):
    _, snaps = faithful
    d = decomposition(snaps[4], snaps[3])
    rows = {role: text for _, text, role in bar_rows(d)}
    rise = d.bound - d.before_bound
    assert rows["part"] == f"L(q, θ) = {d.bound:.6g}  (rose by {rise:.6g})"
    assert rows["gap"] == f"KL(q ‖ p) = {d.gap:.6g}" and rows["total"].startswith("log p")
    e_rows = {role: text for _, text, role in bar_rows(decomposition(snaps[3], snaps[2]))}
    assert e_rows["gap"] == "KL(q ‖ p) = 0: it touches"
