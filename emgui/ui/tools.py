"""Canvas tools: what a click or a drag does (add points, add centers, move, erase, spray).

Each gesture becomes one undoable edit of the session; a drag is merged into
a single undo step.
"""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import QObject, Qt, Signal

from emgui.core.geometry import level_radius
from emgui.runtime.session import Session
from emgui.ui.canvas import CanvasViewBox

TOOLS = ("points", "centers", "move", "erase", "spray")
TOOL_NAMES = {
    "points": "Add points",
    "centers": "Add centers",
    "move": "Move",
    "erase": "Erase",
    "spray": "Spray",
}
HIT_PIXELS = 12  # how close a click must be to a point or center to grab it
ERASE_PIXELS = 2 * HIT_PIXELS  # the eraser's reach when dragged


def nearest(xy: np.ndarray, x: float, y: float, radius: float) -> int | None:
    """Index of the row of ``xy`` nearest to (x, y) if within ``radius``, else None."""
    if xy.shape[0] == 0:
        return None
    d2 = (xy[:, 0] - x) ** 2 + (xy[:, 1] - y) ** 2
    i = int(np.argmin(d2))
    return i if d2[i] <= radius * radius else None


class ToolController(QObject):
    """Turns the canvas's clicks and drags into session edits, according to the current tool."""

    tool_changed = Signal(str)

    def __init__(self, session: Session, view: CanvasViewBox, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.view = view
        self.tool = "points"
        self.spray_radius_px = 40.0
        self.spray_density = 12  # points per mouse move
        self.ellipse_level = "2sd"
        # Made at the first spray: numpy.random takes ~13 ms to import, at start-up otherwise.
        self._rng: np.random.Generator | None = None
        self._drag_ids = itertools.count()
        self._drag: tuple | None = None  # (kind, index, drag_id)
        view.clicked.connect(self._on_click)
        view.dragged.connect(self._on_drag)
        view.hovered.connect(self._show_brush)

    def brush_radius_px(self) -> float:
        """The current tool's reach in screen pixels (0: the tool has no brush)."""
        if self.tool == "spray":
            return float(self.spray_radius_px)  # two standard deviations of the spray
        if self.tool == "erase":
            return float(ERASE_PIXELS)
        return 0.0

    def _show_brush(self, x: float, y: float) -> None:
        """The spray's and the eraser's reach as an outline that follows the mouse."""
        radius = self.brush_radius_px()
        if radius > 0 and np.isfinite(x) and np.isfinite(y):
            self.view.brush_outline.show_at(x, y, radius)
        else:
            self.view.brush_outline.setVisible(False)

    def set_tool(self, tool: str) -> None:
        if tool not in TOOLS:
            raise ValueError(f"unknown tool {tool!r}")
        self.tool = tool
        if not self.brush_radius_px():
            self.view.brush_outline.setVisible(False)
        self.tool_changed.emit(tool)

    def _radius(self, pixels: float = HIT_PIXELS) -> float:
        return pixels * self.view.pixel_size()

    # ----- clicks --------------------------------------------------------------
    def _on_click(self, x: float, y: float, modifiers) -> None:
        if not (np.isfinite(x) and np.isfinite(y)):
            return
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if shift or self.tool == "centers":
            self.session.add_center((x, y))
        elif self.tool == "points":
            self.session.add_points([(x, y)])
        elif self.tool == "erase":
            self._erase_at(x, y)
        elif self.tool == "spray":
            self._spray(x, y, None)

    def _erase_at(self, x: float, y: float) -> None:
        j = nearest(self.session.centers, x, y, self._radius())
        if j is not None:
            self.session.remove_center(j)
            return
        i = nearest(self.session.points, x, y, self._radius())
        if i is not None:
            mask = np.zeros(self.session.points.shape[0], dtype=bool)
            mask[i] = True
            self.session.remove_points(mask, "Erase point")

    # ----- drags ---------------------------------------------------------------
    def _on_drag(self, phase: str, x: float, y: float, modifiers) -> None:
        if not (np.isfinite(x) and np.isfinite(y)):
            return
        self._show_brush(x, y)  # no hover events reach the view during a drag
        if phase == "start":
            self._drag = self._start_drag(x, y, modifiers)
            return
        if self._drag is None:
            return
        kind, index, drag_id, origin = self._drag
        if kind == "point":
            self.session.move_point(index, (x, y), drag_id)
        elif kind == "center":
            self.session.move_center(index, (x, y), drag_id)
        elif kind == "shape":
            self._shape_center(index, origin, (x, y), drag_id)
        elif kind == "erase":
            self._erase_brush(x, y, drag_id)
        elif kind == "spray" and phase == "move":
            self._spray(x, y, drag_id)
        if phase == "finish":
            self._drag = None

    def _start_drag(self, x: float, y: float, modifiers) -> tuple | None:
        drag_id = next(self._drag_ids)
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if self.tool == "centers" or shift:
            # Press, drag, release: a center whose initial Gaussian the drag draws.
            self.session.add_center((x, y))
            return ("shape", self.session.centers.shape[0] - 1, drag_id, (x, y))
        if self.tool == "move":
            j = nearest(self.session.centers, x, y, self._radius())
            if j is not None:
                return ("center", j, drag_id, (x, y))
            i = nearest(self.session.points, x, y, self._radius())
            if i is not None:
                return ("point", i, drag_id, (x, y))
            return None
        if self.tool == "erase":
            return ("erase", None, drag_id, (x, y))
        if self.tool == "spray":
            return ("spray", None, drag_id, (x, y))
        return None

    def _shape_center(self, index: int, origin, to, drag_id) -> None:
        """The drawn ellipse's long axis runs from the center to the mouse; the short is half."""
        v = np.subtract(to, origin)
        length = float(np.hypot(*v))
        if length < self._radius(4):
            return  # a click, not a drag: keep the default shape
        r = level_radius(self.ellipse_level)
        major, minor = length / r, 0.5 * length / r
        c, s = v / length
        R = np.array([[c, -s], [s, c]])
        cov = R @ np.diag([major**2, minor**2]) @ R.T
        self.session.set_center_covariance(index, cov, drag_id)

    def _erase_brush(self, x: float, y: float, drag_id) -> None:
        pts = self.session.points
        if pts.shape[0] == 0:
            return
        r = self._radius(ERASE_PIXELS)
        mask = (pts[:, 0] - x) ** 2 + (pts[:, 1] - y) ** 2 <= r * r
        if mask.any():
            self.session.edit(
                _replace_points(self.session, pts[~mask]), "Erase points", ("erase", drag_id)
            )

    def _spray(self, x: float, y: float, drag_id) -> None:
        sd = self._radius(self.spray_radius_px) / 2.0
        if self._rng is None:
            self._rng = np.random.default_rng()
        blob = self._rng.normal((x, y), sd, size=(self.spray_density, 2))
        pts = np.vstack([self.session.points, blob])
        key = None if drag_id is None else ("spray", drag_id)
        self.session.edit(_replace_points(self.session, pts), "Spray points", key)


def _replace_points(session: Session, points: np.ndarray):
    from dataclasses import replace

    from emgui.core.snapshot import frozen

    return replace(session.scene, points=frozen(np.ascontiguousarray(points, dtype=float)))
