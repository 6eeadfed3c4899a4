"""EM for a 2-D Gaussian mixture: soft E-step and M-step in the log domain, four covariance types.

The formulas are scikit-learn's (``sklearn.mixture._gaussian_mixture``), with
2x2 closed forms in place of general linear algebra and the E-step fused with
the sums the M-step needs, chunk by chunk, so that no (n, k) array is ever
materialised unless the caller asks for the responsibilities.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from emgui.core.data import PreparedData, label_dtype, tagged_extreme
from emgui.core.linalg2 import DegenerateCovarianceError, clamp_psd, eigh2, precision_cholesky

LOG_2PI = float(np.log(2.0 * np.pi))
# scikit-learn adds this to each N_j so that an empty component does not divide by zero.
NK_EPS = 10.0 * np.finfo(np.float64).eps
# Smallest eigenvalue / largest kept by a regularised M-step: well above the
# precision at which linalg2 calls a matrix singular.
RESOLVABLE_RATIO = 1e-13
# exp of arguments below about -708.4 gives a subnormal or zero, which C libraries
# compute on a slow path: ~4x the time of a normal exp, and in well-separated data most
# entries of a (k, n) block lie there. Arguments are floored here first; exp(-708) is
# 3e-308, which changes no sum it is added to (each point's sum holds exp(0) = 1).
EXP_FLOOR = -708.0


@dataclass(frozen=True, eq=False)
class GaussianParams:
    """Mixture parameters in centered coordinates; covariances are full (k, 2, 2) for every type."""

    means: np.ndarray
    covariances: np.ndarray
    weights: np.ndarray


@dataclass(frozen=True, eq=False)
class EStepResult:
    """What one pass over the points gives: log-likelihood, hard labels, the M-step's sums."""

    log_likelihood: float  # total over the points, of the parameters the pass used
    labels: np.ndarray  # (n,) most responsible component
    nk: np.ndarray  # (k,) sum of responsibilities
    sums: np.ndarray  # (k, 5) responsibility-weighted sums of x, y, x², xy, y²
    resp: np.ndarray | None  # (n, k) float32, only when asked for


def log_weights(weights: np.ndarray) -> np.ndarray:
    """log π_j, −inf (without a warning) where a weight is 0: that component gives nothing."""
    with np.errstate(divide="ignore"):
        return np.log(weights)


class _Whitener:
    """Per-component constants of log N(x | μ_j, Σ_j) + log π_j, as (k, 1) columns to broadcast."""

    def __init__(self, params: GaussianParams):
        U, log_det = precision_cholesky(params.covariances)
        self._set(params.means, U, log_det, log_weights(params.weights))

    @classmethod
    def from_factors(
        cls, means: np.ndarray, U: np.ndarray, log_det: np.ndarray, log_weights: np.ndarray
    ) -> _Whitener:
        """From precision factors at hand (a parameter path builds them from Cholesky factors)."""
        self = cls.__new__(cls)
        self._set(means, U, log_det, log_weights)
        return self

    def _set(self, means: np.ndarray, U: np.ndarray, log_det: np.ndarray, log_weights: np.ndarray):
        self.k = means.shape[0]
        # Whitened point (x - μ_j)ᵀ U_j = (x u11 - o1, x u12 + y u22 - o2); U_j is upper triangular.
        self.u11 = U[:, 0, 0, None]
        self.u12 = U[:, 0, 1, None]
        self.u22 = U[:, 1, 1, None]
        offset = np.einsum("jr,jrc->jc", means, U)
        self.o1 = offset[:, 0, None]
        self.o2 = offset[:, 1, None]
        self.const = (log_weights + log_det - LOG_2PI)[:, None]

    def weighted_log_prob(self, xy: np.ndarray) -> np.ndarray:
        """log π_j + log N(x_i | μ_j, Σ_j) for a (2, rows) block of points, shape (k, rows).

        Broadcast arithmetic rather than a (2k, 2) @ (2, rows) matmul: BLAS
        calls from several threads at once contend for BLAS's own threads.
        """
        x, y = xy[0], xy[1]
        out = np.multiply(self.u11, x)
        out -= self.o1
        out *= out
        tmp = np.multiply(self.u12, x)
        tmp -= self.o2
        tmp += self.u22 * y
        tmp *= tmp
        out += tmp
        out *= -0.5
        out += self.const
        return out


def _normalise(logp: np.ndarray, labels: np.ndarray | None = None) -> float:
    """Turn a (k, rows) block of log π_j N_j into responsibilities in place; return Σ log p(x).

    One exp per entry: exp(logp - max) serves both the log-sum-exp and the
    normalised responsibilities. ``labels`` receives the argmax.
    """
    if labels is None:
        top = logp.max(axis=0)
    else:
        top = tagged_extreme(logp, labels, largest=True)
    logp -= top
    np.maximum(logp, EXP_FLOOR, out=logp)
    np.exp(logp, out=logp)
    total = logp.sum(axis=0)
    logp *= 1.0 / total  # one division per point, not per entry: ~2x faster, within an ulp
    # log p(x) = top + log(total): only the sum is needed.
    return float(top.sum()) + _sum_of_logs(total)


