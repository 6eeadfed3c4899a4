"""The main window: canvas, explanation line, timeline, settings panel, objective plot, actions."""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QSettings, Qt, QTimer

from emgui.core.data import set_threads
from emgui.io.csv_points import PointsData
from emgui.io.session_file import SessionData, save_session
from emgui.model.algorithms import ALGORITHM_NAMES
from emgui.model.explanation import describe_step, status_text
from emgui.model.presets import PRESETS, make_preset
from emgui.model.scene_data import SceneData
from emgui.model.settings import Settings
from emgui.render.scene import Scene
from emgui.runtime.autosaver import Autosaver, default_autosave_path
from emgui.runtime.file_loader import FileLoader
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session
from emgui.ui.canvas import Canvas
from emgui.ui.explain_panel import ExplainPanel
from emgui.ui.objective_plot import ObjectiveView
from emgui.ui.panels import SettingsPanel
from emgui.ui.run_view import CompareView, current_state
from emgui.ui.steady_label import SteadyLabel
from emgui.ui.tools import TOOL_NAMES, TOOLS, ToolController

APP_NAME = "emgui"
PRESENTATION_SCALE = 1.8
LAYOUT_SETTLE_MS = 400  # longest wait for the window manager to give back the normal size
MAX_RECENT = 8
# The objective plot and the Explain panel refresh at most this often (seconds) in a run.
SIDE_VIEWS_INTERVAL_S = 0.1
HINT = (
    "Click to add points   ·   Shift+click to add a center\n"
    "or choose a data set in the Presets menu, or open a CSV (Ctrl+O)"
)


