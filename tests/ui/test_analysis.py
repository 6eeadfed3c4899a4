"""Analysis windows: cancel within a fit, closing without waiting, closing with the main window,
and a Restarts gallery in the data's own view that counts objectives beyond rounding."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
import textwrap
import threading

import numpy as np
import pytest
from PySide6 import QtWidgets

from emgui.core import select as analysis_jobs  # the cancellable fits the windows run
from emgui.core.select import FittedRun
from emgui.core.select import restarts as select_restarts
from emgui.model.scene_data import SceneData
from emgui.model.settings import Settings
from emgui.render.analysis_figure import restart_states
from emgui.runtime.session import Session
from emgui.ui.analysis import ModelSelectionWindow, RestartsWindow, distinct_objectives, shared_view

rng = np.random.default_rng(7)
BLOBS = np.vstack([rng.normal(m, 0.4, (60, 2)) for m in [(0, 0), (4, 0), (2, 3)]])


class Main(QtWidgets.QWidget):
    """What an analysis window needs of the main window: a session, and being its parent."""

    def __init__(self, points=BLOBS, columns=None, refuse_close=False, **settings):
        super().__init__()
        self.session = Session(self)
        if settings:
            self.session.update_settings(**settings)
        self.session.replace_all(SceneData.make(points, points[:3], columns=columns), "t")
        self.refuse_close = refuse_close

    def closeEvent(self, ev) -> None:
        if self.refuse_close:
            ev.ignore()
        else:
            super().closeEvent(ev)


def _slow_main(qtbot) -> Main:
    """A setting the panel allows that makes one fit last minutes: tol 0, 100,000 iterations."""
    points = np.random.default_rng(1).normal(size=(30_000, 2))
    main = Main(points, algorithm="gmm", tol=0.0, max_iter=100_000)
    qtbot.addWidget(main)
    return main


def _inside_a_fit(monkeypatch) -> threading.Event:
    """Set once a fit of an analysis job has made its first half-steps (its run_em, wrapped)."""
    inside = threading.Event()
    real = analysis_jobs.run_em

    def counting(*args, **kwargs):
        for n, snap in enumerate(real(*args, **kwargs)):
            if n == 2:
                inside.set()
            yield snap

    monkeypatch.setattr(analysis_jobs, "run_em", counting)
    return inside


def test_jobs_give_what_select_gives():
    got = analysis_jobs.restarts(BLOBS, 3, [0, 1, 2], "kmeans", "full", "random", 50, 1e-6, 1e-6)
    want = select_restarts(BLOBS, 3, [0, 1, 2], "kmeans", "full", "random", 50, 1e-6, 1e-6)
    assert [r.seed for r in got] == [r.seed for r in want]
    assert [r.objective for r in got] == [r.objective for r in want]


def test_cancel_stops_a_fit_between_half_steps(qtbot, monkeypatch):
    inside = _inside_a_fit(monkeypatch)
    main = _slow_main(qtbot)
    win = RestartsWindow(main)
    qtbot.addWidget(win)
    win.count.setValue(2)
    win.k.setValue(3)
    win.start()
    qtbot.waitUntil(inside.is_set, timeout=20_000)  # inside the first fit
    assert win.task.running()
    with qtbot.waitSignal(win.task.finished, timeout=3_000):
        win.cancel()
    assert win.note.text() == "Cancelled." and win.run_button.isEnabled()


def test_closing_mid_computation_does_not_wait(qtbot, monkeypatch):
    inside = _inside_a_fit(monkeypatch)
    main = _slow_main(qtbot)
    win = ModelSelectionWindow(main)
    qtbot.addWidget(win)
    win.start()
    qtbot.waitUntil(inside.is_set, timeout=20_000)  # inside a fit
    task = win.task
    win.close()
    # close() returned while the fit was still in its half-step: it did not join the thread.
    assert task.cancel_requested() and not win.isVisible()
    qtbot.waitUntil(
        lambda: not any(t.name == "emgui-analysis" for t in threading.enumerate()), timeout=5_000
    )


def test_analysis_windows_close_with_the_main_window(qtbot):
    main = Main()
    qtbot.addWidget(main)
    main.show()
    windows = [RestartsWindow(main), ModelSelectionWindow(main)]
    for win in windows:
        win.show()
    main.refuse_close = True  # e.g. unsaved changes, Cancel: everything stays
    main.close()
    QtWidgets.QApplication.processEvents()
    assert all(w.isVisible() for w in windows)
    main.refuse_close = False
    main.close()
    qtbot.waitUntil(lambda: not any(w.isVisible() for w in windows), timeout=2_000)


def test_quitting_while_an_analysis_runs_exits_0_promptly(tmp_path):
    script = textwrap.dedent(
        """
        import sys, time
        import numpy as np
        from PySide6 import QtWidgets
        from PySide6.QtCore import QTimer
        from emgui.model.scene_data import SceneData
        from emgui.runtime.session import Session
        from emgui.ui.analysis import RestartsWindow

        app = QtWidgets.QApplication([])
        main = QtWidgets.QWidget()
        main.session = Session(main)
        main.session.update_settings(algorithm="gmm", tol=0.0, max_iter=100_000)
        points = np.random.default_rng(1).normal(size=(300_000, 2))
        main.session.replace_all(SceneData.make(points, points[:3]), "t")
        main.show()
        win = RestartsWindow(main)
        win.show()
        win.start()

        def quit_now():
            print(f"quit {time.time()!r}", flush=True)
            main.close()
            app.quit()

        QTimer.singleShot(1500, quit_now)
        app.exec()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    # exits, and cleanly; how soon after the quit: benchmarks/bench_responsiveness.py
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err.decode()
    assert out.decode().startswith("quit ")
    assert b"QThread" not in err


