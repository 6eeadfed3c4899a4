"""Presentation mode (F11): full screen, large type; Esc gives back exactly the layout it left."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from emgui.ui.window.constants import LAYOUT_SETTLE_MS, PRESENTATION_SCALE
from emgui.ui.window.dock_titles import scale_dock_titles

BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
OBJECTIVE_SHARE = 0.28  # of the screen's height, for the objective dock (at least its minimum)
FULL_HD = 1080  # the screen height (logical pixels) PRESENTATION_SCALE is made for


def presentation_scale(screen_height: int) -> float:
    """PRESENTATION_SCALE on a screen 1080 logical pixels high, less on a lower one, at least 1.

    A display scale of 2 on a 1920 x 1080 projector has doubled the type already (540 logical
    pixels high): 1.8 times more left the plot 20 px high under the objective dock.
    """
    return max(1.0, min(PRESENTATION_SCALE, PRESENTATION_SCALE * screen_height / FULL_HD))


class PresentationMixin:
    """Entering and leaving presentation mode, and the type scale of the window."""

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
        # The plot and its objective, and what the lecturer had open to show: the bound and
        # the gap (PRML 9.11, 9.14) or classes vs clusters stay if they were on screen.
        # (a tab behind another is "visible" to Qt: what counts is whether it is on screen)
        shown = [
            d
            for d in (self.theory_dock, self.agreement_dock)
            if d.isVisible() and not d.visibleRegion().isEmpty()
        ]
        for dock in (self.settings_dock, self.explain_dock, self.theory_dock, self.agreement_dock):
            dock.setVisible(False)
        for dock in shown:
            dock.setVisible(True)
        if self.objective_dock.isFloating() or self.dockWidgetArea(self.objective_dock) != BOTTOM:
            # Under the plot, wherever it was (a small window has it beside the settings)
            self.addDockWidget(BOTTOM, self.objective_dock)
        self.timeline_row.setVisible(False)
        self.statusBar().setVisible(False)
        self.objective_dock.setVisible(True)
        screen = self.screen()
        self._apply_font_scale(presentation_scale(screen.geometry().height() if screen else 1080))
        self.act_present.setChecked(True)
        self.showFullScreen()
        # The data fill the screen, as a lecture needs (they filled a fifth of it), once
        # the window has its full-screen size.
        QTimer.singleShot(LAYOUT_SETTLE_MS, self._fit_if_presenting)

    def _fit_if_presenting(self) -> None:
        if self.presenting:
            # The objective under the plot at a share of the screen, not at the height it
            # had in the window (beside the settings on a small window: half the screen).
            share = round(OBJECTIVE_SHARE * self.height())
            self.resizeDocks([self.objective_dock], [share], Qt.Orientation.Vertical)
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
            self.scene.show_range(*self._saved_view)  # the view as it was, not as it drifted
            # The axes' label room as it was, not measured anew: exactly the layout it left.
            self.scene.set_axis_text_space(self._saved_axes)
            # Texts set while the window passed through other widths made the explanation
            # line reserve more room; measured again at the final width, as on entering.
            self.explain.start_over()

    def _apply_font_scale(self, scale: float) -> None:
        self.counter.setStyleSheet(
            f"font-size: {16 * scale:.0f}pt; font-weight: bold; color: #111;"
            "background: rgba(255, 255, 255, 215); border: 1px solid #999;"
            "border-radius: 6px; padding: 4px 10px;"
        )
        self.counter.setVisible(self.presenting and bool(self.counter.text()))
        self.explain.setStyleSheet(f"font-size: {14 * scale:.0f}pt; color: #111; padding: 2px;")
        self.explain.start_over()  # the room reserved for the large type is given back
        self.main_title.setStyleSheet(f"font-size: {13 * scale:.0f}pt; font-weight: bold;")
        self.status_label.setStyleSheet(f"font-size: {10 * scale:.0f}pt;")
        if hasattr(self, "explain_panel"):
            self.explain_panel.set_scale(scale)
        if getattr(self, "compare", None) is not None:
            self.compare.set_scale(scale)
        if hasattr(self, "theory"):
            self.theory.set_scale(scale)
        if hasattr(self, "objective"):
            self.objective.set_scale(scale)
            self.objective_dock.setMinimumHeight(int(170 * scale))
            docks = (self.objective_dock, self.settings_dock, self.explain_dock, self.theory_dock)
            scale_dock_titles((*docks, self.agreement_dock), scale)
        self.scene.apply_scale(scale)
