"""PointCloudItem: one pyqtgraph item that draws up to ~1e6 2-D points, each with its own colour.

Markers have a fixed size in screen pixels. ``paint()`` maps the points to device
coordinates with numpy and picks one of three ways to draw them:

* ``"fragments"`` (up to :attr:`PointCloudItem.fragment_limit` visible points): one
  ``QPainter.drawPixmapFragments`` call with an atlas of pre-rendered antialiased
  markers, one atlas cell per colour quantised to 4 bits per channel.
* ``"raster"`` (more visible points): the points are rasterised with numpy into an
  ARGB32 image the size of the painted area, which is drawn with one ``drawImage``.
* vector devices (SVG, PDF, QPicture): one ``drawEllipse`` per point, so an exported
  SVG holds exactly one circle per point.

Rasterising writes each point's number (index + 1) into one pixel of an int32 buffer,
grows the numbers into discs with a max filter, so that the later point wins a pixel as
in painter order, and turns numbers into premultiplied colours with one ``np.take``. Its
markers are not antialiased, which the point densities that select it hide. The numbers
are kept (a :class:`_Raster`) while the points, style and view stay the same, so new
colours for the same points (an E-step) cost only the lookup: a few ms at 1e6 points.
"""

from __future__ import annotations

import functools
import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui
from pyqtgraph.Qt.internals import PrimitiveArray

from emgui.render.pixel_reach import reach_in_data

__all__ = ["PointCloudItem", "argb_from_rgba"]

Shape = Literal["disc", "ring"]
Mode = Literal["auto", "fragments", "raster"]

_VECTOR_ENGINES = frozenset(
    {
        QtGui.QPaintEngine.Type.SVG,
        QtGui.QPaintEngine.Type.Pdf,
        QtGui.QPaintEngine.Type.Picture,
    }
)

