"""A restart loaded into the window keeps the colours of its thumbnail."""

from __future__ import annotations

import numpy as np

from emgui.core import select as analysis_jobs
from emgui.render.analysis_figure import restart_states
from tests.ui.window_helpers import set_scene

rng = np.random.default_rng(5)
BLOBS = np.vstack([rng.normal(c, 0.5, (80, 2)) for c in ((0, 0), (6, 0), (3, 5))])


def _blob_colours(colors: np.ndarray) -> list[int]:
    out = []
    for b in range(3):
        values, counts = np.unique(colors[80 * b : 80 * (b + 1)], return_counts=True)
        out.append(int(values[counts.argmax()]))
    return out


def test_a_loaded_restart_is_drawn_in_its_thumbnails_colours(qtbot, window):
    set_scene(window, BLOBS, [[0, 0], [6, 0], [3, 5]], algorithm="kmeans")
    runs = analysis_jobs.restarts(BLOBS, 3, list(range(12)), "kmeans", init="random")
    states = restart_states(BLOBS, runs, window.session.settings)
    # a run that found the three blobs, numbered otherwise than the best one
    n = next(
        i
        for i, (r, s) in enumerate(zip(runs, states, strict=True))
        if len(set(r.final.labels[[0, 80, 160]].tolist())) == 3 and s.slots.tolist() != [0, 1, 2]
    )
    window.show_restarts()  # Analysis ▸ Restarts, its clicks wired to the window
    restarts = window._restarts_window
    restarts.show_results(runs)
    restarts.grid.itemAt(n).widget().click()  # "Load this run into the main window"
    c = window.controller
    qtbot.waitUntil(lambda: c.finished and len(c.history) > 2, timeout=10000)
    qtbot.waitUntil(lambda: window.scene.state.snapshot is c.history.snapshots[-1], timeout=5000)
    assert _blob_colours(window.scene.state.colors) == _blob_colours(states[n].colors)
    restarts.close()
