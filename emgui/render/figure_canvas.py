"""The drawing surface of a figure: a few primitives in figure pixels, painted by QPainter.

A figure is drawn once, as calls on a canvas: :class:`PainterCanvas` paints them onto a
QImage (PNG) or a QPdfWriter (PDF), :class:`emgui.render.svg_canvas.SvgCanvas` writes them as
SVG elements. Coordinates arrive already in output units, so no file carries a data
transform, and every pen has a real width (no cosmetic pens): the three outputs agree.
"""

from __future__ import annotations

import functools
from typing import Literal, Protocol

import numpy as np
from PySide6 import QtCore, QtGui

from emgui.model.palette import hex_to_rgb
from emgui.render.figure_layout import FONT_FAMILY, PX_PER_PT

FAST_POINTS = 400  # above this many points, an image draws them through the window's item
Color = tuple[int, int, int, int]  # r, g, b, alpha 0-255
Anchor = Literal["start", "middle", "end"]
VAlign = Literal["baseline", "middle", "top"]

# Baseline offsets as a share of the font size, the same in every backend (so text sits
# where the layout put it whichever font a viewer substitutes): digits' cap height ~0.73 em.
_VALIGN_SHIFT = {"baseline": 0.0, "middle": 0.36, "top": 0.73}


def baseline(y: float, px: float, valign: VAlign) -> float:
    """The baseline y of text of ``px`` pixels aligned at ``y`` (its middle, top or baseline)."""
    return y + _VALIGN_SHIFT[valign] * px


def rgba_of_argb(word: int) -> Color:
    return ((word >> 16) & 255, (word >> 8) & 255, word & 255, (word >> 24) & 255)


def hex_color(text: str, alpha: int = 255) -> Color:
    return (*hex_to_rgb(text), alpha)


def argb_of_hex(text: str) -> int:
    """The opaque 0xAARRGGBB word of a "#RRGGBB" colour."""
    return 0xFF000000 | int(text.lstrip("#"), 16)


def opaque_argb(c: Color) -> int:
    """The opaque 0xAARRGGBB word of a colour's red, green and blue (its alpha dropped)."""
    return 0xFF000000 | (c[0] << 16) | (c[1] << 8) | c[2]


@functools.lru_cache(maxsize=64)
def qfont(px: float, bold: bool = False) -> QtGui.QFont:
    """The figure font at ``px`` pixels (on a 96-dpi device, which every figure device is)."""
    font = QtGui.QFont(FONT_FAMILY)
    font.setStyleHint(QtGui.QFont.StyleHint.SansSerif)
    font.setPointSizeF(px / PX_PER_PT)
    font.setBold(bold)
    return font


@functools.lru_cache(maxsize=64)
def _metrics(px: float, bold: bool) -> QtGui.QFontMetricsF:
    return QtGui.QFontMetricsF(qfont(px, bold), _reference_device())


@functools.lru_cache(maxsize=1)
def _reference_device() -> QtGui.QImage:
    image = QtGui.QImage(1, 1, QtGui.QImage.Format.Format_ARGB32)
    image.setDotsPerMeterX(3780)  # 96 dpi
    image.setDotsPerMeterY(3780)
    return image


def measure(text: str, px: float, bold: bool = False) -> float:
    """Width of ``text`` in the figure font at ``px`` pixels."""
    return _metrics(px, bold).horizontalAdvance(text)


class Canvas(Protocol):
    """What a figure is drawn with; all lengths in figure pixels."""

    def rect(self, x, y, w, h, fill: Color | None, stroke: Color | None = None, width=1.0): ...
    def segments(self, seg: np.ndarray, color: Color, width: float) -> None: ...
    def polyline(self, xy, color: Color, width: float, dash=None, closed=False) -> None: ...
    def polygon(self, xy: np.ndarray, fill: Color) -> None: ...
    def circles(self, xy, radius, argb, outline: Color | None, outline_width: float) -> None: ...
    def rings(self, xy: np.ndarray, radius: float, color: Color, width: float) -> None: ...
    def text(self, x, y, s, px, anchor="start", valign="baseline", color=..., rotate=0.0,
             bold=False) -> None: ...  # fmt: skip
    def image(self, rgba: np.ndarray, x: float, y: float, w: float, h: float) -> None: ...
    def push_clip(self, x: float, y: float, w: float, h: float) -> None: ...
    def pop_clip(self) -> None: ...
    def group(self, name: str) -> None: ...
    def end_group(self) -> None: ...


def _qcolor(c: Color) -> QtGui.QColor:
    return QtGui.QColor(c[0], c[1], c[2], c[3])


def _pen(color: Color, width: float, dash=None) -> QtGui.QPen:
    pen = QtGui.QPen(_qcolor(color), width)
    pen.setCosmetic(False)
    pen.setCapStyle(QtCore.Qt.PenCapStyle.FlatCap)
    pen.setJoinStyle(QtCore.Qt.PenJoinStyle.RoundJoin)
    if dash:
        pen.setDashPattern([d / max(width, 1e-6) for d in dash])  # Qt counts in pen widths
    return pen


