"""The points prepared once per run: centered, with their second-moment features, in chunks."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

# About 1 MB of float64 per (k x rows) temporary, so a chunk's working set
# stays in the CPU cache; whole-array temporaries at 1e6 x 8 would not.
CHUNK_ELEMENTS = 1 << 17
# numpy releases the GIL inside its loops, so chunks run in parallel threads;
# below this many points the threads cost more than they save.
PARALLEL_MIN_POINTS = 50_000
N_THREADS = max(1, min(4, os.cpu_count() or 1))
# A run's arithmetic places a point or a mean only to about eps x the data's reach (the
# largest centered coordinate): a mean is a sum of coordinates, a second moment a sum of
# their squares. A Gaussian narrower than a million times that is placed by rounding, not
# by the data, and EM's log-likelihood then jumps at random from step to step; with
# reg_covar > 0 no variance goes below the square of this share of the reach.
RESOLVABLE_SPREAD = 1e6 * float(np.finfo(np.float64).eps)

T = TypeVar("T")
_pool: ThreadPoolExecutor | None = None


def set_threads(n: int) -> None:
    """How many threads an E-step may use (the window keeps one core for itself)."""
    global N_THREADS, _pool
    n = max(1, int(n))
    if n != N_THREADS and _pool is not None:
        _pool.shutdown(wait=False)
        _pool = None
    N_THREADS = n


def _executor() -> ThreadPoolExecutor:
    global _pool
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=N_THREADS, thread_name_prefix="emgui-em")
    return _pool


@dataclass(frozen=True, eq=False)
class PreparedData:
    """Points shifted to their mean, plus the features [x, y, x², xy, y²] the M-steps sum.

    EM is translation-equivariant, so it runs on centered coordinates: data
    offset by 1e7 then loses no digits to the offset in squares and sums.
    """

    origin: np.ndarray  # (2,) the mean subtracted
    # (5, n): rows x, y, x*x, x*y, y*y of the centered points. Points run along
    # the last axis so that reductions over the k components (axis 0 of a
    # (k, rows) block) are vectorised across points; numpy is slow along a
    # short last axis.
    features: np.ndarray
    scale2: float  # mean squared distance to the origin; a yardstick for "tiny"
    reach2: float = 0.0  # max x² + max y² of the centered points: what rounding scales with

    @property
    def variance_floor(self) -> float:
        """The smallest variance a regularised run keeps (see RESOLVABLE_SPREAD)."""
        return RESOLVABLE_SPREAD * RESOLVABLE_SPREAD * self.reach2

    @property
    def n(self) -> int:
        return int(self.features.shape[1])

    @property
    def xy(self) -> np.ndarray:
        """(2, n) centered coordinates."""
        return self.features[:2]

    def chunks(self, k: int) -> Iterator[slice]:
        """Column slices small enough that a (k, rows) float64 temporary stays in cache."""
        step = max(1024, CHUNK_ELEMENTS // max(k, 1))
        for start in range(0, self.n, step):
            yield slice(start, min(start + step, self.n))

    def map_chunks(self, k: int, work: Callable[[list[slice]], T]) -> list[T]:
        """Run ``work`` on groups of chunks, in parallel threads for large n; one result per group.

        Each group is a contiguous run of chunks, so ``work`` may write its own
        slice of a shared output array and return partial sums to be added.
        """
        chunks = list(self.chunks(k))
        groups = 1 if self.n < PARALLEL_MIN_POINTS else min(N_THREADS, len(chunks))
        if groups <= 1:
            return [work(chunks)]
        bounds = np.linspace(0, len(chunks), groups + 1).astype(int)
        parts = [chunks[a:b] for a, b in itertools.pairwise(bounds)]
        return list(_executor().map(work, parts))


def prepare(X: np.ndarray) -> PreparedData:
    """Center X (n, 2) and compute its moment features once for a whole run."""
    origin = X.mean(axis=0)
    features = np.empty((5, X.shape[0]), dtype=np.float64)
    np.subtract(X.T, origin[:, None], out=features[:2])
    x, y = features[0], features[1]
    np.multiply(x, x, out=features[2])
    np.multiply(x, y, out=features[3])
    np.multiply(y, y, out=features[4])
    scale2 = float(features[2].mean() + features[4].mean())
    reach2 = float(features[2].max() + features[4].max())
    return PreparedData(origin=origin, features=features, scale2=scale2, reach2=reach2)


def label_dtype(k: int) -> np.dtype:
    """The smallest unsigned integer type that holds labels 0..k-1 (a byte for k <= 256)."""
    return np.dtype(np.uint8 if k <= 256 else np.uint16)


def tagged_extreme(values: np.ndarray, out_index: np.ndarray, *, largest: bool) -> np.ndarray:
    """Column-wise max (or min) of a (k, rows) block, writing the arg into ``out_index``.

    numpy's argmax over a short axis runs point by point; instead the plain,
    vectorised max (or min) is taken, the entries equal to it are marked, and
    the first marked row is found with byte-sized arithmetic. Exact ties go to
    the first index, whatever the sign of the values (as numpy's argmax and
    scikit-learn decide them), so labels do not depend on where the origin is.
    """
    k = values.shape[0]
    if k > 255:
        raise ValueError("at most 255 components")
    extreme = values.max(axis=0) if largest else values.min(axis=0)
    # Row j of a hit scores k - j: the column's largest score is its first hit.
    score = np.equal(values, extreme).view(np.uint8)
    score *= np.arange(k, 0, -1, dtype=np.uint8)[:, None]
    index = score.max(axis=0)
    np.subtract(np.uint8(k), index, out=index)
    # A column of NaN has no hit (score 0, index k); keep the index valid, the callers reject NaN.
    np.minimum(index, np.uint8(k - 1), out=index)
    out_index[:] = index
    return extreme
