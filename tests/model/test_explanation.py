"""The numbers the Explain panel and the step line show are the engine's."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import responsibilities, run_em
from emgui.core.results import point_terms
from emgui.model.explain_html import num, panel_html
from emgui.model.explanation import describe_step

rng = np.random.default_rng(5)
X = np.vstack([rng.normal((0, 0), 0.7, (60, 2)), rng.normal((2.5, 1.5), 0.6, (60, 2))])
C = np.array([[0.5, 1.5], [1.5, -0.5]])


@pytest.mark.parametrize("cov", ["full", "diag", "spherical", "tied"])
def test_gmm_point_terms_equal_engine_responsibilities(cov):
    snaps = list(run_em(X, C, "gmm", cov, max_iter=3, tol=0))
    for snap in snaps[1:]:
        resp = responsibilities(X, snap)
        terms = point_terms(X, snap)
        assert np.allclose(terms["resp"], resp, rtol=1e-5, atol=1e-6)  # resp is float32
        assert np.array_equal(terms["resp"].argmax(axis=1), snap.labels)
        w = snap.assign_weights
        gamma = w * terms["density"] / (w * terms["density"]).sum(axis=1, keepdims=True)
        assert np.allclose(gamma, terms["resp"], rtol=1e-12)


def test_kmeans_point_terms_give_the_labels():
    snaps = list(run_em(X, C, "kmeans", max_iter=5, tol=0))
    for snap in snaps[1:]:
        d2 = point_terms(X, snap)["dist2"]
        assert np.array_equal(d2.argmin(axis=1), snap.labels)


def test_panel_shows_the_numbers():
    snaps = list(run_em(X, C, "gmm", max_iter=2, tol=0))
    e = snaps[3]  # iteration 2, E-step
    i = 7
    text = panel_html(X, e, ("point", i))
    gamma = point_terms(X[i], e)["resp"][0]
    for value in gamma:
        assert num(value) in text
    assert "Iteration 2: E-step" in text
    m = snaps[2]
    text = panel_html(X, m, ("center", 1))
    assert num(m.weights[1]) in text and num(m.means[1][0]) in text
    assert num(m.weights[1] * X.shape[0]) in text


def test_step_line_counts_changed_points_and_objective_change():
    snaps = list(run_em(X, C, "kmeans", max_iter=4, tol=0))
    e2 = snaps[3]
    changed = int(np.count_nonzero(e2.labels != snaps[1].labels))
    assert f"{changed} point" in describe_step(e2, snaps[2])
    m2 = snaps[4]
    line = describe_step(m2, snaps[3])
    moved = np.sqrt(((m2.means - snaps[3].means) ** 2).sum(axis=1)).max()
    assert f"{moved:.3g}" in line
    assert "inertia" in line


def test_soft_kmeans_component_size_is_the_sum_of_responsibilities():
    from emgui.model.explain_html import component_html, component_sizes

    Y = np.vstack([X, X[:40] + 0.1])  # unequal clusters: N_j is not n / k
    snaps = list(run_em(Y, C, "soft-kmeans", max_iter=2, tol=0, beta=2.0))
    for snap in snaps[1:]:
        want = responsibilities(Y, snap).sum(axis=0)
        np.testing.assert_allclose(component_sizes(Y, snap), want, rtol=1e-5)
        text = component_html(0, snap, Y)
        assert num(want[0]) in text and "n π" not in text
    assert abs(want[0] - Y.shape[0] / 2) > 5


def test_gmm_component_size_in_an_e_state_is_that_e_steps():
    from emgui.model.explain_html import component_sizes

    snaps = list(run_em(X, C, "gmm", max_iter=2, tol=0))
    e, m = snaps[3], snaps[4]
    np.testing.assert_allclose(component_sizes(X, e), m.weights * X.shape[0], rtol=1e-5)


def test_initial_weights_are_the_ones_set():
    from emgui.model.explain_html import step_html

    w = np.array([0.75, 0.25])
    init = next(iter(run_em(X, C, "gmm", weights=w, max_iter=1)))
    text = step_html(init)
    assert "1/k" not in text and "0.75" in text and "0.25" in text
    assert "1/k" in step_html(next(iter(run_em(X, C, "gmm", max_iter=1))))


@pytest.mark.parametrize(
    ("cov", "words"),
    [("full", "T</sup> / N"), ("diag", "diag("), ("spherical", "σ"), ("tied", "shared")],
)
def test_m_step_formula_is_the_covariance_types_own(cov, words):
    from emgui.model.explain_html import step_html

    m = list(run_em(X, C, "gmm", cov, max_iter=1, tol=0))[2]
    text = step_html(m)
    assert words in text
    others = {"full": "T</sup> / N", "diag": "diag(", "spherical": "σ", "tied": "shared"}
    assert all(w not in text for c, w in others.items() if c != cov and c != "full")


def test_rounding_noise_is_shown_as_zero_and_unchanged():
    from emgui.model.explain_html import mat

    assert mat([[0.4084, -2.132e-14], [-2.132e-14, 1.5]]) == "[[0.4084, 0], [0, 1.5]]"
    assert mat([[1e-12, 0.0], [0.0, 1e-12]]) == "[[1.000e-12, 0], [0, 1.000e-12]]"  # data
    snaps = list(run_em(X, C, "gmm", max_iter=200, tol=0))
    last, before = snaps[-1], snaps[-2]
    assert abs(last.objective - snaps[-3].objective) < 1e-9
    assert "unchanged" in describe_step(last, before)
    assert "fell" not in describe_step(last, before)


def test_plain_numbers_plurals_and_one_converged():
    from emgui.model.explanation import _num

    assert (_num(2684.3), _num(0.18412), _num(12.34), _num(3.2e8)) == (
        "2684",
        "0.184",
        "12.3",
        "3.2e+08",
    )
    one = next(iter(run_em(X, C[:1], "gmm", max_iter=1)))
    assert "1 Gaussian." in describe_step(one, None)
    snaps = list(run_em(X, C, "kmeans", max_iter=50))
    line = describe_step(snaps[-1], snaps[-2])
    assert line.count("onverged") == 1 and f"after {snaps[-1].iteration} iteration" in line
    assert "  " not in line


def test_a_log_likelihood_that_falls_under_reg_covar_is_explained():
    from emgui.model.presets import make_preset, preset_by_id

    Y, centers = make_preset(preset_by_id("anisotropic"))
    snaps = list(run_em(Y, centers, "gmm", max_iter=30, tol=0, reg_covar=1.0))
    falls = [i for i in range(2, len(snaps)) if snaps[i].phase == "M"
             and snaps[i].objective < snaps[i - 2].objective - 1e-6]  # fmt: skip
    assert falls, "reg_covar = 1 makes some M-step lower the log-likelihood"
    line = describe_step(snaps[falls[0]], snaps[falls[0] - 1])
    assert "fell" in line and "reg_covar" in line
