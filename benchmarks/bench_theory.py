"""What the EM lower bound costs: per E-step, and along a step (bound_path), beside scikit-learn.

Run: python benchmarks/bench_theory.py [--k 5] [--ts 41] [--repeats 5]

1. The bound on every snapshot (issue 14: under 5 % of an E-step at 1e6 points). The E-step is
   one pass over the points (gmm.e_step); the bound adds, per iteration, the moments about each
   component's mean, Q(θ; q) at the old and the new parameters, and H(q): O(k) arithmetic and no
   pass (the central moments are the M-step's own and are not counted). Both are timed in
   alternation; medians, and the ratio (E-step + bound) / E-step.
2. bound_path at 1e4 and 1e6 points, k = 5, 41 values of t from -0.5 to 1.5 (targets: 100 ms and
   1 s): the objective needs one pass per t, the bound is a closed form. Beside it, scikit-learn
   computing only the objective at the same 41 parameter sets (GaussianMixture.score_samples,
   KMeans.score with the parameters set on a fitted model); at 1e6 points it is timed on every
   8th set and scaled to all 41, as one call takes 0.2 s to 1 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import sklearn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import make_data
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.mixture import GaussianMixture

from benchmarks.timing import command_line, cpu, load_average, median_of_ms
from emgui.core import bound, bound_path, gmm, run_em
from emgui.core.data import N_THREADS, prepare


def bench_e_step(n: int, k: int, repeats: int) -> None:
    X, centers = make_data(n, k, seed=k)
    snaps = list(run_em(X, centers, "gmm", "full", max_iter=2, tol=0))
    data = prepare(X)
    params = gmm.GaussianParams(
        np.array(snaps[3].means) - data.origin, np.array(snaps[3].covariances), snaps[3].weights
    )
    stats = gmm.e_step(data, params)
    central = gmm.central_moments(data, stats, params)
    new = gmm.m_step(data, stats, "full", 1e-6, params, central)

    def the_bound() -> None:
        moments = bound.moments(data, stats, params, central=central)
        old_terms = bound.q_terms(moments, params)
        bound.entropy(stats.log_likelihood, old_terms)
        bound.bound_after(stats.log_likelihood, old_terms, bound.q_terms(moments, new))

    e_times, b_times = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        gmm.e_step(data, params)
        e_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        for _ in range(10):
            the_bound()
        b_times.append((time.perf_counter() - start) / 10)
    e_ms, b_ms = median_of_ms(e_times), median_of_ms(b_times)
    print(
        f"E-step, n = {n:.0e}, k = {k}: {e_ms:.2f} ms; the bound adds {1e3 * b_ms:.0f} µs "
        f"-> {(e_ms + b_ms) / e_ms:.4f}x (target < 1.05x)",
        flush=True,
    )


def _sklearn_models(X: np.ndarray, first) -> tuple[GaussianMixture, KMeans]:
    """Fitted models whose parameters can then be set to any state."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        gm = GaussianMixture(first.k, means_init=np.array(first.means), max_iter=1, tol=0).fit(
            X[:10_000]
        )
        km = KMeans(first.k, init=np.array(first.means), n_init=1, max_iter=1).fit(X[:10_000])
    return gm, km


def _sklearn_objectives(X, gm, km, path, algorithm: str, every: int) -> None:
    for i in range(0, path.t.shape[0], every):
        if algorithm == "kmeans":
            km.cluster_centers_ = np.array(path.means[i])
            km.score(X)
        else:
            gm.weights_ = np.array(path.weights[i])
            gm.means_ = np.array(path.means[i])
            gm.covariances_ = np.array(path.covariances[i])
            # Any M with M Mᵀ = Σ⁻¹ serves score_samples.
            gm.precisions_cholesky_ = np.linalg.cholesky(np.linalg.inv(gm.covariances_))
            gm.score_samples(X).sum()


def bench_path(n: int, k: int, n_ts: int, repeats: int) -> None:
    X, centers = make_data(n, k, seed=k)
    ts = np.linspace(-0.5, 1.5, n_ts)
    every = 1 if n <= 10_000 else 8  # scikit-learn at 1e6: 6 of the t, scaled to all
    for algorithm in ("gmm", "kmeans"):
        snaps = list(run_em(X, centers, algorithm, "full", max_iter=3, tol=0))
        e, m = snaps[5], snaps[6]
        gm, km = _sklearn_models(X, snaps[0])
        path = bound_path(X, e, m, ts)  # warm up
        ours, theirs = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            path = bound_path(X, e, m, ts)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            _sklearn_objectives(X, gm, km, path, algorithm, every)
            theirs.append((time.perf_counter() - start) * n_ts / len(range(0, n_ts, every)))
        target = 100 if n <= 10_000 else 1000
        o_ms, s_ms = median_of_ms(ours), median_of_ms(theirs)
        print(
            f"bound_path {algorithm:<6} n = {n:.0e}, k = {k}, {n_ts} t: {o_ms:8.1f} ms "
            f"(target {target} ms); scikit-learn, objective only: {s_ms:8.1f} ms "
            f"-> ratio {o_ms / s_ms:.2f}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--ts", type=int, default=41)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(command_line())
    load = load_average()
    print(
        f"{cpu()}; CPUs: {os.cpu_count()}, engine threads {N_THREADS}, load average {load:.2f}, "
        f"numpy {np.__version__}, scikit-learn {sklearn.__version__}"
    )
    total = time.perf_counter()
    bench_e_step(1_000_000, args.k, repeats=max(15, 6 * args.repeats))
    for n in (10_000, 1_000_000):
        bench_path(n, args.k, args.ts, args.repeats if n > 10_000 else 5 * args.repeats)
    print(f"total {time.perf_counter() - total:.0f} s")


if __name__ == "__main__":
    main()
