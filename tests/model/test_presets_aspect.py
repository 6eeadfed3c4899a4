"""Which presets show equal units on x and y: raw Old Faithful not, the others yes."""

from __future__ import annotations

import numpy as np

from emgui.model.preset_scene import preset_settings
from emgui.model.presets import PRESETS, make_preset, preset_by_id
from emgui.model.settings import Settings


def test_raw_old_faithful_turns_equal_aspect_off_and_the_others_on():
    after_raw = preset_settings(preset_by_id("old-faithful-raw"), Settings())
    assert after_raw.equal_aspect is False
    for preset in PRESETS:
        if preset.id != "old-faithful-raw":
            # Loaded after the raw one, a preset brings round circles back.
            assert preset_settings(preset, after_raw).equal_aspect is True, preset.id


def test_the_presets_that_keep_equal_aspect_have_columns_of_like_spread():
    """Equal aspect is right where the columns spread alike; raw Old Faithful is why it is
    a choice (its waiting times spread ~15 times as far as its eruption lengths)."""
    for preset in PRESETS:
        points, _ = make_preset(preset, 300)
        sd = points.std(axis=0)
        ratio = float(sd.max() / sd.min())
        if preset_settings(preset, Settings()).equal_aspect:
            assert ratio < 4, (preset.id, ratio)
        else:
            assert ratio > 10, (preset.id, ratio)
    raw, _ = make_preset(preset_by_id("old-faithful-raw"))
    assert np.ptp(raw[:, 1]) > 10 * np.ptp(raw[:, 0])
