"""Example scenes: the classic textbook cases, each with initial centers chosen to teach something.

Synthetic presets can be generated at any size (the "Generate points" dialog
uses them up to 1e6 points); the real data sets have their own size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from emgui.model.resources import resource_dir
from emgui.model.standardise import standardise


@dataclass(frozen=True)
class Preset:
    id: str  # for the command line: emgui run --preset ID
    name: str
    description: str
    make: Callable[[int | None, int], tuple[np.ndarray, np.ndarray]]  # (n, seed) -> points, centers
    default_n: int | None = None  # None: a real data set of fixed size
    settings: dict = field(default_factory=dict)
    columns: tuple[str, str] | None = None
    # Round initial Gaussians of this variance (GMM), instead of the engine's data-derived rule.
    initial_variance: float | None = None

    @property
    def resizable(self) -> bool:
        return self.default_n is not None

    def initial_covariances(self, k: int) -> np.ndarray | None:
        if self.initial_variance is None:
            return None
        return np.repeat((self.initial_variance * np.eye(2))[None], k, axis=0)


@cache
def _csv(name: str) -> tuple[np.ndarray, tuple[str, str]]:
    """A shipped data set (two first columns) and its column names."""
    path = resource_dir() / "data" / name
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
    data = np.loadtxt(path, delimiter=",", skiprows=1, usecols=(0, 1))
    return data, (header[0], header[1])


def _mixture(n: int, seed: int, means, covs, weights) -> np.ndarray:
    """n points from a Gaussian mixture, in a fixed order for a given seed."""
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(n, np.asarray(weights) / np.sum(weights))
    parts = [
        rng.multivariate_normal(m, c, size=c_n)
        for m, c, c_n in zip(means, covs, counts, strict=True)
    ]
    points = np.vstack(parts)
    return points[rng.permutation(n)]


def _ten_points(n, seed):
    a = np.array([[1.0, 1.0], [1.0, 2.0], [2.0, 1.0], [2.0, 2.0], [1.5, 1.5]])
    b = a + 5.0
    # Both centers start near the lower group: the first steps show one center
    # wandering across to the upper group.
    return np.vstack([a, b]), np.array([[0.5, 0.5], [2.5, 2.5]])


def _faithful_raw(n, seed):
    x, _ = _csv("old_faithful.csv")
    mu, sd = x.mean(axis=0), x.std(axis=0)
    # Bishop's figure 9.1 start, mapped back from standardised units.
    return x, mu + sd * np.array([[-1.5, 1.5], [1.5, -1.5]])


def _faithful_std(n, seed):
    x, _ = _csv("old_faithful.csv")
    return standardise(x), np.array([[-1.5, 1.5], [1.5, -1.5]])


def _faithful_mixture(n, seed):
    # PRML's figure 9.8 story: one round Gaussian upper left, one lower right; the
    # components separate by L = 5 and have converged by L = 20. The k-means start of
    # figure 9.1, exactly symmetric about the data's center, is a saddle of the
    # likelihood for round equal Gaussians: EM creeps along the diagonal for ~40
    # iterations before the clusters appear. Moving one center breaks the symmetry.
    x, _ = _csv("old_faithful.csv")
    return standardise(x), np.array([[-1.5, 1.5], [1.5, -0.5]])


def _iris(n, seed):
    x, _ = _csv("iris_petals.csv")
    return x, np.array([[2.0, 0.5], [4.0, 1.0], [5.5, 2.2]])


def _blobs(n, seed):
    means = [(-4.0, 0.0), (3.0, 4.0), (3.5, -3.5)]
    covs = [np.eye(2) * 0.8] * 3
    return _mixture(n, seed, means, covs, [1, 1, 1]), np.array(
        [[0.0, 0.0], [1.0, 1.0], [-1.0, 1.0]]
    )


def _anisotropic(n, seed):
    # scikit-learn's "anisotropically distributed blobs": unit blobs sheared by
    # one linear map, so all three are long, thin and parallel. They sit side
    # by side across their short axis, closer than their length: k-means cuts
    # across them, a full-covariance mixture follows them.
    t = np.array([[0.6, -0.64], [-0.41, 0.85]])
    cov = t.T @ t * 0.55  # long axis sd 0.94, short axis sd 0.14
    _, vectors = np.linalg.eigh(cov)
    short, long = vectors[:, 0], vectors[:, 1]
    means = [a * short + b * long for a, b in [(-1.3, 1.0), (0.0, -0.5), (1.3, 0.4)]]
    pts = _mixture(n, seed, means, [cov] * 3, [1, 1, 1])
    starts = [m + 0.9 * long * s for m, s in zip(means, (-1, 1, -1), strict=True)]
    return pts, np.array(starts)


def _unequal(n, seed):
    means = [(-3.0, 0.0), (3.0, 0.0), (0.0, 4.0)]
    covs = [np.eye(2) * 0.2, np.eye(2) * 3.0, np.eye(2) * 0.8]
    pts = _mixture(n, seed, means, covs, [1, 2, 1])
    return pts, np.array([[-1.0, -1.0], [1.0, -1.0], [0.0, 2.0]])


def _overlap(n, seed):
    means = [(-0.8, 0.0), (0.8, 0.3)]
    covs = [np.array([[1.0, 0.3], [0.3, 0.8]]), np.array([[0.9, -0.2], [-0.2, 1.1]])]
    pts = _mixture(n, seed, means, covs, [1, 1])
    return pts, np.array([[-2.0, 1.5], [2.0, -1.5]])


def _outlier(n, seed):
    pts = _mixture(max(n - 1, 2), seed, [(0.0, 0.0), (4.0, 1.0)], [np.eye(2), np.eye(2)], [1, 1])
    outlier = np.array([[9.0, 6.0]])
    # One center right on the outlier, with a round initial Gaussian small enough that
    # the outlier is all it owns: the first M-step shrinks it onto that point, to a
    # variance of reg_covar, and that point's log-density jumps by about -log(reg_covar).
    return np.vstack([pts, outlier]), np.array([[0.0, 1.0], [4.0, 0.0], [9.0, 6.0]])


PRESETS: tuple[Preset, ...] = (
    Preset(
        "ten-points",
        "Ten points, two clusters",
        "Two tight groups; both centers start in one of them.",
        _ten_points,
        settings={"algorithm": "kmeans"},
    ),
    Preset(
        "old-faithful-raw",
        "Old Faithful (raw)",
        "272 eruptions: length and waiting time in minutes.",
        _faithful_raw,
        # Waiting times spread twenty times as far as eruption lengths: at 1:1 a thin strip.
        settings={"equal_aspect": False},
        columns=("eruptions (min)", "waiting (min)"),
    ),
    Preset(
        "old-faithful",
        "Old Faithful, mixture (PRML figure 9.8)",
        "Standardised; EM for two Gaussians, 1-sd ellipses: separated by L = 5, "
        "converged by L = 20.",
        _faithful_mixture,
        settings={"algorithm": "gmm", "covariance_type": "full", "ellipse_level": "1sd"},
        columns=("eruptions (standardised)", "waiting (standardised)"),
        initial_variance=0.25,
    ),
    Preset(
        "old-faithful-kmeans",
        "Old Faithful, k-means (PRML figure 9.1)",
        "Standardised; k-means from Bishop's symmetric start, as in figure 9.1.",
        _faithful_std,
        settings={"algorithm": "kmeans"},
        columns=("eruptions (standardised)", "waiting (standardised)"),
    ),
    Preset(
        "iris",
        "Iris petals",
        "Fisher's 150 irises: petal length and width (cm); three species.",
        _iris,
        columns=("petal length (cm)", "petal width (cm)"),
    ),
    Preset(
        "blobs",
        "Well-separated blobs",
        "Three round clusters: everything works.",
        _blobs,
        default_n=300,
    ),
    Preset(
        "anisotropic",
        "Anisotropic blobs",
        "Elongated clusters: k-means cuts across, a full GMM fits.",
        _anisotropic,
        default_n=450,
    ),
    Preset(
        "unequal-variances",
        "Unequal variances",
        "One tight, one wide, one medium cluster.",
        _unequal,
        default_n=400,
    ),
    Preset(
        "overlap",
        "Heavy overlap",
        "Two overlapping Gaussians: soft assignments matter.",
        _overlap,
        default_n=400,
    ),
    Preset(
        "outlier",
        "Center on an outlier",
        "A component collapses onto one point: its variance falls to reg_covar (1e-12 here) "
        "and the log-likelihood jumps by about log(1/reg_covar); at reg_covar = 0 it would "
        "be infinite: a mixture's likelihood has no maximum.",
        _outlier,
        default_n=200,
        settings={"algorithm": "gmm", "reg_covar": 1e-12},
        initial_variance=0.5,
    ),
)


def preset_by_id(preset_id: str) -> Preset:
    """The preset with this id; KeyError naming the ids there are."""
    for preset in PRESETS:
        if preset.id == preset_id:
            return preset
    raise KeyError(f"no preset {preset_id!r}; the presets are {', '.join(p.id for p in PRESETS)}")


def make_preset(preset: Preset, n: int | None = None, seed: int = 0):
    """Points and initial centers of a preset (``n`` points for synthetic ones)."""
    size = n if (n is not None and preset.resizable) else preset.default_n
    points, centers = preset.make(size, seed)
    return np.ascontiguousarray(points, dtype=np.float64), np.asarray(centers, dtype=np.float64)
