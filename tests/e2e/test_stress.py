"""Anyone, under stress: closing while a file loads, a broken file (JOURNEYS.md)."""

from __future__ import annotations

import time

import numpy as np

from tests.e2e.desktop import wait_until
from tests.e2e.test_journeys import _session_file


def test_quitting_while_a_large_session_loads_exits_promptly_and_cleanly(launch, tmp_path):
    points = np.random.default_rng(4).normal(size=(600_000, 2))
    app = launch(_session_file(tmp_path / "large.json", points, [[0, 0], [1, 1]]))
    assert "large.json" not in app.title()  # still loading
    start = time.monotonic()
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0
    assert time.monotonic() - start < 3
    assert "QThread: Destroyed" not in app.output()


def test_a_broken_file_gives_a_message_and_the_window_answers(launch, tmp_path):
    bad = tmp_path / "broken.csv"
    bad.write_text("x,y\n1,2\n3,oops\n")
    app = launch(str(bad))
    # The message box names the line; Enter closes it and the window is the same as before.
    box = wait_until(
        lambda: app.desktop.xdotool("search", "--onlyvisible", "--name", "^emgui$", check=False),
        10,
        "the message box",
    )
    assert box
    app.desktop.key("Return")
    wait_until(
        lambda: (
            not app.desktop.xdotool("search", "--onlyvisible", "--name", "^emgui$", check=False)
        ),
        5,
        "the message box to close",
    )
    assert "broken.csv" not in app.title()
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0