def _path(xy: np.ndarray, closed: bool) -> QtGui.QPainterPath:
    path = QtGui.QPainterPath()
    pts = np.asarray(xy, dtype=np.float64).tolist()
    path.moveTo(*pts[0])
    for p in pts[1:]:
        path.lineTo(*p)
    if closed:
        path.closeSubpath()
    return path


class PainterCanvas:
    """Draws on an active QPainter whose user units are figure pixels."""

    def __init__(self, painter: QtGui.QPainter) -> None:
        self.p = painter
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
        self._clips = 0
        self._cloud = None  # the point item, made on first use

    def rect(self, x, y, w, h, fill, stroke=None, width=1.0):
        p = self.p
        p.setPen(_pen(stroke, width) if stroke else QtCore.Qt.PenStyle.NoPen)
        p.setBrush(_qcolor(fill) if fill else QtCore.Qt.BrushStyle.NoBrush)
        p.drawRect(QtCore.QRectF(x, y, w, h))

    def segments(self, seg, color, width):
        p = self.p
        p.setPen(_pen(color, width))
        lines = [QtCore.QLineF(*s) for s in np.asarray(seg, dtype=np.float64).tolist()]
        if lines:
            p.drawLines(lines)

    def polyline(self, xy, color, width, dash=None, closed=False):
        if len(xy) < 2:
            return
        p = self.p
        p.setPen(_pen(color, width, dash))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        p.drawPath(_path(xy, closed))

    def polygon(self, xy, fill):
        if len(xy) < 3:
            return
        p = self.p
        p.setPen(QtCore.Qt.PenStyle.NoPen)
        p.setBrush(_qcolor(fill))
        p.drawPolygon(QtGui.QPolygonF([QtCore.QPointF(*q) for q in np.asarray(xy).tolist()]))

    def circles(self, xy, radius, argb, outline, outline_width):
        p = self.p
        if len(xy) > FAST_POINTS and p.paintEngine().type() == QtGui.QPaintEngine.Type.Raster:
            self._fast_circles(xy, radius, argb, outline)
            return
        p.setPen(_pen(outline, outline_width) if outline else QtCore.Qt.PenStyle.NoPen)
        xy = np.asarray(xy, dtype=np.float64)
        argb = np.asarray(argb, dtype=np.uint32)
        # One brush per run of equal colours: painter order (and so overlaps) as in the window.
        starts = np.flatnonzero(np.r_[True, argb[1:] != argb[:-1]]) if len(argb) else []
        ends = np.r_[starts[1:], len(argb)] if len(argb) else []
        pts = xy.tolist()
        for s, e in zip(list(starts), list(ends), strict=True):
            p.setBrush(_qcolor(rgba_of_argb(int(argb[s]))))
            for x, y in pts[s:e]:
                p.drawEllipse(QtCore.QPointF(x, y), radius, radius)

    def _fast_circles(self, xy, radius, argb, outline) -> None:
        """Many points on an image: the window's point item (marker atlas or numpy raster),
        ten times faster than a drawEllipse per point, with a 1-pixel outline as on screen."""
        from emgui.render.point_cloud import PointCloudItem

        if self._cloud is None:
            self._cloud = PointCloudItem()
        scale = self.p.transform().m11()
        self._cloud.setStyle(
            size=2.0 * radius * scale, outline=_qcolor(outline) if outline else None
        )
        self._cloud.setData(np.asarray(xy, dtype=np.float64), np.asarray(argb, dtype=np.uint32))
        self._cloud.paint(self.p)

    def rings(self, xy, radius, color, width):
        p = self.p
        p.setPen(_pen(color, width))
        p.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        for x, y in np.asarray(xy, dtype=np.float64).tolist():
            p.drawEllipse(QtCore.QPointF(x, y), radius, radius)

    def text(self, x, y, s, px, anchor="start", valign="baseline", color=(34, 34, 34, 255),
             rotate=0.0, bold=False):  # fmt: skip
        p = self.p
        p.save()
        p.setFont(qfont(px, bold))
        p.setPen(_qcolor(color))
        p.translate(x, y)
        if rotate:
            p.rotate(rotate)
        w = measure(s, px, bold)
        dx = {"start": 0.0, "middle": -w / 2, "end": -w}[anchor]
        p.drawText(QtCore.QPointF(dx, baseline(0.0, px, valign)), s)
        p.restore()

    def image(self, rgba, x, y, w, h):
        rgba = np.ascontiguousarray(rgba, dtype=np.uint8)
        rows, cols = rgba.shape[:2]
        img = QtGui.QImage(rgba.data, cols, rows, 4 * cols, QtGui.QImage.Format.Format_RGBA8888)
        self.p.drawImage(QtCore.QRectF(x, y, w, h), img.copy())

    def push_clip(self, x, y, w, h):
        self.p.save()
        self.p.setClipRect(QtCore.QRectF(x, y, w, h), QtCore.Qt.ClipOperation.IntersectClip)
        self._clips += 1

    def pop_clip(self):
        if self._clips:
            self._clips -= 1
            self.p.restore()

    def group(self, name):
        pass

    def end_group(self):
        pass
