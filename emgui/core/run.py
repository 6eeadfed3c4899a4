"""run_em(): the half-step loop that yields one Snapshot per state, and convergence."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from emgui.core import bound, gmm, kmeans
from emgui.core.data import PreparedData, prepare
from emgui.core.init import initial_covariances
from emgui.core.options import EMOptions
from emgui.core.snapshot import Snapshot, frozen
from emgui.core.validate import check_centers, check_options, check_points


def run_em(
    X: np.ndarray,
    centers: np.ndarray,
    algorithm: str = "gmm",
    covariance_type: str = "full",
    max_iter: int = 100,
    tol: float = 1e-6,
    reg_covar: float = 1e-6,
    *,
    covariances: np.ndarray | None = None,
    weights: np.ndarray | None = None,
    keep_resp: bool = False,
    beta: float = 1.0,
    options: EMOptions | None = None,
) -> Iterator[Snapshot]:
    """Run EM from the given initial means, yielding the initial state and then E and M states.

    ``X`` is (n, 2), ``centers`` (k, 2). For ``algorithm="gmm"``, initial
    ``covariances`` (k, 2, 2) and ``weights`` (k,) may be given; by default
    the weights are uniform and the covariances come from
    :func:`emgui.core.init.initial_covariances`. Convergence: k-means when the
    centers an M-step gives change no assignment, GMM when
    the mean log-likelihood per point changes by less than ``tol``; ``tol=0``
    runs exactly ``max_iter`` iterations.
    ``keep_resp`` attaches the (n, k) float32 responsibilities to GMM E
    snapshots (memory: n·k·4 bytes each).

    ``algorithm="soft-kmeans"`` is soft k-means with stiffness ``beta``:
    responsibilities ∝ exp(−β ||x − μ_j||²) and an M-step that moves only the
    means. It is EM for a mixture of k round Gaussians of fixed variance
    1/(2β) and equal weights (so its objective is that model's log-likelihood,
    which never decreases); as β → ∞ it becomes k-means.

    ``options``, an :class:`emgui.core.EMOptions`, gives all of algorithm,
    covariance_type, max_iter, tol, reg_covar and beta at once (and then replaces them).

    Input is checked before anything is yielded; bad input raises ValueError.
    A GMM whose covariance stops being positive definite (possible only with
    ``reg_covar=0``) raises :class:`emgui.core.DegenerateCovarianceError`
    after the last good snapshot.
    """
    if options is not None:
        algorithm, covariance_type = options.algorithm, options.covariance_type
        max_iter, tol, reg_covar, beta = (
            options.max_iter,
            options.tol,
            options.reg_covar,
            options.beta,
        )
    X = check_points(X)
    centers = check_centers(centers, X.shape[0])
    check_options(algorithm, covariance_type, max_iter, tol, reg_covar)
    k = centers.shape[0]
    if covariances is not None:
        covariances = _check_covariances(covariances, k)
    if weights is not None:
        weights = _check_weights(weights, k)
    data = prepare(X)
    # The generator body runs on first next(); checks above run at the call.
    # ``shown`` are the means in the caller's coordinates: the given centers
    # themselves, not (centers - origin) + origin, which rounding can change.
    shown = centers.copy()
    if algorithm == "kmeans":
        return _run_kmeans(data, centers - data.origin, int(max_iter), tol, shown)
    if algorithm == "soft-kmeans":
        if not (np.isfinite(beta) and beta > 0):
            raise ValueError(f"beta must be a finite number > 0; got {beta!r}")
        round_cov = np.repeat((np.eye(2) / (2.0 * beta))[None], k, axis=0)
        return _run_gmm(
            data,
            centers - data.origin,
            "spherical",
            int(max_iter),
            tol,
            0.0,
            round_cov,
            np.full(k, 1.0 / k),
            keep_resp,
            shown,
            soft_kmeans=True,
        )
    return _run_gmm(
        data,
        centers - data.origin,
        covariance_type,
        int(max_iter),
        tol,
        reg_covar,
        covariances,
        weights,
        keep_resp,
        shown,
    )


def _run_kmeans(
    data: PreparedData, means: np.ndarray, max_iter: int, tol: float, shown: np.ndarray
):
    n, k = data.n, means.shape[0]
    # The parameters of k-means are the means; the weights (cluster fractions)
    # and the shared round covariance are estimates an M-step updates, for display.
    weights = np.full(k, 1.0 / k)
    assign = kmeans.e_step(data, means)
    covs = kmeans.pooled_covariances(assign.inertia, n, k)
    yield _snapshot(
        data,
        0,
        "init",
        "kmeans",
        "full",
        means,
        covs,
        weights,
        assign.inertia,
        shown=shown,
        final=max_iter == 0,
    )
    labels_before = None
    for it in range(1, max_iter + 1):
        labels = assign.labels
        n_changed = n if labels_before is None else int(np.count_nonzero(labels != labels_before))
        empty = tuple(int(j) for j in np.flatnonzero(assign.counts == 0))
        params = (means, covs, weights)
        yield _snapshot(
            data,
            it,
            "E",
            "kmeans",
            "full",
            *params,
            assign.inertia,
            labels=labels,
            previous_labels=labels_before,
            assign=params,
            n_changed=n_changed,
            empty=empty,
            shown=shown,
            assign_shown=shown,
        )
        new_means, empty = kmeans.m_step(assign, means)
        new_shown = new_means + data.origin
        new_shown[list(empty)] = shown[list(empty)]  # an empty cluster keeps its center exactly
        next_assign = kmeans.e_step(data, new_means, previous_labels=labels)
        inertia = next_assign.inertia_previous_labels
        weights = assign.counts / n
        covs = kmeans.pooled_covariances(inertia, n, k)
        # Converged when the next E-step (already computed) changes no label:
        # no center can move any more. Known already at iteration 1 when the
        # run starts from a fixed point.
        converged = tol > 0 and np.array_equal(next_assign.labels, labels)
        final = converged or it == max_iter
        yield _snapshot(
            data,
            it,
            "M",
            "kmeans",
            "full",
            new_means,
            covs,
            weights,
            inertia,
            labels=labels,
            assign=params,
            converged=converged,
            final=final,
            empty=empty,
            shown=new_shown,
            assign_shown=shown,
        )
        if final:
            return
        means, assign, labels_before, shown = new_means, next_assign, labels, new_shown


def _run_gmm(
    data: PreparedData,
    means: np.ndarray,
    covariance_type: str,
    max_iter: int,
    tol: float,
    reg_covar: float,
    covariances: np.ndarray | None,
    weights: np.ndarray | None,
    keep_resp: bool,
    shown: np.ndarray,
    soft_kmeans: bool = False,
):
    n, k = data.n, means.shape[0]
    name = "soft-kmeans" if soft_kmeans else "gmm"
    if covariances is None:
        covariances = initial_covariances(data, means, covariance_type, reg_covar)
    if weights is None:
        weights = np.full(k, 1.0 / k)
    params = gmm.GaussianParams(means, covariances, weights)
    stats = gmm.e_step(data, params, keep_resp=keep_resp)
    yield _snapshot(
        data,
        0,
        "init",
        name,
        covariance_type,
        means,
        covariances,
        weights,
        stats.log_likelihood,
        collapsed=() if soft_kmeans else gmm.collapsed_components(params, reg_covar, data.scale2),
        shown=shown,
        final=max_iter == 0,
    )
    labels_before = None
    for it in range(1, max_iter + 1):
        labels = stats.labels
        n_changed = n if labels_before is None else int(np.count_nonzero(labels != labels_before))
        assign = (params.means, params.covariances, params.weights)
        collapsed = () if soft_kmeans else gmm.collapsed_components(params, reg_covar, data.scale2)
        central = gmm.central_moments(data, stats, params, exact=not soft_kmeans)
        moments = bound.moments(data, stats, params, central=central)
        old_terms = bound.q_terms(moments, params)
        entropy = bound.entropy(stats.log_likelihood, old_terms)
        yield _snapshot(
            data,
            it,
            "E",
            name,
            covariance_type,
            *assign,
            stats.log_likelihood,
            labels=labels,
            previous_labels=labels_before,
            assign=assign,
            n_changed=n_changed,
            collapsed=collapsed,
            resp=stats.resp,
            shown=shown,
            assign_shown=shown,
            lower_bound=stats.log_likelihood,
            q_entropy=entropy,
        )
        if soft_kmeans:
            new_params = gmm.m_step_means(stats, params)
        else:
            new_params = gmm.m_step(data, stats, covariance_type, reg_covar, params, central)
        lower = bound.bound_after(
            stats.log_likelihood, old_terms, bound.q_terms(moments, new_params)
        )
        next_stats = gmm.e_step(data, new_params, keep_resp=keep_resp)
        new_shown = new_params.means + data.origin
        change = (next_stats.log_likelihood - stats.log_likelihood) / n
        converged = tol > 0 and abs(change) < tol
        final = converged or it == max_iter
        yield _snapshot(
            data,
            it,
            "M",
            name,
            covariance_type,
            new_params.means,
            new_params.covariances,
            new_params.weights,
            next_stats.log_likelihood,
            labels=labels,
            assign=assign,
            converged=converged,
            final=final,
            collapsed=()
            if soft_kmeans
            else gmm.collapsed_components(new_params, reg_covar, data.scale2),
            shown=new_shown,
            assign_shown=shown,
            lower_bound=lower,
            q_entropy=entropy,
        )
        if final:
            return
        params, stats, labels_before, shown = new_params, next_stats, labels, new_shown


def _snapshot(
    data: PreparedData,
    iteration: int,
    phase: str,
    algorithm: str,
    covariance_type: str,
    means: np.ndarray,
    covariances: np.ndarray,
    weights: np.ndarray,
    objective: float,
    *,
    labels: np.ndarray | None = None,
    previous_labels: np.ndarray | None = None,
    assign: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
    n_changed: int = 0,
    converged: bool = False,
    final: bool = False,
    empty: tuple[int, ...] = (),
    collapsed: tuple[int, ...] = (),
    resp: np.ndarray | None = None,
    shown: np.ndarray | None = None,
    assign_shown: np.ndarray | None = None,
    lower_bound: float | None = None,
    q_entropy: float | None = None,
) -> Snapshot:
    """A Snapshot in the caller's coordinates, with copies of the parameters, all read-only.

    ``shown`` and ``assign_shown``, when given, are ``means`` and the assigning
    means already in the caller's coordinates.
    """
    origin = data.origin
    a_means, a_covs, a_weights = assign if assign is not None else (None, None, None)
    if a_means is not None:
        a_means = a_means + origin if assign_shown is None else assign_shown.copy()
    return Snapshot(
        iteration=iteration,
        phase=phase,
        algorithm=algorithm,
        covariance_type=covariance_type,
        means=frozen(means + origin if shown is None else shown.copy()),
        covariances=frozen(covariances.copy()),
        weights=frozen(np.array(weights, dtype=np.float64)),
        objective=float(objective),
        labels=frozen(labels),
        previous_labels=frozen(previous_labels),
        assign_means=frozen(a_means),
        assign_covariances=None if a_covs is None else frozen(a_covs.copy()),
        assign_weights=None if a_weights is None else frozen(np.array(a_weights, dtype=float)),
        n_changed=n_changed,
        converged=converged,
        final=final,
        empty=empty,
        collapsed=collapsed,
        resp=frozen(resp),
        lower_bound=None if lower_bound is None else float(lower_bound),
        q_entropy=None if q_entropy is None else float(q_entropy),
    )


def _check_covariances(covariances: object, k: int) -> np.ndarray:
    arr = np.asarray(covariances, dtype=np.float64)
    if arr.shape != (k, 2, 2):
        raise ValueError(f"covariances must have shape ({k}, 2, 2); got {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("covariances must be finite")
    if not np.allclose(arr, arr.transpose(0, 2, 1), rtol=1e-10, atol=0):
        raise ValueError("covariances must be symmetric")
    for j, c in enumerate(arr):
        if not (c[0, 0] > 0 and c[0, 0] * c[1, 1] - c[0, 1] * c[1, 0] > 0):
            raise ValueError(f"covariances[{j}] is not positive definite")
    return arr.copy()


def _check_weights(weights: object, k: int) -> np.ndarray:
    arr = np.asarray(weights, dtype=np.float64)
    if arr.shape != (k,):
        raise ValueError(f"weights must have shape ({k},); got {arr.shape}")
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError("weights must be finite and >= 0")
    if abs(arr.sum() - 1.0) > 1e-6:
        raise ValueError(f"weights sum to {arr.sum():.6g}; they must sum to 1")
    return arr / arr.sum()
