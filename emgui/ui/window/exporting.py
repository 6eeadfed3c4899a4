"""Exports from the window: the view, the run as frames or a GIF, a contact sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import Qt

from emgui.ui.quit_key import add_quit_key
from emgui.ui.window.constants import APP_NAME

FIGURE_FILTERS = "PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"


def _with_extension(path: str) -> str:
    """A name the user typed without an extension becomes a PNG; any other is kept as typed
    (the exporter refuses what it cannot write, naming the file)."""
    return path if Path(path).suffix else path + ".png"


class ExportingMixin:
    """The File > Export commands of the main window."""

    _quit_asked = False  # Ctrl+Q pressed in a progress dialog: close once the work stops

    def export_dialog(self, kind: str = "view") -> None:
        from emgui.ui.export_dialog import ExportDialog

        has_run = len(self.controller.history) > 0
        dialog = ExportDialog(self.session.settings, kind, has_run, self, store=self.store)
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

    def _ask_folder(self, title: str) -> str | None:
        """A folder to export into, starting at (and remembered as) the export folder."""
        folder = str(self.store.value("export_folder", str(Path.home())))
        path = QtWidgets.QFileDialog.getExistingDirectory(self, title, folder)
        if path:
            self.store.setValue("export_folder", path)
        return path or None

    def export_view_to(self, path: str, options) -> str:
        """Write what the window shows (both sides in compare mode) as PNG, SVG or PDF."""
        from dataclasses import replace

        from emgui.model.view_state import caption
        from emgui.render.exporter import export_view

        self.animator.finish()  # the step's own state, not an in-between of its animation
        state = self.scene.state
        if state is None:
            raise ValueError("there is nothing to export yet")
        views = [(state, options, caption(state.snapshot))]
        other = None if self.compare is None else self.compare.scene.state
        if other is not None:  # compare mode: both sides, side by side, in the chosen format
            views.append(
                (other, replace(options, settings=self.compare.settings()), caption(other.snapshot))
            )
        path, note = export_view(path, views, self.canvas.view_box.viewRange())
        if note:
            self._show_message("info", note)
        return path

    def _drawn_as_the_window(self, options):
        """``options`` drawing the run as the window does: the components in this run's
        colours, the known classes at hand for shapes by class."""
        from dataclasses import replace

        slots = self.controller.colour_slots
        return replace(
            options,
            colour_slots=None if slots is None else tuple(map(int, slots)),
            known_classes=self.session.known_classes,
        )

    def _export_view(self, request) -> None:
        path = self._ask_path("Export view", "emgui.png", FIGURE_FILTERS)
        if path:
            written = self.export_view_to(_with_extension(path), request.options)
            self.statusBar().showMessage(f"Exported {written}", 6000)

    def _export_run(self, request) -> None:
        from emgui.render.exporter import export_run_files

        frames_dir = gif_path = mp4_path = None
        if request.png_series and not (frames_dir := self._ask_folder("Folder for the PNG files")):
            return
        if request.gif and not (
            gif_path := self._ask_path("Animated GIF", "emgui-run.gif", "GIF animation (*.gif)")
        ):
            return
        if request.mp4 and not (
            mp4_path := self._ask_path("MP4 video", "emgui-run.mp4", "MP4 video (*.mp4)")
        ):
            return
        if not self._complete_run():
            return
        snapshots = list(self.controller.history.snapshots)
        options = self._drawn_as_the_window(request.options)
        points = self.controller.points
        common = {
            "whole_iterations": request.whole_iterations,
            "frame_ms": request.frame_ms,
            "columns": self.columns,
            "tween_frames": request.tween_frames,
        }
        if mp4_path and not (frames_dir or gif_path):
            from emgui.render.exporter import write_mp4  # the video alone, at even sides

            written, cancelled = self._with_progress(
                "Writing the video…",
                lambda **report: write_mp4(
                    mp4_path, points, snapshots, options, **common, **report
                ),
            )
        else:  # every file from one drawing of each frame
            written, cancelled = self._with_progress(
                "Exporting the run…",
                lambda **report: export_run_files(
                    points,
                    snapshots,
                    frames_dir,
                    gif_path,
                    options=options,
                    mp4_path=mp4_path,
                    **common,
                    **report,
                ),
            )
        where = " and ".join(p for p in (frames_dir, gif_path, mp4_path) if p)
        self.statusBar().showMessage(
            f"Export cancelled after {written} frames"
            if cancelled
            else f"Exported {written} frames to {where}",
            8000,
        )

    def export_theory(self) -> None:
        """The 'Why EM works' views of the shown iteration as PNG, SVG or PDF."""
        path = self._ask_path("Export 'Why EM works'", "emgui-bound.pdf", FIGURE_FILTERS)
        if not path:
            return
        path = _with_extension(path)
        try:
            self.theory.save_image(path)
        except (OSError, ValueError) as exc:
            QtWidgets.QMessageBox.warning(self, APP_NAME, f"Export failed:\n\n{exc}")
            return
        self.statusBar().showMessage(f"Exported {path}", 6000)

    def _with_progress(self, text: str, write):
        """``write(progress=..., should_cancel=...)`` under a progress dialog with Cancel:
        (what it returned, whether it was cancelled)."""
        progress = self._progress(text)
        try:
            result = write(progress=_reporter(progress), should_cancel=progress.wasCanceled)
        finally:
            cancelled = progress.wasCanceled()
            self._dismiss_progress(progress)
        return result, cancelled

    def _progress(self, text: str) -> QtWidgets.QProgressDialog:
        """A window-modal progress dialog shown once the work has taken 0.3 s (busy until
        the work reports its total)."""
        progress = QtWidgets.QProgressDialog(text, "Cancel", 0, 0, self)
        progress.setWindowTitle(APP_NAME)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        # The dialog holds the window's input: Ctrl+Q still quits, as everywhere else. The
        # work is cancelled; the window closes once it has stopped (_dismiss_progress).
        add_quit_key(progress, lambda: self._quit_after_progress(progress))
        return progress

    def _quit_after_progress(self, progress: QtWidgets.QProgressDialog) -> None:
        self._quit_asked = True
        progress.cancel()

    def _dismiss_progress(self, progress: QtWidgets.QProgressDialog) -> None:
        """Take the progress dialog down; close the window if Ctrl+Q was pressed in it."""
        progress.reset()  # stops its delayed show
        progress.deleteLater()
        if self._quit_asked:
            self._quit_asked = False
            QtCore.QTimer.singleShot(0, self.close)  # after the work has returned

    def _complete_run(self) -> bool:
        """Run the run to its end before the whole of it is exported; False if cancelled.

        "The whole run" exported only the half-steps computed so far.
        """
        c = self.controller
        if c.finished or not len(c.history):
            return True
        text = "Computing the run to its end, to export all of it…"
        progress = self._progress(text)
        loop = QtCore.QEventLoop()

        def check() -> None:
            progress.setLabelText(f"{text} ({len(c.history)} half-steps so far)")
            if c.finished:
                loop.quit()

        c.state_changed.connect(check)
        progress.canceled.connect(loop.quit)
        c.complete()
        if not c.finished:
            loop.exec()
        c.state_changed.disconnect(check)
        self._dismiss_progress(progress)
        if not c.finished:
            self.statusBar().showMessage("Export cancelled: the run was not finished", 8000)
        return c.finished

    def _export_sheet(self, request) -> None:
        from emgui.render.exporter import indices_for_iterations, write_contact_sheet

        reached = (
            self.controller.history.snapshots[-1].iteration if len(self.controller.history) else 0
        )
        path = self._ask_path("Contact sheet", "emgui-sheet.png", FIGURE_FILTERS)
        if not path:
            return  # asked first: a Cancel here wastes no computation of the run
        if max(request.sheet_iterations, default=0) > reached and not self._complete_run():
            return  # iterations asked for that the run has not reached yet, and cancelled
        snapshots = list(self.controller.history.snapshots)
        indices = indices_for_iterations(snapshots, request.sheet_iterations)
        path = _with_extension(path)
        note = write_contact_sheet(
            path,
            self.controller.points,
            snapshots,
            indices,
            self._drawn_as_the_window(request.options),
            request.sheet_columns or None,
            self.columns,
        )
        if note:
            self._show_message("info", note)
        self.statusBar().showMessage(f"Exported {path}", 6000)


def _reporter(progress: QtWidgets.QProgressDialog):
    """A ``progress(done, total)`` callback that moves ``progress`` and keeps the window live."""

    def report(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)
        QtWidgets.QApplication.processEvents()

    return report
