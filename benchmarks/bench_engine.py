"""Time one EM iteration of run_em against scikit-learn, same data and initial parameters.

Run: python benchmarks/bench_engine.py [--sizes 1e4 1e5 1e6] [--ks 3 8] [--iters 10]

emgui: an iteration is an E half-step and an M half-step; the heavy work (the
M-step and the pass over the points for the next E-step) happens while the M
snapshot is produced, so the time between consecutive M snapshots is one
iteration. The median over about ``--iters`` iterations is reported.

scikit-learn: ``fit`` has a fixed cost (validation, setting up the initial
parameters, a final E-step) on top of its iterations, so fits with
``max_iter=1`` and ``max_iter=1+R`` (tol=0) are timed alternately and the
difference of the medians divided by the iterations run in between is its
per-iteration time. The two are measured in alternation, so that a busy
spell of a shared machine falls on both. GaussianMixture gets weights_init, means_init and
precisions_init from run_em's initial state; KMeans(algorithm="lloyd",
n_init=1) gets the same initial centers.

Targets (from the issue): at N=1e6 a GMM iteration costs at most 0.1x of
scikit-learn's and a k-means iteration at most 3x.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from benchmarks.timing import command_line, load_average
from emgui.core import run_em


def make_data(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n points in k overlapping anisotropic blobs, and k initial centers drawn from the points.

    The blobs overlap so that Lloyd's algorithm keeps changing labels for the
    iterations timed (scikit-learn stops early once no label changes).
    """
    rng = np.random.default_rng(seed)
    means = rng.uniform(-6, 6, size=(k, 2))
    mixing = rng.normal(size=(k, 2, 2))
    labels = rng.integers(k, size=n)
    X = means[labels] + np.einsum("nij,nj->ni", mixing[labels], rng.normal(size=(n, 2)))
    centers = X[rng.choice(n, size=k, replace=False)]
    return np.ascontiguousarray(X), centers


def emgui_iteration_times(X: np.ndarray, centers: np.ndarray, algorithm: str, iters: int):
    """Seconds between consecutive M snapshots of one run of ``iters`` timed iterations."""
    stamps = []
    for snap in run_em(X, centers, algorithm, "full", max_iter=iters + 1, tol=0):
        if snap.phase == "M":
            stamps.append(time.perf_counter())
    return list(np.diff(stamps))


def sklearn_fit_time(model, X: np.ndarray) -> tuple[float, int]:
    """Seconds for one fit, and the iterations it ran."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        start = time.perf_counter()
        model.fit(X)
        return time.perf_counter() - start, int(model.n_iter_)


def measure(X, centers, algorithm, make_model, iters: int, extra: int, repeats: int):
    """(emgui, scikit-learn) ms per iteration, measured in alternation.

    Each repeat times a share of emgui's iterations, then scikit-learn fits
    of 1 and of 1 + extra iterations, so that a slow spell of the machine
    falls on both. emgui: median over all iterations timed; scikit-learn:
    (median long fit - median short fit) / iterations between.
    """
    ours, short, long_, between = [], [], [], []
    share = max(3, -(-iters // repeats))
    for _ in range(repeats):
        ours += emgui_iteration_times(X, centers, algorithm, share)
        short.append(sklearn_fit_time(make_model(1), X)[0])
        seconds, n_iter = sklearn_fit_time(make_model(1 + extra), X)
        long_.append(seconds)
        between.append(n_iter - 1)
    if min(between) < 1:
        raise RuntimeError("scikit-learn converged after one iteration; use harder data")
    theirs = (statistics.median(long_) - statistics.median(short)) / min(between)
    return 1e3 * statistics.median(ours), 1e3 * theirs


def bench_gmm(X: np.ndarray, centers: np.ndarray, iters: int, extra: int, repeats: int):
    first = next(iter(run_em(X, centers, "gmm", "full", max_iter=0)))
    precisions = np.linalg.inv(np.array(first.covariances))

    def model(max_iter: int) -> GaussianMixture:
        return GaussianMixture(
            n_components=first.k,
            covariance_type="full",
            weights_init=np.array(first.weights),
            means_init=np.array(first.means),
            precisions_init=precisions,
            max_iter=max_iter,
            tol=0,
        )

    return measure(X, centers, "gmm", model, iters, extra, repeats)


def bench_kmeans(X: np.ndarray, centers: np.ndarray, iters: int, extra: int, repeats: int):
    def model(max_iter: int) -> KMeans:
        return KMeans(
            n_clusters=centers.shape[0],
            algorithm="lloyd",
            n_init=1,
            init=centers,
            tol=0,
            max_iter=max_iter,
        )

    return measure(X, centers, "kmeans", model, iters, extra, repeats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1e4, 1e5, 1e6])
    parser.add_argument("--ks", type=int, nargs="+", default=[3, 8])
    parser.add_argument("--iters", type=int, default=10, help="emgui iterations timed")
    args = parser.parse_args()

    print(command_line())
    load = load_average()
    print(
        f"CPUs: {os.cpu_count()}, load average {load:.2f}, numpy {np.__version__}, "
        f"scikit-learn {sklearn.__version__}"
    )
    header = (
        f"{'N':>9} {'k':>2}  {'algorithm':<10} {'emgui ms/iter':>14} "
        f"{'sklearn ms/iter':>16} {'ratio':>7}"
    )
    print(header)
    print("-" * len(header))
    total_start = time.perf_counter()
    for size in args.sizes:
        n = int(size)
        # (extra iterations, repeats): long differences where an iteration is quick, fewer
        # and shorter repeats where one scikit-learn GMM fit takes seconds
        # (a k-means fit costs 200 ms of setup at 1e6 points, against 15 ms per iteration)
        if n <= 10_000:
            plans = {"gmm full": (20, 7), "kmeans": (50, 7)}
        elif n <= 100_000:
            plans = {"gmm full": (10, 5), "kmeans": (30, 5)}
        else:
            plans = {"gmm full": (3, 2), "kmeans": (20, 3)}
        for k in args.ks:
            X, centers = make_data(n, k, seed=k)
            for name, bench in (("gmm full", bench_gmm), ("kmeans", bench_kmeans)):
                extra, repeats = plans[name]
                ours, theirs = bench(X, centers, args.iters, extra, repeats)
                print(
                    f"{n:>9} {k:>2}  {name:<10} {ours:>14.2f} {theirs:>16.2f} "
                    f"{ours / theirs:>7.2f}",
                    flush=True,
                )
    print(f"total {time.perf_counter() - total_start:.0f} s")


if __name__ == "__main__":
    main()
