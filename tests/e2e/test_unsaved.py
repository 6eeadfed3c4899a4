"""Quitting with unsaved work, in the real program: asked; Cancel keeps it, Discard exits."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.desktop import wait_until


def _question(app) -> str | None:
    """The Save / Discard / Cancel question's window, titled just "emgui", if it is shown."""
    ids = app.desktop.xdotool(
        "search", "--onlyvisible", "--pid", str(app.proc.pid), "--name", "^emgui", check=False
    ).split()
    # xdotool's regular expression also matches the main window's title ("emgui — ...",
    # through its COMPOUND_TEXT name): the question is the window named exactly "emgui".
    exact = [i for i in ids if app.desktop.xdotool("getwindowname", i, check=False) == "emgui"]
    return exact[0] if exact else None


def answer_question(app, key: str) -> None:
    """Wait for the Save / Discard / Cancel question and press ``key`` in it (Escape, alt+d)."""
    question = wait_until(lambda: _question(app), 5, "the Save / Discard / Cancel question")
    app.desktop.xdotool("windowactivate", "--sync", question, check=False)
    app.desktop.key(key)


def _autosaves(app) -> list[Path]:
    home = Path(app.log).parent
    return list(home.rglob("autosave*.npz"))


def _add_points(app) -> None:
    c = app.canvas()
    cx, cy = c.x + c.width // 2, c.y + c.height // 2
    for dx, dy in [(-120, -20), (-100, 10), (110, 30), (130, 50)]:
        app.desktop.click(cx + dx, cy + dy)
    app.desktop.click(cx - 110, cy, shift=True)
    wait_until(lambda: app.title().endswith("*"), 5, "the title to show unsaved changes")


def test_quit_with_unsaved_work_asks_cancel_keeps_it_discard_exits(launch):
    app = launch()
    _add_points(app)
    wait_until(lambda: _autosaves(app), 5, "the autosave of the edits")
    app.key("ctrl+q")
    answer_question(app, "Escape")  # Cancel
    wait_until(lambda: _question(app) is None, 5, "the question to close on Cancel")
    assert app.proc.poll() is None, "Cancel must keep the window"
    assert app.title().endswith("*")
    assert _autosaves(app), "Cancel keeps the autosave"
    app.key("ctrl+q")
    answer_question(app, "alt+d")  # Discard
    assert app.wait_exit(10) == 0
    assert not _autosaves(app), "a quit with Discard removes the autosave"


def test_quit_without_edits_asks_nothing(launch):
    app = launch()
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0  # a question would keep it running
