"""History: a run's frames and a bounded cache of their point colours."""

from __future__ import annotations

import numpy as np

from emgui.model import history as history_module
from emgui.model.history import History


def test_colour_cache_stays_within_its_budget_oldest_dropped_first(monkeypatch):
    monkeypatch.setattr(history_module, "COLOR_CACHE_BYTES", 10 * 400)
    history = History.empty()
    for i in range(50):
        history.remember_colors((i, "hard"), np.full(100, i, np.uint32))  # 400 bytes each
    assert history.color_bytes == sum(c.nbytes for c in history.colors.values()) <= 4000
    assert list(history.colors) == [(i, "hard") for i in range(40, 50)]
    # Re-remembering a key replaces it without counting it twice.
    history.remember_colors((45, "hard"), np.zeros(100, np.uint32))
    assert history.color_bytes == 4000 and history.colors_for((45, "hard"))[0] == 0
    # A revisited entry becomes the newest and survives the next eviction.
    history.colors_for((40, "hard"))
    history.remember_colors((50, "hard"), np.zeros(100, np.uint32))
    assert (40, "hard") in history.colors and (41, "hard") not in history.colors
