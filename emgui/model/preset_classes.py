"""Known classes that come with a preset (the iris species), for the classes-vs-clusters view."""

from __future__ import annotations

import csv

import numpy as np

from emgui.model.known_classes import KnownClasses
from emgui.model.resources import resource_dir

# preset id -> (shipped file, the column holding the classes)
_CLASS_COLUMNS = {"iris": ("iris_petals.csv", "species")}


def preset_classes(preset_id: str) -> KnownClasses | None:
    """The known classes of a preset's points, in the points' order; None for most presets."""
    if preset_id not in _CLASS_COLUMNS:
        return None
    name, column = _CLASS_COLUMNS[preset_id]
    with open(resource_dir() / "data" / name, encoding="utf-8", newline="") as f:
        values = [row[column] for row in csv.DictReader(f)]
    names = tuple(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(names)}
    labels = np.array([index[v] for v in values], dtype=np.int64)
    labels.flags.writeable = False
    return KnownClasses(labels, names, column)
