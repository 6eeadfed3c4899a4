"""What a run looks like now: the ViewState of a controller's cursor; and the compare view.

The compare view runs the other algorithm (k-means beside a Gaussian
mixture) on the same points from the same initial centers, in lockstep with
the main view: the same keys and the same timeline drive both, and both sides
show one range of the data, each with its title and its own explanation line.
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
from emgui.ui.fitted_label import FittedLabel
from emgui.ui.step_animator import StepAnimator

OTHER = {"kmeans": "gmm", "gmm": "kmeans", "soft-kmeans": "kmeans"}
LINE_ROWS = 3  # an explanation runs to ~165 characters: three lines in half a window


def current_state(
    controller: RunController, settings: Settings, columns
) -> tuple[ViewState, list[Snapshot], Snapshot | None, Snapshot | None]:
    """(state, snapshots so far, shown snapshot, the one before it) for a controller's cursor."""
    frame = controller.current_frame()
    history = controller.history
    snapshots = history.snapshots
    slots = controller.colour_slots
    known = controller.session.known_classes
    if frame is None:
        s = controller.session.scene
        covs = s.center_covariances if settings.algorithm == "gmm" else None
        state = ViewState(
            points=s.points,
            colors=scene_colors(s.points, None, settings)[0],
            centers=s.centers,
            covariances=covs,
            columns=columns,
            slots=slots,
            known=known,
        )
        return state, snapshots, None, None
    points = controller.points
    key = color_key(frame.index, frame.snapshot, settings)
    cached = history.colors_for(key)
    colors, computed = scene_colors(points, frame.snapshot, settings, cached, slots)
    if computed is not None:
        history.remember_colors(key, computed)
    index = frame.index
    state = state_for_frame(points, snapshots, index, colors, settings, columns, slots, known)
    previous = snapshots[frame.index - 1] if frame.index > 0 else None
    return state, snapshots, frame.snapshot, previous


def fix_line_height(label: QtWidgets.QLabel, lines: int = LINE_ROWS) -> None:
    """Give an explanation line room for ``lines`` lines of its font, no more and no less.

    Both sides of the compare view get the same height, so that their plots are the same
    size and show the same range at the same scale.
    """
    label.ensurePolished()
    m = label.contentsMargins()
    label.setFixedHeight(lines * label.fontMetrics().lineSpacing() + m.top() + m.bottom() + 6)


def side_line(scale: float = 1.0) -> QtWidgets.QLabel:
    """An explanation line for one side of the compare view."""
    line = QtWidgets.QLabel(" ")
    line.setWordWrap(True)
    line.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    style_side(None, line, scale)
    return line


def style_side(title: QtWidgets.QLabel | None, line: QtWidgets.QLabel, scale: float) -> None:
    """The type of a side's title and explanation line: the same on both sides."""
    line.setStyleSheet(f"font-size: {12 * scale:.0f}pt; color: #111;")
    fix_line_height(line)
    if title is not None:
        title.setStyleSheet(f"font-size: {13 * scale:.0f}pt; font-weight: bold;")


class CompareView(QtWidgets.QWidget):
    """A second canvas with its own run of the other algorithm, showing the main view's range.

    The two views are one view: the main view's range is shown here exactly (this side is
    not aspect-locked, so nothing is adjusted), and a pan or zoom here moves the main view,
    which then sends its range back.
    """

    def __init__(self, session: Session, main_canvas: Canvas, parent=None):
        super().__init__(parent)
        self.session = session
        self.controller = RunController(session, self, algorithm_override=self._algorithm)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = FittedLabel()
        layout.addWidget(self.title)
        self.canvas = Canvas()
        self._main_view = main_canvas.view_box
        self._main_view.sigRangeChanged.connect(self.follow_main)
        self._following = False
        # Any change of this view's range not made by follow_main (wheel, drag, middle-button
        # pan) is the user's: the main view takes it.
        self.canvas.view_box.sigRangeChanged.connect(self._lead_main)
        self.scene = Scene(self.canvas.plot_item, follows=True)
        self.animator = StepAnimator(self.scene, self.controller, self)  # in step with the main
        layout.addWidget(self.canvas, 1)
        self.line = side_line()
        layout.addWidget(self.line)
        # The main side's explanation line, under the main plot while comparing: the window
        # puts it there and fills it; styled here so that both sides match.
        self.main_line = side_line()
        self.columns = None
        self.controller.display.connect(self.redraw)
        self.controller.state_changed.connect(self._update_title)
        self.set_scale(1.0)
        self.follow_main()

    def follow_main(self, *_) -> None:
        """Show exactly the main view's range."""
        (x0, x1), (y0, y1) = self._main_view.viewRange()
        self._following = True
        try:
            self.canvas.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        finally:
            self._following = False

    def _lead_main(self, *_) -> None:
        if self._following:
            return
        # A pan or zoom here: the main view takes the range (adjusting it to its aspect
        # if locked) and sends it back through follow_main.
        (x0, x1), (y0, y1) = self.canvas.view_box.viewRange()
        self._main_view.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _algorithm(self) -> str:
        return OTHER[self.session.settings.algorithm]

    def settings(self) -> Settings:
        return replace(self.session.settings, algorithm=self._algorithm())

    def set_scale(self, scale: float) -> None:
        style_side(self.title, self.line, scale)
        style_side(None, self.main_line, scale)
        self.scene.apply_scale(scale)

    def redraw(self, *_) -> None:
        st = self.settings()
        state, _snapshots, snap, previous = current_state(self.controller, st, self.columns)
        self.animator.show(state, st)
        self.line.setText(describe_step(snap, previous) if snap is not None else " ")
        self._update_title()

    def _update_title(self) -> None:
        name = ALGORITHM_NAMES[self._algorithm()]
        frame = self.controller.current_frame()
        snap = frame.snapshot if frame else None
        c = self.controller
        self.title.setText(status_text(snap, c.playing or c.follow_live) if snap else name)

    def shutdown(self) -> None:
        self._main_view.sigRangeChanged.disconnect(self.follow_main)
        self.main_line.setParent(None)
        self.main_line.deleteLater()
        self.controller.shutdown()
