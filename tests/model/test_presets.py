"""Presets tell the story they promise: the textbook runs, the collapse onto an outlier."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import run_em
from emgui.model.presets import PRESETS, make_preset, preset_by_id


def _m_states(preset_id: str, max_iter: int, **options):
    preset = preset_by_id(preset_id)
    X, C = make_preset(preset)
    settings = {"algorithm": "gmm", **preset.settings, **options}
    covs = preset.initial_covariances(C.shape[0]) if settings["algorithm"] == "gmm" else None
    snaps = run_em(
        X,
        C,
        settings["algorithm"],
        settings.get("covariance_type", "full"),
        max_iter=max_iter,
        tol=0,
        reg_covar=settings.get("reg_covar", 1e-6),
        covariances=covs,
    )
    return [s for s in snaps if s.phase != "E"]


def test_ids_are_unique_and_found():
    ids = [p.id for p in PRESETS]
    assert len(set(ids)) == len(ids)
    assert preset_by_id("old-faithful").name.startswith("Old Faithful")
    with pytest.raises(KeyError, match="old-faithful"):
        preset_by_id("faithful")


def test_old_faithful_mixture_is_prml_figure_9_8():
    states = _m_states("old-faithful", 60)  # states[L] is the M state of iteration L
    best = states[-1].objective
    # Well under way at L = 5 (the symmetric start was still at -542 there), converged by 20.
    assert best - states[1].objective > 100
    assert best - states[5].objective < 5
    assert best - states[20].objective < 1e-3
    # One component upper left, one lower right, round at the start.
    start = states[0]
    assert start.means[0, 0] < 0 < start.means[0, 1] and start.means[1, 0] > 0 > start.means[1, 1]
    np.testing.assert_allclose(start.covariances, np.repeat(0.25 * np.eye(2)[None], 2, 0))
    assert preset_by_id("old-faithful").settings["ellipse_level"] == "1sd"


def test_old_faithful_kmeans_is_prml_figure_9_1():
    states = _m_states("old-faithful-kmeans", 10)
    np.testing.assert_array_equal(states[0].means, [[-1.5, 1.5], [1.5, -1.5]])
    assert states[-1].objective < states[1].objective


def test_center_on_an_outlier_collapses_onto_it():
    preset = preset_by_id("outlier")
    reg = preset.settings["reg_covar"]
    states = _m_states("outlier", 10)
    first = next(i for i, s in enumerate(states) if 2 in s.collapsed)
    assert first <= 3  # within the first iterations, as a lecture needs
    np.testing.assert_allclose(states[first].covariances[2], reg * np.eye(2), atol=1e-3 * reg)
    # The jump the description promises, of the order of log(1/reg_covar) = 27.6.
    assert states[first].objective - states[0].objective > 0.5 * np.log(1 / reg)
