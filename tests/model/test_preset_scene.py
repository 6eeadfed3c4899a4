"""The rule for loading a preset and the words the "Generate points" dialog shows agree."""

from __future__ import annotations

import dataclasses

import pytest

from emgui.model.preset_scene import changed_settings, preset_settings, replacement_summary
from emgui.model.presets import PRESETS
from emgui.model.settings import Settings

USER = Settings(
    algorithm="soft-kmeans",
    covariance_type="diag",
    init="kmeans++",
    k=5,
    seed=9,
    max_iter=7,
    tol=0.0,
    reg_covar=0.25,
    beta=3.0,
    pace_ms=900,
    ellipse_level="3sd",
    soft_colors=False,
    show_trails=False,
    show_voronoi=False,
    show_changed=False,
)


@pytest.mark.parametrize("preset", PRESETS, ids=lambda p: p.id)
@pytest.mark.parametrize("current", [Settings(), USER], ids=["defaults", "user's"])
def test_every_setting_that_changes_is_named_and_no_other(preset, current):
    after = preset_settings(preset, current)
    text = replacement_summary(preset, current, 8, 2, True, True)
    changed = {name for name, _, _ in changed_settings(current, after)}
    for f in dataclasses.fields(Settings):
        assert (f"{f.name} " in text) == (f.name in changed), (f.name, text)
    assert after.init == "centers"
    assert after.reg_covar == preset.settings.get("reg_covar", Settings().reg_covar)
    # What the user chose and the preset does not name is kept.
    for name in ("k", "seed", "beta", "pace_ms", "soft_colors", "show_trails"):
        assert getattr(after, name) == getattr(current, name)
    for name, value in preset.settings.items():
        assert getattr(after, name) == value


def test_the_summary_names_what_the_scene_loses():
    outlier = next(p for p in PRESETS if p.id == "outlier")
    text = replacement_summary(outlier, Settings(), 12345, 3, True, True)
    assert "12 345 points" in text
    assert "3 centers with their hand-drawn Gaussians and weights" in text
    assert "reg_covar 1e-06 → 1e-12" in text
    assert "its own round Gaussians" in text
    plain = replacement_summary(PRESETS[5], Settings(), 0, 1, False, False)
    assert "1 center by" in plain and "Gaussians and" not in plain
    assert "The settings are kept" in plain
