"""The EM engine: pure numpy, no Qt (a test enforces it)."""

from emgui.core.init import INIT_METHODS, initial_means
from emgui.core.linalg2 import DegenerateCovarianceError
from emgui.core.options import EMOptions
from emgui.core.results import labels_of, responsibilities
from emgui.core.run import run_em
from emgui.core.snapshot import ALGORITHMS, COVARIANCE_TYPES, PHASES, Snapshot
from emgui.core.theory import BoundPath, bound_path, point_gaps
from emgui.core.validate import MAX_ABS_COORDINATE, MAX_COMPONENTS, count_distinct

__all__ = [
    "ALGORITHMS",
    "COVARIANCE_TYPES",
    "INIT_METHODS",
    "MAX_ABS_COORDINATE",
    "MAX_COMPONENTS",
    "PHASES",
    "BoundPath",
    "DegenerateCovarianceError",
    "EMOptions",
    "Snapshot",
    "bound_path",
    "count_distinct",
    "initial_means",
    "labels_of",
    "point_gaps",
    "responsibilities",
    "run_em",
]
