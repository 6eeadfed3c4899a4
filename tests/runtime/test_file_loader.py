"""The file loader: progress and a prompt cancel for sessions too, one finished per load,
a slow signal only for slow loads, and a shutdown that returns while a load runs."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication

from emgui.io.errors import LoadCancelled
from emgui.io.session_file import SessionData, save_session
from emgui.runtime import file_loader
from emgui.runtime.file_loader import FileLoader


@pytest.fixture(scope="module")
def big_session(tmp_path_factory):
    path = tmp_path_factory.mktemp("big") / "big.json"
    rng = np.random.default_rng(0)
    save_session(path, SessionData(rng.normal(size=(300_000, 2)), rng.normal(size=(3, 2))))
    return str(path)


class Events:
    def __init__(self, loader: FileLoader):
        self.names: list[str] = []
        self.progress: list[int] = []
        self.loaded: list = []
        loader.progress.connect(self.progress.append)
        loader.loaded.connect(
            lambda path, data: (self.loaded.append(data), self.names.append("loaded"))
        )
        loader.failed.connect(lambda text: self.names.append(f"failed: {text}"))
        loader.cancelled.connect(lambda: self.names.append("cancelled"))
        loader.slow.connect(lambda path: self.names.append("slow"))
        loader.finished.connect(lambda: self.names.append("finished"))


def test_a_session_load_reports_progress(qtbot, big_session):
    loader = FileLoader()
    events = Events(loader)
    with qtbot.waitSignal(loader.finished, timeout=30_000):
        assert loader.load(big_session)
    assert events.names[-2:] == ["loaded", "finished"]
    assert events.loaded[0].points.shape == (300_000, 2)
    assert len(events.progress) >= 5 and events.progress == sorted(events.progress)
    assert not loader.busy


def test_cancel_stops_a_session_load_at_once(qtbot, big_session):
    loader = FileLoader()
    events = Events(loader)
    with qtbot.waitSignal(loader.progress, timeout=10_000):
        loader.load(big_session)
    with qtbot.waitSignal(loader.finished, timeout=2_000):
        loader.cancel()
    assert events.names[-2:] == ["cancelled", "finished"] and events.loaded == []


def test_slow_only_for_a_load_that_lasts(qtbot, tmp_path, monkeypatch):
    # a minute: the small file is read long before, however loaded the machine
    monkeypatch.setattr(file_loader, "SLOW_AFTER_MS", 60_000)
    small = tmp_path / "p.csv"
    small.write_text("x,y\n1,2\n3,4\n")
    loader = FileLoader()
    events = Events(loader)
    with qtbot.waitSignal(loader.finished, timeout=5_000):
        loader.load(str(small))
    # ended: its slow timer stopped with it and can fire no more
    assert not loader._slow_timer.isActive()
    assert "slow" not in events.names

    release = threading.Event()

    def slow_read(path, progress, should_cancel):
        release.wait(5)
        return "data"

    monkeypatch.setattr(file_loader, "SLOW_AFTER_MS", 100)
    loader = FileLoader(read=slow_read)
    events = Events(loader)
    loader.load("any.csv")
    qtbot.waitUntil(lambda: "slow" in events.names, timeout=2_000)
    with qtbot.waitSignal(loader.finished, timeout=5_000):
        release.set()
    assert events.names == ["slow", "loaded", "finished"]


def test_a_failure_names_the_file(qtbot, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    loader = FileLoader()
    events = Events(loader)
    with qtbot.waitSignal(loader.finished, timeout=5_000):
        loader.load(str(path))
    assert events.names == [f"failed: {path}: is a PNG image, not a text file", "finished"]


def test_shutdown_returns_promptly_while_a_load_is_stuck(qtbot):
    inside, release = threading.Event(), threading.Event()

    def stuck(path, progress, should_cancel):
        inside.set()
        release.wait(10)  # a long unit of work that does not look at should_cancel
        raise LoadCancelled

    loader = FileLoader(read=stuck)
    events = Events(loader)
    loader.load("x.json")
    assert inside.wait(3)
    # returns while the unit is still stuck (how soon: benchmarks/bench_responsiveness.py)
    assert not loader.shutdown(0.2)
    assert not loader.busy
    release.set()
    qtbot.waitUntil(
        lambda: not any(t.name == "emgui-load" for t in threading.enumerate()), timeout=5000
    )
    QCoreApplication.processEvents()  # anything the abandoned load sent arrives now
    assert events.names == []


def test_shutdown_during_a_real_session_load_ends_its_thread(qtbot, big_session):
    loader = FileLoader()
    with qtbot.waitSignal(loader.progress, timeout=10_000):
        loader.load(big_session)
    assert loader.shutdown(2.0)
    assert not any(t.name == "emgui-load" for t in threading.enumerate())