def _run_with(objective: float, seed: int) -> FittedRun:
    final = analysis_jobs.fit(BLOBS, BLOBS[:3], algorithm="gmm", max_iter=3)
    return FittedRun(seed, BLOBS[:3], dataclasses.replace(final, objective=objective))


def test_objectives_within_rounding_count_once():
    same = -385.46149963521
    runs = [_run_with(same * (1 + e), i) for i, e in enumerate([0, 3e-16, -1e-15, 2e-14])]
    assert len({round(r.objective, 6) for r in runs}) >= 1  # what was counted before
    assert distinct_objectives(runs, BLOBS.shape[0]) == 1
    runs.append(_run_with(-390.2, 9))
    assert distinct_objectives(sorted(runs, key=lambda r: -r.objective), BLOBS.shape[0]) == 2


def test_runs_to_one_optimum_within_the_tolerance_are_one_objective():
    """Old Faithful, 8 random starts: all end at -385.461, up to 1.5e-5 apart (tol 1e-6)."""
    from emgui.model.presets import PRESETS, make_preset

    preset = next(p for p in PRESETS if p.id == "old-faithful")
    X, _ = make_preset(preset)
    runs = analysis_jobs.restarts(X, 2, range(8), "gmm", "full", "random", 100, 1e-6, 1e-6)
    assert len({round(r.objective, 6) for r in runs}) > 1  # what was counted before
    assert len({f"{r.objective:.6g}" for r in runs}) == 1  # what the tiles show
    assert distinct_objectives(runs, X.shape[0], 1e-6) == 1
    assert distinct_objectives(runs, X.shape[0], 0.0) > 1  # more than rounding apart


def test_rounding_near_a_sixth_decimal_boundary_is_one_objective(qtbot):
    """-385.4614995 and -385.4615005 (1e-9 apart) rounded to 6 decimals looked different."""
    main = Main(columns=("eruptions", "waiting"))
    qtbot.addWidget(main)
    win = RestartsWindow(main)
    qtbot.addWidget(win)
    runs = [_run_with(-385.4614995 - i * 1e-9 / 7, i) for i in range(8)]
    win.show_results(runs)
    assert win.note.text().startswith("8 runs, one final objective")


def test_thumbnails_share_the_datas_view_and_name_the_columns(qtbot, monkeypatch):
    from emgui.render import exporter as exporter_module

    far = BLOBS * [3, 0.5] + [1000.0, -500.0]  # nowhere near 0..12 x 0..10
    main = Main(far, columns=("eruptions", "waiting"), equal_aspect=False)
    qtbot.addWidget(main)
    win = RestartsWindow(main)
    qtbot.addWidget(win)
    seen: list = []
    real_render = exporter_module.Exporter.render

    def render(self, state, caption=""):
        assert self.options.equal_aspect is False  # as the window shows these units
        seen.append((self._range, self._fixed, state.columns))
        return real_render(self, state, caption)

    monkeypatch.setattr(exporter_module.Exporter, "render", render)
    runs = analysis_jobs.restarts(far, 3, [0, 1, 2], "gmm", "full", "random", 20)
    win.show_results(runs)
    assert win.grid.count() == 3
    ranges = {r for r, _fixed, _cols in seen}
    assert len(ranges) == 1 and all(fixed for _r, fixed, _c in seen)
    (x0, x1), (y0, y1) = ranges.pop()
    assert x0 <= far[:, 0].min() and far[:, 0].max() <= x1
    assert y0 <= far[:, 1].min() and far[:, 1].max() <= y1
    assert {cols for *_, cols in seen} == {("eruptions", "waiting")}
    settings = main.session.settings
    want = shared_view(restart_states(far, runs, settings), settings)
    assert want[0][0] > 900  # the data's own view


@pytest.mark.parametrize("level", ["1sd", "2sd", "3sd"])
def test_shared_view_holds_every_ellipse(level):
    runs = analysis_jobs.restarts(BLOBS, 3, [0, 1], "gmm", "full", "random", 10)
    from emgui.core.geometry import ellipse_outlines, level_radius

    settings = Settings(ellipse_level=level)
    (x0, x1), (y0, y1) = shared_view(restart_states(BLOBS, runs, settings), settings)
    for run in runs:
        outline = ellipse_outlines(
            run.final.means, run.final.covariances, level_radius(level)
        ).reshape(-1, 2)
        assert x0 <= outline[:, 0].min() and outline[:, 0].max() <= x1
        assert y0 <= outline[:, 1].min() and outline[:, 1].max() <= y1
