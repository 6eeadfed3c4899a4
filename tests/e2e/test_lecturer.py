"""The lecturer's journey in the real program: a clicker's keys, whatever has focus."""

from __future__ import annotations

from tests.e2e.desktop import changed, wait_until
from tests.e2e.test_journeys import _session_file


def test_clicker_keys_step_the_run_even_with_a_settings_field_focused(launch, tmp_path):
    from emgui.model.presets import PRESETS, make_preset

    faithful = next(p for p in PRESETS if p.id == "old-faithful")
    app = launch(_session_file(tmp_path / "faithful.json", *make_preset(faithful)))
    wait_until(lambda: "faithful.json" in app.title(), 10, "the data to load")
    g = app.geometry()
    # Click into the "Max iterations" field of the settings panel: it takes the focus.
    app.desktop.click(g.x + 200, g.y + 326)
    c = app.canvas()
    before = app.settled_shot(c)
    # Right, as some clickers send it: the E-step shows, although a field has focus.
    app.desktop.key("Right")
    e_step = app.shot_after_change(before, 5, "Right to step with a field focused", c)
    app.desktop.key("Right")
    app.shot_after_change(e_step, 5, "a second Right to show the M-step", c)
    app.desktop.key("Left")
    wait_until(lambda: not changed(e_step, app.shot(c)), 5, "Left back to the E-step")
    app.key("ctrl+q")
    assert app.wait_exit(5) == 0


def test_the_next_start_has_the_layout_presentation_mode_left(desktop, tmp_path):
    from emgui.model.presets import PRESETS, make_preset
    from tests.e2e.desktop import SCREEN, App

    faithful = next(p for p in PRESETS if p.id == "old-faithful")
    session = _session_file(tmp_path / "faithful.json", *make_preset(faithful))
    home = tmp_path / "home"
    home.mkdir()
    first = App(desktop, [session], home)
    try:
        wait_until(lambda: "faithful.json" in first.title(), 10, "the data to load")
        start = first.geometry()
        layout = first.settled_shot()
        first.key("F11")
        wait_until(lambda: (first.geometry().width, first.geometry().height) == SCREEN, 5, "F11")
        first.key("ctrl+q")  # quit from presentation mode: what it left is what is kept
        assert first.wait_exit(5) == 0
    finally:
        first.kill()
    second = App(desktop, [session], home)  # the same home: the same settings file
    try:
        wait_until(lambda: "faithful.json" in second.title(), 10, "the data to load again")
        assert second.geometry() == start
        wait_until(
            lambda: not changed(layout, second.shot()), 5, "the same layout at the next start"
        )
        second.key("ctrl+q")
        assert second.wait_exit(5) == 0
    finally:
        second.kill()
