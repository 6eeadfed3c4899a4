"""Agreement with known classes, checked against scikit-learn, scipy and the definitions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import adjusted_rand_score
from sklearn.metrics.cluster import contingency_matrix

from emgui.model.agreement import (
    adjusted_rand_index,
    agreement,
    colour_slots,
    confusion_matrix,
    match_components,
)

PROPS = settings(max_examples=200, deadline=None)


def _partition(n_max=60, groups=6):
    return st.integers(1, n_max).flatmap(
        lambda n: st.tuples(
            st.lists(st.integers(0, groups - 1), min_size=n, max_size=n),
            st.lists(st.integers(0, groups - 1), min_size=n, max_size=n),
        )
    )


def _ari(a, b):
    return adjusted_rand_index(confusion_matrix(np.array(a), 6, np.array(b), 6))


def test_confusion_matrix_counts_by_definition():
    classes = np.array([0, 0, 1, 1, 1, 2])
    labels = np.array([1, 1, 0, 1, 0, 0])
    expected = np.zeros((3, 2), dtype=int)
    for c, j in zip(classes, labels, strict=True):
        expected[c, j] += 1
    assert confusion_matrix(classes, 3, labels, 2).tolist() == expected.tolist()


def test_confusion_matrix_keeps_empty_classes_and_components():
    m = confusion_matrix(np.array([0, 0]), 3, np.array([2, 2]), 4)
    assert m.shape == (3, 4) and m[0, 2] == 2 and m.sum() == 2


@PROPS
@given(_partition())
def test_ari_equals_scikit_learn(pair):
    a, b = pair
    assert _ari(a, b) == pytest.approx(adjusted_rand_score(a, b), abs=1e-12)


@PROPS
@given(_partition())
def test_confusion_equals_scikit_learn_contingency(pair):
    a, b = pair
    ours = confusion_matrix(np.array(a), 6, np.array(b), 6)
    theirs = contingency_matrix(a, b)
    # scikit-learn keeps only the values that occur: compare those rows and columns
    rows, cols = sorted(set(a)), sorted(set(b))
    assert ours[np.ix_(rows, cols)].tolist() == theirs.tolist()


@PROPS
@given(_partition(), st.permutations(range(6)))
def test_ari_is_symmetric_and_blind_to_renumbering(pair, perm):
    a, b = pair
    renumbered = [perm[x] for x in b]
    assert _ari(a, b) == pytest.approx(_ari(b, a), abs=1e-12)
    assert _ari(a, b) == pytest.approx(_ari(a, renumbered), abs=1e-12)
    assert _ari(a, a) == 1.0


def test_ari_at_scale_equals_scikit_learn():
    rng = np.random.default_rng(3)
    classes = rng.integers(0, 3, 100_000)
    labels = np.where(rng.random(100_000) < 0.8, classes, rng.integers(0, 4, 100_000))
    ours = adjusted_rand_index(confusion_matrix(classes, 3, labels, 4))
    assert ours == pytest.approx(adjusted_rand_score(classes, labels), abs=1e-12)
    assert 0.3 < ours < 0.9


def _brute_force_best(confusion):
    n_classes, k = confusion.shape
    best = -1
    for perm in itertools.permutations(range(max(n_classes, k)), n_classes):
        best = max(best, sum(confusion[i, j] for i, j in enumerate(perm) if j < k))
    return best


@PROPS
@given(
    st.integers(1, 5).flatmap(
        lambda c: st.integers(1, 5).flatmap(
            lambda k: st.lists(st.integers(0, 30), min_size=c * k, max_size=c * k).map(
                lambda v: np.array(v).reshape(c, k)
            )
        )
    )
)
def test_matching_is_a_best_one_to_one_assignment(confusion):
    match = match_components(confusion)
    chosen = [j for j in match if j is not None]
    assert len(chosen) == len(set(chosen)) == min(confusion.shape)
    total = sum(confusion[i, j] for i, j in enumerate(match) if j is not None)
    assert total == _brute_force_best(confusion)


@PROPS
@given(st.integers(1, 12), st.integers(1, 12), st.integers(0, 2**32 - 1))
def test_matching_total_equals_scipy(n_classes, k, seed):
    confusion = np.random.default_rng(seed).integers(0, 1000, (n_classes, k))
    rows, cols = linear_sum_assignment(confusion, maximize=True)
    match = match_components(confusion)
    ours = sum(confusion[i, j] for i, j in enumerate(match) if j is not None)
    assert ours == confusion[rows, cols].sum()


def test_agreement_of_a_renumbered_perfect_clustering():
    classes = np.array([0, 0, 1, 1, 2, 2])
    labels = np.array([2, 2, 0, 0, 1, 1])
    result = agreement(classes, ("a", "b", "c"), labels, 3)
    assert result.ari == 1.0
    assert result.component_of_class == (2, 0, 1)
    assert result.order == (2, 0, 1)
    assert result.matched_fraction == 1.0
    d = result.to_dict()
    assert d["classes"] == ["a", "b", "c"] and d["confusion"][0] == [0, 0, 2]


def test_more_components_than_classes_keeps_every_component_in_the_order():
    result = agreement(np.array([0, 0, 1]), ("a", "b"), np.array([3, 3, 1]), 4)
    assert result.component_of_class == (3, 1)
    assert sorted(result.order) == [0, 1, 2, 3] and result.order[:2] == (3, 1)


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError, match="3 class labels for 2 points"):
        confusion_matrix(np.array([0, 1, 0]), 2, np.array([0, 1]), 2)


def test_colour_slots_give_each_class_its_colour_whatever_the_numbering():
    classes = np.array([0, 0, 1, 1, 2, 2])
    for labels in ([2, 2, 0, 0, 1, 1], [1, 1, 2, 2, 0, 0]):
        match = agreement(classes, ("a", "b", "c"), np.array(labels), 3).component_of_class
        slots = colour_slots(match, 3)
        # the component holding class i is drawn in slot i
        assert [slots[labels[2 * i]] for i in range(3)] == [0, 1, 2]


@PROPS
@given(
    st.integers(1, 8).flatmap(
        lambda k: st.tuples(
            st.just(k),
            st.lists(st.one_of(st.none(), st.integers(0, k - 1)), max_size=k, unique=True),
        )
    )
)
def test_colour_slots_are_a_permutation(case):
    k, match = case
    slots = colour_slots(tuple(match), k)
    assert sorted(slots.tolist()) == list(range(k))
    for i, j in enumerate(match):
        if j is not None:
            assert slots[j] == i


def test_a_runs_colour_slots_come_from_its_first_assignments_and_need_the_same_points():
    from emgui.model.agreement import run_colour_slots

    classes = np.array([0, 0, 1, 1, 2, 2])
    slots = run_colour_slots(classes, 3, np.array([1, 1, 2, 2, 0, 0]), 3)
    assert slots.tolist() == [2, 0, 1]  # component 1 holds class 0: colour 0, and so on
    assert run_colour_slots(None, 0, np.array([0, 1]), 2) is None  # no classes
    assert run_colour_slots(classes, 3, None, 3) is None  # no assignment yet
    assert run_colour_slots(classes, 3, np.array([0, 1]), 2) is None  # other points
