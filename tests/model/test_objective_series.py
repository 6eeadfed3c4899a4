"""What the objective curve draws: both curves, falls under reg_covar, the y range, the ticks."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import run_em
from emgui.model.objective_series import (
    curve_series,
    falls,
    iteration_tick_step,
    y_range,
)
from emgui.model.presets import make_preset, preset_by_id


def faithful(algorithm: str):
    preset = preset_by_id("old-faithful" if algorithm == "gmm" else "old-faithful-kmeans")
    X, C = make_preset(preset)
    snaps = list(
        run_em(X, C, algorithm, covariances=preset.initial_covariances(len(C)), max_iter=50)
    )
    return X, snaps


def test_kmeans_other_curve_is_j_star_of_each_state():
    X, snaps = faithful("kmeans")
    series = curve_series(snaps)
    for i, s in enumerate(snaps):
        if s.phase == "init":
            assert np.isnan(series.other[i])
            continue
        # J*(μ) from the definition: every point to its nearest center of this state.
        d2 = ((X[:, None, :] - s.means[None]) ** 2).sum(axis=2).min(axis=1).sum()
        if s.phase == "M" and not (i + 1 < len(snaps) or s.converged):
            assert np.isnan(series.other[i])
        else:
            assert series.other[i] == pytest.approx(d2, rel=1e-9)
        # The mirror of the mixture's bound: J(c, μ) never lies below J*(μ).
        assert series.objective[i] >= series.other[i] - 1e-9 * abs(d2)


def test_phases_and_positions():
    _, snaps = faithful("kmeans")
    series = curve_series(snaps[:5])
    assert list(series.x) == [0.0, 0.5, 1.0, 1.5, 2.0]
    assert list(series.is_init) == [True, False, False, False, False]
    assert list(series.is_e) == [False, True, False, True, False]
    assert list(series.is_m) == [False, False, True, False, True]


def test_a_fall_under_a_large_reg_covar_is_found_where_it_happens():
    Y, centers = make_preset(preset_by_id("anisotropic"))
    snaps = list(run_em(Y, centers, "gmm", max_iter=30, tol=0, reg_covar=1.0))
    found = falls(snaps)
    want = [
        i
        for i in range(1, len(snaps))
        if snaps[i].phase == "M" and snaps[i].objective < snaps[i - 1].objective - 1e-6
    ]
    assert want and set(want) <= set(found)
    # Every mark is a real fall of an M state, not rounding noise.
    for i in found:
        assert snaps[i].phase == "M"
        assert snaps[i].objective < snaps[i - 1].objective - 1e-12 * abs(snaps[i].objective)
    # With the default reg_covar EM is monotone: nothing to mark.
    assert falls(list(run_em(Y, centers, "gmm", max_iter=30, tol=0))).size == 0


def test_y_range_leaves_out_a_start_that_would_flatten_the_climb():
    _, snaps = faithful("gmm")
    series = curve_series(snaps)
    r = y_range(series)
    rest = series.objective[2:]
    assert r.focused and r.from_index == 2
    assert r.lo <= rest.min() and r.hi >= rest.max()
    assert r.lo > series.objective[0]  # the start, −2475, is off the scale
    whole = y_range(series, whole=True)
    assert not whole.focused and whole.lo == pytest.approx(series.objective[0])


def test_y_range_keeps_everything_when_the_start_does_not_dominate():
    from emgui.model.objective_series import CurveSeries

    _, snaps = faithful("gmm")
    # Only the first three states: nothing after the first iteration to focus on.
    assert not y_range(curve_series(snaps[:3])).focused
    # A steady climb: the first iteration is a small part of it.
    y = np.array([0.0, 0.0, 1.0, 1.0, 2.0, 2.0, 3.0, 3.0, 4.0])
    steady = CurveSeries(
        x=np.arange(9) / 2, objective=y, other=y - 0.1, phase=np.array(["E"] * 9), falls=np.zeros(0)
    )
    r = y_range(steady)
    assert not r.focused and (r.lo, r.hi) == (-0.1, 4.0)


@pytest.mark.parametrize(
    ("last", "step"), [(0.5, 1), (1, 1), (10, 1), (12, 2), (20, 2), (40, 5), (100, 10), (450, 50)]
)
def test_iteration_ticks_are_whole_numbers(last, step):
    assert iteration_tick_step(last) == step
    assert last / step <= 10
