"""Standardising: equal to scikit-learn's StandardScaler; labels and starts follow the data."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.preprocessing import StandardScaler

from emgui.model.standardise import standardisation_of, standardise, standardised_names
from tests.core.core_helpers import load_example


def test_old_faithful_equals_standard_scaler():
    xy = load_example("old_faithful.csv")
    ours = standardise(xy)
    np.testing.assert_allclose(ours, StandardScaler().fit_transform(xy), rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(ours.std(axis=0), 1, atol=1e-12)
    assert not ours.flags.writeable


def test_centers_and_covariances_follow_the_points():
    rng = np.random.default_rng(1)
    xy = rng.normal(size=(500, 2)) * [2.0, 30.0] + [5.0, 70.0]
    s = standardisation_of(xy)
    centers = xy[:3]
    np.testing.assert_allclose(s.points(centers), standardise(xy)[:3], atol=1e-12)
    cov = np.cov(xy.T, bias=True)[None]
    np.testing.assert_allclose(
        s.covariances(cov)[0], np.cov(standardise(xy).T, bias=True), atol=1e-12
    )


def test_a_constant_column_is_named():
    xy = np.array([[1.0, 5.0], [2.0, 5.0], [3.0, 5.0]])
    with pytest.raises(ValueError, match="column 'waiting' has the same value in every row"):
        standardisation_of(xy, ("eruptions", "waiting"))


def test_axis_labels_say_standardised_once():
    assert standardised_names(("eruptions", "waiting")) == (
        "eruptions (standardised)",
        "waiting (standardised)",
    )
    assert standardised_names(None) == ("x (standardised)", "y (standardised)")
    assert standardised_names(standardised_names(None)) == standardised_names(None)
