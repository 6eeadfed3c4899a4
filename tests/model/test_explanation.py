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
