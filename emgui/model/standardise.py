"""Standardising the data: each column shifted to mean 0 and scaled to standard deviation 1.

Bishop standardises Old Faithful so (PRML figures 9.1 and 9.8): eruption times in minutes
and waiting times in tens of minutes would otherwise make round clusters look like lines.
The population standard deviation (divide by n) is used, as scikit-learn's StandardScaler
does; the axis labels say "(standardised)".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

SUFFIX = " (standardised)"


@dataclass(frozen=True, eq=False)
class Standardisation:
    """The affine map x -> (x - mean) / scale of one data set, for its points and its start."""

    mean: np.ndarray  # (2,)
    scale: np.ndarray  # (2,) population standard deviations, > 0

    def points(self, xy: np.ndarray) -> np.ndarray:
        """Points (or centers) in standardised units, as a new read-only array."""
        out = (np.asarray(xy, dtype=np.float64) - self.mean) / self.scale
        out.setflags(write=False)
        return out

    def covariances(self, covariances: np.ndarray) -> np.ndarray:
        """(k, 2, 2) covariances in standardised units: D⁻¹ S D⁻¹ with D = diag(scale)."""
        return np.asarray(covariances, dtype=np.float64) / np.outer(self.scale, self.scale)


def standardisation_of(xy: np.ndarray, columns: tuple[str, str] | None = None) -> Standardisation:
    """The standardisation of ``xy`` (n, 2); ValueError naming a column that does not vary."""
    xy = np.asarray(xy, dtype=np.float64)
    if xy.ndim != 2 or xy.shape[1] != 2 or xy.shape[0] == 0:
        raise ValueError("standardising needs at least one point")
    mean = xy.mean(axis=0)
    scale = xy.std(axis=0)
    names = columns or ("x", "y")
    for axis in (0, 1):
        # A spread at rounding level of the values is no spread: dividing by it amplifies noise.
        if not scale[axis] > 1e-12 * max(1.0, float(np.abs(xy[:, axis]).max())):
            raise ValueError(
                f"column {names[axis]!r} has the same value in every row; it cannot be standardised"
            )
    return Standardisation(mean=mean, scale=scale)


def standardise(xy: np.ndarray) -> np.ndarray:
    """``xy`` with each column at mean 0 and (population) standard deviation 1."""
    return standardisation_of(xy).points(xy)


def standardised_names(columns: tuple[str, str] | None) -> tuple[str, str]:
    """Axis labels for standardised data: "eruptions (standardised)", or "x (standardised)"."""
    x, y = columns or ("x", "y")
    return (x if x.endswith(SUFFIX) else x + SUFFIX, y if y.endswith(SUFFIX) else y + SUFFIX)