# Where only Σ log p(x) is wanted, terms below exp(-100) relative to the largest change no
# sum; and exp near -708 still takes the slow path on some CPUs (30x on an AMD EPYC here).
SUM_EXP_FLOOR = -100.0


def log_likelihood_of_block(logp: np.ndarray) -> float:
    """Σ log p(x) of a (k, rows) block of log π_j N_j, which it overwrites (no responsibilities)."""
    top = logp.max(axis=0)
    logp -= top
    np.maximum(logp, SUM_EXP_FLOOR, out=logp)
    np.exp(logp, out=logp)
    return float(top.sum()) + _sum_of_logs(logp.sum(axis=0))


# Each total lies in [1, k] (its largest term is exp(0)), so a product of 64 stays below
# 255^64 ~ 1e154 for k <= 255 and loses at most ~64 ulps: an error of ~1e-14 in its log.
_LOG_BLOCK = 64


def _sum_of_logs(total: np.ndarray) -> float:
    """Σ log(total) with one log per 64 values (scalar log costs ~7 ms per 1e6 points)."""
    m = total.size // _LOG_BLOCK * _LOG_BLOCK
    # Rows of a (64, m/64) view multiply column-wise: a vectorised reduction.
    products = np.multiply.reduce(total[:m].reshape(_LOG_BLOCK, -1), axis=0)
    return float(np.log(products).sum() + np.log(total[m:]).sum())


def e_step(data: PreparedData, params: GaussianParams, *, keep_resp: bool = False) -> EStepResult:
    """Responsibilities of the current parameters, reduced to what the M-step and display need."""
    k = params.means.shape[0]
    labels = np.empty(data.n, dtype=label_dtype(k))
    resp_all = np.empty((k, data.n), dtype=np.float32) if keep_resp else None
    whitener = _Whitener(params)
    features = data.features

    def work(chunks: list[slice]) -> tuple[float, np.ndarray, np.ndarray]:
        log_likelihood, nk, sums = 0.0, np.zeros(k), np.zeros((k, 5))
        for rows in chunks:
            resp = whitener.weighted_log_prob(features[:2, rows])
            log_likelihood += _normalise(resp, labels[rows])
            nk += resp.sum(axis=1)
            sums += resp @ features[:, rows].T
            if resp_all is not None:
                resp_all[:, rows] = resp
        return log_likelihood, nk, sums

    parts = data.map_chunks(k, work)
    log_likelihood = sum(p[0] for p in parts)
    nk = np.sum([p[1] for p in parts], axis=0)
    sums = np.sum([p[2] for p in parts], axis=0)
    if not np.isfinite(log_likelihood):
        raise DegenerateCovarianceError(
            "the log-likelihood is not finite: a component collapsed; increase reg_covar"
        )
    resp_out = None if resp_all is None else resp_all.T
    return EStepResult(log_likelihood, labels, nk, sums, resp_out)


def responsibilities(data: PreparedData, params: GaussianParams) -> np.ndarray:
    """The (n, k) float32 responsibilities γ_ij of the given parameters (a transposed view)."""
    return e_step(data, params, keep_resp=True).resp


def _scatter_exact(data: PreparedData, old: GaussianParams, j: int, mean: np.ndarray) -> np.ndarray:
    """Σ_i γ_ij (x_i - μ_j)(x_i - μ_j)ᵀ in a second pass, for when the moment form lost digits."""
    whitener = _Whitener(old)
    acc = np.zeros(3)
    for rows in data.chunks(whitener.k):
        xy = data.features[:2, rows]
        resp = whitener.weighted_log_prob(xy)
        _normalise(resp)
        dx, dy = xy[0] - mean[0], xy[1] - mean[1]
        r = resp[j]
        acc += (r * dx * dx).sum(), (r * dx * dy).sum(), (r * dy * dy).sum()
    return acc


_SQUARE_LEFT = np.array([0, 0, 1])
_SQUARE_RIGHT = np.array([0, 1, 1])
_LOST_RATIO = 1e4 * np.finfo(np.float64).eps


