"""Shared data and checks for the engine tests (imported by the tests/core modules)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from emgui.core import Snapshot, run_em

ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = ROOT / "resources" / "data"
COV_TYPES = ("full", "tied", "diag", "spherical")


def load_example(name: str) -> np.ndarray:
    """The first two columns of an example data set in resources/data, as float64 (n, 2)."""
    return np.loadtxt(DATA_DIR / name, delimiter=",", skiprows=1, usecols=(0, 1))


def old_faithful() -> np.ndarray:
    return load_example("old_faithful.csv")


def iris_petals() -> np.ndarray:
    return load_example("iris_petals.csv")


def standardise(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(axis=0)) / X.std(axis=0)


def blobs(
    seed: int, n: int = 300, k: int = 3, spread: float = 10.0, scale: float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """n points around k random anisotropic centers; returns (X, true labels)."""
    rng = np.random.default_rng(seed)
    centers = rng.uniform(-spread, spread, size=(k, 2))
    labels = rng.integers(k, size=n)
    mixing = rng.normal(size=(k, 2, 2)) * scale
    noise = rng.normal(size=(n, 2))
    X = centers[labels] + np.einsum("nij,nj->ni", mixing[labels], noise)
    return X, labels


def random_points(seed: int, n: int) -> np.ndarray:
    """A random 2-D point cloud of varied shape: a few clusters, anisotropic, some duplicates."""
    rng = np.random.default_rng(seed)
    n_clusters = int(rng.integers(1, 5))
    scale = 10.0 ** rng.uniform(-1, 2)
    centers = rng.normal(size=(n_clusters, 2)) * scale * rng.uniform(0.5, 5)
    mixing = rng.normal(size=(n_clusters, 2, 2)) * scale * rng.uniform(0.05, 1, (n_clusters, 1, 1))
    labels = rng.integers(n_clusters, size=n)
    X = centers[labels] + np.einsum("nij,nj->ni", mixing[labels], rng.normal(size=(n, 2)))
    if n > 10 and rng.random() < 0.3:  # a few exact duplicates
        m = int(rng.integers(1, n // 5 + 1))
        X[rng.choice(n, m, replace=False)] = X[rng.choice(n, m, replace=False)]
    return X


def run(X, centers, algorithm="gmm", covariance_type="full", **kw) -> list[Snapshot]:
    return list(run_em(X, centers, algorithm, covariance_type, **kw))


def snapshot_arrays(s: Snapshot) -> dict[str, np.ndarray]:
    """Every array a snapshot holds (None ones left out), by field name."""
    names = (
        "means",
        "covariances",
        "weights",
        "labels",
        "previous_labels",
        "assign_means",
        "assign_covariances",
        "assign_weights",
        "resp",
    )
    return {name: getattr(s, name) for name in names if getattr(s, name) is not None}


def to_sklearn_precisions(covariances: np.ndarray, covariance_type: str) -> np.ndarray:
    """Full (k, 2, 2) covariances of one type as scikit-learn's precisions_init for that type."""
    if covariance_type == "full":
        return np.linalg.inv(covariances)
    if covariance_type == "tied":
        return np.linalg.inv(covariances[0])
    variances = np.stack([covariances[:, 0, 0], covariances[:, 1, 1]], axis=1)
    if covariance_type == "diag":
        return 1.0 / variances
    return 1.0 / variances[:, 0]


def sklearn_full_covariances(gm, k: int) -> np.ndarray:
    """A fitted GaussianMixture's covariances_ as full (k, 2, 2) matrices."""
    c = gm.covariances_
    if gm.covariance_type == "full":
        return c
    if gm.covariance_type == "tied":
        return np.repeat(c[None], k, axis=0)
    if gm.covariance_type == "diag":
        return np.stack([np.diag(v) for v in c])
    return c[:, None, None] * np.eye(2)
