"""Figure layout: nothing cut or crowding the edge, type in points, fitted to the data, equal
aspect on or off; contact sheets as a paper draws them; side-by-side figures in any format."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from emgui.model.view_state import ViewState, caption
from emgui.render.contact_sheet import choose_grid, panel_letter
from emgui.render.export_options import ExportOptions
from emgui.render.exporter import (
    Exporter,
    export_view,
    frame_states,
    indices_for_iterations,
    sheet_figure,
)
from emgui.render.figure import figure_bytes, png_bytes, state_extent, to_image
from emgui.render.figure_layout import PX_PER_PT, fit_range, make_ticks
from tests.render.figure_helpers import a_run, on_white, rsvg

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def run(qapp):
    return a_run()


def _state(run, index=-1, columns=("eruptions", "waiting")):
    X, snaps, settings = run
    index = index % len(snaps)
    ((_, state),) = frame_states(X, snaps, [index], settings, columns)
    return state, caption(snaps[index])


def _ink_box(image) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) margins of white around everything drawn."""
    a = on_white(Image.open(io.BytesIO(png_bytes(image))))
    ink = (a < 245).any(axis=2)
    ys, xs = np.nonzero(ink)
    h, w = ink.shape
    return xs.min(), ys.min(), w - 1 - xs.max(), h - 1 - ys.max()


@pytest.mark.parametrize("size", [(1280, 720), (600, 600), (320, 240)])
def test_nothing_touches_the_edges(run, size):
    state, text = _state(run)
    figure = Exporter(ExportOptions(size=size, settings=run[2], fit="data")).figure(state, text)
    margins = _ink_box(to_image(figure))
    room = 0.3 * figure.style.font_px  # at least a third of the type size of white all round
    assert min(margins) >= room, (margins, room)


def test_font_size_is_in_points(run):
    state, text = _state(run)
    figure = Exporter(ExportOptions(size=(800, 600), font_pt=9, fit="data")).figure(state, text)
    assert figure.style.font_px == pytest.approx(9 * PX_PER_PT)
    svg = figure_bytes(figure, "svg")[0].decode()
    sizes = {float(t.get("font-size")) for t in ET.fromstring(svg).iter(f"{SVG}text")}
    assert any(abs(v - 12.0) < 1e-6 for v in sizes)  # ticks, titles, legend: 9 pt = 12 px


def test_a_square_figure_fits_the_data_not_a_wide_view(run):
    state, text = _state(run)
    exporter = Exporter(ExportOptions(size=(600, 600), fit="data", settings=run[2]))
    exporter.set_range((-40.0, 40.0), (-3.0, 6.0))  # a wide window: ignored when fitting data
    frame = exporter.figure(state, text).panel.frame
    xy = frame.map(state_extent(state, run[2]))  # points, centers, ellipses, trails
    spread = np.ptp(xy, axis=0) / np.array([frame.width, frame.height])
    assert spread.max() > 0.9  # the data fill the box along the axis that binds
    viewed = Exporter(ExportOptions(size=(600, 600), fit="view"))
    viewed.set_range((-40.0, 40.0), (-3.0, 6.0), padding=0)
    assert viewed.figure(state, text).panel.frame.x_range[0] <= -40.0  # the window's view


def test_equal_aspect_on_and_off(run):
    state, text = _state(run)
    for equal in (True, False):
        opts = ExportOptions(size=(900, 400), fit="data", equal_aspect=equal)
        f = Exporter(opts).figure(state, text).panel.frame
        per_x = f.width / (f.x_range[1] - f.x_range[0])
        per_y = f.height / (f.y_range[1] - f.y_range[0])
        assert (per_x == pytest.approx(per_y, rel=1e-9)) is equal


def test_ticks_are_round_and_labelled_with_a_true_minus():
    t = make_ticks(-2.3, 2.9, 6)
    assert t.values == (-2.0, -1.0, 0.0, 1.0, 2.0)
    assert t.labels == ("\u22122", "\u22121", "0", "1", "2")
    t = make_ticks(0.013, 0.052, 4)
    assert t.labels == ("0.02", "0.03", "0.04", "0.05")
    (x0, x1), (y0, y1) = fit_range(np.array([[1.0, 5.0], [1.0, 5.0]]))
    assert x0 < 1.0 < x1 and y0 < 5.0 < y1  # one point still gets a box


def test_grid_choice_and_letters():
    assert [choose_grid(m) for m in (1, 3, 5, 6, 7, 9, 10)] == [
        (1, 1), (1, 3), (1, 5), (2, 3), (2, 4), (3, 3), (2, 5),
    ]  # fmt: skip
    assert [panel_letter(n) for n in (0, 1, 25, 26)] == ["(a)", "(b)", "(z)", "(aa)"]


