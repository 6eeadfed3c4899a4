"""The Explain dock and the step line say why EM never goes downhill, with the engine's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import run_em
from emgui.model.explain_html import panel_html, step_html
from emgui.model.explain_theory import theory_html, value
from emgui.model.explanation import describe_step
from emgui.model.presets import make_preset, preset_by_id

rng = np.random.default_rng(11)
X = np.vstack([rng.normal((0, 0), 0.7, (70, 2)), rng.normal((2.5, 1.5), 0.6, (50, 2))])
C = np.array([[0.5, 1.5], [1.5, -0.5]])


def test_an_e_step_line_says_the_bound_touches():
    snaps = list(run_em(X, C, "gmm", max_iter=3, tol=0))
    first = describe_step(snaps[1], snaps[0])
    assert first.startswith(
        "E-step: q set to the posterior: the bound now touches the log-likelihood, gap 0"
    )
    later = describe_step(snaps[3], snaps[2])
    assert later.startswith("E-step: q set to the posterior")
    gap = snaps[2].objective - snaps[2].lower_bound
    assert gap > 0 and f"(was {gap:.3g})" in later  # the gap this E-step closed
    assert "changed their most likely component" in later
    assert "  " not in later


def test_an_m_step_line_gives_the_bounds_rise_beside_the_log_likelihoods():
    snaps = list(run_em(X, C, "gmm", max_iter=3, tol=0))
    m, e = snaps[4], snaps[3]
    line = describe_step(m, e)
    rise = m.lower_bound - e.lower_bound
    assert rise > 0 and f"the bound by {rise:.3g}" in line
    assert (m.objective - e.objective) >= rise  # what the line's two numbers show


def test_the_explain_dock_gives_q_h_l_and_kl_at_both_half_steps():
    snaps = list(run_em(X, C, "gmm", max_iter=3, tol=0))
    e, m = snaps[3], snaps[4]
    text = step_html(e, snaps[2])
    assert value(e.lower_bound - e.q_entropy) in text  # Q(θ, θ_old)
    assert value(e.q_entropy) in text and "H(q)" in text and "Q(θ, θ<sub>old</sub>)" in text
    assert "touches" in text and "KL(q ‖ p)" in text
    text = step_html(m, e)
    assert value(m.lower_bound) in text and value(m.objective - m.lower_bound) in text
    assert "cannot fall" in text and "KL ≥ 0" in text
    assert f"the bound rose by {value(m.lower_bound - e.lower_bound)}" in text
    assert "Not the exact maximiser" not in text
    # The whole panel carries it too, and nothing in the initial state.
    assert "H(q)" in panel_html(X, m, None, previous=e)
    assert theory_html(snaps[0]) == ""


def test_a_large_reg_covar_is_named_where_the_m_step_is_not_the_maximiser():
    Y, centers = make_preset(preset_by_id("anisotropic"))
    snaps = list(run_em(Y, centers, "gmm", max_iter=30, tol=0, reg_covar=1.0))
    fell = [
        i
        for i in range(2, len(snaps))
        if snaps[i].phase == "M" and snaps[i].objective < snaps[i - 1].objective - 1e-6
    ]
    assert fell
    text = theory_html(snaps[fell[0]], snaps[fell[0] - 1])
    assert "Not the exact maximiser" in text and "reg_covar" in text
    assert "cannot fall" not in text and "fell by" in text and "by -" not in text


def test_kmeans_gets_the_mirror():
    Y, C2 = make_preset(preset_by_id("old-faithful-kmeans"))
    snaps = list(run_em(Y, C2, "kmeans", max_iter=20))
    m = snaps[4]
    star = snaps[5].objective
    text = theory_html(m, snaps[3], star)
    assert "J*(μ)" in text and value(star) in text and value(m.objective - star) in text
    assert "cannot rise" in text
    assert "J(c, μ) touches J*(μ)" in theory_html(snaps[3], snaps[2])
    # Without J*(μ) the M state still says why, without numbers it does not have.
    assert "cannot rise" in theory_html(m, snaps[3]) and "= " not in theory_html(m, snaps[3])


@pytest.mark.parametrize("v", [-385.46070953249983, 0.52, 160.123456])
def test_values_have_six_digits(v):
    assert value(v) == f"{v:.6g}"
    assert value(3e-14, of=-385.0) == "0"
