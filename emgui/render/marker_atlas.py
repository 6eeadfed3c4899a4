"""MarkerAtlas: antialiased point markers pre-rendered into one pixmap, one cell per colour.

The point item's "fragments" path draws every visible point as one fragment of this atlas
(``QPainter.drawPixmapFragments``); a cell is rendered only when its colour first appears.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt import QtCore, QtGui

from emgui.render.argb import N_CODES, premultiplied_word
from emgui.render.point_raster import Shape

__all__ = ["MarkerAtlas"]


class MarkerAtlas:
    """Antialiased markers, one cell per 12-bit colour code, rendered only when first needed."""

    COLUMNS = 64

    def __init__(self) -> None:
        self.key: tuple | None = None
        self.cell = 1
        self._fill = np.zeros((1, 1), np.float32)
        self._pen = np.zeros((1, 1), np.float32)
        self._outline = np.zeros(4, np.float32)
        self.slots = np.full(N_CODES, -1, np.int32)
        self.source = np.zeros((N_CODES, 2), np.float64)  # atlas pixel (left, top) per code
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
            word = premultiplied_word(outline)
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