def test_sheet_has_one_legend_shared_axes_and_short_captions(run):
    X, snaps, settings = run
    idx = indices_for_iterations(snaps, [0, 1, 2, 4])
    opts = ExportOptions(size=(300, 300), settings=settings, fit="data")
    figure = sheet_figure(X, snaps, idx, opts, columns=("eruptions", "waiting"))
    assert figure.grid == (1, 4)
    svg = figure_bytes(figure, "svg")[0].decode()
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert texts.count("eruptions") == 1 and texts.count("waiting") == 1
    assert [t for t in texts if t.startswith("(")] == [
        "(a)  L = 0", "(b)  L = 1", "(c)  L = 2", "(d)  L = 4",
    ]  # fmt: skip
    legends = [g for g in root.iter(f"{SVG}g") if g.get("class") == "legend"]
    assert len(legends) == 1
    assert not any("\u03c0" in t for t in texts)  # weights differ by panel: not in the one legend
    # Plot boxes of one size on one row; y tick labels only left of the first.
    frames = [p.frame for p in figure.panels]
    assert len({(round(f.width, 6), round(f.height, 6), round(f.top, 6)) for f in frames}) == 1
    assert [p.text.y_ticks for p in figure.panels] == [True, False, False, False]
    assert all(p.text.x_ticks for p in figure.panels)
    # librsvg draws the same sheet as the PNG.
    png = Image.open(io.BytesIO(png_bytes(to_image(figure))))
    from tests.render.figure_helpers import mean_difference

    assert mean_difference(png.convert("RGBA"), rsvg(svg.encode())) < 2.5


def test_sheet_grid_rows_and_columns(run):
    X, snaps, settings = run
    idx = indices_for_iterations(snaps, [0, 1, 2, 3, 4])
    opts = ExportOptions(size=(200, 200), settings=settings, grid=(2, 3), fit="data")
    figure = sheet_figure(X, snaps, idx, opts)
    assert figure.grid == (2, 3)
    # x tick labels under the bottom panel of each column: (c) has none below it, so it
    # carries its own.
    assert [p.text.x_ticks for p in figure.panels] == [False, False, True, True, True]
    with pytest.raises(ValueError, match="room for 4 panels, not 5"):
        sheet_figure(X, snaps, idx, ExportOptions(grid=(2, 2)))


def test_compare_export_writes_the_format_asked_for(run, tmp_path):
    state, text = _state(run)
    other = ViewState(state.points, state.colors, state.centers, snapshot=state.snapshot)
    opts = ExportOptions(size=(400, 300), settings=run[2])
    views = [(state, opts, text), (other, opts, "k-means")]
    view = ((-2.0, 6.0), (-2.0, 5.0))
    path, _ = export_view(str(tmp_path / "both.svg"), views, view)
    root = ET.parse(path).getroot()  # an SVG, not a PNG under an .svg name
    assert root.get("width") == "800px"
    plots = [g for g in root.iter(f"{SVG}g") if g.get("class") == "plot"]
    assert len(plots) == 2
    path, _ = export_view(str(tmp_path / "both.pdf"), views, view)
    assert open(path, "rb").read(5) == b"%PDF-"
    path, _ = export_view(str(tmp_path / "both.png"), views, view)
    assert Image.open(path).size == (800, 300)
    with pytest.raises(
        ValueError, match=r"both\.jpg: a figure is written as \.png, \.svg or \.pdf"
    ):
        export_view(str(tmp_path / "both.jpg"), views, view)
    assert not (tmp_path / "both.jpg").exists()


def test_long_tick_labels_do_not_run_into_each_other(qapp):
    from emgui.render.figure_canvas import measure

    rng = np.random.default_rng(0)
    state = ViewState(
        rng.normal(size=(50, 2)) * 1e-3 + 1e7, np.full(50, 0xFF888888, np.uint32), np.zeros((0, 2))
    )
    opts = ExportOptions(size=(300, 300), fit="data", font_pt=12)
    figure = Exporter(opts).figure(state, "offset")
    f, ticks = figure.panel.frame, figure.panel.x_ticks
    xs = f.map_x(np.array(ticks.values))
    half = [measure(t, figure.style.font_px) / 2 for t in ticks.labels]
    assert len(xs) >= 1  # round ticks 0.002 apart would overlap: fewer of them
    for i in range(len(xs) - 1):
        assert xs[i] + half[i] < xs[i + 1] - half[i + 1]  # a gap between neighbours
