"""The drawing of one EM state on a pyqtgraph PlotItem: the window and the exporter share it.

Items are created once and updated with setData; a state is described by a
:class:`ViewState`, which :func:`state_for_frame` builds from a run's
history the same way for the window and for exported images.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6 import QtCore, QtGui

from emgui.core.geometry import ellipse_outlines, level_radius
from emgui.model.palette import (
    component_hex,
    component_rgb,
)
from emgui.model.settings import Settings
from emgui.model.view_state import (
    ViewState,
)
from emgui.render.change_rings import ChangeRings
from emgui.render.figure_legend import legend_rows, quietest_corner
from emgui.render.figure_shapes import figure_groups
from emgui.render.legend import Legend
from emgui.render.overlay import (
    CASING_RGBA,
    CASING_WIDTH,
    ELLIPSE_WIDTH,
    CenterStyle,
    MixtureOverlay,
    center_colours,
    flagged_components,
)
from emgui.render.point_cloud import PointCloudItem
from emgui.render.shape_markers import ShapeMarkersItem
from emgui.render.voronoi_item import VORONOI_ALPHA, VoronoiItem, shows_voronoi

AXES = ("bottom", "left")


class Scene:
    """Owns the items drawn on one PlotItem and updates them for each ViewState."""

    def __init__(self, plot: pg.PlotItem, scale: float = 1.0, follows: bool = False):
        """``follows``: the view's range is set from outside (the compare view follows the
        main one exactly), so the equal-aspect setting does not lock it."""
        self.plot = plot
        self.scale = scale
        self.settings = Settings()
        self.state: ViewState | None = None
        self.follows = follows
        vb = plot.getViewBox()
        vb.setAspectLocked(self.settings.equal_aspect and not follows)
        # The view moves only when asked (Fit view, a new data set): never under
        # the mouse while points are being clicked in.
        vb.disableAutoRange()
        vb.setRange(xRange=(0, 10), yRange=(0, 10), padding=0.02)
        for axis in ("bottom", "left"):
            plot.getAxis(axis).enableAutoSIPrefix(False)  # "0.0004", not "0.4 (x0.001)"
        plot.showGrid(x=True, y=True, alpha=0.15)

        self.voronoi = VoronoiItem()
        self.voronoi.setZValue(-10)
        self.voronoi.setVisible(False)
        plot.addItem(self.voronoi, ignoreBounds=True)

        self.points = PointCloudItem()
        self.points.setZValue(0)
        plot.addItem(self.points)

        # The points with a marker shape per known class or per component (the setting
        # point_shapes); the plain point item is hidden while this one draws them.
        self.shapes = ShapeMarkersItem()
        self.shapes.setZValue(0)
        self.shapes.setVisible(False)
        plot.addItem(self.shapes, ignoreBounds=True)
        self._shapes_from: tuple | None = None  # (points, colours, groups) the shapes show

        self.changed = ChangeRings()
        self._changed_from: tuple | None = None  # (points, colours, mask) the rings show
        self.changed.setZValue(1)
        plot.addItem(self.changed, ignoreBounds=True)

        # Trails, ellipses (on dark casings) and centers, above the points and rings.
        self.overlay = MixtureOverlay()
        self.overlay.setZValue(5)
        plot.addItem(self.overlay, ignoreBounds=True)
        self._pens: dict[tuple, QtGui.QPen] = {}

        # The hovered point or center, marked on the plot as well as in the Explain dock.
        self.highlight = pg.ScatterPlotItem(pxMode=True, brush=None)
        self.highlight.setZValue(10)
        plot.addItem(self.highlight, ignoreBounds=True)

        self.legend = Legend()
        self.legend.setParentItem(vb)
        self.legend.anchor(itemPos=(0, 0), parentPos=(0, 0), offset=(10, 10))
        self.legend.setZValue(20)
        self.legend.setVisible(False)
        self._centers_key = None
        self._center_styles: list[CenterStyle] = []
        self._axis_names: tuple[str, str] | None = None
        self._legend_corner = "top-left"
        self._taken: tuple[float, float, float, float] | None = None  # see keep_legend_off

        vb.sigRangeChanged.connect(self._on_range_changed)
        self.apply_scale(scale)

    # ----- style ---------------------------------------------------------------
    def apply_scale(self, scale: float) -> None:
        """Size of markers, lines and text: 1 on a desk, about 1.8 on a projector."""
        self.scale = scale
        self.points.setStyle(size=7 * scale, outline=QtGui.QColor(0, 0, 0, 110))
        # Shapes need about a third more size than discs to be told apart.
        self.shapes.setStyle(size=9.5 * scale, outline=QtGui.QColor(0, 0, 0, 150))
        self.changed.set_style(diameter=15 * scale, width=2.0 * scale)
        self.voronoi.set_style(1.5 * scale)
        font = QtGui.QFont()
        font.setPointSizeF(11 * scale)
        for axis in AXES:
            ax = self.plot.getAxis(axis)
            ax.setTickFont(font)
            ax.setPen(pg.mkPen("#333333", width=max(1, scale)))
            ax.setTextPen(pg.mkPen("#222222"))
            ax.label.setFont(font)
            # Major ticks only: a calmer grid for a projector, and a third of the paint time.
            ax.setStyle(maxTickLevel=0)
        self.legend.set_style(11 * scale, scale)
        # After presentation mode the axes would stay wider and the plot move: measure anew.
        self._measure_axes_anew()
        self._centers_key = None
        self._axis_names = None
        if self.state is not None:
            self.render(self.state, self.settings)

    def _measure_axes_anew(self) -> None:
        # pyqtgraph narrows an axis only when its tick text shrinks by over 10 px (no jitter
        # while panning), so an axis's width remembers the widest labels it has drawn: the
        # plot's place would depend on which views came before. At a deliberate change of
        # view (a fit, a restored view, a new scale) the axes measure the labels shown now.
        for axis in AXES:
            ax = self.plot.getAxis(axis)
            ax.textWidth, ax.textHeight = 30, 18  # AxisItem's own starting values
            ax.picture = None  # re-measured at the next paint

    def show_range(self, x_range: tuple[float, float], y_range: tuple[float, float]) -> None:
        """Show exactly this data range (the aspect lock may widen one side)."""
        self.plot.getViewBox().setRange(xRange=x_range, yRange=y_range, padding=0)
        self._measure_axes_anew()

    def axis_text_space(self) -> dict[str, tuple[float, float]]:
        """The room each axis keeps for its tick labels (to give back after presentation mode)."""
        return {a: (self.plot.getAxis(a).textWidth, self.plot.getAxis(a).textHeight) for a in AXES}

    def set_axis_text_space(self, space: dict[str, tuple[float, float]]) -> None:
        for name, (width, height) in space.items():
            ax = self.plot.getAxis(name)
            ax.textWidth, ax.textHeight = width, height
            # pyqtgraph's own re-measure after a change of the tick text space
            if name == "left":
                ax._updateWidth()
            else:
                ax._updateHeight()

    def mark(self, xy: tuple[float, float] | None, center: bool = False) -> None:
        """Ring the point or center at ``xy`` (None: no ring)."""
        if xy is None:
            self.highlight.setData([])
            return
        size = (34 if center else 18) * self.scale
        pen = pg.mkPen("#111111", width=2.5 * self.scale)
        self.highlight.setData([xy[0]], [xy[1]], size=size, pen=pen, brush=None, symbol="o")

    # ----- drawing -------------------------------------------------------------
    def render(self, state: ViewState, settings: Settings) -> None:
        """Show ``state``; items are updated in place."""
        aspect_changed = settings.equal_aspect != self.settings.equal_aspect
        self.state, self.settings = state, settings
        if aspect_changed and not self.follows:
            self.plot.getViewBox().setAspectLocked(settings.equal_aspect)
        self._render_points(state, settings)
        self._render_changed(state)
        self._render_centers(state)
        self._render_ellipses(state, settings)
        self._render_trails(state)
        self._render_legend(state, settings)
        self._render_axes(state)
        self._update_voronoi()
        self._place_legend()
        if aspect_changed and not self.follows:
            self.auto_range()  # a strip at 1:1 becomes the data's box, and back

    def _render_points(self, state: ViewState, settings: Settings) -> bool:
        """Draw the points, with shapes when asked and possible; True if shapes are shown."""
        groups = figure_groups(state, settings)  # the figures' rule: they draw what we show
        if groups is not None:
            key = (state.points, state.colors, groups)
            was = self._shapes_from
            if was is not None and all(a is b for a, b in zip(was, key, strict=True)):
                return True  # an M-step recolours no point: the same arrays come again
            if self.shapes.set_points(state.points, state.colors, groups):
                self._shapes_from = key
                self.shapes.setVisible(True)
                self.points.setVisible(False)
                return True
        if self._shapes_from is not None or self.shapes.isVisible():
            self._shapes_from = None
            self.shapes.setVisible(False)
            self.shapes.clear()
        self.points.setVisible(True)
        # An M-step moves centers and ellipses but recolours no point: the same arrays
        # come again, and the point item keeps its image (setData sees them).
        self.points.setData(state.points, state.colors)
        return False

    def _on_range_changed(self, *_) -> None:
        self._update_voronoi()
        self._place_legend()  # what the legend covers moves with the view

    def _render_changed(self, state: ViewState) -> None:
        mask = state.changed
        if mask is None or not mask.any():
            self._changed_from = None
            self.changed.clear()
            return
        was = self._changed_from
        if was is not None and was[0] is state.points and was[1] is state.colors:
            if np.array_equal(was[2], mask):
                # The same rings again (a redraw of the same state): their choice is kept
                # (finding it anew costs ~25 ms at 1e6 points).
                return
        self._changed_from = (state.points, state.colors, mask)
        idx = np.flatnonzero(mask)
        # Rings in the points' new colours; the item thins them where points are crowded.
        self.changed.setData(state.points[idx], np.asarray(state.colors)[idx], state.points)

    def _render_centers(self, state: ViewState) -> None:
        k = state.centers.shape[0]
        flagged = flagged_components(state)
        slots = None if state.slots is None else tuple(int(s) for s in state.slots)
        key = (k, flagged, self.scale, slots)
        if key != self._centers_key:
            # Styles are made only when the look changes, not every frame. An empty or
            # collapsed component is drawn hollow with a red outline.
            self._centers_key = key
            self._center_styles = [
                CenterStyle(
                    fill=QtGui.QColor(fill),
                    outline=QtGui.QColor(outline),
                    outline_width=3 * self.scale,
                    diameter=22 * self.scale,
                )
                for fill, outline in (center_colours(j, flagged, slots) for j in range(k))
            ]
        self.overlay.set_centers(state.centers, self._center_styles)

    def _pen(self, kind: str, j: int, state: ViewState) -> QtGui.QPen:
        """The pen of component j's ellipse, its casing or its trail: made once per look
        (one casing pen for all: a casing has no component colour)."""
        colour = None if kind == "casing" else component_hex(j, state.slots)
        key = (kind, colour, self.scale)
        pen = self._pens.get(key)
        if pen is None:
            if kind == "casing":
                pen = pg.mkPen(CASING_RGBA, width=CASING_WIDTH * self.scale)
            elif kind == "ellipse":
                pen = pg.mkPen(colour, width=ELLIPSE_WIDTH * self.scale)
            else:
                pen = pg.mkPen(colour, width=2.0 * self.scale, style=QtCore.Qt.DashLine)
            self._pens[key] = pen
        return pen

    def _render_ellipses(self, state: ViewState, settings: Settings) -> None:
        if state.covariances is None:
            self.overlay.set_ellipses([], [], [])
            return
        k = state.centers.shape[0]
        outlines = ellipse_outlines(
            state.centers, state.covariances, level_radius(settings.ellipse_level)
        )
        # A dark casing under each ellipse keeps it visible over points of its own colour.
        self.overlay.set_ellipses(
            list(outlines),
            [self._pen("ellipse", j, state) for j in range(k)],
            [self._pen("casing", j, state) for j in range(k)],
        )

    def _render_trails(self, state: ViewState) -> None:
        k = len(state.trails)
        self.overlay.set_trails(state.trails, [self._pen("trail", j, state) for j in range(k)])

    def _render_legend(self, state: ViewState, settings: Settings) -> None:
        if state.centers.shape[0] == 0:
            self.legend.setVisible(False)
            return
        self.legend.set_rows(legend_rows(state, settings))
        self.legend.setVisible(True)

    def _place_legend(self) -> None:
        """Put the legend in the corner of the view where it hides no center, and of those
        the one that hides the fewest points (the figures' rule: quietest_corner)."""
        state = self.state
        if state is None or not self.legend.isVisible():
            return
        vb = self.plot.getViewBox()
        (x0, x1), (y0, y1) = vb.viewRange()
        box, view = self.legend.boundingRect(), vb.boundingRect()
        vw, vh = max(view.width(), 1.0), max(view.height(), 1.0)

        def to_pixels(xy: np.ndarray) -> np.ndarray:  # y down, as in a figure
            px = (xy[:, 0] - x0) / ((x1 - x0) or 1.0) * vw
            py = (y1 - xy[:, 1]) / ((y1 - y0) or 1.0) * vh
            return np.column_stack([px, py])

        # The centers and their trails (where they started), as in every figure.
        marks = np.vstack([state.centers, *(np.asarray(t).reshape(-1, 2) for t in state.trails)])
        best = quietest_corner(
            to_pixels(state.points[:: max(1, state.points.shape[0] // 20000)]),
            to_pixels(marks),
            (0.0, 0.0, vw, vh),
            (min(box.width(), 0.9 * vw), min(box.height(), 0.9 * vh)),
            10.0,  # the legend's offset from the corner (below)
            center_reach=13 * self.scale,
            point_reach=4.0,
            taken=self._taken,
        )
        if best != self._legend_corner:
            self._legend_corner = best
            anchor = {
                "top-left": ((0, 0), (10, 10)),
                "top-right": ((1, 0), (-10, 10)),
                "bottom-left": ((0, 1), (10, -10)),
                "bottom-right": ((1, 1), (-10, -10)),
            }[best]
            self.legend.anchor(itemPos=anchor[0], parentPos=anchor[0], offset=anchor[1])

    def keep_legend_off(self, box: tuple[float, float, float, float] | None) -> None:
        """A box of the view (x, y, width, height in pixels from its top left) that something
        drawn over the plot covers (the presentation counter), or None; the legend avoids it."""
        if box != self._taken:
            self._taken = box
            self._place_legend()

    def legend_corner(self) -> str:
        """Where the legend is: "top-left", "top-right", "bottom-left" or "bottom-right"."""
        return self._legend_corner

    def _render_axes(self, state: ViewState) -> None:
        names = state.columns or ("x", "y")
        if names != self._axis_names:  # a new label re-lays out the whole plot: only on change
            self._axis_names = names
            self.plot.setLabel("bottom", names[0])
            self.plot.setLabel("left", names[1])

    def _update_voronoi(self, *_) -> None:
        state, settings = self.state, self.settings
        if state is None or not shows_voronoi(state, settings):
            self.voronoi.setVisible(False)
            return
        (x0, x1), (y0, y1) = self.plot.getViewBox().viewRange()
        if not all(np.isfinite([x0, x1, y0, y1])) or x1 <= x0 or y1 <= y0:
            return
        k = state.centers.shape[0]
        rgba = np.zeros((k, 4), dtype=np.uint8)
        rgba[:, :3] = component_rgb(k, state.slots)
        rgba[:, 3] = VORONOI_ALPHA
        # The cells change only when the centers do (or the view leaves their box): not at
        # an E-step.
        self.voronoi.show_cells(state.centers, rgba, (x0, x1), (y0, y1))
        self.voronoi.setVisible(True)

    def auto_range(self) -> None:
        """Fit the view, once, to the points, centers and ellipses, with a margin.

        One fit, not continuous auto-range: the view must not jump under the
        user's mouse as points are added.
        """
        state = self.state
        if state is None:
            return
        parts = [state.points, state.centers]
        if state.covariances is not None and state.centers.shape[0]:
            radius = level_radius(self.settings.ellipse_level)
            parts.append(ellipse_outlines(state.centers, state.covariances, radius).reshape(-1, 2))
        xy = np.vstack([p for p in parts if p.shape[0]]) if any(p.shape[0] for p in parts) else None
        if xy is None:
            return
        lo, hi = xy.min(axis=0), xy.max(axis=0)
        # A single point (or a line) still gets a view of sensible size around it.
        span = np.maximum(hi - lo, np.maximum(1e-6 * np.abs(lo), 1e-9))
        pad = np.where(hi > lo, 0.06 * span, 1.0)
        self.show_range((lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1]))
