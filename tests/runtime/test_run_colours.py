"""With known classes a run draws each class's matched component in the class's colour,
fixed before its first frame and kept to its end; without them, the plain order."""

from __future__ import annotations

import math

import numpy as np

from emgui.model.known_classes import KnownClasses
from emgui.model.palette import PALETTE_HEX, hex_to_rgb, pack_argb
from emgui.model.scene_data import SceneData
from emgui.runtime.run_controller import RunController
from emgui.runtime.session import Session

rng = np.random.default_rng(3)
LEFT = rng.normal((0, 0), 0.4, (100, 2))
RIGHT = rng.normal((5, 0), 0.4, (100, 2))
POINTS = np.vstack([LEFT, RIGHT])
# Class 0 is on the right, class 1 on the left; component 0 starts on the left.
CLASSES = np.repeat(np.array([1, 0], np.uint8), 100)
CENTERS = [[0.5, 0.0], [4.5, 0.0]]
KNOWN = KnownClasses(CLASSES, ("right", "left"), "side")


def _argb(slot: int) -> int:
    return int(pack_argb(np.array(hex_to_rgb(PALETTE_HEX[slot]), np.uint8)))


def _run_to_end(qtbot, c: RunController) -> None:
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5000)
    c.go_end()
    qtbot.waitUntil(lambda: c.finished, timeout=10000)


def _classes_run(qtbot, algorithm: str, max_iter: int) -> tuple[Session, RunController]:
    """Two blobs with known classes, run to the end from the scene's two centers."""
    session = Session()
    c = RunController(session)
    session.update_settings(algorithm=algorithm, init="centers", tol=0.0, max_iter=max_iter)
    session.replace_all(SceneData.make(POINTS, CENTERS), "t")
    session.set_known_classes(KNOWN)
    _run_to_end(qtbot, c)
    return session, c


def test_each_class_keeps_its_colour_from_the_first_frame_to_the_last(qtbot):
    _session, c = _classes_run(qtbot, "kmeans", 5)
    frames = c.history.frames
    assert c.history.slots.tolist() == [1, 0]  # component 0 holds class 1: colour 1
    assert c.colour_slots is c.history.slots
    e_step = c.history.colors_for((1, "hard"))
    assert set(e_step[:100].tolist()) == {_argb(1)}  # the left blob: class 1's colour
    assert set(e_step[100:].tolist()) == {_argb(0)}
    assert len(frames) == 11
    c.shutdown()


def test_clearing_the_classes_runs_again_in_the_plain_order(qtbot):
    session, c = _classes_run(qtbot, "gmm", 3)
    assert c.colour_slots.tolist() == [1, 0]
    first_run = c.history
    session.set_known_classes(None)
    qtbot.waitUntil(lambda: c.history is not first_run and c.cursor == 0, timeout=5000)
    assert c.colour_slots is None
    c.go_end()
    qtbot.waitUntil(lambda: c.finished, timeout=10000)
    blended = c.history.colors_for((1, "soft"))
    assert blended[0] == _argb(0)  # a left point, certain: component 0's plain colour
    c.shutdown()


def test_while_a_new_run_starts_the_last_runs_colours_stay(qtbot):
    """Dragging a center restarts the run at every move: the colours must not flicker to
    the plain order between the restart and the new run's first frame."""
    session, c = _classes_run(qtbot, "kmeans", 2)
    slots = c.colour_slots
    seen = []  # what a redraw would use, at each signal the window redraws on
    c.state_changed.connect(lambda: seen.append((len(c.history), c.colour_slots)))
    c.display.connect(lambda _: seen.append((len(c.history), c.colour_slots)))
    old_run = c.history
    session.move_center(0, (0.6, 0.1))
    qtbot.waitUntil(lambda: c.history is not old_run and c.cursor == 0, timeout=5000)
    between = [s for n, s in seen if n == 0]
    assert between and all(s is slots for s in between)
    assert c.colour_slots.tolist() == [1, 0]
    c.shutdown()


def test_a_first_e_step_that_fails_still_shows_the_initial_state(qtbot, monkeypatch):
    """The worker computes the first E-step before sending the initial state (to match the
    colours): an error there still comes after the initial state, as without classes."""
    from emgui.core import run_em
    from emgui.model.run_types import RunRequest
    from emgui.runtime import worker
    from emgui.runtime.worker import RunHandle
    from tests.runtime.test_worker import Recorder, _join

    def failing_after_the_start(*args, **kwargs):
        yield next(run_em(*args, **kwargs))
        raise ValueError("injected")

    monkeypatch.setattr(worker, "run_em", failing_after_the_start)
    pts = POINTS.copy()
    pts.flags.writeable = False
    request = RunRequest(1, pts, np.array(CENTERS), algorithm="kmeans", classes=CLASSES)
    handle = RunHandle(request)
    rec = Recorder(handle)
    handle.start()
    handle.worker.set_target(math.inf)
    qtbot.waitUntil(lambda: bool(rec.finished), timeout=5000)
    _join(qtbot, handle)
    assert rec.finished == ["error"] and "injected" in rec.failed[0]
    assert [f.snapshot.phase for f in rec.frames] == ["init"]


def test_a_point_added_to_a_table_with_classes_keeps_the_colours(qtbot):
    """The classes no longer fit the points (one more): no matching, but the run keeps the
    last run's colours rather than falling back to the plain order."""
    session, c = _classes_run(qtbot, "kmeans", 3)
    assert c.colour_slots.tolist() == [1, 0]
    first_run = c.history
    session.add_points(np.array([[0.2, 0.1]]))
    qtbot.waitUntil(lambda: c.history is not first_run and len(c.history) > 0, timeout=5000)
    assert c.history.slots.tolist() == [1, 0]
    c.go_end()
    qtbot.waitUntil(lambda: c.finished, timeout=10000)
    e_step = c.history.colors_for((1, "hard"))
    assert set(e_step[:100].tolist()) == {_argb(1)}  # the left blob: still class 1's colour
    session.set_known_classes(None)  # no classes at all: the plain order again
    qtbot.waitUntil(lambda: c.cursor == 0 and c.history.slots is None, timeout=5000)
    c.shutdown()
