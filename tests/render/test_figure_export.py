"""Figures as files: the SVG and the PDF draw what the PNG draws, in librsvg, Qt and poppler.

Each export is rendered by another program and compared with the PNG of the same state:
after a 4x shrink (renderers antialias and hint text differently) the pictures must agree
on average to a few levels in 255, and each component's colour must sit in the same place.
"""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PIL import Image

from emgui.model.view_state import caption
from emgui.render.export_options import ExportOptions
from emgui.render.exporter import Exporter, frame_states
from emgui.render.figure import figure_bytes, png_bytes, to_image
from emgui.render.pdf_export import VECTOR_POINT_LIMIT
from tests.render.figure_helpers import (
    a_run,
    component_rgb,
    mean_difference,
    on_white,
    pdf_page,
    rsvg,
    tool,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def figure(qapp):
    X, snaps, settings = a_run()
    index = len(snaps) - 1
    ((_, state),) = frame_states(X, snaps, [index], settings, ("length", "waiting"))
    options = ExportOptions(size=(800, 600), settings=settings, fit="data")
    return X, snaps, Exporter(options).figure(state, caption(snaps[index]))


def _png(figure) -> Image.Image:
    import io

    return Image.open(io.BytesIO(png_bytes(to_image(figure)))).convert("RGBA")


def _same_picture(a: Image.Image, b: Image.Image, fig) -> None:
    """Close on average, and each center's disc in its colour exactly where the layout puts it."""
    assert a.size == b.size
    assert mean_difference(a, b) < 2.5
    centers = fig.panel.frame.map(fig.state.centers)
    for j, (x, y) in enumerate(centers):
        for img in (a, b):
            patch = on_white(img)[round(y) - 1 : round(y) + 2, round(x) - 1 : round(x) + 2]
            assert np.abs(patch - np.array(component_rgb(j))).max() < 12, (j, x, y)


def test_svg_is_in_output_units_and_renders_in_librsvg_as_the_png(figure):
    X, snaps, fig = figure
    data, _ = figure_bytes(fig, "svg")
    text = data.decode("utf-8")
    root = ET.fromstring(text)
    assert (root.get("width"), root.get("height")) == ("800px", "600px")
    assert root.get("viewBox") == "0 0 800 600"
    # No data transform, no cosmetic strokes: only the rotation of the y title.
    assert "vector-effect" not in text and "matrix(" not in text
    transforms = re.findall(r'transform="([^"]*)"', text)
    assert transforms and all(
        re.fullmatch(r"translate\([\d. ]+\) rotate\(-90\)", t) for t in transforms
    )
    assert "clip-path" not in text  # clipped geometrically: ImageMagick's renderer drops clipPath
    assert "sans-serif" in root.find(f"{SVG}g").get("font-family")
    groups = {g.get("class"): g for g in root.iter(f"{SVG}g") if g.get("class")}
    k = snaps[-1].k
    assert len(groups["ellipses"].findall(f"{SVG}path")) == k  # one path per ellipse
    assert len(list(groups["points"].iter(f"{SVG}circle"))) == X.shape[0]  # one per point
    _same_picture(_png(fig), rsvg(data), fig)


def test_svg_renders_in_qt_as_the_png(figure):
    from PySide6 import QtCore, QtGui
    from PySide6.QtSvg import QSvgRenderer

    fig = figure[2]
    data, _ = figure_bytes(fig, "svg")
    renderer = QSvgRenderer(QtCore.QByteArray(data))
    assert renderer.isValid()
    image = QtGui.QImage(800, 600, QtGui.QImage.Format.Format_ARGB32)
    image.fill(QtCore.Qt.GlobalColor.white)
    painter = QtGui.QPainter(image)
    renderer.render(painter)
    painter.end()
    qt = Image.fromqimage(image).convert("RGBA")
    _same_picture(_png(fig), qt, fig)


def test_pdf_is_vector_with_text_and_renders_as_the_png(figure, tmp_path):
    fig = figure[2]
    data, note = figure_bytes(fig, "pdf")
    path = tmp_path / "fig.pdf"
    path.write_bytes(data)
    assert note is None
    listing = subprocess.run(
        [tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(listing) == 2  # the header only: no image in the file
    text = subprocess.run(
        [tool("pdftotext"), str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for words in ("length", "waiting", "Gaussian mixture", "component 1", "1 standard deviation"):
        assert words in text
    page = pdf_page(path)
    assert page.size == (800, 600)  # 600 x 450 pt: the requested size at 96 per inch
    _same_picture(_png(fig), page, fig)


def test_pdf_of_many_points_embeds_them_as_one_image_and_says_so(qapp, tmp_path):
    from emgui.model.view_state import ViewState

    rng = np.random.default_rng(0)
    n = VECTOR_POINT_LIMIT + 1000
    state = ViewState(
        points=rng.normal(size=(n, 2)),
        colors=np.full(n, 0xFF0072B2, np.uint32),
        centers=np.zeros((1, 2)),
    )
    exporter = Exporter(ExportOptions(size=(400, 300), fit="data"))
    note = exporter.render_pdf(state, str(tmp_path / "many.pdf"), "many points")
    assert note and "300-dpi image" in note and str(n) in note
    listing = subprocess.run(
        [tool("pdfimages"), "-list", str(tmp_path / "many.pdf")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    rows = [r.split() for r in listing[2:]]
    assert len([r for r in rows if r[2] == "image"]) == 1
    text = subprocess.run(
        [tool("pdftotext"), str(tmp_path / "many.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "many points" in text  # the rest stays text


def test_pdf_of_1e4_points_is_vector_and_small(qapp, tmp_path):
    from emgui.model.view_state import ViewState

    rng = np.random.default_rng(1)
    n = 10_000
    state = ViewState(
        points=rng.normal(size=(n, 2)),
        colors=rng.choice(np.array([0xFF0072B2, 0xFFE69F00], np.uint32), n),
        centers=np.zeros((2, 2)),
    )
    path = tmp_path / "ten-thousand.pdf"
    assert Exporter(ExportOptions(size=(800, 600), fit="data")).render_pdf(state, str(path)) is None
    assert path.stat().st_size < 20 << 20
    listing = subprocess.run(
        [tool("pdfimages"), "-list", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert len(listing) == 2


def test_write_refuses_a_format_it_does_not_write(qapp, tmp_path, figure):
    X, snaps, _ = figure
    ((_, state),) = frame_states(X, snaps, [1], ExportOptions().settings)
    with pytest.raises(
        ValueError, match=r"view\.bmp: a figure is written as \.png, \.svg or \.pdf"
    ):
        Exporter(ExportOptions(size=(200, 150))).write(state, str(tmp_path / "view.bmp"))
    assert not (tmp_path / "view.bmp").exists()


def test_svg_renders_in_imagemagick_with_every_mark(figure, tmp_path):
    """ImageMagick's own SVG renderer (MSVG) drops clipPath groups and rotate(a x y): the file
    uses neither. It ignores stroke-opacity (darker point outlines): a looser average."""
    import io

    fig = figure[2]
    data, _ = figure_bytes(fig, "svg")
    path = tmp_path / "fig.svg"
    path.write_bytes(data)
    out = subprocess.run(
        [tool("convert"), f"msvg:{path}", "png:-"], capture_output=True, check=True
    ).stdout
    magick = Image.open(io.BytesIO(out)).convert("RGBA")
    png = _png(fig)
    assert magick.size == png.size
    assert mean_difference(png, magick) < 10.0
    for j, (x, y) in enumerate(fig.panel.frame.map(fig.state.centers)):
        patch = on_white(magick)[round(y) - 1 : round(y) + 2, round(x) - 1 : round(x) + 2]
        assert np.abs(patch - np.array(component_rgb(j))).max() < 12, (j, x, y)
    ink = (on_white(magick) < 128).all(axis=2)
    frame = fig.panel.frame  # the rotated y title is drawn left of the tick labels
    assert ink[round(frame.top) : round(frame.bottom), : round(frame.left * 0.4)].any()
