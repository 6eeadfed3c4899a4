"""Files in the window: open (off the GUI thread, with progress), save, recent files, drops."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore, QtWidgets
from PySide6.QtCore import Qt

from emgui.io.csv_points import PointsData
from emgui.io.errors import InputError
from emgui.io.session_file import SessionData, save_session
from emgui.io.table_source import TableSource
from emgui.model.fresh_start import new_data
from emgui.model.scene_data import SceneData
from emgui.runtime.background import BackgroundTask
from emgui.ui.column_dialog import ask_columns
from emgui.ui.window.constants import APP_NAME, MAX_RECENT
from emgui.ui.window.unsaved import resolve_unsaved
from emgui.ui.window.view_undo import replace_scene


class FilesMixin:
    """Opening and saving files; nothing changes unless a file loads completely."""

    # The table the points came from and the points it gave: saved with the session while
    # the scene still has those points (an edit of the points, a preset or an undo past the
    # opening leaves it out).
    _table_source: tuple[TableSource, object] | None = None

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
        """Open a points CSV or a session JSON; nothing changes unless it loads completely.

        Unsaved work is asked about first (Save, Discard or Cancel).
        """
        if not resolve_unsaved(self, f"opening {Path(path).name}"):
            return
        # A table with more than two numeric columns: which two to plot (and the classes).
        self._column_choice = None
        if not path.lower().endswith(".json"):
            try:
                go_on, self._column_choice = ask_columns(self, path, self.store)
            except InputError as exc:
                self._on_load_failed(str(exc))
                return
            if not go_on:
                return
        options = self._column_choice.read_options() if self._column_choice else {}
        if not self.loader.load(path, options):
            self._show_message("warning", "A file is still loading; wait for it or cancel it.")
            return
        self._edits_at_load = self.session.undo_stack.index()

    def _on_load_failed(self, text: str) -> None:
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

    def _take_scene(self, scene: SceneData, text: str, fit: bool) -> None:
        """``scene`` (and its axis names) as one undo step; ``fit``: the view fits it once drawn."""
        self._fit_pending = fit
        replace_scene(self, scene, text)

    def _keep_source(self, source: TableSource | None) -> None:
        points = self.session.scene.points
        self._table_source = None if source is None else (source, points)

    def _apply_session_data(self, result: SessionData, text: str) -> None:
        scene = SceneData.make(
            result.points,
            result.centers,
            result.center_covariances,
            result.center_weights,
            result.columns,
        )
        self.session.set_settings(result.settings)
        self._take_scene(scene, text, fit=result.view_range is None)
        if result.view_range is not None:
            self.scene.show_range(*result.view_range)
        self._keep_source(result.source)
        # A session holds no per-point classes (its source names the column, not the values):
        # the classes of a table opened before are not these points'.
        self.set_known_classes(None)
        for w in result.warnings:
            self._show_message("warning", w)

    def _on_loaded(self, path: str, result) -> None:
        # The window answered during the load: edits made meanwhile are not replaced unasked.
        if self.session.undo_stack.index() != getattr(self, "_edits_at_load", None):
            if not resolve_unsaved(self, f"opening {Path(path).name}"):
                return
        self.store.setValue("last_folder", str(Path(path).parent))
        self._add_recent(path)
        if isinstance(result, SessionData):
            self._apply_session_data(result, f"Open {Path(path).name}")
            self.path = path
            self.session.undo_stack.setClean()
            self.setWindowTitle(f"{APP_NAME} — {Path(path).name}[*]")
        elif isinstance(result, PointsData):
            self._apply_points(path, result)

    def _apply_points(self, path: str, result: PointsData) -> None:
        """New data, a new start: centers chosen for these points, the view fitted to them."""
        st = self.session.settings
        k = min(self.session.centers.shape[0] or st.k, result.xy.shape[0])
        method = st.init if st.init in ("random", "kmeans++") else "kmeans++"
        standardise = bool(self._column_choice and self._column_choice.standardise)
        try:
            new = new_data(result.xy, result.columns, max(k, 1), st.seed, method, standardise)
        except ValueError as exc:
            self._on_load_failed(f"{path}: {exc}")
            return
        scene = SceneData.make(new.points, new.centers, None, None, new.columns)
        self._take_scene(scene, f"Open {Path(path).name}", fit=True)
        # Points are not a session: saving asks for a session's name, never the CSV's.
        self.path = None
        self.setWindowTitle(f"{APP_NAME} — {Path(path).name}[*]")
        self.set_known_classes(result.labels, result.classes, result.labels_name or "")
        self._keep_source(_table_source(path, result, standardise))
        read = f"Read {result.xy.shape[0]} points from {path}"
        if result.skipped_rows:
            rows = "row" if result.skipped_rows == 1 else "rows"
            read += f"; {result.skipped_rows} {rows} with a missing value skipped"
        self.statusBar().showMessage(read, 10000)
        if result.warnings:  # one banner: each would replace the last
            self._show_message("warning", ";  ".join(result.warnings))

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
        source, points = self._table_source or (None, None)
        (x0, x1), (y0, y1) = self.canvas.view_box.viewRange()
        return SessionData(
            points=s.points,
            centers=s.centers,
            settings=self.session.settings,
            center_covariances=s.center_covariances,
            center_weights=s.center_weights,
            columns=s.columns,
            view_range=((x0, x1), (y0, y1)),
            source=source if source is not None and points is s.points else None,
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

    # drag and drop
    def dragEnterEvent(self, ev) -> None:
        if ev.mimeData().hasUrls():
            ev.acceptProposedAction()

    def dropEvent(self, ev) -> None:
        urls = [u for u in ev.mimeData().urls() if u.isLocalFile()]
        if urls:
            self.open_path(urls[0].toLocalFile())
            ev.acceptProposedAction()


def _table_source(path: str, result: PointsData, standardised: bool) -> TableSource | None:
    """What the session remembers of the table: its columns and the ones used."""
    width = len(result.header or result.kinds) or max(result.source_columns) + 1
    header = tuple(result.header) if result.header else ("",) * width
    x, y = result.source_columns
    try:
        return TableSource(Path(path).name, header, x, y, result.labels_column, standardised)
    except ValueError:  # a reader that reports columns beyond its header: nothing to keep
        return None


def _run_keeping_window_live(work) -> str | None:
    """Run ``work()`` off the GUI thread (the project's BackgroundTask) and wait for it; what
    went wrong (an OSError or ValueError, in words), or None.

    Meanwhile a local event loop runs paints, timers and the EM worker's frames, but
    no user input.
    """
    import sys

    def job(progress, should_cancel) -> str | None:
        try:
            work()
        except (OSError, ValueError) as exc:
            return str(exc)
        return None

    outcome: list[str | None] = []
    task = BackgroundTask(job, name="emgui-save")
    task.done.connect(outcome.append)
    task.failed.connect(lambda text: outcome.append(f"internal error: {text}"))  # a bug
    loop = QtCore.QEventLoop()
    task.finished.connect(loop.quit)  # queued: it comes inside loop.exec, never before
    # The work is Python code, which keeps the GIL until the interpreter makes it switch
    # (every 5 ms by default); painting makes many short numpy calls, each of which must
    # take the GIL back. A shorter switch interval, only while this wait lasts, keeps those
    # waits short.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        task.start()
        loop.exec(QtCore.QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        sys.setswitchinterval(interval)
        task.deleteLater()
    return outcome[0] if outcome else None
