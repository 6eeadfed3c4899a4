"""MixtureOverlay: trails, ellipses and centers of a mixture, drawn above the points by one item.

Fifteen pyqtgraph curves and a scatter (k = 5) cost ~8 ms a frame in setData,
bounding-rect and paint bookkeeping; the same lines from one item cost about
one. Lines are in data coordinates with cosmetic pens (widths in pixels);
centers are discs of a fixed pixel size. Nothing here takes mouse events: the
canvas's tools decide what a click means.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.model.palette import Slots, component_hex
from emgui.render.pixel_reach import reach_in_data

__all__ = [
    "CASING_RGBA",
    "CASING_WIDTH",
    "ELLIPSE_WIDTH",
    "CenterStyle",
    "MixtureOverlay",
    "center_colours",
    "flagged_components",
]

# An ellipse is its component's colour on a dark casing, as the centers and the points are
# outlined near-black. (A white halo cut the same-coloured points along both sides of the
# line: on a projector one ellipse read as two.) Widths in pixels at scale 1.
ELLIPSE_WIDTH = 3.0
CASING_WIDTH = 5.0
CASING_RGBA = (30, 30, 30, 170)


def flagged_components(state) -> frozenset[int]:
    """The components whose center is drawn hollow with a red outline: empty or collapsed."""
    snap = state.snapshot
    return frozenset() if snap is None else frozenset(snap.empty) | frozenset(snap.collapsed)


def center_colours(j: int, flagged: frozenset[int], slots: Slots = None) -> tuple[str, str]:
    """(fill, outline) of center j, in the window and every figure: its component's colour
    outlined near-black, or white outlined red when it is flagged."""
    return ("#FFFFFF", "#D00000") if j in flagged else (component_hex(j, slots), "#111111")


@dataclass(frozen=True)
class CenterStyle:
    """How center j is drawn: fill and outline colours, outline width, diameter (px)."""

    fill: QtGui.QColor
    outline: QtGui.QColor
    outline_width: float
    diameter: float

    @functools.cached_property
    def pen(self) -> QtGui.QPen:
        """The outline pen, made once per style rather than at every paint."""
        return QtGui.QPen(self.outline, self.outline_width)


def _polyline(xy: np.ndarray) -> QtGui.QPainterPath:
    return pg.functions.arrayToQPath(
        np.ascontiguousarray(xy[:, 0]), np.ascontiguousarray(xy[:, 1]), connect="all"
    )


class MixtureOverlay(pg.GraphicsObject):
    """Trails (under), ellipses on white halos, then centers (on top), in that painter order."""

    def __init__(self) -> None:
        super().__init__()
        self._trails: list[tuple[QtGui.QPainterPath, QtGui.QPen]] = []
        self._ellipses: list[tuple[QtGui.QPainterPath, QtGui.QPen, QtGui.QPen]] = []
        self._centers = np.zeros((0, 2))
        self._center_styles: list[CenterStyle] = []
        # (data bounds of everything drawn, px drawn beyond them), or None to be measured:
        # a render sets trails, ellipses and centers in turn, and is measured once.
        self._extent: tuple[QtCore.QRectF | None, float] | None = (None, 0.0)

    # ----------------------------------------------------------------------------- data
    def set_trails(self, paths: list[np.ndarray], pens: list[QtGui.QPen]) -> None:
        """Polylines (m, 2) in data coordinates, one pen each."""
        self._trails = [(_polyline(p), pen) for p, pen in zip(paths, pens, strict=True) if len(p)]
        self._changed()

    def set_ellipses(
        self, outlines: list[np.ndarray], pens: list[QtGui.QPen], halos: list[QtGui.QPen]
    ) -> None:
        """Closed outlines (m, 2), each drawn with its halo pen and then its pen."""
        self._ellipses = [
            (_polyline(o), pen, halo) for o, pen, halo in zip(outlines, pens, halos, strict=True)
        ]
        self._changed()

    def set_centers(self, centers: np.ndarray, styles: list[CenterStyle]) -> None:
        """Centers (k, 2) in data coordinates, one style each."""
        if len(centers) != len(styles):
            raise ValueError(f"{len(centers)} centers but {len(styles)} styles")
        self._centers = np.asarray(centers, dtype=np.float64).reshape(-1, 2)
        self._center_styles = list(styles)
        self._changed()

    def _changed(self) -> None:
        self.prepareGeometryChange()
        self._extent = None
        self.update()

    def _measure(self) -> tuple[QtCore.QRectF | None, float]:
        rects = [path.boundingRect() for path, _ in self._trails]
        rects += [path.boundingRect() for path, _, _ in self._ellipses]
        finite = self._centers[np.isfinite(self._centers).all(axis=1)]
        if len(finite):
            lo, hi = finite.min(axis=0), finite.max(axis=0)
            rects.append(QtCore.QRectF(lo[0], lo[1], hi[0] - lo[0], hi[1] - lo[1]))
        bounds = None
        for r in rects:
            bounds = r if bounds is None else bounds.united(r)
        reach = [s.diameter / 2 + s.outline_width for s in self._center_styles]
        reach += [pen.widthF() / 2 for _, pen in self._trails]
        reach += [max(pen.widthF(), halo.widthF()) / 2 for _, pen, halo in self._ellipses]
        return bounds, max(reach, default=0.0) + 1.0

    # ------------------------------------------------------------------------- geometry
    def boundingRect(self) -> QtCore.QRectF:
        if self._extent is None:
            self._extent = self._measure()
        bounds, reach = self._extent
        if bounds is None:
            return QtCore.QRectF()
        r = QtCore.QRectF(bounds)
        px, py = reach_in_data(self, reach)
        # A zero-width rect would count as empty and never be painted.
        return r.adjusted(-px - 1e-9, -py - 1e-9, px + 1e-9, py + 1e-9)

    def viewTransformChanged(self) -> None:
        # The reach is in pixels, so the bounds in data units follow the zoom.
        self.prepareGeometryChange()
        super().viewTransformChanged()

    # ---------------------------------------------------------------------------- paint
    def paint(self, painter: QtGui.QPainter, *args) -> None:
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        painter.setBrush(QtCore.Qt.BrushStyle.NoBrush)
        for path, pen in self._trails:
            painter.setPen(pen)
            painter.drawPath(path)
        for path, _, halo in self._ellipses:  # all halos first: no halo hides an ellipse
            painter.setPen(halo)
            painter.drawPath(path)
        for path, pen, _ in self._ellipses:
            painter.setPen(pen)
            painter.drawPath(path)
        if not len(self._centers):
            return
        # Centers have a size in pixels: drawn in device coordinates.
        t = painter.transform()
        painter.resetTransform()
        for (x, y), style in zip(self._centers.tolist(), self._center_styles, strict=True):
            p = t.map(QtCore.QPointF(x, y))
            if not (math.isfinite(p.x()) and math.isfinite(p.y())):
                continue
            painter.setPen(style.pen)
            painter.setBrush(style.fill)
            r = style.diameter / 2
            painter.drawEllipse(p, r, r)
        painter.setTransform(t)