class MainWindow(QtWidgets.QMainWindow):
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
        self.columns: tuple[str, str] | None = None
        self.presenting = False
        self._pending_state = None  # dock layout to apply once the window is back from full screen
        self._progress: QtWidgets.QProgressDialog | None = None
        self._fit_pending = False  # fit the view once new data has been drawn

        self.setWindowTitle(f"{APP_NAME} — untitled[*]")
        self.setAcceptDrops(True)
        self.resize(1400, 900)
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
        self.loader.cancelled.connect(self._close_progress)
        self.loader.progress.connect(self._on_load_progress)
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

        self.hint = QtWidgets.QLabel(HINT, self.canvas)
        self.hint.setWordWrap(True)
        self.canvas.installEventFilter(self)  # re-centre the hint when the canvas resizes
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hint.setStyleSheet(
            "color: #444; background: rgba(255,255,255,210); border: 1px solid #bbb;"
            "border-radius: 8px; padding: 16px; font-size: 15pt;"
        )

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
        self.settings_dock = QtWidgets.QDockWidget("Settings", self)
        self.settings_dock.setObjectName("settings_dock")
        self.settings_dock.setWidget(scroll)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.settings_dock)

        self.explain_panel = ExplainPanel(self)
        self.explain_dock = QtWidgets.QDockWidget("Explain", self)
        self.explain_dock.setObjectName("explain_dock")
        self.explain_dock.setWidget(self.explain_panel)
        self.explain_dock.visibilityChanged.connect(self.explain_panel.refresh)

        self.objective = ObjectiveView()
        self.objective_dock = QtWidgets.QDockWidget("Objective", self)
        self.objective_dock.setObjectName("objective_dock")
        self.objective_dock.setWidget(self.objective)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.objective_dock)
        # Explain beside the objective, under the plot: the plot keeps the full width.
        self.splitDockWidget(self.objective_dock, self.explain_dock, Qt.Orientation.Horizontal)
        # The plot is the point of the program: the docks start small.
        self.resizeDocks([self.objective_dock], [230], Qt.Orientation.Vertical)
        self.resizeDocks(
            [self.objective_dock, self.explain_dock], [700, 500], Qt.Orientation.Horizontal
        )
        self.resizeDocks([self.settings_dock], [310], Qt.Orientation.Horizontal)

    def _action(self, text: str, slot, shortcuts=(), tip: str = "", checkable=False):
        action = QtGui.QAction(text, self)
        if shortcuts:
            action.setShortcuts([QtGui.QKeySequence(s) for s in shortcuts])
        action.setToolTip(
            f"{tip or text} ({', '.join(str(s) for s in shortcuts)})" if shortcuts else tip or text
        )
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work in presentation mode, with menus hidden
        return action

    def _build_actions(self) -> None:
        self.act_open = self._action("&Open…", self.open_dialog, ["Ctrl+O"])
        self.act_save = self._action("&Save session", self.save, ["Ctrl+S"])
        self.act_save_as = self._action("Save session &as…", self.save_as, ["Ctrl+Shift+S"])
        self.act_export = self._action(
            "&Export view…", self.export_dialog, ["Ctrl+E"], "Export this view as PNG or SVG"
        )
        self.act_export_run = self._action(
            "Export &run…",
            lambda: self.export_dialog("run"),
            ["Ctrl+Shift+E"],
            "Export the run as numbered PNGs and/or an animated GIF, or a contact sheet",
        )
        self.act_quit = self._action("&Quit", self.close, ["Ctrl+Q"])
        stack = self.session.undo_stack
        self.act_undo = self._action("&Undo", stack.undo, ["Ctrl+Z"])
        self.act_redo = self._action("&Redo", stack.redo, ["Ctrl+Shift+Z", "Ctrl+Y"])
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.canRedoChanged.connect(self.act_redo.setEnabled)
        stack.undoTextChanged.connect(self._on_undo_text)
        stack.redoTextChanged.connect(self._on_redo_text)
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        self.act_clear_points = self._action("Clear points", self.session.clear_points)
        self.act_clear_centers = self._action("Clear centers", self.session.clear_centers)
        self.act_weights = self._action(
            "Initial &weights…",
            self.weights_dialog,
            tip="Initial mixture weights of the placed centers",
        )
        self.act_generate = self._action(
            "&Generate points…",
            self.generate_dialog,
            ["Ctrl+G"],
            "Make a large data set from a preset's shape",
        )
        self.act_back = self._action(
            "Step back", self._both("step_back"), ["Left", "PgUp"], "Previous half-step"
        )
        self.act_forward = self._action(
            "Step", self._both("step_forward"), ["Right", "PgDown"], "Next half-step (E, then M)"
        )
        self.act_play = self._action("Run", self._both("toggle_play"), ["Space"], "Run or pause")
        self.act_home = self._action("Start", self._both("go_home"), ["Home"], "The initial state")
        self.act_end = self._action(
            "To the end", self._both("go_end"), ["End"], "Run to convergence"
        )
        self.act_restart = self._action(
            "Restart run",
            self._both("restart"),
            ["Ctrl+R"],
            "Discard the run and start again from the scene",
        )
        self.act_fit = self._action("Fit view", self.fit_view, ["Ctrl+0"])
        self.act_restarts = self._action(
            "&Restarts (local optima)…",
            self.show_restarts,
            tip="Run from several seeds and compare the results",
        )
        self.act_model_selection = self._action(
            "&Model selection (BIC, AIC)…",
            self.show_model_selection,
            tip="BIC and AIC of Gaussian mixtures for k = 1 to 10",
        )
        self.act_compare = self._action(
            "&Compare k-means and Gaussian mixture",
            self.toggle_compare,
            ["Ctrl+K"],
            "Run the other algorithm beside this one, on the same points, in lockstep",
            checkable=True,
        )
        self.act_present = self._action(
            "Presentation mode", self.toggle_presentation, ["F11"], checkable=True
        )
        self.act_leave = self._action("Leave presentation", self._leave_presentation, ["Esc"])
        self.tool_actions: dict[str, QtGui.QAction] = {}
        group = QtGui.QActionGroup(self)
        for i, tool in enumerate(TOOLS, start=1):
            act = self._action(
                TOOL_NAMES[tool],
                lambda _=False, t=tool: self.tools.set_tool(t),
                [str(i)],
                checkable=True,
            )
            group.addAction(act)
            self.tool_actions[tool] = act
        self.tool_actions["points"].setChecked(True)

    def _build_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addAction(self.act_open)
        self.recent_menu = file.addMenu("Open &recent")
        self._fill_recent()
        file.addSeparator()
        file.addAction(self.act_save)
        file.addAction(self.act_save_as)
        file.addSeparator()
        file.addAction(self.act_export)
        file.addAction(self.act_export_run)
        file.addSeparator()
        file.addAction(self.act_quit)
        edit = bar.addMenu("&Edit")
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        for act in self.tool_actions.values():
            edit.addAction(act)
        edit.addSeparator()
        edit.addAction(self.act_clear_points)
        edit.addAction(self.act_clear_centers)
        edit.addAction(self.act_weights)
        edit.addSeparator()
        edit.addAction(self.act_generate)
        presets = bar.addMenu("&Presets")
        for preset in PRESETS:
            act = presets.addAction(preset.name)
            act.setToolTip(preset.description)
            act.triggered.connect(lambda _=False, p=preset: self.load_preset(p))
        presets.setToolTipsVisible(True)
        run = bar.addMenu("&Run")
        for act in (
            self.act_forward,
            self.act_back,
            self.act_play,
            self.act_home,
            self.act_end,
            self.act_restart,
        ):
            run.addAction(act)
        analysis = bar.addMenu("&Analysis")
        analysis.addAction(self.act_restarts)
        analysis.addAction(self.act_model_selection)
        view = bar.addMenu("&View")
        view.addAction(self.act_fit)
        view.addAction(self.act_compare)
        view.addAction(self.act_present)
        view.addSeparator()
        view.addAction(self.settings_dock.toggleViewAction())
        view.addAction(self.objective_dock.toggleViewAction())
        view.addAction(self.explain_dock.toggleViewAction())

        tb = self.addToolBar("Main")
        tb.setObjectName("main_toolbar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addAction(self.act_open)
        tb.addAction(self.act_save)
        tb.addAction(self.act_export)
        tb.addSeparator()
        tb.addAction(self.act_undo)
        tb.addAction(self.act_redo)
        tb.addSeparator()
        for act in self.tool_actions.values():
            tb.addAction(act)
        tb.addSeparator()
        for act in (self.act_home, self.act_back, self.act_play, self.act_forward, self.act_end):
            tb.addAction(act)
        self.toolbar = tb

    # ----- drawing ---------------------------------------------------------------
    def _redraw(self, index: int) -> None:
        """Draw the controller's current snapshot, or the bare scene before any run."""
        st = self.session.settings
        state, snapshots, snap, previous = current_state(self.controller, st, self.columns)
        self.explain.setText(describe_step(snap, previous) if snap else self._idle_text())
        self.scene.render(state, st)
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

    def _flush_side_views(self) -> None:
        self._side_refreshed = time.monotonic()
        self.objective.flush()
        self.explain_panel.flush()

    def _algorithm_name(self) -> str:
        return ALGORITHM_NAMES[self.session.settings.algorithm]

    def _idle_text(self) -> str:
        ok, why = self.controller.can_run()
        if not ok:
            return why
        return "Press → (or PageDown) for the first step, Space to run, End to run to the end."

    def _place_hint(self) -> None:
        r = self.canvas.rect()
        self.hint.setMaximumWidth(max(200, r.width() - 40))  # wraps on a narrow canvas
        self.hint.adjustSize()
        self.hint.move((r.width() - self.hint.width()) // 2, (r.height() - self.hint.height()) // 2)

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
        if self.compare is not None:
            self.main_title.setText(text if snap else self._algorithm_name())
        if c.status == "error":
            text += "  ·  stopped by an error"
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

    def _both(self, action: str):
        """An action of the run controller, applied in lockstep to the compare view's too."""

        def run(*args) -> None:
            args = args if action == "scrub" else ()  # QAction.triggered passes "checked"
            getattr(self.controller, action)(*args)
            if self.compare is not None:
                getattr(self.compare.controller, action)(*args)

        return run

    def toggle_compare(self, on: bool) -> None:
        """Show k-means and the Gaussian mixture side by side, stepping together."""
        if on and self.compare is None:
            self.compare = CompareView(self.session, self.canvas)
            self.compare.columns = self.columns
            self.compare.set_scale(PRESENTATION_SCALE if self.presenting else 1.0)
            self.splitter.addWidget(self.compare)
            half = max(200, self.splitter.width() // 2)
            self.splitter.setSizes([half, half])
            QTimer.singleShot(0, self.fit_view)  # the main view is narrower now
            self.compare.controller.restart()
            # Catch up with the main run: the same half-step shown on both sides.
            if self.controller.cursor > 0:
                self.compare.controller.go_to(self.controller.cursor)
        elif not on and self.compare is not None:
            self.compare.shutdown()
            self.compare.setParent(None)
            self.compare.deleteLater()
            self.compare = None
        self.act_compare.setChecked(self.compare is not None)
        self.main_title.setVisible(self.compare is not None)
        self._update_controls()

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
        if self.controller.cursor < 0:  # no run yet: the bare scene is drawn from the session
            self._redraw(-1)

    # ----- files -------------------------------------------------------------------
    def open_dialog(self) -> None:
        folder = str(self.store.value("last_folder", str(Path.home())))
        path, _ = QtWidgets.QFileDialog.getOpenFileName(
            self,
            "Open points or session",
            folder,
            "Points or sessions (*.csv *.txt *.tsv *.json);;All files (*)",
        )
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> None:
        """Open a points CSV or a session JSON; nothing changes unless it loads completely."""
        if not self.loader.load(path):
            self._show_message("warning", "A file is still loading; wait for it or cancel it.")
            return
        self._progress = QtWidgets.QProgressDialog(
            f"Reading {Path(path).name}…", "Cancel", 0, 1000, self
        )
        self._progress.setWindowTitle(APP_NAME)
        self._progress.setMinimumDuration(400)
        self._progress.setWindowModality(Qt.WindowModality.WindowModal)
        self._progress.canceled.connect(self.loader.cancel)

    def _on_load_progress(self, value: int) -> None:
        if self._progress is not None:
            self._progress.setValue(value)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.canceled.disconnect()
            # reset() stops the dialog's delayed-show timer; close() alone leaves it running,
            # and it then showed a modal "Reading…" dialog after the load had finished.
            self._progress.reset()
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None

    def _on_load_failed(self, text: str) -> None:
        self._close_progress()
        QtWidgets.QMessageBox.warning(
            self, APP_NAME, f"Could not open the file.\n\n{text}\n\nNothing was changed."
        )

    def offer_restore(self, ask=None) -> bool:
        """After an abnormal exit, offer the autosaved scene; True if it was restored."""
        data = self.autosaver.recoverable()
        if data is None:
            return False
        if ask is None:

            def ask() -> bool:
                answer = QtWidgets.QMessageBox.question(
                    self,
                    APP_NAME,
                    "emgui did not close normally last time.\n\nRestore the scene you were "
                    f"working on ({data.points.shape[0]} points, {data.centers.shape[0]} "
                    "centers)?",
                )
                return answer == QtWidgets.QMessageBox.StandardButton.Yes

        if not ask():
            return False
        self._apply_session_data(data, "Restore autosaved scene")
        return True

    def _apply_session_data(self, result: SessionData, text: str) -> None:
        scene = SceneData.make(
            result.points,
            result.centers,
            result.center_covariances,
            result.center_weights,
            result.columns,
        )
        self.session.set_settings(result.settings)
        self.columns = result.columns
        self._fit_pending = result.view_range is None
        self.session.replace_all(scene, text)
        if result.view_range is not None:
            (x0, x1), (y0, y1) = result.view_range
            self.canvas.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
        for w in result.warnings:
            self._show_message("warning", w)

    def _on_loaded(self, path: str, result) -> None:
        self._close_progress()
        self.store.setValue("last_folder", str(Path(path).parent))
        self._add_recent(path)
        if isinstance(result, SessionData):
            self._apply_session_data(result, f"Open {Path(path).name}")
            self.path = path
            self.session.undo_stack.setClean()
            self.setWindowTitle(f"{APP_NAME} — {Path(path).name}[*]")
        elif isinstance(result, PointsData):
            self.columns = result.columns
            # Points replace the scene's points; centers are kept if there are any.
            scene = SceneData.make(result.xy, self.session.centers, None, None, result.columns)
            self._fit_pending = True
            self.session.replace_all(scene, f"Open {Path(path).name}")
            self.statusBar().showMessage(f"Read {result.xy.shape[0]} points from {path}", 6000)
            for w in result.warnings:
                self._show_message("warning", w)

    def save(self) -> bool:
        if self.path is None or not self.path.lower().endswith(".json"):
            return self.save_as()
        return self._save_to(self.path)

    def save_as(self) -> bool:
        folder = str(self.store.value("last_folder", str(Path.home())))
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, "Save session", str(Path(folder) / "session.json"), "emgui sessions (*.json)"
        )
        if not path:
            return False
        if not path.lower().endswith(".json"):
            path += ".json"
        return self._save_to(path)

    def session_data(self) -> SessionData:
        s = self.session.scene
        (x0, x1), (y0, y1) = self.canvas.view_box.viewRange()
        return SessionData(
            points=s.points,
            centers=s.centers,
            settings=self.session.settings,
            center_covariances=s.center_covariances,
            center_weights=s.center_weights,
            columns=s.columns or self.columns,
            view_range=((x0, x1), (y0, y1)),
        )

    def _save_to(self, path: str) -> bool:
        # A session is JSON text: about 3 s for a million points. It is written in a thread
        # while a local event loop keeps the window painting and a run going; input waits
        # (the file must hold what the window showed when Save was chosen).
        data, index = self.session_data(), self.session.undo_stack.index()
        big = self.session.points.shape[0] > 100_000
        if big:
            self.statusBar().showMessage(f"Saving {path}…")
            QtWidgets.QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            error = _run_keeping_window_live(lambda: save_session(path, data))
        finally:
            if big:
                QtWidgets.QApplication.restoreOverrideCursor()
        if error is not None:
            QtWidgets.QMessageBox.warning(
                self,
                APP_NAME,
                f"Could not save {path}:\n\n{error}\n\nThe previous file, if any, is unchanged.",
            )
            return False
        self.path = path
        if self.session.undo_stack.index() == index:  # not if a queued load changed the scene
            self.session.undo_stack.setClean()
        self.setWindowTitle(f"{APP_NAME} — {Path(path).name}[*]")
        self.store.setValue("last_folder", str(Path(path).parent))
        self._add_recent(path)
        self.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def _recent(self) -> list[str]:
        value = self.store.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path] + [p for p in self._recent() if p != path]
        self.store.setValue("recent_files", files[:MAX_RECENT])
        self._fill_recent()

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self._recent()
        for p in files:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _=False, path=p: self.open_path(path))
        self.recent_menu.setEnabled(bool(files))

    # ----- export ------------------------------------------------------------------
    def export_dialog(self, kind: str = "view") -> None:
        from emgui.ui.export_dialog import ExportDialog

        has_run = len(self.controller.history) > 0
        dialog = ExportDialog(self.session.settings, kind, has_run, self)
        if dialog.exec() != QtWidgets.QDialog.DialogCode.Accepted:
            return
        request = dialog.request()
        try:
            if request.kind == "view":
                self._export_view(request)
            elif request.kind == "run":
                self._export_run(request)
            else:
                self._export_sheet(request)
        except (OSError, ValueError) as exc:
            QtWidgets.QMessageBox.warning(self, APP_NAME, f"Export failed:\n\n{exc}")

    def _ask_path(self, title: str, default: str, filters: str) -> str | None:
        folder = str(self.store.value("export_folder", str(Path.home())))
        path, _ = QtWidgets.QFileDialog.getSaveFileName(
            self, title, str(Path(folder) / default), filters
        )
        if path:
            self.store.setValue("export_folder", str(Path(path).parent))
        return path or None

    def export_view_to(self, path: str, options) -> str:
        """Write what the window shows (snapshot, view range) to PNG or SVG; return the path."""
        from dataclasses import replace

        from emgui.model.view_state import caption
        from emgui.render.exporter import Exporter, side_by_side

        if path.lower().endswith(".svg") and self.compare is not None:
            path = path[:-4] + ".png"  # the side-by-side picture is an image

        state = self.scene.state
        if state is None:
            raise ValueError("there is nothing to export yet")
        views = [(state, options)]
        if self.compare is not None and self.compare.scene.state is not None:
            # Compare mode: both sides, side by side, each with its own caption.
            views.append(
                (self.compare.scene.state, replace(options, settings=self.compare.settings()))
            )
        (x0, x1), (y0, y1) = self.canvas.view_box.viewRange()
        images = []
        for view_state, view_options in views:
            exporter = Exporter(view_options)
            try:
                exporter.set_range((x0, x1), (y0, y1), padding=0)
                text = caption(view_state.snapshot)
                if path.lower().endswith(".svg") and len(views) == 1:
                    exporter.render_svg(view_state, path, text)
                    return path
                images.append(exporter.render(view_state, text))
            finally:
                exporter.close()
        image = images[0] if len(images) == 1 else side_by_side(images)
        if not image.save(path, "PNG"):
            raise OSError(f"could not write {path}")
        return path

    def _export_view(self, request) -> None:
        path = self._ask_path("Export view", "emgui.png", "PNG image (*.png);;SVG drawing (*.svg)")
        if path:
            if not path.lower().endswith((".png", ".svg")):
                path += ".png"
            written = self.export_view_to(path, request.options)
            self.statusBar().showMessage(f"Exported {written}", 6000)

    def _export_run(self, request) -> None:
        from emgui.render.exporter import export_run_files

        frames_dir = gif_path = None
        if request.png_series:
            folder = str(self.store.value("export_folder", str(Path.home())))
            frames_dir = QtWidgets.QFileDialog.getExistingDirectory(
                self, "Folder for the PNG files", folder
            )
            if not frames_dir:
                return
            self.store.setValue("export_folder", frames_dir)
        if request.gif:
            gif_path = self._ask_path("Animated GIF", "emgui-run.gif", "GIF animation (*.gif)")
            if not gif_path:
                return
        snapshots = list(self.controller.history.snapshots)  # the run may go on meanwhile
        progress = QtWidgets.QProgressDialog(
            "Exporting the run…", "Cancel", 0, len(snapshots), self
        )
        progress.setWindowTitle(APP_NAME)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)

        def report(done: int, total: int) -> None:
            progress.setMaximum(total)
            progress.setValue(done)
            QtWidgets.QApplication.processEvents()

        written = export_run_files(
            self.controller.points,
            snapshots,
            frames_dir,
            gif_path,
            options=request.options,
            whole_iterations=request.whole_iterations,
            frame_ms=request.frame_ms,
            columns=self.columns,
            progress=report,
            should_cancel=progress.wasCanceled,
        )
        cancelled = progress.wasCanceled()
        progress.close()
        where = " and ".join(p for p in (frames_dir, gif_path) if p)
        self.statusBar().showMessage(
            f"Export cancelled after {written} frames"
            if cancelled
            else f"Exported {written} frames to {where}",
            8000,
        )

    def _export_sheet(self, request) -> None:
        from emgui.render.exporter import contact_sheet, indices_for_iterations

        snapshots = list(self.controller.history.snapshots)  # the run may go on meanwhile
        indices = indices_for_iterations(snapshots, request.sheet_iterations)
        path = self._ask_path("Contact sheet", "emgui-sheet.png", "PNG image (*.png)")
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        sheet = contact_sheet(
            self.controller.points,
            snapshots,
            indices,
            request.options,
            request.sheet_columns or None,
            self.columns,
        )
        if not sheet.save(path, "PNG"):
            raise OSError(f"could not write {path}")
        self.statusBar().showMessage(f"Exported {path}", 6000)

    def weights_dialog(self) -> None:
        from dataclasses import replace as dc_replace

        from emgui.ui.weights_dialog import WeightsDialog

        s = self.session.scene
        k = s.centers.shape[0]
        if k == 0:
            self._show_message("warning", "Place some centers first (Shift+click).")
            return
        current = s.center_weights if s.center_weights is not None else np.full(k, 1.0 / k)
        dialog = WeightsDialog(current * k, self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            from emgui.core.snapshot import frozen

            self.session.edit(
                dc_replace(s, center_weights=frozen(dialog.weights())), "Initial weights"
            )
            if self.session.settings.algorithm != "gmm":
                self._show_message("info", "Initial weights are used by the Gaussian mixture.")

    def generate_dialog(self) -> None:
        from emgui.ui.generate_dialog import GenerateDialog

        dialog = GenerateDialog(self)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            preset, n, seed = dialog.choice()
            self.load_preset(preset, n, seed)

    # ----- analysis ------------------------------------------------------------------
    def show_restarts(self) -> None:
        from emgui.ui.analysis import RestartsWindow

        self._show_analysis("_restarts_window", RestartsWindow)

    def show_model_selection(self) -> None:
        from emgui.ui.analysis import ModelSelectionWindow

        self._show_analysis("_selection_window", ModelSelectionWindow)

    def _show_analysis(self, attr: str, cls) -> None:
        win = getattr(self, attr, None)
        if win is None:
            win = cls(self)
            win.load_requested.connect(self.load_run)
            setattr(self, attr, win)
        win.show()
        win.raise_()

    def load_run(self, run, algorithm: str) -> None:
        """Make a run from an analysis window the current one: its start, then run to the end."""
        changes = {"algorithm": algorithm, "init": "centers"}
        if algorithm == "gmm":  # restarts of soft k-means keep their beta setting
            changes["covariance_type"] = run.final.covariance_type
        self.session.update_settings(**changes)
        from dataclasses import replace as dc_replace

        scene = dc_replace(
            self.session.scene,
            centers=SceneData.make(np.zeros((0, 2)), run.centers).centers,
            center_covariances=None,
            center_weights=None,
        )
        self.session.replace_all(scene, "Load run")
        self.controller.end_after_restart = True  # the edit restarts the run; then run it all

    def load_preset(self, preset, n: int | None = None, seed: int = 0) -> None:
        points, centers = make_preset(preset, n, seed)
        settings = {**Settings().to_dict(), **self._kept_view_settings(), **preset.settings}
        settings["init"] = "centers"
        self.session.set_settings(Settings(**settings))
        self.columns = preset.columns
        self._fit_pending = True
        covs = preset.initial_covariances(centers.shape[0])
        scene = SceneData.make(points, centers, covs, columns=preset.columns)
        self.session.replace_all(scene, f"Preset: {preset.name}")

    def _kept_view_settings(self) -> dict:
        st = self.session.settings
        keep = (
            "pace_ms",
            "ellipse_level",
            "soft_colors",
            "show_trails",
            "show_voronoi",
            "show_changed",
            "algorithm",
            "covariance_type",
        )
        return {k: getattr(st, k) for k in keep}

    # drag and drop
    def dragEnterEvent(self, ev) -> None:
        if ev.mimeData().hasUrls():
            ev.acceptProposedAction()

    def dropEvent(self, ev) -> None:
        urls = [u for u in ev.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_path(urls[0].toLocalFile())
            ev.acceptProposedAction()

    # ----- presentation ------------------------------------------------------------
    def toggle_presentation(self) -> None:
        if self.presenting:
            self._leave_presentation()
        else:
            self._enter_presentation()

    def _enter_presentation(self) -> None:
        self.presenting = True
        self._saved_state = self.saveState()
        self._saved_geometry = self.saveGeometry()
        self._saved_view = self.canvas.view_box.viewRange()
        self._saved_axes = self.scene.axis_text_space()
        self.menuBar().setVisible(False)
        self.toolbar.setVisible(False)
        self.settings_dock.setVisible(False)
        self.explain_dock.setVisible(False)
        self.timeline_row.setVisible(False)
        self.statusBar().setVisible(False)
        self.objective_dock.setVisible(True)
        self._apply_font_scale(PRESENTATION_SCALE)
        self.act_present.setChecked(True)
        self.showFullScreen()
        # The data fill the screen, as a lecture needs (they filled a fifth of it), once
        # the window has its full-screen size.
        QTimer.singleShot(LAYOUT_SETTLE_MS, self._fit_if_presenting)

    def _fit_if_presenting(self) -> None:
        if self.presenting:
            self.fit_view()

    def _leave_presentation(self) -> None:
        if not self.presenting:
            return
        self.presenting = False
        self._apply_font_scale(1.0)
        self.menuBar().setVisible(True)
        self.toolbar.setVisible(True)
        self.timeline_row.setVisible(True)
        self.statusBar().setVisible(True)
        self.act_present.setChecked(False)
        self.showNormal()
        # The docks' sizes are restored once the window has its normal size again: restored
        # while still full screen, they were scaled down with the window (the objective dock
        # shrank at every F11 / Esc). The window manager resizes asynchronously, so the state
        # is applied at the first resize to the saved size, or after a short wait at the latest.
        self.restoreGeometry(self._saved_geometry)
        self._pending_state = self._saved_state
        QTimer.singleShot(LAYOUT_SETTLE_MS, self._restore_state_once)

    def _restore_state_once(self) -> None:
        state, self._pending_state = self._pending_state, None
        if state is not None:
            self.restoreState(state)
            self.scene.set_axis_text_space(self._saved_axes)
            (x0, x1), (y0, y1) = self._saved_view  # the view as it was, not as it drifted
            self.canvas.view_box.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            # Texts set while the window passed through other widths made the explanation
            # line reserve more room; measured again at the final width, as on entering.
            self.explain.start_over()

    def _apply_font_scale(self, scale: float) -> None:
        self.explain.setStyleSheet(f"font-size: {14 * scale:.0f}pt; color: #111; padding: 2px;")
        self.explain.start_over()  # the room reserved for the large type is given back
        self.main_title.setStyleSheet(f"font-size: {13 * scale:.0f}pt; font-weight: bold;")
        self.status_label.setStyleSheet(f"font-size: {10 * scale:.0f}pt;")
        if hasattr(self, "explain_panel"):
            self.explain_panel.set_scale(scale)
        if getattr(self, "compare", None) is not None:
            self.compare.set_scale(scale)
        if hasattr(self, "objective"):
            self.objective.set_scale(scale)
            self.objective_dock.setMinimumHeight(int(170 * scale))
        self.scene.apply_scale(scale)

    # ----- lifetime ------------------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.store.value("geometry")
        state = self.store.value("window_state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)

    def closeEvent(self, ev) -> None:
        if self.presenting:
            self._leave_presentation()
        self.store.setValue("geometry", self.saveGeometry())
        self.store.setValue("window_state", self.saveState())
        self.toggle_compare(False)
        self.controller.shutdown()
        self.loader.shutdown()
        self.autosaver.discard()
        super().closeEvent(ev)


def _run_keeping_window_live(work) -> Exception | None:
    """Run ``work()`` in a thread; return its OSError or ValueError, or None.

    Meanwhile a local event loop runs paints, timers and the EM worker's frames, but
    no user input.
    """
    import sys
    import threading

    outcome: list[Exception | None] = []
    loop = QtCore.QEventLoop()

    def target() -> None:
        try:
            work()
            outcome.append(None)
        except (OSError, ValueError) as exc:
            outcome.append(exc)
        except Exception as exc:  # a bug: reported like a failed save, the window stays
            outcome.append(OSError(f"internal error: {exc!r}"))
        finally:
            QTimer.singleShot(0, loop, loop.quit)  # to the GUI thread's loop

    # The work is Python code, which keeps the GIL until the interpreter makes it switch
    # (every 5 ms by default); painting makes many short numpy calls, each of which must
    # take the GIL back. A shorter switch interval keeps those waits short meanwhile.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        thread = threading.Thread(target=target, name="emgui-save")
        thread.start()
        if thread.is_alive():
            loop.exec(QtCore.QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
        thread.join()
    finally:
        sys.setswitchinterval(interval)
    return outcome[0] if outcome else None