def central_moments(
    data: PreparedData, stats: EStepResult, old: GaussianParams, *, exact: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Means Σ γ x / (N_j + ε), central second moments (k, 2, 2) per unit of N_j + ε, and
    which components were summed again (k,) bool.

    Central moments from raw ones: exact in real arithmetic; in floating point
    the subtraction loses digits when a component is tiny and far from the
    data's center, so (with ``exact``) those few components are summed again directly.
    The two ways differ by ε m̄m̄ᵀ / (N_j + ε), which the lower bound takes into account.
    """
    nk = stats.nk + NK_EPS
    means = stats.sums[:, :2] / nk[:, None]
    second = stats.sums[:, 2:] / nk[:, None]
    # (μx², μx μy, μy²) as one product of two gathers: fewer calls than a stack of three.
    central = second - means[:, _SQUARE_LEFT] * means[:, _SQUARE_RIGHT]
    summed = np.zeros(nk.shape[0], dtype=bool)
    if exact:
        # The smallest principal variance, not the trace: a thin component far from the
        # center (a line of points) keeps a large trace while its narrow direction is noise.
        half_trace = 0.5 * (central[:, 0] + central[:, 2])
        thinnest = half_trace - np.hypot(0.5 * (central[:, 0] - central[:, 2]), central[:, 1])
        lost = thinnest < _LOST_RATIO * (second[:, 0] + second[:, 2])
        summed = lost & (stats.nk > 0)
        for j in np.flatnonzero(summed):
            central[j] = _scatter_exact(data, old, int(j), means[j]) / nk[j]
    k = means.shape[0]
    scatter = np.empty((k, 2, 2))
    scatter[:, 0, 0] = central[:, 0]
    scatter[:, 0, 1] = scatter[:, 1, 0] = central[:, 1]
    scatter[:, 1, 1] = central[:, 2]
    return means, scatter, summed


def m_step(
    data: PreparedData,
    stats: EStepResult,
    covariance_type: str,
    reg_covar: float,
    old: GaussianParams,
    moments: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None,
) -> GaussianParams:
    """New weights, means and covariances from the sums of one E-step.

    ``moments`` is :func:`central_moments` of the same E-step when the caller has it already.
    """
    nk = stats.nk + NK_EPS
    means, scatter, _ = central_moments(data, stats, old) if moments is None else moments
    # A copy: the caller may still use the moments (for the lower bound).
    covariances = _shape_covariances(scatter.copy(), nk, covariance_type)
    covariances[:, 0, 0] += reg_covar
    covariances[:, 1, 1] += reg_covar
    if reg_covar > 0:
        keep_resolvable(covariances, covariance_type, data.variance_floor)
    weights = nk / data.n
    weights /= weights.sum()
    return GaussianParams(means=means, covariances=covariances, weights=weights)


def keep_resolvable(covariances: np.ndarray, covariance_type: str, floor: float) -> None:
    """Raise, in place, eigenvalues to what float64 can resolve (for reg_covar > 0).

    No variance goes below ``floor`` (PreparedData.variance_floor): at coordinates of
    1e100 a mean is off by ~1e84, which reg_covar's 1e-6 cannot cover. Eigenvalues are
    clamped, not shifted: the clamped matrix is the M-step's maximiser among those above
    the floor, so EM still climbs. And reg_covar is absolute: next to a spread of 1e12 (a
    line of points at coordinates of order 1e6) 1e-6 is rounded away and the matrix stays
    singular, so the smallest eigenvalue stays resolvable next to the largest.
    """
    if covariance_type in ("diag", "spherical"):
        for i in (0, 1):
            np.maximum(covariances[:, i, i], floor, out=covariances[:, i, i])
        return
    values, _ = eigh2(covariances)
    if (values[:, 0] < floor).any():
        covariances[:] = clamp_psd(covariances, floor)
        values, _ = eigh2(covariances)
    lift = np.maximum(RESOLVABLE_RATIO * values[:, 1] - values[:, 0], 0.0)
    covariances[:, 0, 0] += lift
    covariances[:, 1, 1] += lift


def _shape_covariances(scatter: np.ndarray, nk: np.ndarray, covariance_type: str) -> np.ndarray:
    """Per-component scatter (k, 2, 2) reduced to the chosen type's form, as full matrices."""
    if covariance_type == "full":
        return clamp_psd(scatter)
    if covariance_type == "tied":
        pooled = (scatter * nk[:, None, None]).sum(axis=0) / nk.sum()
        pooled = clamp_psd(pooled[None])[0]
        return np.repeat(pooled[None], scatter.shape[0], axis=0)
    variances = np.maximum(np.stack([scatter[:, 0, 0], scatter[:, 1, 1]], axis=1), 0.0)
    if covariance_type == "spherical":
        variances[:] = variances.mean(axis=1, keepdims=True)
    out = np.zeros_like(scatter)
    out[:, 0, 0] = variances[:, 0]
    out[:, 1, 1] = variances[:, 1]
    return out


def collapsed_components(params: GaussianParams, reg_covar: float, scale2: float) -> tuple:
    """Components whose spread has shrunk to a point: smallest variance at the reg_covar floor."""
    values, _ = eigh2(params.covariances)
    floor = reg_covar + 1e-10 * max(scale2, np.finfo(np.float64).tiny)
    return tuple(int(j) for j in np.flatnonzero(values[:, 0] <= floor * (1 + 1e-6)))


def m_step_means(stats: EStepResult, old: GaussianParams) -> GaussianParams:
    """Soft k-means' M-step: only the means move (covariances and weights stay fixed).

    A component no point gives any responsibility to keeps its mean.
    """
    means = old.means.copy()
    has = stats.nk > NK_EPS
    means[has] = stats.sums[has, :2] / stats.nk[has, None]
    return GaussianParams(means, old.covariances, old.weights)
