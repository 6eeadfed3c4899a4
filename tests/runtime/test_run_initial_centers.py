"""Initial centers (k-means++, random) of a large scene are computed off the GUI thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication

from emgui.core import initial_means
from emgui.model.scene_data import SceneData
from emgui.runtime import initial_centers, run_controller
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session

# 200,000 points and k = 10: k-means++ took ~0.3 s on the GUI thread, every restart.
POINTS = np.random.default_rng(5).normal(size=(200_000, 2))


@pytest.fixture
def threads_used(monkeypatch):
    """The threads initial_means runs on, as the controller calls it."""
    used: list[threading.Thread] = []

    def recording(*args, **kwargs):
        used.append(threading.current_thread())
        return initial_means(*args, **kwargs)

    monkeypatch.setattr(run_controller, "initial_means", recording)
    monkeypatch.setattr(initial_centers, "initial_means", recording)
    return used


def _scene(qtbot, session: Session, c: RunController) -> None:
    """The scene: the edit restarts the run, which starts by computing its centers."""
    session.update_settings(init="kmeans++", k=10, seed=3, max_iter=5)
    session.replace_all(SceneData.make(POINTS, np.zeros((0, 2))), "t")
    qtbot.waitUntil(lambda: c.status == "initialising", timeout=2_000)


def test_kmeans_plus_plus_of_a_large_scene_runs_off_the_gui_thread(qtbot, threads_used):
    session = Session()
    c = RunController(session)
    _scene(qtbot, session, c)
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=20_000)
    assert threads_used and threading.main_thread() not in threads_used
    want = initial_means(POINTS, 10, "kmeans++", 3)
    assert np.array_equal(c.history.frames[0].snapshot.means, want)
    c.shutdown()


def test_a_small_scene_starts_at_once(qtbot, threads_used):
    session = Session()
    c = RunController(session)
    session.update_settings(init="random", k=3, seed=1)
    session.replace_all(SceneData.make(POINTS[:1000], np.zeros((0, 2))), "t")
    c.restart()
    assert c.status == "ready" and threads_used == [threading.main_thread()]
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5_000)
    c.shutdown()


def test_end_pressed_while_the_centers_are_computed_runs_to_the_end(qtbot, threads_used):
    session = Session()
    c = RunController(session)
    _scene(qtbot, session, c)
    c.go_end()
    assert c.status == "initialising"
    qtbot.waitUntil(lambda: c.finished, timeout=30_000)
    assert c.status in ("converged", "max_iter") and c.cursor == len(c.history) - 1 > 0
    assert len(threads_used) == 1  # End did not restart the computation
    c.shutdown()


def test_a_new_seed_meanwhile_replaces_the_computation(qtbot, threads_used):
    session = Session()
    c = RunController(session)
    _scene(qtbot, session, c)
    session.update_settings(seed=4)
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=20_000)
    # the first computation, when it ends (now or later), is not used
    qtbot.waitUntil(
        lambda: not any(t.name == "emgui-init" for t in threading.enumerate()), timeout=20_000
    )
    QCoreApplication.processEvents()
    want = initial_means(POINTS, 10, "kmeans++", 4)
    assert np.array_equal(c.history.frames[0].snapshot.means, want)
    c.shutdown()


def test_shutdown_while_the_centers_are_computed_returns_at_once(qtbot):
    session = Session()
    c = RunController(session)
    session.update_settings(init="kmeans++", k=64, seed=0)
    session.replace_all(SceneData.make(np.tile(POINTS, (3, 1)), np.zeros((0, 2))), "t")
    qtbot.waitUntil(lambda: c.status == "initialising", timeout=2_000)
    c.shutdown()
    # shutdown() returned while k-means++ (seconds here) still runs: it did not wait for it.
    assert any(t.name == "emgui-init" for t in threading.enumerate())
    qtbot.waitUntil(
        lambda: not any(t.name == "emgui-init" for t in threading.enumerate()), timeout=5_000
    )
