"""Test setup: run Qt offscreen when there is no display, and fail on leftover threads."""

from __future__ import annotations

import os
import sys

if (
    sys.platform.startswith("linux")
    and not os.environ.get("DISPLAY")
    and not os.environ.get("WAYLAND_DISPLAY")
):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def no_dangling_threads(request, monkeypatch):
    """Every QThread a test starts must have finished by the end of the test (napari-style)."""
    if "qtbot" not in request.fixturenames:
        yield
        return
    from PySide6.QtCore import QThread

    qtbot = request.getfixturevalue("qtbot")
    started: list = []
    original = QThread.start

    def tracking_start(self, *args, **kwargs):
        started.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QThread, "start", tracking_start)
    yield
    for thread in started:
        try:
            qtbot.waitUntil(lambda t=thread: not t.isRunning(), timeout=5000)
        except RuntimeError:  # the C++ object is gone: the thread ended with its owner
            continue


@pytest.fixture(autouse=True)
def unsaved_question_answered(request, monkeypatch):
    """The Save / Discard / Cancel question would block a test: it is answered Discard.

    A test that checks the question replaces ``ask_unsaved`` with its own fake answer; the
    questions asked here are in ``request.node.unsaved_questions``.
    """
    if "qtbot" not in request.fixturenames:
        yield
        return
    from emgui.ui.window import unsaved

    asked: list[str] = []
    request.node.unsaved_questions = asked

    def discard(parent, doing, name):
        asked.append(doing)
        return unsaved.DISCARD

    monkeypatch.setattr(unsaved, "ask_unsaved", discard)
    yield
