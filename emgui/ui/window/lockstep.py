"""Compare view: the other algorithm beside this one, stepping in lockstep."""

from __future__ import annotations

from PySide6.QtCore import QTimer

from emgui.ui.fitted_label import FittedLabel
from emgui.ui.run_view import CompareView


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
        """Show k-means and the Gaussian mixture side by side, stepping together.

        Each side has a one-line title, its plot and its own explanation line under it, of
        the same heights, so the two plots are the same size and show one range.
        """
        if on and self.compare is None:
            self._fit_main_title()
            self.compare = CompareView(self.session, self.canvas)
            self.compare.columns = self.columns
            self.compare.set_scale(self.scene.scale)  # the main side's, presenting or not
            self.main_title.set_partner(self.compare.title)  # one type size for both titles
            self.canvas.parentWidget().layout().addWidget(self.compare.main_line)
            self.explain.setVisible(False)  # its text is on the main side's own line now
            self.controller.display.connect(self._mirror_explanation)
            self.controller.message.connect(self._mirror_explanation)
            self.session.changed.connect(self._mirror_explanation)  # edits before a run
            self._mirror_explanation()
            self.splitter.addWidget(self.compare)
            half = max(200, self.splitter.width() // 2)
            self.splitter.setSizes([half, half])
            QTimer.singleShot(0, self.fit_view)  # the main view is narrower now
            self.compare.controller.restart()
            # Catch up with the main run: the same half-step shown on both sides.
            if self.controller.cursor > 0:
                self.compare.controller.go_to(self.controller.cursor)
        elif not on and self.compare is not None:
            self.controller.display.disconnect(self._mirror_explanation)
            self.controller.message.disconnect(self._mirror_explanation)
            self.session.changed.disconnect(self._mirror_explanation)
            self.main_title.set_partner(None)
            self.explain.setVisible(True)
            self.compare.shutdown()
            self.compare.setParent(None)
            self.compare.deleteLater()
            self.compare = None
        self.act_compare.setChecked(self.compare is not None)
        self.main_title.setVisible(self.compare is not None)
        self._update_controls()

    def _fit_main_title(self) -> None:
        """The main side's title as one line that fits, like the compare side's."""
        old = self.main_title
        if isinstance(old, FittedLabel):
            return
        fitted = FittedLabel(old.text())
        fitted.setStyleSheet(old.styleSheet())
        old.parentWidget().layout().replaceWidget(old, fitted)
        old.setParent(None)
        old.deleteLater()
        self.main_title = fitted

    def _mirror_explanation(self, *_) -> None:
        # After the window's own handlers (connected first) have set the explanation.
        if self.compare is not None:
            self.compare.main_line.setText(self.explain.text())
