"""Restarts in matched colours: the same cluster keeps its colour from one panel to the next,
whatever number each start gives it (matched to the best run, or to known classes)."""

from __future__ import annotations

import numpy as np

from emgui.core.select import restarts
from emgui.model.known_classes import KnownClasses
from emgui.model.palette import component_rgb, pack_argb
from emgui.model.settings import Settings
from emgui.render.analysis_figure import restart_states

rng = np.random.default_rng(5)
CENTRES = np.array([[0.0, 0.0], [6.0, 0.0], [3.0, 5.0]])
POINTS = np.vstack([rng.normal(c, 0.5, (80, 2)) for c in CENTRES])
CLASSES = np.repeat(np.array([2, 0, 1], np.uint8), 80)  # blob b holds class CLASSES[80 b]
PLAIN = pack_argb(component_rgb(3))


def _colour_of_blob(state, b: int) -> int:
    colours, counts = np.unique(state.colors[80 * b : 80 * (b + 1)], return_counts=True)
    return int(colours[counts.argmax()])


def _runs_that_found_the_blobs():
    """Restarts that each put one cluster on each blob, numbered differently by their starts."""
    runs = restarts(POINTS, 3, list(range(12)), "kmeans", init="random")
    found = [r for r in runs if len(set(r.final.labels[[0, 80, 160]].tolist())) == 3]
    assert len({tuple(r.final.labels[[0, 80, 160]]) for r in found}) > 1
    return found


def test_each_blob_keeps_the_best_runs_colour_in_every_panel():
    runs = _runs_that_found_the_blobs()
    states = restart_states(POINTS, runs, Settings(algorithm="kmeans"))
    for b in range(3):
        assert len({_colour_of_blob(s, b) for s in states}) == 1
    assert states[0].slots.tolist() == [0, 1, 2]  # the best run in its own colours


def test_with_known_classes_each_blob_has_its_classs_colour_in_every_panel():
    runs = _runs_that_found_the_blobs()
    settings = Settings(algorithm="kmeans")
    known = KnownClasses(CLASSES, ("a", "b", "c"))
    states = restart_states(POINTS, runs, settings, known=known)
    assert all(s.known is known for s in states)  # shapes by class too, when asked
    for b in range(3):
        cls = int(CLASSES[80 * b])
        assert {_colour_of_blob(s, b) for s in states} == {int(PLAIN[cls])}
