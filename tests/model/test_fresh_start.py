"""New data, new start: centers drawn from the new points by k-means++, reproducibly."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core.init import initial_means
from emgui.model.fresh_start import centers_for_new_points, new_data
from tests.core.core_helpers import load_example


def test_centers_come_from_the_new_points_with_k_and_seed():
    iris = load_example("iris_petals.csv")
    centers = centers_for_new_points(iris, 3, seed=7)
    assert centers.shape == (3, 2)
    # every center is one of the new points, none of Old Faithful's
    assert all((np.abs(iris - c).sum(axis=1) == 0).any() for c in centers)
    np.testing.assert_array_equal(centers, initial_means(iris, 3, "kmeans++", 7))
    np.testing.assert_array_equal(centers, centers_for_new_points(iris, 3, seed=7))
    assert not np.array_equal(centers, centers_for_new_points(iris, 3, seed=8))


def test_kmeans_plus_plus_spreads_the_start_over_the_clusters():
    rng = np.random.default_rng(0)
    blobs = np.concatenate([rng.normal(c, 0.1, size=(200, 2)) for c in ((0, 0), (10, 0), (0, 10))])
    centers = centers_for_new_points(blobs, 3, seed=0)
    nearest = np.argmin(((centers[:, None] - np.array([(0, 0), (10, 0), (0, 10)])) ** 2).sum(-1), 1)
    assert sorted(nearest.tolist()) == [0, 1, 2]


def test_placed_centers_mean_kmeans_plus_plus_and_k_is_capped_by_the_points():
    pts = np.array([[0.0, 0.0], [1.0, 1.0]])
    np.testing.assert_array_equal(
        centers_for_new_points(pts, 5, 0, "centers"), initial_means(pts, 2, "kmeans++", 0)
    )
    assert centers_for_new_points(np.empty((0, 2)), 3).shape == (0, 2)
    with pytest.raises(ValueError, match="k must be at least 1"):
        centers_for_new_points(pts, 0)


def test_new_data_standardises_then_starts_on_the_standardised_points():
    faithful = load_example("old_faithful.csv")
    data = new_data(faithful, ("eruptions", "waiting"), 2, seed=1, standardise=True)
    np.testing.assert_allclose(data.points.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(data.points.std(axis=0), 1, atol=1e-12)
    assert data.columns == ("eruptions (standardised)", "waiting (standardised)")
    np.testing.assert_array_equal(data.centers, initial_means(data.points, 2, "kmeans++", 1))
    np.testing.assert_allclose(data.scaling.points(faithful), data.points)
    plain = new_data(faithful, None, 2, seed=1)
    assert plain.scaling is None and plain.columns is None
    np.testing.assert_array_equal(plain.points, faithful)
