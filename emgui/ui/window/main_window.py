"""The main window: canvas, explanation line, timeline, settings panel, objective plot, actions."""

from __future__ import annotations

import dataclasses
import os
import time
from pathlib import Path

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import QSettings, Qt, QTimer

from emgui.core.data import set_threads
from emgui.model.algorithms import ALGORITHM_NAMES
from emgui.model.explanation import counter_text, describe_step, status_text
from emgui.model.theory_view import step_pair
from emgui.render.scene import Scene
from emgui.runtime.autosaver import Autosaver, default_autosave_path
from emgui.runtime.file_loader import FileLoader
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session
from emgui.ui.agreement_panel import AgreementPanel
from emgui.ui.canvas import Canvas
from emgui.ui.canvas_hint import CanvasHint, plot_area
from emgui.ui.explain_panel import ExplainPanel
from emgui.ui.load_progress import LoadProgress
from emgui.ui.objective_plot import ObjectiveView
from emgui.ui.panels import SettingsPanel
from emgui.ui.run_view import CompareView, current_state
from emgui.ui.steady_label import SteadyLabel
from emgui.ui.step_animator import StepAnimator
from emgui.ui.theory_panel import TheoryPanel
from emgui.ui.tools import TOOL_NAMES, ToolController
from emgui.ui.window.actions import ActionsMixin
from emgui.ui.window.adaptive_layout import AdaptiveLayout, place_bottom_docks, start_sizes
from emgui.ui.window.constants import APP_NAME
from emgui.ui.window.exporting import ExportingMixin
from emgui.ui.window.files import FilesMixin
from emgui.ui.window.known_classes import KnownClassesMixin
from emgui.ui.window.lockstep import LockstepMixin
from emgui.ui.window.placement import DEFAULT_SIZE
from emgui.ui.window.presentation import PresentationMixin
from emgui.ui.window.run_keys import RunKeyFilter
from emgui.ui.window.scene_menu import SceneMenuMixin
from emgui.ui.window.unsaved import resolve_unsaved

# The objective plot and the Explain panel refresh at most this often (seconds) in a run.
SIDE_VIEWS_INTERVAL_S = 0.1
HINT = (
    "Click to add points   ·   Shift+click to add a center\n"
    "or choose a data set in the Presets menu, or open a CSV (Ctrl+O)"
)


