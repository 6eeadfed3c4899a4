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

The raster of which point owns each pixel (:mod:`emgui.render.point_raster`) is turned into
premultiplied colours with one ``np.take``. It is kept (a :class:`_Raster`) while the points,
style and view stay the same, so new colours for the same points (an E-step) cost only the
lookup: a few ms at 1e6 points. The fragments' atlas is :mod:`emgui.render.marker_atlas`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import ClassVar, Literal

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui
from pyqtgraph.Qt.internals import PrimitiveArray

from emgui.render.argb import N_CODES, argb_from_rgba, colour_codes, premultiplied_word, premultiply
from emgui.render.marker_atlas import MarkerAtlas
from emgui.render.pixel_reach import device_rect, device_xy, reach_in_data
from emgui.render.point_raster import PointRasteriser, Shape, buffer_padding
from emgui.render.vector_markers import paint_markers

__all__ = ["PointCloudItem", "argb_from_rgba"]

Mode = Literal["auto", "fragments", "raster"]

_VECTOR_ENGINES = frozenset(
    {
        QtGui.QPaintEngine.Type.SVG,
        QtGui.QPaintEngine.Type.Pdf,
        QtGui.QPaintEngine.Type.Picture,
    }
)


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
        self._atlas = MarkerAtlas()
        self._fragments = PrimitiveArray(QtGui.QPainter.PixmapFragment, 10)
        self._rasteriser = PointRasteriser()
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

    def _paint_pixels(self, painter: QtGui.QPainter, t: QtGui.QTransform, scale: float) -> None:
        dev = painter.device()
        dpr = float(dev.devicePixelRatioF()) if hasattr(dev, "devicePixelRatioF") else 1.0
        rect = device_rect(painter)
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
            fx, fy = device_xy(t, self._xy)
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
            cell = self._size * scale * dpr + 4  # as MarkerAtlas.configure
            limit = self.fragment_limit * 100 / max(100.0, cell * cell)
            mode = "fragments" if count <= limit else "raster"
        if mode == "fragments":
            if fx is None:
                fx, fy = device_xy(t, self._xy)
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
            self._codes = codes = colour_codes(a)
            self._opacity = 1.0 if bool((a >= 0xFF000000).all()) else (a >> 24) / 255.0
            self._present = np.bincount(codes, minlength=N_CODES) > 0
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
                outline = 0 if self._outline is None else premultiplied_word(self._outline)
                self._premul = np.concatenate(
                    [np.zeros(1, np.uint32), premultiply(self._argb), [np.uint32(outline)]]
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
        # Points lie within ``cull`` px of the area (see _paint_pixels).
        cull = math.ceil(self.pixelPadding() * scale * dpr)
        pad = buffer_padding(d, cull)
        x0, y0 = math.floor(area.left() * dpr), math.floor(area.top() * dpr)
        w = math.ceil(area.right() * dpr) - x0
        h = math.ceil(area.bottom() * dpr) - y0
        if w <= 0 or h <= 0:
            return None
        # Top-left pixel of each point's d x d stencil in the padded buffer.
        ox, oy = pad - x0 - d / 2 + 0.5, pad - y0 - d / 2 + 0.5
        if fx is None:
            fx, fy = device_xy(t, self._xy, dpr, (ox, oy))
        else:  # this paint's own arrays: changed in place
            if dpr != 1.0:
                fx *= dpr
                fy *= dpr
            fx += ox
            fy += oy
        owner = self._rasteriser.owners(
            fx,
            fy,
            None if index is None else index + 1,
            len(self._xy),
            (w, h),
            pad,
            d,
            shape=self._shape,
            ring_width=max(1, round(self._ring_width(scale * dpr))),
            outline=self._outline is not None,
            band_pixels=self.band_pixels,
            threads=self.raster_threads,
        )
        return _Raster(key, owner, QtCore.QPointF(x0 / dpr, y0 / dpr), dpr)

    def _paint_vector(self, painter: QtGui.QPainter, t: QtGui.QTransform, scale: float) -> None:
        fx, fy = device_xy(t, self._xy)
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
        ring_width = self._ring_width(scale)
        paint_markers(
            painter, fx, fy, argb, self._size * scale, self._outline, self._shape, ring_width
        )
        self.lastPaintPath = "vector"
