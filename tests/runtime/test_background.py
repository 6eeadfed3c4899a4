"""The off-thread helper: results on the GUI thread, cancel, and a shutdown that returns at once."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QCoreApplication, QObject, QThread

from emgui.core.select import Cancelled
from emgui.runtime.background import BackgroundTask


class Recorder(QObject):
    def __init__(self, task: BackgroundTask):
        super().__init__()
        self.events: list[tuple] = []
        self.threads: set = set()
        for name in ("progress", "done", "failed", "cancelled", "finished"):
            getattr(task, name).connect(lambda *a, n=name: self._on(n, a))

    def _on(self, name, args):
        self.threads.add(QThread.currentThread())
        self.events.append((name, *args))

    def names(self):
        return [e[0] for e in self.events]


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    def work(progress, should_cancel):
        for i in range(3):
            progress(i + 1, 3)
        return "result"

    task = BackgroundTask(work)
    rec = Recorder(task)
    with qtbot.waitSignal(task.finished, timeout=3000):
        task.start()
    assert rec.events == [
        ("progress", 1, 3), ("progress", 2, 3), ("progress", 3, 3),
        ("done", "result"), ("finished",),
    ]  # fmt: skip
    assert rec.threads == {QThread.currentThread()}


def test_cancel_between_units_is_reported(qtbot):
    started = threading.Event()

    def work(progress, should_cancel):
        started.set()
        while True:
            if should_cancel():
                raise Cancelled
            time.sleep(0.001)

    task = BackgroundTask(work)
    rec = Recorder(task)
    task.start()
    assert started.wait(3)
    with qtbot.waitSignal(task.finished, timeout=3000):
        task.cancel()
    assert rec.names() == ["cancelled", "finished"]


def test_a_failure_is_a_message(qtbot):
    def work(progress, should_cancel):
        raise ValueError("k = 9 needs at least 9 points")

    task = BackgroundTask(work)
    rec = Recorder(task)
    with qtbot.waitSignal(task.finished, timeout=3000):
        task.start()
    assert rec.events[0] == ("failed", "k = 9 needs at least 9 points")


def test_shutdown_returns_at_once_while_a_long_unit_runs_and_nothing_follows(qtbot):
    """A window closing during a unit that does not check cancel for seconds must not wait."""
    inside, release = threading.Event(), threading.Event()

    def work(progress, should_cancel):
        inside.set()
        release.wait(10)  # a long unit of work that cannot look at should_cancel
        progress(1, 1)
        return "late"

    task = BackgroundTask(work)
    rec = Recorder(task)
    task.start()
    assert inside.wait(3)
    # returned while the unit still runs (it ends only on release): it did not wait for it;
    # how soon it returns is printed by benchmarks/bench_responsiveness.py
    ended = task.shutdown(0.05)
    assert not ended and task.running()
    release.set()
    qtbot.waitUntil(lambda: not task.running(), timeout=3000)
    QCoreApplication.processEvents()  # the thread has ended: any queued signal arrives now
    assert rec.events == []


def test_work_ending_after_its_owner_is_deleted_touches_nothing(qtbot):
    inside, release = threading.Event(), threading.Event()
    owner = QObject()

    def work(progress, should_cancel):
        inside.set()
        release.wait(10)
        progress(1, 1)
        return "late"

    task = BackgroundTask(work, owner, name="emgui-orphan")
    errors: list = []
    threading.excepthook, old_hook = (lambda args: errors.append(args)), threading.excepthook
    try:
        task.start()
        assert inside.wait(3)
        del task
        with qtbot.waitSignal(owner.destroyed, timeout=3000):
            owner.deleteLater()
        release.set()
        qtbot.waitUntil(
            lambda: not any(t.name == "emgui-orphan" for t in threading.enumerate()), timeout=5000
        )
        QCoreApplication.processEvents()  # anything it sent arrives now
    finally:
        threading.excepthook = old_hook
    assert errors == []
