"""Quitting while a long half-step runs: shutdown returns within its time, and nothing aborts."""

from __future__ import annotations

import threading

import numpy as np

from emgui.core import run_em
from emgui.model.scene_data import SceneData
from emgui.runtime import run_controller, worker
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session

POINTS = np.random.default_rng(4).normal(size=(200, 2))


def test_shutdown_during_a_long_half_step_returns_in_time(qtbot, monkeypatch):
    inside, release = threading.Event(), threading.Event()

    def slow_run_em(*args, **kwargs):
        for i, snap in enumerate(run_em(*args, **kwargs)):
            if i == 1:  # the first E-step: a half-step of seconds (1e6 points, k = 64)
                inside.set()
                release.wait(10)
            yield snap

    monkeypatch.setattr(worker, "run_em", slow_run_em)
    session = Session()
    c = RunController(session)
    session.update_settings(algorithm="gmm", max_iter=5)
    session.replace_all(SceneData.make(POINTS, POINTS[:2]), "t")
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5_000)
    c.step_forward()
    assert inside.wait(5)
    ended = c.shutdown(timeout_ms=200)
    assert ended is False  # it returned, leaving the half-step to finish
    kept = list(run_controller._STILL_RUNNING)
    assert kept and all(not h.thread.isFinished() for h in kept)
    release.set()
    qtbot.waitUntil(lambda: all(h.thread.isFinished() for h in kept), timeout=5_000)


def test_shutdown_of_an_idle_run_says_all_ended(qtbot):
    session = Session()
    c = RunController(session)
    session.replace_all(SceneData.make(POINTS, POINTS[:2]), "t")
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5_000)
    assert c.shutdown() is True


def test_exit_status_ends_the_process_only_when_a_run_outlived_the_shutdown(monkeypatch):
    from emgui.runtime import application

    exits: list[int] = []
    monkeypatch.setattr(application.os, "_exit", exits.append)
    monkeypatch.setattr(run_controller, "runs_still_running", lambda: 0)
    assert application.exit_status(0) == 0 and exits == []
    monkeypatch.setattr(run_controller, "runs_still_running", lambda: 1)
    application.exit_status(0)
    assert exits == [0]
