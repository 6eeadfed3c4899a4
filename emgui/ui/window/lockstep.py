"""Compare view: the other algorithm beside this one, stepping in lockstep."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from emgui.ui.run_view import CompareView
from emgui.ui.window.constants import PRESENTATION_SCALE


class LockstepMixin:
    """Run-controller actions applied to both views, and the compare view's lifetime."""

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
