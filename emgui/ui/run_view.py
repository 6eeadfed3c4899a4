"""What a run looks like now: the ViewState of a controller's cursor; and the compare view.

The compare view runs the other algorithm (k-means beside a Gaussian
mixture) on the same points from the same initial centers, in lockstep with
the main view: the same keys and the same timeline drive both.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6 import QtWidgets
from PySide6.QtCore import Qt

from emgui.core import Snapshot
from emgui.model.algorithms import ALGORITHM_NAMES
from emgui.model.explanation import describe_step, status_text
from emgui.model.settings import Settings
from emgui.model.view_state import ViewState, color_key, scene_colors, state_for_frame
from emgui.render.scene import Scene
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session
from emgui.ui.canvas import Canvas

OTHER = {"kmeans": "gmm", "gmm": "kmeans", "soft-kmeans": "kmeans"}


def current_state(
    controller: RunController, settings: Settings, columns
) -> tuple[ViewState, list[Snapshot], Snapshot | None, Snapshot | None]:
    """(state, snapshots so far, shown snapshot, the one before it) for a controller's cursor."""
    frame = controller.current_frame()
    history = controller.history
    snapshots = history.snapshots
    if frame is None:
        s = controller.session.scene
        covs = s.center_covariances if settings.algorithm == "gmm" else None
        state = ViewState(
            points=s.points,
            colors=scene_colors(s.points, None, settings)[0],
            centers=s.centers,
            covariances=covs,
            columns=columns,
        )
        return state, snapshots, None, None
    points = controller.points
    key = color_key(frame.index, frame.snapshot, settings)
    colors, computed = scene_colors(points, frame.snapshot, settings, history.colors_for(key))
    if computed is not None:
        history.remember_colors(key, computed)
    state = state_for_frame(points, snapshots, frame.index, colors, settings, columns)
    previous = snapshots[frame.index - 1] if frame.index > 0 else None
    return state, snapshots, frame.snapshot, previous


class CompareView(QtWidgets.QWidget):
    """A second canvas with its own run of the other algorithm; view range linked to the main."""

    def __init__(self, session: Session, main_canvas: Canvas, parent=None):
        super().__init__(parent)
        self.session = session
        self.controller = RunController(session, self, algorithm_override=self._algorithm)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QtWidgets.QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)  # a long status must not widen the window
        layout.addWidget(self.title)
        self.canvas = Canvas()
        # One-way: the main view leads. Linking both aspect-locked views would
        # let each adjust the other and drift.
        self._main_view = main_canvas.view_box
        self._main_view.sigRangeChanged.connect(self.follow_main)
        self.scene = Scene(self.canvas.plot_item)
        layout.addWidget(self.canvas, 1)
        self.line = QtWidgets.QLabel(" ")
        self.line.setWordWrap(True)
        layout.addWidget(self.line)
        self.columns = None
        self.controller.display.connect(self.redraw)
        self.controller.state_changed.connect(self._update_title)
        self.set_scale(1.0)

    def follow_main(self, *_) -> None:
        (x0, x1), (y0, y1) = self._main_view.viewRange()
        self.canvas.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _algorithm(self) -> str:
        return OTHER[self.session.settings.algorithm]

    def settings(self) -> Settings:
        return replace(self.session.settings, algorithm=self._algorithm())

    def set_scale(self, scale: float) -> None:
        self.line.setStyleSheet(f"font-size: {12 * scale:.0f}pt; color: #111;")
        self.title.setStyleSheet(f"font-size: {13 * scale:.0f}pt; font-weight: bold;")
        self.scene.apply_scale(scale)

    def redraw(self, *_) -> None:
        st = self.settings()
        state, _snapshots, snap, previous = current_state(self.controller, st, self.columns)
        self.scene.render(state, st)
        self.line.setText(describe_step(snap, previous) if snap is not None else "")
        self._update_title()

    def _update_title(self) -> None:
        name = ALGORITHM_NAMES[self._algorithm()]
        frame = self.controller.current_frame()
        snap = frame.snapshot if frame else None
        c = self.controller
        self.title.setText(status_text(snap, c.playing or c.follow_live) if snap else name)

    def shutdown(self) -> None:
        self._main_view.sigRangeChanged.disconnect(self.follow_main)
        self.controller.shutdown()
