"""PointCloudItem: colours land where the points are, on every paint path and device."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pyqtgraph as pg
import pytest
from pyqtgraph.exporters import ImageExporter
from pyqtgraph.Qt import QtCore, QtGui
from PySide6 import QtSvg

from emgui.render.argb import argb_from_rgba
from emgui.render.point_cloud import PointCloudItem
from emgui.render.point_raster import disc_rows

W, H = 640, 480
MODES = ["fragments", "raster"]
# Fragments use colours quantised to 4 bits per channel: at most 8 off per channel.
TOLERANCE = 9


class Stage:
    """A PlotItem with one PointCloudItem in a scene, rendered into a QImage."""

    def __init__(self, mode: str = "auto", size: float = 10.0, **style) -> None:
        self.scene = pg.GraphicsScene()
        self.plot = pg.PlotItem()
        self.scene.addItem(self.plot)
        self.plot.setGeometry(0, 0, W, H)
        self.item = PointCloudItem()
        self.item.setStyle(size, **style)
        self.item.setMode(mode)
        self.plot.addItem(self.item)

    def show_range(self, x: tuple[float, float], y: tuple[float, float]) -> None:
        self.plot.vb.setRange(xRange=x, yRange=y, padding=0)

    def render(
        self, size: tuple[int, int] = (W, H), source: QtCore.QRectF | None = None
    ) -> QtGui.QImage:
        image = QtGui.QImage(*size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QtGui.QColor("white"))
        painter = QtGui.QPainter(image)
        source = source or QtCore.QRectF(0, 0, W, H)
        # pg.GraphicsScene.render first lets the ViewBox apply a pending range.
        self.scene.render(
            painter,
            QtCore.QRectF(0, 0, *size),
            source,
            QtCore.Qt.AspectRatioMode.IgnoreAspectRatio,
        )
        painter.end()
        self.source, self.size = source, size
        return image

    def pixel(self, image: QtGui.QImage, x: float, y: float) -> tuple[int, int, int, int]:
        """RGBA of the image pixel under data point (x, y) (after render())."""
        p = self.plot.vb.mapViewToScene(QtCore.QPointF(x, y))
        sx = self.size[0] / self.source.width()
        sy = self.size[1] / self.source.height()
        c = image.pixelColor(
            int((p.x() - self.source.x()) * sx), int((p.y() - self.source.y()) * sy)
        )
        return c.red(), c.green(), c.blue(), c.alpha()


def assert_color(actual, expected, tol: int = TOLERANCE) -> None:
    diff = np.abs(np.array(actual[:3], int) - np.array(expected[:3], int))
    assert diff.max() <= tol, f"pixel {actual} is not {expected}"


def grid_points(rng: np.random.Generator, n_side: int = 5):
    """Well separated points, each with a random opaque colour."""
    g = np.arange(n_side, dtype=float)
    xy = np.stack(np.meshgrid(g, g), axis=-1).reshape(-1, 2)
    rgb = rng.integers(0, 256, (len(xy), 3), dtype=np.uint8)
    rgba = np.concatenate([rgb, np.full((len(xy), 1), 255, np.uint8)], axis=1)
    return xy, rgba


@pytest.mark.parametrize("mode", MODES)
def test_each_point_has_its_colour(qtbot, mode):
    stage = Stage(mode)
    xy, rgba = grid_points(np.random.default_rng(1))
    stage.item.setData(xy, rgba)
    stage.show_range((-1, 5), (-1, 5))
    image = stage.render()
    assert stage.item.lastPaintPath == mode
    for (x, y), color in zip(xy, rgba, strict=True):
        assert_color(stage.pixel(image, x, y), color)
    # Between the points the background shows.
    assert stage.pixel(image, 0.5, 0.5)[:3] == (255, 255, 255)


@pytest.mark.parametrize("mode", MODES)
def test_uint32_colours_equal_rgba_colours(qtbot, mode):
    xy, rgba = grid_points(np.random.default_rng(2))
    images = []
    for colors in (rgba, argb_from_rgba(rgba)):
        stage = Stage(mode)
        stage.item.setData(xy, colors)
        stage.show_range((-1, 5), (-1, 5))
        images.append(stage.render())
    assert images[0] == images[1]


@pytest.mark.parametrize("mode", MODES)
def test_later_points_are_drawn_on_top(qtbot, mode):
    stage = Stage(mode)
    xy = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 1.0]])
    stage.item.setData(xy, np.array([0xFFFF0000, 0xFF0000FF, 0xFF00FF00], np.uint32))
    stage.show_range((-1, 2), (-1, 2))
    assert_color(stage.pixel(stage.render(), 0, 0), (0, 0, 255))


@pytest.mark.parametrize("mode", MODES)
def test_translucent_colour_blends_with_background(qtbot, mode):
    stage = Stage(mode)
    stage.item.setData(np.zeros((1, 2)), np.array([[255, 0, 0, 136]], np.uint8))
    stage.show_range((-1, 1), (-1, 1))
    # 136/255 red over white.
    assert_color(stage.pixel(stage.render(), 0, 0), (255, 119, 119), tol=4)


@pytest.mark.parametrize("mode", MODES)
def test_new_colours_change_the_image(qtbot, mode):
    stage = Stage(mode)
    xy, rgba = grid_points(np.random.default_rng(3))
    stage.item.setData(xy, rgba)
    stage.show_range((-1, 5), (-1, 5))
    before = stage.render()
    recolored = rgba.copy()
    recolored[:, :3] = 255 - rgba[:, :3]
    stage.item.setData(xy, recolored)
    after = stage.render()
    assert before != after
    for (x, y), color in zip(xy, recolored, strict=True):
        assert_color(stage.pixel(after, x, y), color)


@pytest.mark.parametrize("outline", [False, True], ids=["plain", "outline"])
@pytest.mark.parametrize("size", [1, 4, 7])
@pytest.mark.parametrize("band_pixels", [3_000, 10**9], ids=["bands", "whole"])
def test_raster_matches_per_point_reference(qtbot, size, band_pixels, outline):
    """Every pixel as if each point's disc were painted in order, also at the image edges."""
    stage = Stage("raster", size=size, outline=QtGui.QColor("black") if outline else None)
    stage.item.band_pixels = band_pixels
    rng = np.random.default_rng(10)
    n = 400
    xy = rng.uniform(-1.1, 1.1, (n, 2))  # some markers cut by the view's edges
    argb = rng.integers(0, 2**24, n, dtype=np.uint32) | np.uint32(0xFF000000)
    stage.item.setData(xy, argb)
    stage.show_range((-1, 1), (-1, 1))
    stage.render()
    image = stage.render()
    got = pg.functions.ndarray_from_qimage(image).view(np.uint32)[..., 0]

    want = np.full((H, W), 0xFFFFFFFF, np.uint32)
    t = stage.item.sceneTransform()
    clip = stage.plot.vb.sceneBoundingRect()
    cx0, cy0 = int(np.ceil(clip.left())), int(np.ceil(clip.top()))
    cx1, cy1 = int(np.floor(clip.right())), int(np.floor(clip.bottom()))

    def paint(spans, value):
        for py, left, run in spans:
            if cy0 <= py < cy1:
                want[py, max(left, cx0) : min(left + run, cx1)] = value

    for (x, y), color in zip(xy, argb, strict=True):
        p = t.map(QtCore.QPointF(x, y))
        ax, ay = int(np.floor(p.x() - size / 2 + 0.5)), int(np.floor(p.y() - size / 2 + 0.5))
        disc = [(ay + j, ax + (size - run) // 2, run) for j, run in disc_rows(size)]
        if outline:  # under the disc, the disc grown by one pixel each way, in black
            (top, left0, run0), (bottom, left1, run1) = disc[0], disc[-1]
            grown = [(py, left - 1, run + 2) for py, left, run in disc]
            paint([*grown, (top - 1, left0, run0), (bottom + 1, left1, run1)], 0xFF000000)
        paint(disc, color)
    inside = (slice(cy0, cy1), slice(cx0, cx1))
    assert np.count_nonzero(got[inside] != want[inside]) == 0


@pytest.mark.parametrize("style", [{"outline": QtGui.QColor("black")}, {"shape": "ring"}])
def test_raster_bands_do_not_show(qtbot, style):
    rng = np.random.default_rng(11)
    xy = rng.uniform(-1.1, 1.1, (400, 2))
    argb = rng.integers(0, 2**24, 400, dtype=np.uint32) | np.uint32(0xFF000000)
    images = []
    for band_pixels in (3_000, 10**9):
        stage = Stage("raster", size=9, **style)
        stage.item.band_pixels = band_pixels
        stage.item.setData(xy, argb)
        stage.show_range((-1, 1), (-1, 1))
        images.append(stage.render())
    assert images[0] == images[1]


@pytest.mark.parametrize("mode", MODES)
def test_zoomed_in_only_visible_points_are_drawn(qtbot, mode):
    stage = Stage(mode)
    xy, rgba = grid_points(np.random.default_rng(4))
    stage.item.setData(xy, rgba)
    stage.show_range((1.5, 3.5), (1.5, 3.5))
    image = stage.render()
    for (x, y), color in zip(xy, rgba, strict=True):
        if 1.5 < x < 3.5 and 1.5 < y < 3.5:
            assert_color(stage.pixel(image, x, y), color)


@pytest.mark.parametrize("mode", MODES)
def test_ring_is_open_and_outline_is_dark(qtbot, mode):
    rings = Stage(mode, size=16, shape="ring")
    rings.item.setData(np.zeros((1, 2)), np.array([0xFF00AA00], np.uint32))
    rings.show_range((-1, 1), (-1, 1))
    image = rings.render()
    assert rings.pixel(image, 0, 0)[:3] == (255, 255, 255)  # the hole
    centre = rings.plot.vb.mapViewToScene(QtCore.QPointF(0, 0))
    # The ring (radius 8 px, 2.7 px wide) has the colour somewhere along a radius.
    along = [image.pixelColor(int(centre.x()) + dx, int(centre.y())) for dx in range(3, 11)]
    distance = [max(c.red(), abs(c.green() - 170), c.blue()) for c in along]
    assert min(distance) <= TOLERANCE

    discs = Stage(mode, size=10, outline=QtGui.QColor("black"))
    discs.item.setData(np.zeros((1, 2)), np.array([0xFFFFFF00], np.uint32))
    discs.show_range((-1, 1), (-1, 1))
    image = discs.render()
    assert_color(discs.pixel(image, 0, 0), (255, 255, 0))
    centre = discs.plot.vb.mapViewToScene(QtCore.QPointF(0, 0))
    rim = [image.pixelColor(int(centre.x()) + dx, int(centre.y())).value() for dx in (5, 6)]
    assert min(rim) < 128


@pytest.mark.parametrize("mode", MODES)
def test_large_export_image_has_the_colours(qtbot, mode):
    stage = Stage(mode)
    xy, rgba = grid_points(np.random.default_rng(5))
    stage.item.setData(xy, rgba)
    stage.show_range((-1, 5), (-1, 5))
    stage.render()  # lays out the plot at its on-screen size
    image = stage.render((3840, 2160), stage.plot.sceneBoundingRect())
    for (x, y), color in zip(xy, rgba, strict=True):
        assert_color(stage.pixel(image, x, y), color)


@pytest.mark.parametrize("mode", MODES)
def test_high_dpi_image_has_the_colours(qtbot, mode):
    stage = Stage(mode)
    xy, rgba = grid_points(np.random.default_rng(9))
    stage.item.setData(xy, rgba)
    stage.show_range((-1, 5), (-1, 5))
    stage.render()
    image = QtGui.QImage(2 * W, 2 * H, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(2.0)
    image.fill(QtGui.QColor("white"))
    painter = QtGui.QPainter(image)
    stage.scene.render(painter, QtCore.QRectF(0, 0, W, H), QtCore.QRectF(0, 0, W, H))
    painter.end()
    for (x, y), color in zip(xy, rgba, strict=True):
        p = stage.plot.vb.mapViewToScene(QtCore.QPointF(x, y))
        c = image.pixelColor(int(2 * p.x()), int(2 * p.y()))
        assert_color((c.red(), c.green(), c.blue()), color)
    # Markers keep their size in logical pixels: 10 px wide, so 20 device pixels.
    p = stage.plot.vb.mapViewToScene(QtCore.QPointF(*xy[0]))
    row = [image.pixelColor(int(2 * p.x()) + dx, int(2 * p.y())) for dx in range(-14, 15)]
    covered = sum(c != QtGui.QColor("white") for c in row)
    assert 16 <= covered <= 24


def test_image_exporter_scales_markers(qtbot):
    widget = pg.PlotWidget()  # the exporter needs a view
    qtbot.addWidget(widget)
    widget.resize(W, H)
    item = PointCloudItem()
    item.setStyle(10)
    widget.addItem(item)
    item.setData(np.zeros((1, 2)), np.array([0xFF0000FF], np.uint32))
    widget.setRange(xRange=(-1, 1), yRange=(-1, 1))
    widget.show()
    qtbot.waitExposed(widget)

    exporter = ImageExporter(widget.plotItem)
    exporter.parameters()["width"] = 3 * widget.plotItem.width()
    image = exporter.export(toBytes=True).convertToFormat(QtGui.QImage.Format.Format_ARGB32)
    bgra = pg.functions.ndarray_from_qimage(image).reshape(-1, 4).astype(int)
    blue = np.count_nonzero((bgra[:, 0] == 255) & (bgra[:, 1] == 0) & (bgra[:, 2] == 0))
    # A 30 px disc, not a 10 px one: the export's resolution scale applies.
    assert blue > 0.8 * np.pi * 15**2


def test_svg_has_one_circle_per_point(qtbot):
    stage = Stage(outline=QtGui.QColor(0, 0, 0, 160))
    rng = np.random.default_rng(6)
    n = 200
    xy = rng.normal(size=(n, 2))
    labels = rng.integers(0, 3, n)
    colors = np.array([0xFFE69F00, 0xFF56B4E9, 0xFF009E73], np.uint32)[labels]
    stage.item.setData(xy, colors)
    stage.show_range((-6, 6), (-6, 6))
    stage.render()

    buffer = QtCore.QBuffer()
    buffer.open(QtCore.QIODevice.OpenModeFlag.WriteOnly)
    svg = QtSvg.QSvgGenerator()
    svg.setOutputDevice(buffer)
    svg.setSize(QtCore.QSize(W, H))
    svg.setViewBox(QtCore.QRect(0, 0, W, H))
    painter = QtGui.QPainter(svg)
    stage.scene.render(painter, QtCore.QRectF(0, 0, W, H), QtCore.QRectF(0, 0, W, H))
    painter.end()
    assert stage.item.lastPaintPath == "vector"

    root = ET.fromstring(bytes(buffer.data()))
    marks = [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] in ("circle", "ellipse")]
    assert len(marks) == n
    fills = {g.get("fill") for g in root.iter() if any(c in marks for c in g)}
    assert fills == {"#e69f00", "#56b4e9", "#009e73"}


def test_non_finite_rows_are_dropped(qtbot):
    stage = Stage()
    xy = np.array([[0.0, 0.0], [np.nan, 1.0], [1.0, np.inf], [-np.inf, 2.0], [2.0, 2.0]])
    colors = np.array([0xFFFF0000, 0xFF00FF00, 0xFF00FF00, 0xFF00FF00, 0xFF0000FF], np.uint32)
    stage.item.setData(xy, colors)
    assert stage.item.pointCount() == 2
    assert stage.item.dataBounds(0) == (0.0, 2.0)
    assert stage.item.dataBounds(1) == (0.0, 2.0)
    stage.plot.vb.autoRange()
    image = stage.render()
    assert np.isfinite(stage.plot.vb.viewRange()).all()
    assert_color(stage.pixel(image, 0, 0), (255, 0, 0))
    assert_color(stage.pixel(image, 2, 2), (0, 0, 255))


@pytest.mark.parametrize("xy", [[[3.0, -7.0]], [[1e6, 1e6]] * 5], ids=["one", "identical"])
def test_zero_extent_has_finite_nonempty_bounds(qtbot, xy):
    stage = Stage()
    xy = np.array(xy)
    stage.item.setData(xy, np.full(len(xy), 0xFFFF00FF, np.uint32))
    rect = stage.item.boundingRect()
    assert rect.width() > 0 and rect.height() > 0
    assert np.isfinite([rect.left(), rect.right(), rect.top(), rect.bottom()]).all()
    stage.plot.vb.autoRange()
    image = stage.render()
    ranges = np.array(stage.plot.vb.viewRange())
    assert np.isfinite(ranges).all() and (ranges[:, 1] > ranges[:, 0]).all()
    assert_color(stage.pixel(image, *xy[0]), (255, 0, 255))


def test_autorange_leaves_room_for_markers(qtbot):
    stage = Stage(size=20)
    stage.item.setData(np.array([[0.0, 0.0], [1.0, 1.0]]), np.full(2, 0xFF000000, np.uint32))
    stage.render()
    stage.plot.vb.autoRange(padding=0)
    (x0, x1), (y0, y1) = stage.plot.vb.viewRange()
    assert x0 < 0 < 1 < x1 and y0 < 0 < 1 < y1


def test_data_bounds_with_fraction_and_ortho_range(qtbot):
    item = PointCloudItem()
    x = np.arange(101, dtype=float)
    item.setData(np.stack([x, -x], axis=1), np.zeros(101, np.uint32))
    assert item.dataBounds(0) == (0.0, 100.0)
    assert item.dataBounds(1, orthoRange=(10, 20)) == (-20.0, -10.0)
    lo, hi = item.dataBounds(0, frac=0.5)
    assert lo == pytest.approx(25) and hi == pytest.approx(75)
    item.clear()
    assert item.dataBounds(0) == (None, None)
    assert item.boundingRect().isEmpty()


def test_bad_input_is_rejected(qtbot):
    item = PointCloudItem()
    with pytest.raises(ValueError):
        item.setData(np.zeros((3, 3)), np.zeros(3, np.uint32))
    with pytest.raises(ValueError):
        item.setData(np.zeros((3, 2)), np.zeros(2, np.uint32))
    with pytest.raises(ValueError):
        item.setData(np.zeros((3, 2)), np.zeros((3, 4), np.float64))
    with pytest.raises(ValueError):
        item.setStyle(shape="square")
    with pytest.raises(ValueError):
        item.setMode("fast")


def test_cleared_item_paints_nothing(qtbot):
    stage = Stage()
    stage.item.setData(np.zeros((1, 2)), np.array([0xFFFF0000], np.uint32))
    stage.show_range((-1, 1), (-1, 1))
    stage.item.clear()
    image = stage.render()
    assert stage.item.lastPaintPath is None
    assert stage.pixel(image, 0, 0)[:3] == (255, 255, 255)


def test_hundred_thousand_points_are_rasterised(qtbot):
    stage = Stage(size=4)
    rng = np.random.default_rng(7)
    n = 100_000
    xy = rng.normal(size=(n, 2))
    rgba = rng.integers(0, 256, (n, 4), dtype=np.uint8)
    rgba[:, 3] = 255
    stage.item.setData(xy, rgba)
    stage.plot.vb.autoRange()
    image = stage.render()
    assert stage.item.lastPaintPath == "raster"
    # The last point is on top of everything at its pixel.
    assert_color(stage.pixel(image, *xy[-1]), rgba[-1], tol=0)


@pytest.mark.parametrize("mode", MODES)
def test_plot_widget_shows_the_points(qtbot, mode):
    widget = pg.PlotWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    item = PointCloudItem()
    item.setStyle(10)
    item.setMode(mode)
    widget.addItem(item)
    xy, rgba = grid_points(np.random.default_rng(8), 3)
    item.setData(xy, rgba)
    widget.setRange(xRange=(-1, 3), yRange=(-1, 3), padding=0)
    widget.show()
    qtbot.waitExposed(widget)
    image = widget.grab().toImage()
    assert item.lastPaintPath == mode
    for (x, y), color in zip(xy, rgba, strict=True):
        p = widget.mapFromScene(widget.plotItem.vb.mapViewToScene(QtCore.QPointF(x, y)))
        c = image.pixelColor(p.x(), p.y())
        assert_color((c.red(), c.green(), c.blue()), color)


@pytest.mark.parametrize("outline", [None, QtGui.QColor(0, 0, 0)])
def test_recolouring_the_same_points_keeps_the_raster_geometry(qtbot, outline):
    """Passing the same xy array again recolours the kept raster; new points re-rasterise."""
    stage = Stage("raster", outline=outline)
    xy, rgba = grid_points(np.random.default_rng(9))
    stage.item.setData(xy, rgba)
    stage.show_range((-1, 5), (-1, 5))
    stage.render()
    owner = stage.item._raster.owner

    recoloured = rgba[::-1].copy()
    stage.item.setData(xy, recoloured)
    image = stage.render()
    assert stage.item._raster.owner is owner  # no point mapped again
    for (x, y), color in zip(xy, recoloured, strict=True):
        assert_color(stage.pixel(image, x, y), color, tol=0)

    moved = xy + 0.5  # a new array: the points are rasterised again, where they now are
    stage.item.setData(moved, recoloured)
    image = stage.render()
    assert stage.item._raster.owner is not owner
    for (x, y), color in zip(moved[:-6], recoloured[:-6], strict=True):
        assert_color(stage.pixel(image, x, y), color, tol=0)


def test_recolouring_keeps_dropping_the_non_finite_rows(qtbot):
    stage = Stage("raster")
    xy = np.array([[0.0, 0.0], [np.nan, 1.0], [2.0, 2.0]])
    red, green, blue = 0xFFFF0000, 0xFF00FF00, 0xFF0000FF
    stage.item.setData(xy, np.array([red, green, blue], np.uint32))
    stage.show_range((-1, 3), (-1, 3))
    stage.render()
    stage.item.setData(xy, np.array([blue, green, red], np.uint32))
    image = stage.render()
    assert stage.item.pointCount() == 2
    assert_color(stage.pixel(image, 0, 0), (0, 0, 255), tol=0)
    assert_color(stage.pixel(image, 2, 2), (255, 0, 0), tol=0)


def test_outline_colour_change_repaints_the_kept_raster(qtbot):
    stage = Stage("raster", size=20, outline=QtGui.QColor(255, 0, 0))
    xy = np.zeros((1, 2))
    stage.item.setData(xy, np.array([0xFFFFFFFF], np.uint32))
    stage.show_range((-1, 1), (-1, 1))

    def edge_colour() -> tuple[int, int, int]:
        image = stage.render()
        p = stage.plot.vb.mapViewToScene(QtCore.QPointF(0, 0))
        row = [image.pixelColor(int(p.x()) + dx, int(p.y())) for dx in range(0, 14)]
        # The outermost non-background pixel along the row is outline.
        c = next(c for c in reversed(row) if (c.red(), c.green(), c.blue()) != (255, 255, 255))
        return c.red(), c.green(), c.blue()

    assert edge_colour() == (255, 0, 0)
    stage.item.setStyle(20, outline=QtGui.QColor(0, 0, 255))
    assert edge_colour() == (0, 0, 255)


def test_the_same_arrays_again_change_nothing(qtbot):
    """An M-step passes the E-step's points and colours again: no recolouring is scheduled."""
    stage = Stage("raster")
    xy, rgba = grid_points(np.random.default_rng(10))
    stage.item.setData(xy, rgba)
    stage.show_range((-1, 5), (-1, 5))
    stage.render()
    image = stage.item._raster.image
    stage.item.setData(xy, rgba)
    stage.render()
    assert stage.item._raster.image is image  # not coloured again
    stage.item.setData(xy, rgba.copy())  # equal colours in a new array: recoloured
    stage.render()
    assert stage.item._raster.image is not image