class MainWindow(
    ActionsMixin,
    FilesMixin,
    ExportingMixin,
    KnownClassesMixin,
    SceneMenuMixin,
    LockstepMixin,
    PresentationMixin,
    QtWidgets.QMainWindow,
):
    """emgui's window; each concern's methods live in a mixin of its own module."""

    def __init__(
        self, settings_store: QSettings | None = None, autosave_path: str | Path | None = None
    ):
        super().__init__()
        # The EM engine may use every core but one: drawing and input need one, or
        # the window stalls for seconds while an E-step on a million points runs.
        set_threads((os.cpu_count() or 2) - 1)
        self.store = settings_store or QSettings(APP_NAME, APP_NAME)
        self.session = Session(self)
        self.controller = RunController(self.session, self)
        self.loader = FileLoader(self)
        self.path: str | None = None
        self.presenting = False
        self._pending_state = None  # dock layout to apply once the window is back from full screen
        self._column_choice = None  # the columns chosen for the table being opened
        self._fit_pending = False  # fit the view once new data has been drawn

        self.setWindowTitle(f"{APP_NAME} — untitled[*]")
        self.setAcceptDrops(True)
        self.resize(DEFAULT_SIZE)  # the size asked for at a first start (placement)
        self._build_central()
        self._build_docks()
        self.tools = ToolController(self.session, self.canvas.view_box, self)
        self._build_actions()
        self._build_menus_and_toolbar()

        self.session.changed.connect(self._on_session_changed)
        self.session.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.controller.display.connect(self._redraw)
        self.controller.state_changed.connect(self._update_controls)
        self.controller.message.connect(self._show_message)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        # The "Reading …" dialog: shown once a load is slow, gone when it ends.
        self.load_progress = LoadProgress(self.loader, self, APP_NAME)
        self.panel.pace_changed.connect(self.controller.set_pace)
        self.panel.spray_changed.connect(self._set_spray)
        self.tools.tool_changed.connect(self._on_tool_changed)
        self.canvas.view_box.sigRangeChangedManually.connect(self._forget_fit)
        self.canvas.view_box.hovered.connect(self.explain_panel.on_hover)

        if autosave_path is None:
            autosave_path = (
                Path(self.store.fileName()).with_name("autosave.npz")
                if self.store.format() == QSettings.Format.IniFormat
                else default_autosave_path()
            )
        self.autosaver = Autosaver(Path(autosave_path), self.session_data, self)
        self.session.changed.connect(self.autosaver.schedule)
        self.autosaver.failed.connect(lambda text: self._show_message("warning", text))
        self.autosaver.recovered.connect(
            lambda: self.statusBar().showMessage("Autosave works again.", 6000)
        )

        # Run keys reach the run whatever has focus, except while typing in a field.
        self._run_keys = RunKeyFilter(self)

        self._restore_layout()
        self._redraw(-1)
        self._update_controls()

    # ----- layout --------------------------------------------------------------
    def _build_central(self) -> None:
        central = QtWidgets.QWidget()
        layout = QtWidgets.QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)

        self.banner = QtWidgets.QLabel()
        self.banner.setWordWrap(True)
        self.banner.setVisible(False)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.banner)

        self.canvas = Canvas()
        # The objective plot and the Explain panel follow the plot's paint, each frame, in
        # a zero-time timer: the event loop (input, a 10 ms timer) gets a turn between the
        # plot's paint and theirs, rather than all three being painted in one go.
        self.canvas.painted.connect(self._schedule_side_views)
        self._side_timer = QTimer(self, singleShot=True)
        self._side_timer.timeout.connect(self._flush_side_views)
        self._side_refreshed = 0.0
        self.scene = Scene(self.canvas.plot_item)
        self.animator = StepAnimator(self.scene, self.controller, self)  # smooth single steps
        self.splitter = QtWidgets.QSplitter(Qt.Orientation.Horizontal)
        main_side = QtWidgets.QWidget()
        side_layout = QtWidgets.QVBoxLayout(main_side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.main_title = QtWidgets.QLabel()  # shown when comparing, like the other side's
        self.main_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.main_title.setWordWrap(True)
        self.main_title.setVisible(False)
        side_layout.addWidget(self.main_title)
        side_layout.addWidget(self.canvas, 1)
        self.splitter.addWidget(main_side)
        self.compare: CompareView | None = None
        layout.addWidget(self.splitter, 1)

        self.hint = CanvasHint(HINT, self.canvas)  # wraps, then shrinks, inside the plot
        self.canvas.installEventFilter(self)  # re-centre the hint when the canvas resizes
        # ... and when the axes take more or less room: the data area moves inside the canvas
        self.canvas.view_box.sigResized.connect(self._place_hint)

        # Where the run is, in large type on the plot: in presentation mode the status bar
        # and the timeline are hidden.
        self.counter = QtWidgets.QLabel("", self.canvas)
        self.counter.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.counter.setVisible(False)

        # Room for most explanations (M-steps run to ~120 characters, a run's last one to
        # ~165); a longer one grows the label once, then it stays.
        self.explain = SteadyLabel(" ", typical_chars=140)
        layout.addWidget(self.explain)

        row = QtWidgets.QHBoxLayout()
        self.timeline = QtWidgets.QSlider(Qt.Orientation.Horizontal)
        self.timeline.setMinimum(0)
        self.timeline.setMaximum(0)
        self.timeline.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.timeline.setToolTip("The run's history: drag to scrub through the half-steps")
        self.timeline.valueChanged.connect(self._on_timeline)
        self.position = QtWidgets.QLabel("")
        self.position.setMinimumWidth(220)
        row.addWidget(QtWidgets.QLabel("Timeline"))
        row.addWidget(self.timeline, 1)
        row.addWidget(self.position)
        self.timeline_row = QtWidgets.QWidget()
        self.timeline_row.setLayout(row)
        layout.addWidget(self.timeline_row)
        self.setCentralWidget(central)

        self.status_label = QtWidgets.QLabel()
        self.statusBar().addWidget(self.status_label, 1)
        self._apply_font_scale(1.0)

    def _build_docks(self) -> None:
        self.panel = SettingsPanel(self.session)
        scroll = QtWidgets.QScrollArea()
        scroll.setWidget(self.panel)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(self.panel.minimumSizeHint().width() + 24)
        self.settings_dock = self._dock("Settings", "settings_dock", scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.settings_dock)

        self.explain_panel = ExplainPanel(
            lambda: self.scene.state, self.canvas.view_box.pixel_size, self._run_position
        )
        self.explain_panel.inspected_changed.connect(self._mark_inspected)
        self.explain_dock = self._dock("Explain", "explain_dock", self.explain_panel)
        self.explain_dock.visibilityChanged.connect(self.explain_panel.refresh)

        self.objective = ObjectiveView()
        self.objective_dock = self._dock("Objective", "objective_dock", self.objective)

        # Why EM works (PRML 9.11 and 9.14) for the shown iteration, a tab beside Explain.
        self.theory = TheoryPanel(lambda: self.controller.points)
        self._stale_colours = None  # per-point colours by the gap, while that is asked for
        self._theory_given = self._agreement_given = None  # the states those panels were given
        self.theory.stale_colours.connect(self._on_stale_colours)
        self.theory.failed.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.theory_dock = self._dock("Why EM works", "theory_dock", self.theory)
        self.theory_dock.visibilityChanged.connect(self._schedule_side_views)

        # Clusters are not classes: the shown state against a file's known classes.
        self.agreement = AgreementPanel()
        self.agreement_dock = self._dock("Classes vs clusters", "agreement_dock", self.agreement)
        self.agreement_dock.visibilityChanged.connect(self._schedule_side_views)
        place_bottom_docks(self)
        start_sizes(self)  # shares of the window; a small window's docks give way (adaptive_layout)
        self.adaptive_layout = AdaptiveLayout(self)

    def _dock(self, title: str, name: str, widget) -> QtWidgets.QDockWidget:
        """A dock holding ``widget``; ``name`` keys it in the saved window state."""
        dock = QtWidgets.QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        return dock

    # ----- drawing ---------------------------------------------------------------
    def _redraw(self, index: int) -> None:
        """Draw the controller's current snapshot, or the bare scene before any run."""
        st = self.session.settings
        state, snapshots, snap, previous = current_state(self.controller, st, self.columns)
        stale = self._stale_colours
        if stale is not None and len(stale) == state.points.shape[0]:
            state = dataclasses.replace(state, colors=stale)  # points by their share of the gap
        self.explain.setText(describe_step(snap, previous) if snap else self._idle_text())
        self.animator.show(state, st)  # a single step at a pace moves and fades; else at once
        self.explain_panel.refresh()
        self.objective.show_run(snapshots, self.controller.cursor)
        self.hint.setVisible(self.session.points.shape[0] == 0)
        self._place_hint()
        if self._fit_pending and (state.points.shape[0] or state.centers.shape[0]):
            self._fit_pending = False
            self.fit_view()

    def _schedule_side_views(self) -> None:
        # At most ten refreshes a second: a fast run redraws the plot up to sixty times.
        if not self._side_timer.isActive():
            wait = SIDE_VIEWS_INTERVAL_S - (time.monotonic() - self._side_refreshed)
            self._side_timer.start(max(0, round(1000 * wait)))

    @property
    def columns(self) -> tuple[str, str] | None:
        """The axis names: the scene's own, so undo and Clear points bring theirs back."""
        return self.session.scene.columns

    def _run_position(self) -> tuple[list, int] | None:
        """The run's snapshots and the shown index, or None before a run."""
        frame = self.controller.current_frame()
        return None if frame is None else (self.controller.history.snapshots, frame.index)

    def _mark_inspected(self, inspected) -> None:
        state = self.scene.state
        if inspected is None or state is None:
            self.scene.mark(None)
            return
        kind, index = inspected
        where = state.centers if kind == "center" else state.points
        if index < len(where):
            self.scene.mark(tuple(map(float, where[index])), center=kind == "center")
        else:
            self.scene.mark(None)

    def _flush_side_views(self) -> None:
        self._side_refreshed = time.monotonic()
        self.objective.flush()
        self.explain_panel.flush()
        self._show_theory()
        self._show_agreement()

    def _show_agreement(self) -> None:
        if not self.agreement.isVisible():
            return
        frame = self.controller.current_frame()
        snap = None if frame is None else frame.snapshot
        # The side views refresh after every paint of the plot (a pan, a hover): the table
        # is computed again (a pass over the points) only for another state.
        slots = self.controller.colour_slots
        if not _changed(self, "_agreement_given", (snap, slots)):
            return
        labels, k = (None, 0) if snap is None else (snap.labels, snap.k)
        self.agreement.show_state(labels, k, slots)

    def _show_theory(self) -> None:
        """The shown iteration's E and M states to the theory panel, when it can be seen.

        Not while a run goes at full speed: each new iteration would start a pass over the
        points per value of t, competing with the run for the cores.
        """
        c = self.controller
        stale_on = self.act_stale.isChecked()
        if (not self.theory.isVisible() and not stale_on) or c.follow_live:
            return
        snapshots = c.history.snapshots
        shown = snapshots[c.cursor] if 0 <= c.cursor < len(snapshots) else None
        if _changed(self, "_theory_given", (shown, *step_pair(snapshots, c.cursor))):
            self.theory.show_run(snapshots, c.cursor)

    def _on_stale_colours(self, words) -> None:
        self._stale_colours = words
        self._redraw(self.controller.cursor)

    def set_stale_colouring(self, on: bool) -> None:
        """Colour the points by their share of the EM gap at an M state (where q is stale)."""
        self.theory.set_stale_colouring(on)
        if not on:
            self._on_stale_colours(None)
        else:
            self._schedule_side_views()

    def _algorithm_name(self) -> str:
        return ALGORITHM_NAMES[self.session.settings.algorithm]

    def _idle_text(self) -> str:
        ok, why = self.controller.can_run()
        if not ok:
            return why
        return "Press → (or PageDown) for the first step, Space to run, End to run to the end."

    def _place_hint(self) -> None:
        r = self.canvas.rect()
        self.counter.adjustSize()
        self.counter.move(r.width() - self.counter.width() - 12, 8)
        # The legend keeps off the counter (in compare mode it spans most of the plot's top).
        taken = None
        if self.counter.isVisible():
            view = self.canvas.view_box.mapRectToScene(self.canvas.view_box.boundingRect())
            g = self.counter.geometry()
            taken = (g.x() - view.x(), g.y() - view.y(), g.width(), g.height())
        self.scene.keep_legend_off(taken)
        if not self.hint.isHidden():  # not each frame of a run: it is shown only with no points
            self.hint.fit_in(plot_area(self.canvas))

    def eventFilter(self, obj, ev) -> bool:
        if obj is self.canvas and ev.type() == QtCore.QEvent.Type.Resize:
            self._place_hint()
        return super().eventFilter(obj, ev)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        self._place_hint()
        if self._pending_state is not None and not self.isFullScreen():
            # Back at the normal size after presentation mode: the docks get their sizes.
            self.restoreState(self._pending_state)

    def fit_view(self) -> None:
        self.scene.auto_range()
        if self.compare is not None:
            self.compare.follow_main()

    def _forget_fit(self, *_) -> None:
        self._fit_pending = False

    # ----- controls ----------------------------------------------------------------
    def _update_controls(self) -> None:
        c = self.controller
        n = len(c.history)
        self.timeline.blockSignals(True)
        self.timeline.setMaximum(max(0, n - 1))
        self.timeline.setValue(max(0, c.cursor))
        self.timeline.blockSignals(False)
        frame = c.current_frame()
        snap = frame.snapshot if frame else None
        if snap is None:
            self.position.setText("")
        else:
            self.position.setText(f"step {c.cursor + 1} of {n}" + ("" if c.finished else "…"))
        running = c.playing or c.follow_live
        self.act_play.setText("Pause" if running else "Run")
        self.act_back.setEnabled(c.cursor > 0)
        self.act_home.setEnabled(c.cursor > 0)
        text = status_text(snap, running)
        self.counter.setText(counter_text(snap))
        self.counter.setVisible(self.presenting and bool(self.counter.text()))
        self._place_hint()
        if self.compare is not None:
            self.main_title.setText(text if snap else self._algorithm_name())
        if c.status == "error":
            text += "  ·  stopped by an error"
        elif c.status == "initialising":  # k-means++ on many points, off the GUI thread
            text = "Computing the initial centers…"
        self.status_label.setText(text)

    def _show_message(self, level: str, text: str) -> None:
        if level == "info":
            self.statusBar().showMessage(text, 6000)
            self.explain.setText(
                self.explain.text() + "  " + text
                if text not in self.explain.text()
                else self.explain.text()
            )
            return
        color = "#8a1c1c" if level == "error" else "#6b4e00"
        bg = "#fde2e2" if level == "error" else "#fff3cd"
        prefix = "Error" if level == "error" else "Note"
        self.banner.setStyleSheet(
            f"color: {color}; background: {bg}; border: 1px solid {color};"
            "border-radius: 4px; padding: 6px; font-size: 11pt;"
        )
        self.banner.setText(f"<b>{prefix}:</b> {text}")
        self.banner.setVisible(True)
        QTimer.singleShot(15000 if level == "error" else 8000, self._hide_banner)

    def _hide_banner(self) -> None:
        self.banner.setVisible(False)

    def _on_undo_text(self, text: str) -> None:
        self.act_undo.setToolTip(f"Undo {text} (Ctrl+Z)" if text else "Undo (Ctrl+Z)")

    def _on_redo_text(self, text: str) -> None:
        self.act_redo.setToolTip(f"Redo {text} (Ctrl+Shift+Z)" if text else "Redo (Ctrl+Shift+Z)")

    def _on_clean_changed(self, clean: bool) -> None:
        self.setWindowModified(not clean)

    def _on_timeline(self, value: int) -> None:
        self._both("scrub")(value)

    def _on_tool_changed(self, tool: str) -> None:
        self.tool_actions[tool].setChecked(True)
        self.statusBar().showMessage(f"Tool: {TOOL_NAMES[tool]}", 3000)

    def _set_spray(self, radius: float, density: int) -> None:
        self.tools.spray_radius_px = radius
        self.tools.spray_density = density

    def _on_session_changed(self, what: str) -> None:
        self.tools.ellipse_level = self.session.settings.ellipse_level
        if what == "scene":
            self.banner.setVisible(False)
            self.explain_panel.forget()  # the hovered item may be gone or elsewhere
        if self.controller.cursor < 0:  # no run yet: the bare scene is drawn from the session
            self._redraw(-1)

    # ----- lifetime ------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.store.value("geometry")
        state = self.store.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, ev) -> None:
        if not resolve_unsaved(self, "quitting"):  # Cancel, or a save that did not happen
            ev.ignore()
            return
        # Closed in presentation mode, the layout kept is the one presentation mode left.
        leaving = self.presenting
        if leaving:
            self._leave_presentation()
        self.store.setValue("geometry", self._saved_geometry if leaving else self.saveGeometry())
        self.store.setValue("window_state", self._saved_state if leaving else self.saveState())
        self.toggle_compare(False)
        self.theory.shutdown()
        self.controller.shutdown()
        self.loader.shutdown()
        self.autosaver.discard()
        super().closeEvent(ev)


def _changed(window, attr: str, given: tuple) -> bool:
    """Whether ``given`` (snapshots, by identity) differs from what ``attr`` holds; keeps it."""
    held = getattr(window, attr, None)
    if held is not None and all(a is b for a, b in zip(held, given, strict=True)):
        return False
    setattr(window, attr, given)
    return True
