import numpy as np

from emgui.model.preset_classes import preset_classes
from emgui.model.presets import PRESETS, make_preset


def test_iris_preset_comes_with_its_species_in_the_points_order():
    iris = next(p for p in PRESETS if p.id == "iris")
    points, _ = make_preset(iris)
    known = preset_classes("iris")
    assert known is not None and known.column == "species"
    assert known.names == ("setosa", "versicolor", "virginica")
    assert known.labels.shape == (points.shape[0],)
    assert np.bincount(known.labels).tolist() == [50, 50, 50]
    # setosa has the short petals: the first class's petals are the shortest
    lengths = [points[known.labels == j, 0].mean() for j in range(3)]
    assert lengths == sorted(lengths)


def test_other_presets_have_no_known_classes():
    assert preset_classes("old-faithful") is None
