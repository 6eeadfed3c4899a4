"""Known classes go with the points they were read for, and no others."""

from __future__ import annotations

import numpy as np

from emgui.model.known_classes import KnownClasses, classes_of


def test_classes_are_used_only_for_the_points_they_were_read_for():
    known = KnownClasses(np.array([0, 1, 1]), ("a", "b"), "kind")
    assert known.fits(3) and not known.fits(4)
    assert classes_of(known, 3) is known.labels
    assert classes_of(known, 4) is None  # a point added since
    assert classes_of(None, 3) is None


def test_known_classes_compare_by_identity():
    """Frozen but not compared by value: ExportOptions holding them compare without numpy's
    ambiguous array truth."""
    a = KnownClasses(np.array([0, 1]), ("a", "b"))
    b = KnownClasses(np.array([0, 1]), ("a", "b"))
    assert a == a and a != b
