"""JOURNEYS.md in the real program: a real X server and window manager, real input events."""

from __future__ import annotations

import numpy as np

from tests.e2e.desktop import SCREEN, changed, wait_until
from tests.e2e.test_unsaved import answer_question


def _session_file(path, points, centers) -> str:
    from emgui.io.session_file import SessionData, save_session
    from emgui.model.settings import Settings

    save_session(str(path), SessionData(points, np.asarray(centers, float), Settings()))
    return str(path)


def test_student_clicks_points_and_centers_then_steps_forward_and_back(launch):
    app = launch()
    g = app.geometry()
    assert g.x >= 0 and g.y >= 0 and g.x + g.width <= SCREEN[0] and g.y + g.height <= SCREEN[1]
    c = app.canvas()
    cx, cy = c.x + c.width // 2, c.y + c.height // 2
    d = app.desktop
    for dx, dy in [(-160, -20), (-140, 0), (-170, 15), (150, 40), (170, 55), (140, 70)]:
        d.click(cx + dx, cy + dy)
    d.click(cx - 150, cy, shift=True)
    d.click(cx + 155, cy + 50, shift=True)
    wait_until(lambda: app.title().endswith("*"), 5, "the title to show unsaved changes")
    d.xdotool("mousemove", str(g.x + 5), str(g.y + g.height - 5))  # no hover details
    # → the E-step recolours the points, → the M-step moves the centers and ellipses;
    # ← ← shows the same pictures again, back to the scene as placed.
    shots = [app.settled_shot(c)]
    for press in ("E", "M"):
        app.key("Right")
        shots.append(app.shot_after_change(shots[-1], 5, f"the {press}-step to show", c))
    for want, name in ((shots[1], "the E-step"), (shots[0], "the initial state")):
        app.key("Left")
        wait_until(lambda w=want: not changed(w, app.shot(c)), 5, f"← back to {name}")
    app.key("ctrl+q")
    answer_question(app, "alt+d")  # the clicked points are unsaved: Discard
    assert app.wait_exit(5) == 0


def test_open_a_session_then_step_and_quit_the_window_answers(launch, tmp_path):
    rng = np.random.default_rng(1)
    points = np.vstack([rng.normal((0, 0), 0.5, (100, 2)), rng.normal((4, 3), 0.5, (100, 2))])
    app = launch(_session_file(tmp_path / "two blobs.json", points, [[0.5, 0.5], [3.5, 2.5]]))
    wait_until(lambda: "two blobs.json" in app.title(), 10, "the title to name the session")
    before = app.settled_shot()
    app.key("Right")
    app.key("Right")
    app.shot_after_change(before, 5, "the steps to show (is a dialog left open?)")
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0


def test_presentation_mode_and_back_restores_the_layout_every_time(launch, tmp_path):
    from emgui.model.presets import PRESETS, make_preset

    faithful = next(p for p in PRESETS if p.id == "old-faithful")
    app = launch(_session_file(tmp_path / "faithful.json", *make_preset(faithful)))
    wait_until(lambda: "faithful.json" in app.title(), 10, "the data to load")
    start = app.geometry()
    layout = app.settled_shot()
    for round_trip in range(1, 3):
        app.key("F11")
        wait_until(
            lambda: (app.geometry().width, app.geometry().height) == SCREEN,
            5,
            f"full screen ({round_trip})",
        )
        app.key("Escape")
        wait_until(lambda: app.geometry() == start, 5, f"the window's place ({round_trip})")
        wait_until(
            lambda: not changed(layout, app.shot()),
            5,
            f"the same layout after F11 and Esc ({round_trip})",
        )
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0


def test_closing_during_a_run_exits_promptly_and_cleanly(launch, tmp_path):
    rng = np.random.default_rng(2)
    points = rng.normal(size=(200_000, 2)) * [1.0, 0.5]
    app = launch(_session_file(tmp_path / "many.json", points, [[0, 0], [1, 0], [0, 1]]))
    wait_until(lambda: "many.json" in app.title(), 20, "the points to load")
    app.key("End")
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0
    assert "QThread: Destroyed" not in app.output()
