"""The EM worker and the run controller: order, stop, errors, run ids, threads, coalescing."""

from __future__ import annotations

import math
import random
import threading
import time

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer

from emgui.model.run_types import RunRequest
from emgui.model.scene_data import SceneData
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session
from emgui.runtime.worker import RunHandle

rng = np.random.default_rng(0)
BLOBS = np.vstack([rng.normal((0, 0), 0.5, (300, 2)), rng.normal((4, 4), 0.5, (300, 2))])


def _request(run_id=1, n_iter=30, points=BLOBS, algorithm="gmm", tol=0.0):
    pts = points.copy()
    pts.flags.writeable = False
    return RunRequest(
        run_id, pts, pts[[0, -1]].copy(), algorithm=algorithm, max_iter=n_iter, tol=tol
    )


class Recorder(QObject):
    """Receives a worker's signals as the GUI does: a QObject living in the GUI thread."""

    def __init__(self, handle: RunHandle):
        super().__init__()
        self.frames, self.finished, self.failed, self.threads = [], [], [], []
        w = handle.worker
        w.frames_ready.connect(self.on_frames)
        w.finished.connect(self.on_finished)
        w.failed.connect(self.on_failed)

    def on_frames(self, frames):
        self.threads.append(QThread.currentThread())
        assert not self.finished, "a frame after finished"
        self.frames.extend(frames)

    def on_finished(self, run_id, status):
        self.threads.append(QThread.currentThread())
        self.finished.append(status)

    def on_failed(self, run_id, text):
        self.failed.append(text)


def _join(qtbot, handle):
    handle.worker.stop()
    qtbot.waitUntil(handle.thread.isFinished, timeout=5000)


def test_worker_signal_order_and_threads(qtbot, qapp):
    handle = RunHandle(_request(n_iter=10))
    rec = Recorder(handle)
    handle.start()
    handle.worker.set_target(math.inf)
    qtbot.waitUntil(lambda: bool(rec.finished), timeout=10000)
    _join(qtbot, handle)
    assert rec.finished == ["max_iter"]
    assert [f.index for f in rec.frames] == list(range(21))
    assert [f.snapshot.phase for f in rec.frames[:3]] == ["init", "E", "M"]
    # every slot ran on the GUI thread, not the worker's
    assert all(t == qapp.thread() for t in rec.threads)


class _WatchedCondition(threading.Condition):
    """The worker's condition, noting each time the worker goes to wait on it."""

    def __init__(self):
        super().__init__()
        self.waits = 0

    def wait(self, timeout=None):
        self.waits += 1
        return super().wait(timeout)


def test_worker_produces_only_what_is_asked(qtbot):
    handle = RunHandle(_request())
    watched = handle.worker._cond = _WatchedCondition()
    rec = Recorder(handle)
    handle.start()
    handle.worker.set_target(3)
    # the worker delivers what was asked for and then waits for more demand (a worker that
    # ran ahead would reach the end of its 30 iterations and finish, never waiting)
    qtbot.waitUntil(lambda: watched.waits >= 1 and len(rec.frames) == 3, timeout=5000)
    QCoreApplication.processEvents()  # anything it had sent meanwhile arrives now
    assert len(rec.frames) == 3 and not rec.finished  # waits for demand, does not run ahead
    handle.worker.set_target(5)
    qtbot.waitUntil(lambda: len(rec.frames) == 5, timeout=5000)
    _join(qtbot, handle)
    assert rec.finished == ["stopped"]


def test_cancel_mid_run(qtbot):
    big = np.random.default_rng(1).normal(size=(100_000, 2))
    handle = RunHandle(_request(n_iter=10_000, points=big))
    rec = Recorder(handle)
    handle.start()
    handle.worker.set_target(math.inf)
    qtbot.waitUntil(lambda: len(rec.frames) >= 3, timeout=10000)
    handle.worker.stop()
    # honoured between half-steps, long before the 10,000 iterations (how soon: the
    # stop latency printed by benchmarks/bench_responsiveness.py)
    qtbot.waitUntil(handle.thread.isFinished, timeout=30000)
    qtbot.waitUntil(lambda: bool(rec.finished), timeout=5000)
    n = len(rec.frames)
    QCoreApplication.processEvents()  # the thread has ended: all it sent is delivered now
    assert len(rec.frames) == n < 2 * 10_000 and rec.finished == ["stopped"]


