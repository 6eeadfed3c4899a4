"""A run's history in the window is bounded: a run that would outgrow it stops, saying why."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication

from emgui.core import run_em
from emgui.model.run_types import Frame
from emgui.model.scene_data import SceneData
from emgui.runtime import run_controller
from emgui.runtime.history_budget import HistoryBudget, frame_bytes
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session

POINTS = np.random.default_rng(2).normal(size=(20_000, 2))


def test_frame_bytes_counts_what_an_m_step_does_not_share():
    snaps = list(run_em(POINTS, POINTS[:3], "kmeans", "full", 2, 0.0))
    colors = np.zeros(len(POINTS), np.uint32)
    e = Frame(1, 1, snaps[1], colors)
    m = Frame(1, 2, snaps[2], None)
    labels = snaps[1].labels.nbytes
    assert frame_bytes(e) >= labels + colors.nbytes
    # The M-step shows its E-step's labels: they are not counted twice.
    assert frame_bytes(m, e) < frame_bytes(m)


def test_the_budget_refuses_the_frame_that_would_pass_it():
    snaps = list(run_em(POINTS, POINTS[:3], "kmeans", "full", 5, 0.0))
    frames = [Frame(1, i, s, None) for i, s in enumerate(snaps)]
    budget = HistoryBudget(limit=sum(frame_bytes(f) for f in frames[:4]))
    assert all(budget.add(f) for f in frames[:3])
    kept = [budget.add(f) for f in frames[3:]]
    assert False in kept and budget.full and budget.used <= budget.limit


def test_a_run_that_would_outgrow_the_memory_stops_with_a_message(qtbot, monkeypatch):
    """tol 0 and 100,000 iterations (the panel allows it) grew the window without bound."""
    monkeypatch.setattr(run_controller, "HistoryBudget", lambda: HistoryBudget(limit=8 << 20))
    session = Session()
    c = RunController(session)
    messages: list[tuple[str, str]] = []
    c.message.connect(lambda level, text: messages.append((level, text)))
    session.update_settings(algorithm="kmeans", tol=0.0, max_iter=100_000)
    session.replace_all(SceneData.make(POINTS, POINTS[:3]), "t")
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5_000)
    c.go_end()
    qtbot.waitUntil(lambda: c.status == "stopped", timeout=30_000)
    held = sum(frame_bytes(f) for f in c.history.frames)
    assert held <= 8 << 20 and len(c.history) > 10
    level, text = messages[-1]
    assert level == "warning" and "would not fit in memory" in text and "max_iter" in text
    assert c.cursor == len(c.history) - 1  # the last state kept is shown
    # the stopped run's thread ends; then whatever it had sent has arrived
    qtbot.waitUntil(lambda: all(r.thread.isFinished() for r in c._old_runs), timeout=10_000)
    QCoreApplication.processEvents()
    assert sum(frame_bytes(f) for f in c.history.frames) == held  # nothing more arrived
    c.shutdown()