# Nearest 4-bit level of each 8-bit value: (v + 8) // 17 keeps the error at most 8/255,
# where v >> 4 would be off by up to 15.
_LEVEL4 = ((np.arange(256, dtype=np.uint16) + 8) // 17).astype(np.uint16)
_LEVEL4_R = _LEVEL4 << 8
_LEVEL4_G = _LEVEL4 << 4
_N_CODES = 4096


def argb_from_rgba(rgba: np.ndarray) -> np.ndarray:
    """Pack an (n, 4) uint8 RGBA (or (n, 3) RGB) array into (n,) uint32 0xAARRGGBB."""
    rgba = np.asarray(rgba)
    if rgba.dtype != np.uint8 or rgba.ndim != 2 or rgba.shape[1] not in (3, 4):
        raise ValueError(f"expected an (n, 4) or (n, 3) uint8 array, got {rgba.dtype} {rgba.shape}")
    # Bytes B, G, R, A read as a little-endian word are 0xAARRGGBB. Four byte-column copies
    # run ~3x faster than swapping R and B with shifts and masks on words.
    bgra = np.empty((len(rgba), 4), np.uint8)
    bgra[:, 0] = rgba[:, 2]
    bgra[:, 1] = rgba[:, 1]
    bgra[:, 2] = rgba[:, 0]
    bgra[:, 3] = rgba[:, 3] if rgba.shape[1] == 4 else 255
    return bgra.view("<u4").ravel()


def _premultiply(argb: np.ndarray) -> np.ndarray:
    """0xAARRGGBB -> ARGB32_Premultiplied words."""
    if bool((argb >= 0xFF000000).all()):
        return argb
    a = argb >> 24
    out = argb & np.uint32(0xFF000000)
    for shift in (16, 8, 0):
        channel = (argb >> shift) & 0xFF
        out |= ((channel * a + 127) // 255) << shift
    return out


def _premultiplied_word(argb: int) -> int:
    """One 0xAARRGGBB word, premultiplied."""
    return int(_premultiply(np.array([argb], np.uint32))[0])


class _MarkerAtlas:
    """Antialiased markers, one cell per 12-bit colour code, rendered only when first needed."""

    COLUMNS = 64

    def __init__(self) -> None:
        self.key: tuple | None = None
        self.cell = 1
        self._fill = np.zeros((1, 1), np.float32)
        self._pen = np.zeros((1, 1), np.float32)
        self._outline = np.zeros(4, np.float32)
        self.slots = np.full(_N_CODES, -1, np.int32)
        self.source = np.zeros((_N_CODES, 2), np.float64)  # atlas pixel (left, top) per code
        self._used = 0
        self._image = np.zeros((0, 0), np.uint32)
        self._pixmap: QtGui.QPixmap | None = None

    def configure(
        self, diameter: float, outline: int | None, shape: Shape, ring_width: float
    ) -> None:
        """Set the marker geometry in device pixels; forgets all cells when it changed."""
        key = (diameter, outline, shape, ring_width)
        if key == self.key:
            return
        self.key = key
        pen_w = 1.0 if outline is not None else 0.0
        self.cell = max(2, math.ceil(diameter + 2 * pen_w + 2))
        path = _marker_path(self.cell / 2, self.cell / 2, diameter, shape, ring_width)
        self._fill = _coverage(self.cell, path, None)
        self._pen = _coverage(self.cell, path, pen_w) if pen_w else np.zeros_like(self._fill)
        if outline is None:
            self._outline = np.zeros(4, np.float32)
        else:
            word = _premultiplied_word(outline)
            self._outline = np.array(
                [(word >> s) & 0xFF for s in (24, 16, 8, 0)], np.float32
            )  # A, R, G, B, premultiplied
        self.slots[:] = -1
        self._used = 0
        self._image = np.zeros((0, self.COLUMNS * self.cell), np.uint32)
        self._pixmap = None

    def ensure(self, present: np.ndarray) -> None:
        """Render the cells of the codes in ``present`` (a 4096 bool mask) that are missing."""
        missing = np.flatnonzero(present & (self.slots < 0))
        if missing.size == 0:
            return
        first = self._used
        self._used += missing.size
        rows_needed = -(-self._used // self.COLUMNS) * self.cell
        if rows_needed > self._image.shape[0]:
            grown = np.zeros(
                (max(rows_needed, 2 * self._image.shape[0]), self._image.shape[1]), np.uint32
            )
            grown[: self._image.shape[0]] = self._image
            self._image = grown
        slots = np.arange(first, self._used, dtype=np.int32)
        self.slots[missing] = slots
        cols, rows = slots % self.COLUMNS, slots // self.COLUMNS
        self.source[missing, 0] = cols * self.cell
        self.source[missing, 1] = rows * self.cell

        # Colour of each code at full opacity; per-point alpha goes into the fragment opacity.
        rgb = np.stack([(missing >> 8) & 15, (missing >> 4) & 15, missing & 15], axis=1) * 17.0
        f = self._fill[None, :, :, None]
        p = self._pen[None, :, :, None]
        fill = np.concatenate([np.full((missing.size, 1), 255.0), rgb], axis=1)[:, None, None, :]
        # Outline stroked over the fill: premultiplied "source over" per pixel.
        px = p * self._outline + (1.0 - p * (self._outline[0] / 255.0)) * f * fill
        px = np.clip(px + 0.5, 0, 255).astype(np.uint32)
        words = (px[..., 0] << 24) | (px[..., 1] << 16) | (px[..., 2] << 8) | px[..., 3]
        c = self.cell
        grid = self._image.reshape(-1, c, self.COLUMNS, c)
        grid[rows, :, cols, :] = words
        self._pixmap = None

    def pixmap(self) -> QtGui.QPixmap:
        """The atlas as a pixmap, converted again only after new cells."""
        if self._pixmap is None:
            image = pg.functions.ndarray_to_qimage(
                self._image, QtGui.QImage.Format.Format_ARGB32_Premultiplied
            )
            self._pixmap = QtGui.QPixmap.fromImage(image)
        return self._pixmap


def _marker_path(
    cx: float, cy: float, diameter: float, shape: Shape, ring_width: float
) -> QtGui.QPainterPath:
    """A disc, or a ring of ``ring_width``, of ``diameter`` centred on (cx, cy)."""
    path = QtGui.QPainterPath()
    r = diameter / 2
    path.addEllipse(QtCore.QPointF(cx, cy), r, r)
    if shape == "ring":
        inner = max(r - ring_width, 0.0)
        path.addEllipse(QtCore.QPointF(cx, cy), inner, inner)  # odd-even fill: a hole
    return path


def _coverage(cell: int, path: QtGui.QPainterPath, pen_width: float | None) -> np.ndarray:
    """Antialiased coverage (0..1) of the path's fill, or of its stroke when pen_width is given."""
    image = QtGui.QImage(cell, cell, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)
    painter = QtGui.QPainter(image)
    painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
    white = QtGui.QColor(255, 255, 255)
    if pen_width is None:
        painter.fillPath(path, white)
    else:
        painter.strokePath(path, QtGui.QPen(white, pen_width))
    painter.end()
    words = np.frombuffer(image.constBits(), np.uint32, cell * image.bytesPerLine() // 4)
    words = words.reshape(cell, -1)[:, :cell]
    return ((words >> 24) / 255.0).astype(np.float32)


def _bounds(xy: np.ndarray) -> tuple[float, float, float, float] | None:
    """(xmin, xmax, ymin, ymax) of an (n, 2) array, or None when empty."""
    if len(xy) == 0:
        return None
    # min(axis=0) over two columns is ~10x slower than a reduction over wide rows.
    block = 256
    m = len(xy) // block * block
    parts = []
    if m:
        wide = xy[:m].reshape(-1, 2 * block)
        parts += [wide.min(axis=0).reshape(-1, 2), wide.max(axis=0).reshape(-1, 2)]
    if m < len(xy):
        parts.append(xy[m:])
    stacked = np.concatenate(parts)
    lo, hi = stacked.min(axis=0), stacked.max(axis=0)
    return float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1])


@functools.cache
def _disc_rows(d: int) -> list[tuple[int, int]]:
    """(row, run length) of a d-pixel disc; each run is centred in the d x d square."""
    rows = []
    r2 = (d / 2) ** 2
    for j in range(d):
        cy = j + 0.5 - d / 2
        hw = math.sqrt(max(r2 - cy * cy, 0.0))
        n = sum(1 for i in range(d) if abs(i + 0.5 - d / 2) <= hw + 1e-9)
        rows.append((j, max(n, 1)))
    return rows


@functools.cache
def _disc_rows_by_length(d: int) -> list[tuple[int, int]]:
    return sorted(_disc_rows(d), key=lambda t: t[1])


class _Scratch:
    """Work arrays kept between paints: fresh ones cost page faults every time."""

    KEEP_LIMIT = 1 << 22  # elements; bigger ones (large exports) are not kept

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, size: int, dtype=np.int32) -> np.ndarray:
        """An uninitialised 1-D array of that size and type."""
        a = self._arrays.get(name)
        if a is None or a.size < size or a.dtype != dtype:
            a = np.empty(size, dtype)
            if a.size <= self.KEEP_LIMIT:
                self._arrays[name] = a
            else:
                self._arrays.pop(name, None)
        return a[:size]


def _shift_max(dst: np.ndarray, src: np.ndarray, k: int) -> None:
    """dst[i] = max(dst[i], src[i - k]) on flat arrays (k < 0: src[i + |k|])."""
    if k >= 0:
        np.maximum(dst[k:], src[: src.size - k], out=dst[k:])
    else:
        np.maximum(dst[:k], src[-k:], out=dst[:k])


# The filters below work on whole rows of an image flattened to 1-D: a shift by dy rows and
# dx columns is one shift by dy * width + dx, and one contiguous numpy loop runs ~3x faster
# than a loop per row. A shift by dx columns wraps the last dx pixels of a row into the next
# row; the raster buffer's padding keeps those pixels empty. Each output pixel depends only
# on input pixels at most (d + offset) rows + d columns before it (the filter "reach").


def _max_filter_disc(
    src: np.ndarray, width: int, d: int, scratch: _Scratch, out_name: str, offset: int = 0
) -> np.ndarray:
    """out[y, x] = max of src over a d-pixel disc whose d x d square starts ``offset`` px up/left.

    A point written at (y, x) thus covers [y, y+d) x [x, x+d), shifted by ``offset``. Taking
    the max of point numbers makes the later point win a pixel, as in painter order.
    """
    if d <= 1 and offset == 0:
        return src
    rows = _disc_rows_by_length(d)
    # run[i] = max(src[i-L+1 .. i]) for the current run length L. Run lengths in a disc
    # share d's parity, so after the shortest one each next is max(run, pair << L).
    run = scratch.get("run", src.size, src.dtype)
    np.copyto(run, src)
    length = 1
    pair: np.ndarray | None = None
    out = scratch.get(out_name, src.size, src.dtype)
    out.fill(0)
    for j, n in rows:
        while length < n:
            if length >= rows[0][1] and n - length >= 2:
                if pair is None:
                    pair = scratch.get("pair", src.size, src.dtype)
                    np.copyto(pair, src)
                    _shift_max(pair, src, 1)
                _shift_max(run, pair, length)
                length += 2
            else:
                _shift_max(run, src, length)
                length += 1
        _shift_max(out, run, (j + offset) * width + (d - n) // 2 + offset)
    return out


def _neighbour_max(src: np.ndarray, width: int, out: np.ndarray) -> np.ndarray:
    """out[y, x] = max of src's 4 neighbours of (y, x)."""
    np.maximum(src[:-2], src[2:], out=out[1:-1])
    out[0] = out[-1] = 0
    _shift_max(out, src, width)
    _shift_max(out, src, -width)
    return out


_POOL: ThreadPoolExecutor | None = None


def _thread_pool() -> ThreadPoolExecutor:
    """Shared helper threads for the raster bands, started on first use."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="point-cloud")
    return _POOL


@dataclass(eq=False)
class _Raster:
    """A rasterised view of the points: which point owns each pixel, and its coloured image."""

    #: Pixels above which a raster (an export at print size) is not kept after its paint.
    KEEP_PIXELS: ClassVar[int] = 1 << 23

    key: tuple  # geometry version, transform, painted area, scale, device pixel ratio
    owner: np.ndarray  # (h, w) index into the premultiplied colours: 0 none, n + 1 outline
    origin: QtCore.QPointF  # top-left in device coordinates
    dpr: float
    color_version: int = -1  # of the colours ``image`` shows
    image: QtGui.QImage | None = None  # wraps (and holds, as .data) its own array of words


class PointCloudItem(pg.GraphicsObject):
    """Draws n 2-D points, each with its own colour, as fixed-size markers (see module doc).

    Create once and update with :meth:`setData`; the arrays are used without copying
    when they are already float64 / uint32 and all finite, so do not modify them after.
    """

    #: ``"auto"`` draws fragments up to this many visible points (for markers in cells of
    #: up to 10 x 10 px; fewer for bigger ones, whose cost grows with their area) and
    #: rasterises above. drawPixmapFragments costs ~0.6 us per 6 px marker, rasterising
    #: ~10 ms per 1280x960 px plus ~0.03 us per point: they cross near 2e4 points.
    fragment_limit: int = 20_000
    #: Pixels per band of the raster buffer filtered at a time (fastest measured: ~2 MB of work
    #: arrays per band stay in cache).
    band_pixels: int = 131_072
    #: Threads that filter raster bands (the calling one included); 1 keeps it serial.
    raster_threads: int = 2

    def __init__(self, parent: QtGui.QGraphicsItem | None = None) -> None:
        super().__init__(parent)
        # Raster cache keys: the geometry version changes with the points, the style and the
        # mode; the colour version with the colours (and the outline colour).
        self._geometry_version = 0
        self._color_version = 0
        self._raster: _Raster | None = None  # the last raster, kept for repaints
        self._xy_given: np.ndarray | None = None  # the arrays setData last received, as is
        self._colors_given: np.ndarray | None = None
        self._finite_rows: np.ndarray | None = None  # rows kept from it, when some were dropped
        self._xy = np.zeros((0, 2), np.float64)
        self._argb = np.zeros(0, np.uint32)
        self._bounds: tuple[float, float, float, float] | None = None
        self._size = 6.0
        self._outline: int | None = None
        self._shape: Shape = "disc"
        self._mode: Mode = "auto"
        # n + 2 premultiplied words for "raster": [0] transparent, [1..n] the points, [n + 1]
        # the outline; a raster pixel holds an index into it.
        self._premul: np.ndarray | None = None
        self._codes: np.ndarray | None = None  # 12-bit colour code per point, for "fragments"
        self._opacity: np.ndarray | float | None = None
        self._present: np.ndarray | None = None
        self._atlas = _MarkerAtlas()
        self._fragments = PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)
        self._scratch = _Scratch()
        self._band_scratch: list[_Scratch] = []  # one per raster thread
        #: Which path the last paint() used: "fragments", "raster", "vector" or None.
        self.lastPaintPath: str | None = None

    # ----------------------------------------------------------------- data and style

    def setData(self, xy: np.ndarray, colors: np.ndarray) -> None:
        """Show points ``xy`` (n, 2) with ``colors`` (n,) uint32 0xAARRGGBB or (n, 4) uint8 RGBA.

        Rows with a non-finite coordinate are dropped. Passing the same ``xy`` array object
        as the last call only recolours: the rasterised geometry is kept, so a new colour
        per point costs one lookup per pixel; the same two arrays again change nothing.
        """
        if xy is not None and xy is self._xy_given and colors is self._colors_given:
            return  # an M-step shows its E-step's points and colours
        same_points = xy is not None and xy is self._xy_given
        given, given_colors = xy, colors
        xy = np.asarray(xy, dtype=np.float64)
        if xy.ndim != 2 or xy.shape[1] != 2:
            raise ValueError(f"xy must have shape (n, 2), got {xy.shape}")
        colors = np.asarray(colors)
        if colors.ndim == 1:
            if not np.issubdtype(colors.dtype, np.integer):
                raise ValueError(f"(n,) colors must be integer 0xAARRGGBB, got {colors.dtype}")
            argb = colors.astype(np.uint32, copy=False)
        else:
            argb = argb_from_rgba(colors)
        if len(argb) != len(xy):
            raise ValueError(f"{len(xy)} points but {len(argb)} colors")

        self._colors_given = given_colors
        if same_points:
            if self._finite_rows is not None:
                argb = argb[self._finite_rows]
            self._argb = argb
            self._colors_changed()
            return

        finite_rows = None
        bounds = _bounds(xy)
        if bounds is not None and not all(map(math.isfinite, bounds)):
            # min and max propagate NaN and inf, so finite bounds prove finite data and the
            # common case needs no mask pass.
            finite_rows = np.isfinite(xy).all(axis=1)
            xy, argb = xy[finite_rows], argb[finite_rows]
            bounds = _bounds(xy)

        self.prepareGeometryChange()
        self._xy, self._argb, self._bounds = xy, argb, bounds
        self._xy_given, self._finite_rows = given, finite_rows
        self._geometry_version += 1
        self.informViewBoundsChanged()
        self._colors_changed()

    def _colors_changed(self) -> None:
        """Forget what was derived from the colours; the next paint recolours."""
        self._premul = self._codes = self._opacity = self._present = None
        self._color_version += 1
        self.update()

    def setStyle(
        self, size: float = 6.0, outline: QtGui.QColor | None = None, shape: Shape = "disc"
    ) -> None:
        """Set the whole marker style; a call resets what it does not pass.

        ``size``: diameter in screen pixels (times the resolution scale of an image export).
        ``outline``: colour of a 1 px outline that keeps markers visible on projectors, e.g.
        QColor(0, 0, 0, 160), or None. ``shape``: "disc", or "ring": an open circle of that
        diameter, e.g. a second, larger item around points whose cluster changed. Rasterised
        and vector rings have no outline.
        """
        if shape not in ("disc", "ring"):
            raise ValueError(f"shape must be 'disc' or 'ring', got {shape!r}")
        if not (size > 0 and math.isfinite(size)):
            raise ValueError(f"size must be a positive number, got {size!r}")
        self.prepareGeometryChange()
        self._size = float(size)
        self._outline = None if outline is None else int(QtGui.QColor(outline).rgba())
        self._shape = shape
        self._premul = None  # holds the outline colour
        self._geometry_version += 1
        self._color_version += 1
        self.update()

    def setMode(self, mode: Mode) -> None:
        """Force a paint path ("fragments" or "raster") or let paint() choose ("auto")."""
        if mode not in ("auto", "fragments", "raster"):
            raise ValueError(f"mode must be 'auto', 'fragments' or 'raster', got {mode!r}")
        self._mode = mode
        self._geometry_version += 1
        self.update()

    def mode(self) -> Mode:
        """The paint path setting: "auto", "fragments" or "raster"."""
        return self._mode

    def clear(self) -> None:
        """Remove all points."""
        self.setData(np.zeros((0, 2)), np.zeros(0, np.uint32))

    def pointCount(self) -> int:
        """Number of points kept by the last setData (non-finite rows dropped)."""
        return len(self._xy)

    # --------------------------------------------------------------- geometry for pyqtgraph

    def dataBounds(
        self, ax: int, frac: float = 1.0, orthoRange: tuple[float, float] | None = None
    ) -> tuple[float | None, float | None]:
        """(min, max) of the points along axis ``ax``, like ScatterPlotItem.dataBounds."""
        if ax not in (0, 1):
            raise ValueError("ax must be 0 or 1")
        if self._bounds is None:
            return (None, None)
        if frac >= 1.0 and orthoRange is None:
            return self._bounds[2 * ax], self._bounds[2 * ax + 1]
        d = self._xy[:, ax]
        if orthoRange is not None:
            other = self._xy[:, 1 - ax]
            d = d[(other >= orthoRange[0]) & (other <= orthoRange[1])]
            if d.size == 0:
                return (None, None)
        if frac >= 1.0:
            return float(d.min()), float(d.max())
        if frac <= 0.0:
            raise ValueError(f"frac must be > 0, got {frac}")
        lo, hi = np.percentile(d, [50 * (1 - frac), 50 * (1 + frac)])
        return float(lo), float(hi)

    def pixelPadding(self) -> float:
        """Screen pixels a marker reaches beyond its point."""
        return self._size / 2 + (1.0 if self._outline is not None else 0.0) + 1.0

    def boundingRect(self) -> QtCore.QRectF:
        if self._bounds is None:
            return QtCore.QRectF()
        x0, x1, y0, y1 = self._bounds
        # A zero-width rect would count as empty and never be painted.
        if x1 == x0:
            pad = max(0.5, abs(x0) * 1e-9)
            x0, x1 = x0 - pad, x1 + pad
        if y1 == y0:
            pad = max(0.5, abs(y0) * 1e-9)
            y0, y1 = y0 - pad, y1 + pad
        px, py = reach_in_data(self, self.pixelPadding())
        return QtCore.QRectF(x0 - px, y0 - py, x1 - x0 + 2 * px, y1 - y0 + 2 * py)

    def viewTransformChanged(self) -> None:
        # The marker padding is in pixels, so the bounds in data units follow the zoom.
        self.prepareGeometryChange()
        super().viewTransformChanged()

    # -------------------------------------------------------------------------- painting

    def paint(self, painter: QtGui.QPainter, option=None, widget=None) -> None:
        self.lastPaintPath = None
        if len(self._xy) == 0:
            return
        scale = 1.0
        if self._exportOpts is not False:
            scale = float(self._exportOpts.get("resolutionScale", 1.0))
        t = painter.transform()
        painter.save()
        try:
            painter.resetTransform()
            if painter.paintEngine().type() in _VECTOR_ENGINES:
                self._paint_vector(painter, t, scale)
            else:
                self._paint_pixels(painter, t, scale)
        finally:
            painter.restore()

    def _device_xy(
        self, t: QtGui.QTransform, factor: float = 1.0, shift: tuple[float, float] = (0.0, 0.0)
    ) -> tuple[np.ndarray, np.ndarray]:
        """Points in device coordinates under the affine part of ``t``, times factor, plus shift."""
        # Column by column: broadcasting (n, 2) * (2,) is several times slower in numpy.
        x, y = self._xy[:, 0], self._xy[:, 1]
        fx = np.multiply(x, t.m11() * factor)
        fx += t.dx() * factor + shift[0]
        if t.m21() != 0.0:
            fx += y * (t.m21() * factor)
        fy = np.multiply(y, t.m22() * factor)
        fy += t.dy() * factor + shift[1]
        if t.m12() != 0.0:
            fy += x * (t.m12() * factor)
        return fx, fy

    @staticmethod
    def _device_rect(painter: QtGui.QPainter) -> QtCore.QRectF:
        """The device rect within the clip, in device coordinates."""
        dev = painter.device()
        rect = QtCore.QRectF(0, 0, dev.width(), dev.height())
        if painter.hasClipping():
            rect = rect.intersected(painter.clipBoundingRect())
        return rect

    def _paint_pixels(self, painter: QtGui.QPainter, t: QtGui.QTransform, scale: float) -> None:
        dev = painter.device()
        dpr = float(dev.devicePixelRatioF()) if hasattr(dev, "devicePixelRatioF") else 1.0
        rect = self._device_rect(painter)
        reach = self.pixelPadding() * scale
        x0, x1, y0, y1 = self._bounds
        data_rect = t.mapRect(QtCore.QRectF(x0, y0, x1 - x0, y1 - y0))
        data_rect.adjust(-reach, -reach, reach, reach)
        edges = (data_rect.left(), data_rect.right(), data_rect.top(), data_rect.bottom())
        # A degenerate view can map finite data to inf or NaN: then test every point, as
        # NaN fails every comparison and inf the one with its edge.
        finite = all(map(math.isfinite, edges))
        area = rect.intersected(data_rect) if finite else rect
        if area.isEmpty():
            return
        geometry_key = (
            self._geometry_version, t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(),
            area.left(), area.top(), area.width(), area.height(), scale, dpr,
        )  # fmt: skip
        raster = self._raster
        if raster is not None and raster.key == geometry_key:
            # Same points, style and view (a recolouring, or a repaint for another item's
            # sake): no point is mapped or culled again.
            self._draw_raster(painter, raster)
            self.lastPaintPath = "raster"
            return
        fx = fy = index = None
        count = len(self._xy)
        if not finite or area != data_rect:  # zoomed in: skip markers off the device
            fx, fy = self._device_xy(t)
            # Compare only against the edges that cut the data: each test is a pass over n.
            visible = np.ones(count, bool)
            if not finite or edges[0] < rect.left():
                visible &= fx > rect.left() - reach
            if not finite or edges[1] > rect.right():
                visible &= fx < rect.right() + reach
            if not finite or edges[2] < rect.top():
                visible &= fy > rect.top() - reach
            if not finite or edges[3] > rect.bottom():
                visible &= fy < rect.bottom() + reach
            index = np.flatnonzero(visible)
            count = len(index)
            if count == 0:
                return
            fx, fy = fx[index], fy[index]
        mode = self._mode
        if mode == "auto":
            cell = self._size * scale * dpr + 4  # as _MarkerAtlas.configure
            limit = self.fragment_limit * 100 / max(100.0, cell * cell)
            mode = "fragments" if count <= limit else "raster"
        if mode == "fragments":
            if fx is None:
                fx, fy = self._device_xy(t)
            self._paint_fragments(painter, fx, fy, index, scale, dpr)
        else:
            raster = self._rasterise(t, fx, fy, index, area, scale, dpr, geometry_key)
            if raster is None:
                return
            self._draw_raster(painter, raster)
            # Kept for the next paint unless it is an export's oversized one.
            self._raster = raster if raster.owner.size <= _Raster.KEEP_PIXELS else None
        self.lastPaintPath = mode

    def _paint_fragments(self, painter, fx, fy, index, scale: float, dpr: float) -> None:
        atlas = self._atlas
        atlas.configure(
            self._size * scale * dpr, self._outline, self._shape, self._ring_width(scale * dpr)
        )
        if self._codes is None:
            a = self._argb
            codes = _LEVEL4_R[(a >> 16) & 0xFF]
            codes |= _LEVEL4_G[(a >> 8) & 0xFF]
            codes |= _LEVEL4[a & 0xFF]
            self._codes = codes
            self._opacity = 1.0 if bool((a >= 0xFF000000).all()) else (a >> 24) / 255.0
            self._present = np.bincount(codes, minlength=_N_CODES) > 0
        # All the data's colours, not just the visible ones, so that panning renders nothing.
        atlas.ensure(self._present)
        codes = self._codes if index is None else self._codes[index]
        opacity = self._opacity
        if index is not None and not isinstance(opacity, float):
            opacity = opacity[index]

        self._fragments.resize(len(fx))
        frags = self._fragments.ndarray()
        frags[:, 0] = fx
        frags[:, 1] = fy
        frags[:, 2:4] = atlas.source[codes]
        frags[:, 4:6] = atlas.cell
        frags[:, 6:8] = 1.0 / dpr  # atlas cells are in device pixels
        frags[:, 8] = 0.0
        frags[:, 9] = opacity
        painter.drawPixmapFragments(*self._fragments.drawargs(), atlas.pixmap())

    def _ring_width(self, px_scale: float) -> float:
        """Line width of a ring, in pixels of a device with ``px_scale`` pixels per screen px."""
        return max(1.5 * px_scale, self._size * px_scale / 6)

    def _draw_raster(self, painter: QtGui.QPainter, raster: _Raster) -> None:
        """Draw the raster in the current colours, colouring it first when they changed."""
        if raster.color_version != self._color_version:
            if self._premul is None:
                outline = 0 if self._outline is None else _premultiplied_word(self._outline)
                self._premul = np.concatenate(
                    [np.zeros(1, np.uint32), _premultiply(self._argb), [np.uint32(outline)]]
                )
            # A fresh array per colouring: the kept QImage wraps it without a copy.
            pixels = np.empty(raster.owner.shape, np.uint32)
            # mode="wrap" as the indices are valid anyway, and "raise" would buffer the output.
            np.take(self._premul, raster.owner, out=pixels, mode="wrap")
            image = pg.functions.ndarray_to_qimage(
                pixels, QtGui.QImage.Format.Format_ARGB32_Premultiplied
            )
            image.setDevicePixelRatio(raster.dpr)
            raster.image = image
            raster.color_version = self._color_version
        painter.drawImage(raster.origin, raster.image)

    def _rasterise(
        self, t, fx, fy, index, area: QtCore.QRectF, scale: float, dpr: float, key: tuple
    ) -> _Raster | None:
        """Which point (or outline) owns each pixel of ``area``; fx, fy: culled points or None.

        Independent of the colours, so that recolouring the same points in the same view
        costs only a lookup per pixel (:meth:`_draw_raster`).
        """
        d = max(1, round(self._size * scale * dpr))
        # Points lie within ``cull`` px of the area (see _paint_pixels), so marks, outline
        # included, lie in columns [1, w + pad + cull + d/2 + 1.5) of the padded buffer. A
        # filter shift of k <= d + 1 columns wraps the last k columns of a row into the next
        # one; this padding keeps them empty.
        cull = math.ceil(self.pixelPadding() * scale * dpr)
        pad = cull + math.ceil(1.5 * d) + 3
        x0, y0 = math.floor(area.left() * dpr), math.floor(area.top() * dpr)
        w = math.ceil(area.right() * dpr) - x0
        h = math.ceil(area.bottom() * dpr) - y0
        if w <= 0 or h <= 0:
            return None
        wp, hp = w + 2 * pad, h + 2 * pad
        itype = np.int32 if wp * hp < 2**31 and len(self._xy) < 2**31 - 2 else np.int64

        # Top-left pixel of each point's d x d stencil in the padded buffer; the culling
        # margin keeps it >= 1, so truncation is floor.
        ox, oy = pad - x0 - d / 2 + 0.5, pad - y0 - d / 2 + 0.5
        if fx is None:
            fx, fy = self._device_xy(t, dpr, (ox, oy))
        else:  # this paint's own arrays: changed in place
            if dpr != 1.0:
                fx *= dpr
                fy *= dpr
            fx += ox
            fy += oy
        lin = fy.astype(itype)
        lin *= wp
        lin += fx.astype(itype)
        # Point numbers from 1 (0 = no point); numpy assigns repeated indices in order, so the
        # last point written to a pixel wins.
        if index is None:
            numbers = np.arange(1, len(fx) + 1, dtype=itype)
        else:
            numbers = (index + 1).astype(itype)
        scratch = self._scratch
        ids = scratch.get("ids", hp * wp, itype)
        ids.fill(0)
        ids[lin] = numbers

        owner = np.empty((h, w), itype)
        # Bands of rows whose work arrays stay in the CPU cache: about 2x faster than
        # filtering the whole buffer, which is several MB, in one go.
        band = max(self.band_pixels // wp, 2 * d)  # big markers: halo rows would dominate
        before, after = (d + 2) * wp + 2 * d + 4, wp + 2  # filter reach, back and ahead
        jobs = []
        for r0 in range(pad, pad + h, band):
            r1 = min(r0 + band, pad + h)
            lo, hi = max(0, r0 * wp - before), min(ids.size, r1 * wp + after)
            # Rows r0..r1 of the buffer, minus the padding columns, as a view of a band array.
            crop = (r0 * wp - lo, r1 - r0, wp, slice(pad, pad + w))
            jobs.append((ids[lo:hi], crop, owner[r0 - pad : r1 - pad]))

        # numpy releases the GIL in its loops, so helper threads filter bands in parallel,
        # each with its own work arrays, writing its own rows of the image. Bands are taken
        # one at a time from a shared iterator (atomic under the GIL), so a helper that a
        # busy CPU does not schedule delays the paint by at most the band it holds.
        tasks = iter(jobs)
        outline_index = len(self._xy) + 1

        def run(band_scratch: _Scratch) -> None:
            for src, crop, out in tasks:
                self._owner_band(src, crop, d, scale * dpr, outline_index, out, band_scratch)

        threads = min(max(1, self.raster_threads), len(jobs))
        while len(self._band_scratch) < threads:
            self._band_scratch.append(_Scratch())
        helpers = [_thread_pool().submit(run, self._band_scratch[i]) for i in range(1, threads)]
        run(self._band_scratch[0])
        for helper in helpers:
            if not helper.cancel():  # cancelled if it never started
                helper.result()
        return _Raster(key, owner, QtCore.QPointF(x0 / dpr, y0 / dpr), dpr)

    def _owner_band(
        self,
        src: np.ndarray,
        crop: tuple,
        d: int,
        px_scale: float,
        outline_index: int,
        out: np.ndarray,
        scratch: _Scratch,
    ) -> None:
        """Fill ``out`` from point numbers ``src`` (whole buffer rows, cropped by ``crop``)."""
        first, n, width, columns = crop

        def rows(a: np.ndarray) -> np.ndarray:
            return a[first : first + n * width].reshape(n, width)[:, columns]

        if self._shape == "ring":
            lw = max(1, round(self._ring_width(px_scale)))
            outer = rows(_max_filter_disc(src, width, d, scratch, "outer"))
            out[...] = outer
            if d > 2 * lw:
                inner = rows(_max_filter_disc(src, width, d - 2 * lw, scratch, "inner", lw))
                # Where the newest covering point has its hole, leave the pixel empty.
                out[outer == inner] = 0
        else:
            fill = _max_filter_disc(src, width, d, scratch, "fill")
            if self._outline is not None:
                # A pixel is outline where a 4-neighbour belongs to a later mark (or to a mark
                # where the pixel has none): the marks grown by one pixel, outline colour.
                near = _neighbour_max(fill, width, scratch.get("near", fill.size, fill.dtype))
                fill = rows(fill)
                out[...] = fill
                edge = scratch.get("edge", out.size, np.bool_).reshape(out.shape)
                np.greater(rows(near), fill, out=edge)
                # out += (outline - out) * edge runs ~2x faster than out[edge] = outline.
                delta = scratch.get("delta", out.size, out.dtype).reshape(out.shape)
                np.subtract(out.dtype.type(outline_index), out, out=delta)
                np.multiply(delta, edge, out=delta)
                out += delta
            else:
                out[...] = rows(fill)

    def _paint_vector(self, painter: QtGui.QPainter, t: QtGui.QTransform, scale: float) -> None:
        fx, fy = self._device_xy(t)
        argb = self._argb
        keep = np.isfinite(fx) & np.isfinite(fy)
        if painter.hasClipping():  # vector files get no invisible marks
            rect = painter.clipBoundingRect()
            reach = self.pixelPadding() * scale
            keep &= fx > rect.left() - reach
            keep &= fx < rect.right() + reach
            keep &= fy > rect.top() - reach
            keep &= fy < rect.bottom() + reach
        if not keep.all():
            fx, fy, argb = fx[keep], fy[keep], argb[keep]
        if len(fx) == 0:
            return
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        ring = self._shape == "ring"
        size = self._size * scale
        if ring:
            lw = self._ring_width(scale)
            r = (size - lw) / 2
            painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        else:
            r = size / 2
            if self._outline is None:
                painter.setPen(QtCore.Qt.PenStyle.NoPen)
            else:
                pen = QtGui.QPen(QtGui.QColor.fromRgba(self._outline), 1.0)
                pen.setCosmetic(True)
                painter.setPen(pen)
        # One brush (or pen) per run of equal colours keeps the painter order, so overlaps
        # look as on screen, and one SVG group per run rather than per point.
        starts = np.flatnonzero(np.r_[True, argb[1:] != argb[:-1]])
        ends = np.r_[starts[1:], len(argb)]
        xs, ys = fx.tolist(), fy.tolist()
        for s, e, c in zip(starts.tolist(), ends.tolist(), argb[starts].tolist(), strict=True):
            color = QtGui.QColor.fromRgba(c)
            if ring:
                pen = QtGui.QPen(color, lw)
                painter.setPen(pen)
            else:
                painter.setBrush(color)
            for i in range(s, e):
                painter.drawEllipse(QtCore.QPointF(xs[i], ys[i]), r, r)
        self.lastPaintPath = "vector"
