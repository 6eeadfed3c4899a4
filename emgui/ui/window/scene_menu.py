"""Scenes from menus: presets, generated points, initial weights, runs from the analysis windows."""

from __future__ import annotations

import numpy as np
from PySide6 import QtWidgets

from emgui.model.preset_classes import preset_classes
from emgui.model.preset_scene import preset_settings, replacement_summary
from emgui.model.presets import make_preset
from emgui.model.scene_data import SceneData
from emgui.ui.window.constants import APP_NAME
from emgui.ui.window.placement import place_over
from emgui.ui.window.unsaved import resolve_unsaved


class SceneMenuMixin:
    """Menu commands that replace or edit the scene, and the analysis windows that feed it."""

    def weights_dialog(self) -> None:
        from dataclasses import replace as dc_replace

        from emgui.ui.weights_dialog import WeightsDialog

        s = self.session.scene
        k = s.centers.shape[0]
        if k == 0:
            self._show_message("warning", "Place some centers first (Shift+click).")
            return
        current = s.center_weights if s.center_weights is not None else np.full(k, 1.0 / k)
        dialog = WeightsDialog(current * k, self, self.controller.colour_slots)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            from emgui.core.snapshot import frozen

            self.session.edit(
                dc_replace(s, center_weights=frozen(dialog.weights())), "Initial weights"
            )
            if self.session.settings.algorithm != "gmm":
                self._show_message("info", "Initial weights are used by the Gaussian mixture.")

    def generate_dialog(self) -> None:
        from emgui.ui.generate_dialog import GenerateDialog

        dialog = GenerateDialog(self, describe=self._describe_generate)
        if dialog.exec() == QtWidgets.QDialog.DialogCode.Accepted:
            preset, n, seed = dialog.choice()
            self.load_preset(preset, n, seed, doing="generating points")

    def _describe_generate(self, preset) -> str:
        """What generating points from ``preset`` would replace (the rule load_preset follows)."""
        s = self.session.scene
        return replacement_summary(
            preset,
            self.session.settings,
            s.points.shape[0],
            s.centers.shape[0],
            s.center_covariances is not None,
            s.center_weights is not None,
        )

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

    def load_preset(self, preset, n: int | None = None, seed: int = 0, doing: str = "") -> bool:
        """Make ``preset`` a new, untitled scene (asked first if work is unsaved); True if done."""
        if not resolve_unsaved(self, doing or f"loading the preset “{preset.name}”"):
            return False
        points, centers = make_preset(preset, n, seed)
        self.session.set_settings(preset_settings(preset, self.session.settings))
        covs = preset.initial_covariances(centers.shape[0])
        scene = SceneData.make(points, centers, covs, columns=preset.columns)
        self._take_scene(scene, f"Preset: {preset.name}", fit=True)
        # A new document, as if just opened: Ctrl+S asks for a name rather than writing the
        # preset over the file the window had open, and quitting now loses nothing.
        self.path = None
        self.setWindowTitle(f"{APP_NAME} — untitled[*]")
        self.session.undo_stack.setClean()
        known = preset_classes(preset.id) if n is None else None  # generated points: none
        if known is None:
            self.set_known_classes(None)
        else:
            self.set_known_classes(known.labels, known.names, known.column)
        return True

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
            place_over(win, self)  # over the window, not in the screen's corner
        win.show()
        win.raise_()