def test_cancel_before_start_and_twice(qtbot):
    handle = RunHandle(_request())
    rec = Recorder(handle)
    handle.worker.stop()
    handle.worker.stop()
    handle.start()
    handle.worker.set_target(math.inf)
    qtbot.waitUntil(handle.thread.isFinished, timeout=5000)
    qtbot.waitUntil(lambda: bool(rec.finished), timeout=2000)
    assert rec.frames == [] and rec.finished == ["stopped"]
    assert handle.stop_and_join()


def test_error_in_worker_surfaces(qtbot, monkeypatch):
    from emgui.core import gmm

    def broken(*a, **k):
        raise RuntimeError("injected")

    monkeypatch.setattr(gmm, "m_step", broken)
    handle = RunHandle(_request())
    rec = Recorder(handle)
    handle.start()
    handle.worker.set_target(math.inf)
    qtbot.waitUntil(lambda: bool(rec.finished), timeout=5000)
    _join(qtbot, handle)
    assert rec.finished == ["error"]
    assert len(rec.failed) == 1 and "injected" in rec.failed[0]
    assert [f.snapshot.phase for f in rec.frames] == ["init", "E"]  # the last good states


def test_emitted_arrays_are_read_only_snapshots(qtbot):
    handle = RunHandle(_request(n_iter=5))
    rec = Recorder(handle)
    handle.start()
    handle.worker.set_target(math.inf)
    qtbot.waitUntil(lambda: bool(rec.finished), timeout=5000)
    _join(qtbot, handle)
    for f in rec.frames:
        s = f.snapshot
        for arr in (s.means, s.covariances, s.weights, s.labels):
            if arr is not None:
                assert not arr.flags.writeable
        assert s.resp is None  # dropped before crossing threads: the history stays small
        assert not np.shares_memory(s.means, handle.worker.request.centers)
    checks = [f.snapshot.means.copy() for f in rec.frames]
    assert all(np.array_equal(f.snapshot.means, c) for f, c in zip(rec.frames, checks, strict=True))


def _controller(qtbot, points=BLOBS, **settings):
    session = Session()
    controller = RunController(session)
    if settings:
        session.update_settings(**settings)
    session.replace_all(SceneData.make(points, points[[0, -1]]), "t")
    qtbot.waitUntil(lambda: controller.cursor == 0, timeout=5000)
    return session, controller


def test_restart_while_running_drops_old_frames(qtbot):
    _session, c = _controller(qtbot, algorithm="gmm", tol=0.0, max_iter=100_000)
    c.go_end()
    qtbot.waitUntil(lambda: len(c.history) > 10, timeout=5000)
    old = c._run
    first = old.run_id
    c.restart()
    second = c._run.run_id
    assert second != first
    qtbot.waitUntil(lambda: len(c.history) >= 1, timeout=5000)
    # the old run's last frames are in the event queue once its thread has ended
    qtbot.waitUntil(old.thread.isFinished, timeout=10000)
    QCoreApplication.processEvents()
    assert all(f.run_id == second for f in c.history.frames)
    c.shutdown()


