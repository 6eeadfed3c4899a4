"""run_em(): the half-step loop that yields one Snapshot per state, and convergence."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

import numpy as np

from emgui.core.data import PreparedData, prepare
from emgui.core.gmm import GaussianParams
from emgui.core.half_steps import KMeansSteps, MixtureSteps
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

    Mixture and soft-k-means snapshots carry ``lower_bound`` L(q, θ) and
    ``q_entropy`` H(q) (see :class:`emgui.core.Snapshot`); they cost no pass
    over the points.

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
    check_options(algorithm, covariance_type, max_iter, tol, reg_covar, beta)
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
    means = centers - data.origin
    if algorithm == "kmeans":
        steps = KMeansSteps(data)
        start = partial(steps.start, means)
    else:
        if algorithm == "soft-kmeans":
            # EM for k round Gaussians of variance 1/(2β) and equal weights, means only.
            covariance_type, reg_covar = "spherical", 0.0
            covariances = np.repeat((np.eye(2) / (2.0 * beta))[None], k, axis=0)
            weights = np.full(k, 1.0 / k)
        steps = MixtureSteps(
            data, covariance_type, reg_covar, tol, keep_resp, algorithm == "soft-kmeans"
        )
        start = partial(steps.start, means, covariances, weights)
    return _half_steps(data, steps, start, shown, int(max_iter), tol)


def _half_steps(data: PreparedData, steps, start, shown: np.ndarray, max_iter: int, tol: float):
    """The one loop: initial state, then per iteration an E state and an M state.

    ``steps`` is a :mod:`emgui.core.half_steps` object and ``start()`` its first pass
    over the points (made on the generator's first next(), as every later pass).
    """
    params, result, init_fields = start()
    n = data.n
    yield _snapshot(
        data,
        0,
        "init",
        steps,
        params,
        steps.objective(result),
        shown=shown,
        final=max_iter == 0,
        **init_fields,
    )
    labels_before = None
    for it in range(1, max_iter + 1):
        labels = result.labels
        n_changed = n if labels_before is None else int(np.count_nonzero(labels != labels_before))
        e = steps.e_half(params, result)
        yield _snapshot(
            data,
            it,
            "E",
            steps,
            params,
            e.objective,
            labels=labels,
            previous_labels=labels_before,
            assign=params,
            n_changed=n_changed,
            shown=shown,
            assign_shown=shown,
            **e.fields,
        )
        m = steps.m_half(params, result, e, shown)
        converged = tol > 0 and steps.converged(result, m.result)
        final = converged or it == max_iter
        yield _snapshot(
            data,
            it,
            "M",
            steps,
            m.params,
            m.objective,
            labels=labels,
            assign=params,
            converged=converged,
            final=final,
            shown=m.shown,
            assign_shown=shown,
            **m.fields,
        )
        if final:
            return
        params, result, labels_before, shown = m.params, m.result, labels, m.shown


def _snapshot(
    data: PreparedData,
    iteration: int,
    phase: str,
    steps,
    params: GaussianParams,
    objective: float,
    *,
    labels: np.ndarray | None = None,
    previous_labels: np.ndarray | None = None,
    assign: GaussianParams | None = None,
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

    ``shown`` and ``assign_shown``, when given, are the means and the assigning
    means already in the caller's coordinates.
    """
    origin = data.origin
    a_means = a_covs = a_weights = None
    if assign is not None:
        a_covs, a_weights = assign.covariances, assign.weights
        a_means = assign.means + origin if assign_shown is None else assign_shown.copy()
    return Snapshot(
        iteration=iteration,
        phase=phase,
        algorithm=steps.name,
        covariance_type=steps.covariance_type,
        means=frozen(params.means + origin if shown is None else shown.copy()),
        covariances=frozen(params.covariances.copy()),
        weights=frozen(np.array(params.weights, dtype=np.float64)),
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
