"""Why EM climbs, as numbers: the objective and the bound along one step (PRML figure 9.14),
and each point's share of the gap the M-step opens.

For a mixture, log p(X | θ) = L(q, θ) + KL(q ‖ p(Z | X, θ)). The E-step makes KL zero (the
bound touches); the M-step maximises L(q_E, θ) over θ. Along a path θ(t) from the E state's
parameters (t = 0) to the M state's (t = 1), L(q_E, θ(t)) therefore touches log p(X | θ(t)) at
t = 0 and peaks at t = 1. k-means is the mirror image: J(c_E, μ) = Σ_i ‖x_i − μ_{c_i}‖² lies
above J*(μ) = Σ_i min_j ‖x_i − μ_j‖², touches it at t = 0 and is lowest at t = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core import bound, gmm
from emgui.core.data import PreparedData, prepare
from emgui.core.param_path import ParamPath, interpolate, interpolate_centers
from emgui.core.snapshot import Snapshot, frozen
from emgui.core.validate import check_points

# The path is defined for every t, but far outside [0, 1] a shrinking covariance soon
# falls below what float64 can tell from singular; two steps either side is plenty to look at.
T_RANGE = (-2.0, 3.0)


@dataclass(frozen=True, eq=False)
class BoundPath:
    """The objective and the bound at each t, with the parameters θ(t) (caller's coordinates)."""

    t: np.ndarray  # (T,)
    objective: np.ndarray  # (T,) log p(X | θ(t)); k-means: J*(μ(t))
    bound: np.ndarray  # (T,) L(q_E, θ(t)); k-means: J(c_E, μ(t))
    means: np.ndarray  # (T, k, 2)
    covariances: np.ndarray  # (T, k, 2, 2)
    weights: np.ndarray  # (T, k)


def bound_path(
    X: np.ndarray, e_snapshot: Snapshot, m_snapshot: Snapshot, ts: np.ndarray
) -> BoundPath:
    """The objective and the EM bound along a valid path from an E state's θ (t = 0) to the M's.

    ``e_snapshot`` and ``m_snapshot`` are the E and the M state of one iteration of a run on
    ``X``; ``ts`` are the values of t (from −2 to 3; −0.5 to 1.5 shows the step and
    around it). Means move on straight lines, log-weights too (then renormalised), covariances
    through their Cholesky factors with log-diagonals, so every θ(t) is valid. Mixtures:
    ``objective`` = log p(X | θ(t)), ``bound`` = L(q_E, θ(t)) with q_E the E state's
    responsibilities. k-means: ``objective`` = Σ_i min_j ‖x_i − μ_j(t)‖², ``bound`` =
    Σ_i ‖x_i − μ_{c_i}(t)‖² with c the E state's labels. At t = 0 the two are equal; at t = 1
    the bound is highest (k-means: lowest). One sweep over the points for all values of t.
    Raises ValueError for snapshots that are not such a pair, or ts out of range.
    """
    X = check_points(X)
    ts = _check_ts(ts)
    _check_pair(X, e_snapshot, m_snapshot)
    data = prepare(X)
    start, end = _centered(e_snapshot, data), _centered(m_snapshot, data)
    # Overflow is possible only for parameters at the edge of float64; the check below names it.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        if e_snapshot.algorithm == "kmeans":
            path = interpolate_centers(ts, start, end)
            objective, values = _kmeans_along(data, path, e_snapshot.labels)
        else:
            path = interpolate(ts, start, end)
            objective, values = _mixture_along(data, path, start)
    arrays = (objective, values, path.means, path.covariances, path.weights)
    if not all(np.isfinite(a).all() for a in arrays):
        raise ValueError(
            "the path leaves the range of floating-point numbers (parameters at the edge of "
            "float64); use t closer to 0 to 1, or rescale the data"
        )
    return BoundPath(
        t=frozen(ts.copy()),
        objective=frozen(objective),
        bound=frozen(values),
        means=frozen(path.means + data.origin),
        covariances=frozen(path.covariances),
        weights=frozen(path.weights),
    )


def point_gaps(X: np.ndarray, e_snapshot: Snapshot, m_snapshot: Snapshot) -> np.ndarray:
    """Each point's share (n,) of the gap the M-step opens between the objective and the bound.

    Mixtures: KL_i = Σ_j q_ij log(q_ij / p(j | x_i, θ_new)) >= 0 with q the E state's
    responsibilities and θ_new the M state's parameters; the sum is
    ``m_snapshot.objective - m_snapshot.lower_bound``. k-means:
    ‖x_i − μ_{c_i}‖² − min_j ‖x_i − μ_j‖² >= 0 at the M state's centers.
    """
    X = check_points(X)
    _check_pair(X, e_snapshot, m_snapshot)
    data = prepare(X)
    new = _centered(m_snapshot, data)
    out = np.empty(data.n)
    xy_all = data.xy
    if e_snapshot.algorithm == "kmeans":
        labels = e_snapshot.labels
        for rows in data.chunks(new.means.shape[0]):
            d = _sq_distances(xy_all[:, rows], new.means)
            own = np.take_along_axis(d, labels[rows][None].astype(np.intp), axis=0)[0]
            out[rows] = own - d.min(axis=0)
        return out
    old_w = gmm._Whitener(_centered(e_snapshot, data))
    new_w = gmm._Whitener(new)
    for rows in data.chunks(new.means.shape[0]):
        xy = xy_all[:, rows]
        log_q = _log_posterior(old_w.weighted_log_prob(xy))
        log_r = _log_posterior(new_w.weighted_log_prob(xy))
        q = np.exp(log_q)
        with np.errstate(invalid="ignore"):
            kl = np.where(q > 0, q * (log_q - log_r), 0.0).sum(axis=0)
        out[rows] = np.maximum(kl, 0.0)  # >= 0 in exact arithmetic; rounding can give -1e-17
    if not np.isfinite(out).all():
        raise ValueError("the gaps leave the range of floating-point numbers; rescale the data")
    return out


def _mixture_along(
    data: PreparedData, path: ParamPath, start: gmm.GaussianParams
) -> tuple[np.ndarray, np.ndarray]:
    stats = gmm.e_step(data, start)
    moments = bound.moments(data, stats, start)
    start_terms = bound.q_terms(moments, start)
    terms = bound.q_terms_from_factors(
        moments, path.means, path.l11, path.l21, path.l22, path.log_weights
    )
    with np.errstate(invalid="ignore"):
        values = stats.log_likelihood + (terms - start_terms).sum(axis=(-2, -1))
    at_start = path.t == 0.0
    others = np.flatnonzero(~at_start)
    objective = np.empty(path.t.shape[0])
    objective[at_start] = values[at_start] = stats.log_likelihood  # touching, by definition
    objective[others] = _log_likelihoods(data, [path.whitener(int(i)) for i in others])
    return objective, values


def _log_likelihoods(data: PreparedData, whiteners: list) -> np.ndarray:
    """log p(X | θ) for several θ, in one sweep over the points (each chunk once, for all θ).

    The quadratic forms are expanded into the features (x, y, x², xy, y²) the data already
    hold, so that each θ costs one small matrix product per chunk instead of a dozen
    elementwise passes: about 25 times faster. The expansion loses digits when a component
    is narrow and far from the origin; the whitened form is used where it would lose more
    than ``EXPANDED_MAX_ERROR`` per point.
    """
    if not whiteners:
        return np.empty(0)
    k = whiteners[0].k
    reach = float(np.max(data.features[2] + data.features[4]))
    forms = [_expanded(w, reach) for w in whiteners]
    features = data.features

    def work(chunks: list[slice]) -> np.ndarray:
        out = np.zeros(len(whiteners))
        for rows in chunks:
            block = features[:, rows]
            for i, (w, form) in enumerate(zip(whiteners, forms, strict=True)):
                if form is None:
                    logp = w.weighted_log_prob(block[:2])
                else:
                    logp = form[0] @ block
                    logp += form[1]
                out[i] += gmm.log_likelihood_of_block(logp)
        return out

    return np.sum(data.map_chunks(k, work), axis=0)


# Rounding error allowed in log π_j N(x_i | θ_j) by the expanded form, per point.
EXPANDED_MAX_ERROR = 1e-7


def _expanded(w: gmm._Whitener, reach: float) -> tuple[np.ndarray, np.ndarray] | None:
    """Coefficients of (x, y, x², xy, y²) and constants, (k, 5) and (k, 1), or None.

    −½‖(x − μ)U‖² + c with z1 = u11 x − o1 and z2 = u12 x + u22 y − o2, multiplied out.
    ``reach`` is the largest ‖x‖² of the data: the terms of the expansion grow as
    ‖U‖² (‖x‖² + ‖μU‖²) while the result may be near 0, so that much is lost to rounding.
    """
    u11, u12, u22, o1, o2 = w.u11[:, 0], w.u12[:, 0], w.u22[:, 0], w.o1[:, 0], w.o2[:, 0]
    coef = np.stack(
        [
            u11 * o1 + u12 * o2,
            u22 * o2,
            -0.5 * (u11 * u11 + u12 * u12),
            -u12 * u22,
            -0.5 * u22 * u22,
        ],
        axis=1,
    )
    size = (np.abs(coef[:, 2:]).sum(axis=1) * reach + o1 * o1 + o2 * o2).max()
    if not (size * 4 * np.finfo(np.float64).eps < EXPANDED_MAX_ERROR):
        return None
    return coef, w.const - 0.5 * (o1 * o1 + o2 * o2)[:, None]


def _kmeans_along(
    data: PreparedData, path: ParamPath, labels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """J*(μ(t)) and J(c, μ(t)) for each t, in one sweep over the points.

    ‖x − μ‖² = ‖x‖² − 2 μ·x + ‖μ‖² as one small matrix product with the features
    (x, y, x², xy, y²); both sums take the same numbers, so J(c, μ) >= J*(μ) holds exactly.
    """
    T, k = path.means.shape[:2]
    coef = np.zeros((T, k, 5))
    coef[..., :2] = -2.0 * path.means
    coef[..., 2] = coef[..., 4] = 1.0
    norms = (path.means * path.means).sum(axis=2)[..., None]
    features = data.features

    def work(chunks: list[slice]) -> np.ndarray:
        out = np.zeros((2, T))
        for rows in chunks:
            block = features[:, rows]
            # Flat positions of d[c_i, i] in a (k, rows) block: a gather 9x faster than
            # take_along_axis. Both sums add (rows,) vectors the same way, and rounding is
            # monotone, so own >= min point by point gives J(c, μ) >= J*(μ) exactly.
            width = block.shape[1]
            own = labels[rows].astype(np.intp) * width + np.arange(width)
            for i in range(T):
                d = coef[i] @ block
                d += norms[i]
                out[0, i] += d.min(axis=0).sum()
                out[1, i] += d.ravel().take(own).sum()
        return out

    sums = np.sum(data.map_chunks(k, work), axis=0)
    return sums[0], sums[1]


def _sq_distances(xy: np.ndarray, means: np.ndarray) -> np.ndarray:
    """‖x_i − μ_j‖² (k, rows) from exact differences, so that min and own entry compare exactly."""
    dx = xy[0] - means[:, 0, None]
    dy = xy[1] - means[:, 1, None]
    dx *= dx
    dy *= dy
    dx += dy
    return dx


def _log_posterior(logp: np.ndarray) -> np.ndarray:
    """log p(j | x) from a (k, rows) block of log π_j N_j."""
    top = logp.max(axis=0)
    return logp - (top + np.log(np.exp(logp - top).sum(axis=0)))


def _centered(snapshot: Snapshot, data: PreparedData) -> gmm.GaussianParams:
    return gmm.GaussianParams(
        means=np.asarray(snapshot.means, dtype=np.float64) - data.origin,
        covariances=np.asarray(snapshot.covariances, dtype=np.float64),
        weights=np.asarray(snapshot.weights, dtype=np.float64),
    )


def _check_ts(ts: object) -> np.ndarray:
    try:
        arr = np.atleast_1d(np.asarray(ts, dtype=np.float64))
    except (TypeError, ValueError):
        raise ValueError(f"ts must be numbers; got {ts!r}") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"ts must be a non-empty list of numbers; got shape {arr.shape}")
    lo, hi = T_RANGE
    if not (np.isfinite(arr).all() and (arr >= lo).all() and (arr <= hi).all()):
        raise ValueError(f"ts must be numbers from {lo:g} to {hi:g}")
    return arr


def _check_pair(X: np.ndarray, e: Snapshot, m: Snapshot) -> None:
    if not (isinstance(e, Snapshot) and isinstance(m, Snapshot)):
        raise ValueError("e_snapshot and m_snapshot must be Snapshots of a run")
    if e.phase != "E" or m.phase != "M":
        raise ValueError(f"need an E state and an M state; got {e.phase!r} and {m.phase!r}")
    if e.iteration != m.iteration or e.algorithm != m.algorithm or e.k != m.k:
        raise ValueError(
            f"the E state (iteration {e.iteration}) and the M state (iteration {m.iteration}) "
            "must be the two halves of one iteration of one run"
        )
    if e.labels is None or e.labels.shape[0] != X.shape[0]:
        raise ValueError(
            f"the snapshots belong to a run on {e.n_points} points; X has {X.shape[0]}"
        )
