"""The window's actions (keys, tooltips), its menus and its toolbar."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import Qt

from emgui.model.presets import PRESETS
from emgui.ui.help_dialog import TOOL_TIPS, show_help
from emgui.ui.tools import TOOL_NAMES, TOOLS


class ActionsMixin:
    """Builds the QActions, menus and toolbar of the main window."""

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
        self.act_export_theory = self._action(
            "Export 'Why EM works'…",
            self.export_theory,
            tip="The bound and the gap of the shown iteration as PNG, SVG or PDF",
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
        self.act_stale = self._action(
            "Colour points by their &gap (where q is stale)",
            self.set_stale_colouring,
            (),
            "At an M state, each point's share of the gap KL(q ‖ p): the points the next "
            "E-step will change most (darker: larger)",
            checkable=True,
        )
        self.act_class_shapes = self._action(
            "Known classes by &shape",
            lambda on: self.session.update_settings(point_shapes="classes" if on else "none"),
            (),
            "Each point's known class (a file's class column) by its marker shape, while the "
            "colour shows the cluster: clusters are not classes",
            checkable=True,
        )
        # The action follows the setting wherever it is changed (the panel, a loaded session).
        self.session.changed.connect(
            lambda _: self.act_class_shapes.setChecked(
                self.session.settings.point_shapes == "classes"
            )
        )
        self.act_class_shapes.setChecked(self.session.settings.point_shapes == "classes")
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
                TOOL_TIPS[tool],
                checkable=True,
            )
            group.addAction(act)
            self.tool_actions[tool] = act
        self.tool_actions["points"].setChecked(True)
        self.act_shortcuts = self._action(
            "&Keyboard shortcuts", lambda: show_help(self, "shortcuts"), ["F1"]
        )
        self.act_first_minute = self._action(
            "&First minute", lambda: show_help(self, "first minute")
        )
        self.act_about = self._action("&About emgui", lambda: show_help(self, "about"))

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
        file.addAction(self.act_export_theory)
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
        view.addAction(self.theory_dock.toggleViewAction())
        view.addAction(self.agreement_dock.toggleViewAction())
        view.addAction(self.act_stale)
        view.addAction(self.act_class_shapes)
        help_menu = bar.addMenu("&Help")
        for act in (self.act_shortcuts, self.act_first_minute, self.act_about):
            help_menu.addAction(act)

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
