"""The agreement panel shows the engine's numbers: matched order, counts and the index."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import adjusted_rand_score

from emgui.ui.agreement_panel import AgreementPanel


@pytest.fixture
def panel(qtbot):
    p = AgreementPanel()
    qtbot.addWidget(p)
    return p


def _cells(panel):
    t = panel.table
    return [[int(t.item(r, c).text()) for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_counts_in_matched_order_and_the_index(panel):
    classes = np.array([0, 0, 0, 1, 1, 2, 2, 2])
    labels = np.array([2, 2, 1, 0, 0, 1, 1, 1])
    panel.set_classes(classes, ("setosa", "versicolor", "virginica"), "species")
    panel.show_state(labels, 3)
    assert _cells(panel) == [[2, 0, 1], [0, 2, 0], [0, 0, 3]]
    header = [panel.table.horizontalHeaderItem(c).text() for c in range(3)]
    assert header == ["C3", "C1", "C2"]
    rows = [panel.table.verticalHeaderItem(r).text() for r in range(3)]
    assert rows == ["setosa", "versicolor", "virginica"]
    ari = adjusted_rand_score(classes, labels)
    assert panel.agreement.ari == pytest.approx(ari)
    assert f"{ari:.3f}" in panel.title.text() and "species" in panel.title.text()


def test_updates_reuse_the_table_and_follow_a_new_state(panel):
    rng = np.random.default_rng(0)
    classes = rng.integers(0, 3, 100_000)
    panel.set_classes(classes, ("a", "b", "c"))
    panel.show_state(classes.copy(), 3)
    first_item = panel.table.item(0, 0)
    assert panel.agreement.ari == 1.0 and "nearly the classes" in panel.title.text()
    noisy = rng.integers(0, 3, 100_000)
    panel.show_state(noisy, 3)
    assert panel.table.item(0, 0) is first_item  # no new items per frame
    assert sum(map(sum, _cells(panel))) == 100_000
    assert abs(panel.agreement.ari) < 0.01 and "chance" in panel.title.text()


def test_no_classes_no_state_and_changed_points(panel):
    assert not panel.table.isVisibleTo(panel) and "No known classes" in panel.title.text()
    panel.show_state(np.array([0, 1]), 2)  # nothing to compare with: still empty
    assert panel.agreement is None
    panel.set_classes(np.array([0, 1, 1]), ("a", "b"), "kind")
    panel.show_state(None, 2)
    assert "No assignments yet" in panel.title.text()
    panel.show_state(np.array([0, 1]), 2)
    assert panel.agreement is None and "points changed" in panel.title.text()
