"""The run JSON (format emgui-run/1): every half-step's parameters and the final labels."""

from __future__ import annotations

import json
from collections.abc import Sequence

from emgui.core.snapshot import Snapshot
from emgui.io.atomic import write_atomic

RUN_FORMAT = "emgui-run/1"


def run_to_dict(snapshots: Sequence[Snapshot]) -> dict:
    """The run as plain JSON-ready data; ``snapshots`` is a whole run, initial state first."""
    if not snapshots:
        raise ValueError("a run has at least its initial state")
    first, last = snapshots[0], snapshots[-1]
    labels = next((s.labels for s in reversed(snapshots) if s.labels is not None), None)
    return {
        "format": RUN_FORMAT,
        "algorithm": first.algorithm,
        "covariance_type": first.covariance_type,
        "k": first.k,
        "n_points": None if labels is None else int(labels.shape[0]),
        "converged": bool(last.converged),
        "n_iter": int(last.iteration),
        "steps": [
            {
                "iteration": s.iteration,
                "phase": s.phase,
                "means": s.means.tolist(),
                "covariances": s.covariances.tolist(),
                "weights": s.weights.tolist(),
                "objective": s.objective,
                # L(q, θ) of mixtures and soft k-means; null in the initial state and for k-means
                "lower_bound": s.lower_bound,
                "empty_clusters": list(s.empty),
                "collapsed_components": list(s.collapsed),
            }
            for s in snapshots
        ],
        "labels": [] if labels is None else labels.tolist(),
    }


def write_run_json(path: str, snapshots: Sequence[Snapshot], extra: dict | None = None) -> None:
    """Write the run JSON atomically, with ``extra`` keys after the run's; never NaN or infinity."""
    data = run_to_dict(snapshots) if extra is None else {**run_to_dict(snapshots), **extra}
    text = json.dumps(data, allow_nan=False, separators=(",", ":"), ensure_ascii=False)
    write_atomic(path, text.encode("utf-8"))