def test_redraws_are_coalesced_and_gui_stays_live(qtbot):
    """B8: thousands of fast half-steps are drawn far fewer times, the last one shown, and the
    GUI thread's timers keep firing during the run (counted, not timed: the rates and the
    event-loop gaps are measured by benchmarks/bench_responsiveness.py)."""
    receiving = [False]  # inside the slot that takes the worker's frames

    class SpyController(RunController):
        def _on_frames(self, frames):
            receiving[0] = True
            try:
                super()._on_frames(frames)
            finally:
                receiving[0] = False

    small = np.random.default_rng(2).normal(size=(50, 2))
    session = Session()
    c = SpyController(session)
    session.update_settings(algorithm="kmeans", tol=0.0, max_iter=5000)
    session.replace_all(SceneData.make(small, small[[0, -1]]), "t")
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5000)
    draws, drawn_on_arrival, ticks_while_running = [], [], []
    c.display.connect(lambda i: (draws.append(i), drawn_on_arrival.append(receiving[0])))

    def tick():
        if c.status == "running":
            ticks_while_running.append(len(c.history))

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(5)
    c.go_end()
    qtbot.waitUntil(lambda: c.status == "max_iter", timeout=60000)
    # the final state's redraw is coalesced too: wait for it, not for a fixed time
    qtbot.waitUntil(lambda: bool(draws) and draws[-1] == len(c.history) - 1, timeout=5000)
    timer.stop()
    assert len(c.history) == 1 + 2 * 5000
    # coalesced: frames are never drawn as they arrive, only by the one-per-screen-frame timer
    assert not any(drawn_on_arrival)
    assert len(draws) < len(c.history) / 4
    # the timer fired at several points of the run, not only before or after it
    assert len(set(ticks_while_running)) >= 3, ticks_while_running
    c.shutdown()


def test_slots_run_in_gui_thread(qtbot, qapp):
    seen = []

    class SpyController(RunController):
        def _on_frames(self, frames):
            seen.append(QThread.currentThread())
            super()._on_frames(frames)

        def _on_finished(self, run_id, status):
            seen.append(QThread.currentThread())
            super()._on_finished(run_id, status)

    session = Session()
    c = SpyController(session)
    session.update_settings(algorithm="gmm", max_iter=5, tol=0.0)
    session.replace_all(SceneData.make(BLOBS, BLOBS[[0, -1]]), "t")
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5000)
    c.go_end()
    qtbot.waitUntil(lambda: c.status == "max_iter", timeout=5000)
    assert len(seen) >= 2 and all(t == qapp.thread() for t in seen)
    c.shutdown()


def test_stress_repeated_start_stop(qtbot):
    _session, c = _controller(qtbot, algorithm="gmm", tol=0.0, max_iter=100_000)
    r = random.Random(0)
    for _ in range(200):
        c.restart()
        if r.random() < 0.5:
            c.go_end()
        deadline = time.monotonic() + r.uniform(0, 0.02)
        while time.monotonic() < deadline:
            QCoreApplication.processEvents()
    c.shutdown()
    assert c._old_runs == [] and c._run is None


@pytest.mark.parametrize("k", [3])
def test_k_beyond_distinct_points_warns_before_the_run(qtbot, k):
    same = np.repeat([[1.0, 1.0], [2.0, 2.0]], 5, axis=0)
    session = Session()
    c = RunController(session)
    messages = []
    c.message.connect(lambda level, text: messages.append((level, text)))
    session.replace_all(SceneData.make(same, [[0, 0], [1, 1], [3, 3]]), "t")
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5000)
    assert any(level == "warning" and "2 distinct" in text for level, text in messages)
    c.shutdown()


def test_program_collects_garbage_only_on_the_gui_thread(tmp_path):
    """B12: the real program disables automatic gc and collects from a GUI-thread timer."""
    import subprocess
    import sys
    from pathlib import Path

    script = (
        "import gc, sys\n"
        "from PySide6.QtCore import QTimer\n"
        "import emgui.gui as a\n"
        "app = a.make_application()\n"
        "import time\n"
        "start = time.monotonic()\n"
        "def check():\n"
        "    # the freeze waits for the first paint: polled, since a loaded machine paints late\n"
        "    frozen = gc.get_freeze_count() > 0\n"
        "    if frozen or time.monotonic() - start > 30:\n"
        "        print('enabled', gc.isenabled(), 'frozen', frozen)\n"
        "        app.quit()\n"
        "timer = QTimer(interval=50)\n"
        "timer.timeout.connect(check)\n"
        "timer.start()\n"
        "sys.exit(a.run_app())\n"
    )
    env = {
        **__import__("os").environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path),
        "XDG_DATA_HOME": str(tmp_path),
    }
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "enabled False frozen True" in proc.stdout
