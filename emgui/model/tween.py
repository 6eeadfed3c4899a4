"""In-between states of one EM half-step, for smooth motion: centers, ellipses, weights, colours.

An M-step moves the centers and reshapes the ellipses; an E-step recolours the points. A
:class:`Tween` gives the ViewState at any fraction of the way from one to the other (Qt-free,
so the window's animation and the exporters' in-between frames share it).

Covariances are interpolated through the matrix logarithm (the log-Euclidean path
``exp((1-t) log S0 + t log S1)``): every in-between matrix is positive definite, the path is
a continuous function of ``t`` and rotation-equivariant, and its determinant moves
geometrically. Interpolating eigenvalues and the axis angle instead makes an ellipse whose
two axes swap lengths turn through 90°, or jump when the eigen order flips.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

import numpy as np

from emgui.model.view_state import ViewState

__all__ = [
    "TWEEN_FRAME_MS",
    "Tween",
    "blend_argb",
    "ease_in_out",
    "exp_sym",
    "interpolate_covariances",
    "log_spd",
    "with_in_betweens",
]

_LOW = np.uint32(0x00FF00FF)  # red and blue (or alpha and green, shifted down)
_HIGH = np.uint32(0xFF00FF00)
# Above this share of differing colours, every point is blended (a gather and scatter of most
# of the points costs more than blending them all).
_SPARSE_SHARE = 0.25
# How long an exported in-between frame shows (25 frames a second; GIF delays are in 10 ms).
TWEEN_FRAME_MS = 40
# Colour levels of a fade by default: the colours are recomputed only when the level changes,
# so a fade costs at most this many recolourings however fast the frames come.
FADE_LEVELS = 24


def ease_in_out(t: float) -> float:
    """Cubic ease-in-out of a fraction in [0, 1]: slow start, fast middle, slow end."""
    t = min(1.0, max(0.0, float(t)))
    if t < 0.5:
        return 4.0 * t * t * t
    u = 2.0 - 2.0 * t
    return 1.0 - u * u * u / 2.0


def log_spd(cov: np.ndarray) -> np.ndarray:
    """Matrix logarithm of each symmetric positive definite 2x2 matrix of a (k, 2, 2) array.

    Closed form: log S = ½·log det S · I + β (S − m I) with m the mean eigenvalue, a continuous
    function of S (no eigenvector is chosen, so nothing can flip).
    """
    cov = np.asarray(cov, dtype=np.float64)
    a, b, c = cov[:, 0, 0], 0.5 * (cov[:, 0, 1] + cov[:, 1, 0]), cov[:, 1, 1]
    m, d = 0.5 * (a + c), 0.5 * (a - c)
    r = np.hypot(d, b)
    big = m + r
    small = (a * c - b * b) / big  # the smaller eigenvalue without cancellation
    if np.any(~(small > 0)):
        raise ValueError("covariances must be positive definite")
    half_log_det = 0.5 * (np.log(big) + np.log(small))
    x = r / m
    with np.errstate(divide="ignore", invalid="ignore"):
        # (log λ1 − log λ2) / (2r), and its limit 1/m (1 + x²/3) for a near-round ellipse
        beta = np.where(x > 1e-4, 0.5 * np.log(big / small) / r, (1.0 + x * x / 3.0) / m)
    out = np.empty_like(cov)
    out[:, 0, 0] = half_log_det + beta * d
    out[:, 1, 1] = half_log_det - beta * d
    out[:, 0, 1] = out[:, 1, 0] = beta * b
    return out


def exp_sym(log: np.ndarray) -> np.ndarray:
    """Matrix exponential of each symmetric 2x2 matrix of a (k, 2, 2) array (closed form)."""
    log = np.asarray(log, dtype=np.float64)
    p, q, s = log[:, 0, 0], log[:, 0, 1], log[:, 1, 1]
    alpha, e = 0.5 * (p + s), 0.5 * (p - s)
    rho = np.hypot(e, q)
    with np.errstate(divide="ignore", invalid="ignore"):
        sinhc = np.where(rho > 1e-4, np.sinh(rho) / rho, 1.0 + rho * rho / 6.0)
    scale, cosh = np.exp(alpha), np.cosh(rho)
    out = np.empty_like(log)
    out[:, 0, 0] = scale * (cosh + sinhc * e)
    out[:, 1, 1] = scale * (cosh - sinhc * e)
    out[:, 0, 1] = out[:, 1, 0] = scale * sinhc * q
    return out


def interpolate_covariances(
    start: np.ndarray, end: np.ndarray, t: float, logs: tuple | None = None
) -> np.ndarray:
    """The (k, 2, 2) covariances a fraction ``t`` of the way on the log-Euclidean path.

    ``logs``: (log_spd(start), log_spd(end)) when already computed. At t = 0 and t = 1 the
    given matrices themselves.
    """
    if t <= 0.0:
        return start
    if t >= 1.0:
        return end
    log0, log1 = logs if logs is not None else (log_spd(start), log_spd(end))
    return exp_sym((1.0 - t) * log0 + t * log1)


def blend_argb(start: np.ndarray, end: np.ndarray, t: float) -> np.ndarray:
    """0xAARRGGBB words a fraction ``t`` of the way from ``start`` to ``end``, per channel."""
    return _ColourFade(np.asarray(start, np.uint32), np.asarray(end, np.uint32)).at(t)


class _ColourFade:
    """Blends two colour arrays per channel; only the points whose colour differs are worked on.

    Two channels at a time: each 8-bit channel of ``word & 0x00FF00FF`` has 16 bits of room,
    enough for a weighted sum with weights adding up to 256.
    """

    def __init__(self, start: np.ndarray, end: np.ndarray):
        self.end = end
        differ = np.flatnonzero(start != end)
        self.index = None if differ.size > _SPARSE_SHARE * end.size else differ
        a = start if self.index is None else start[differ]
        b = end if self.index is None else end[differ]
        self._a = (a & _LOW, (a >> 8) & _LOW)
        self._b = (b & _LOW, (b >> 8) & _LOW)
        self.count = int(differ.size)
        # Two output arrays in turn: the point item recolours when handed a new array object,
        # and the one it shows is never written while it shows it.
        self._out: list[np.ndarray] = []
        self._turn = 0

    def at(self, t: float) -> np.ndarray:
        w = np.uint32(round(min(1.0, max(0.0, t)) * 256))
        if self.count == 0 or w == 256:
            return self.end
        iw = np.uint32(256) - w
        (a_rb, a_ag), (b_rb, b_ag) = self._a, self._b
        rb = a_rb * iw
        rb += b_rb * w
        rb >>= 8
        rb &= _LOW
        ag = a_ag * iw
        ag += b_ag * w
        ag &= _HIGH
        rb |= ag
        if self.index is None:
            return rb
        if len(self._out) < 2:
            self._out.append(self.end.copy())
        out = self._out[self._turn % len(self._out)]
        self._turn += 1
        out[self.index] = rb
        return out


class Tween:
    """The states between two ViewStates of one run: ``at(0)`` looks like ``start``,
    ``at(1)`` is ``end`` itself.

    ``fade``: blend the point colours (False: the new colours at once), in ``levels``
    distinct colourings (fewer for a big cloud: each costs a recolouring). The arrival's
    snapshot, legend and captions are the end's throughout (its rings round changed
    points at the end only); only the motion is in between.
    """

    def __init__(
        self, start: ViewState, end: ViewState, fade: bool = True, levels: int = FADE_LEVELS
    ):
        self.start, self.end = start, end
        self.levels = max(1, int(levels))
        same_points = start.points is end.points or (
            start.points.shape == end.points.shape and np.array_equal(start.points, end.points)
        )
        k = end.centers.shape[0]
        self.moves = same_points and start.centers.shape == end.centers.shape
        self._centers = self.moves and not np.array_equal(start.centers, end.centers)
        self._logs = None
        if self.moves and _both(start.covariances, end.covariances, (k, 2, 2)):
            if not np.array_equal(start.covariances, end.covariances):
                self._logs = (log_spd(start.covariances), log_spd(end.covariances))
        self._weights = self.moves and _both(start.weights, end.weights, (k,))
        self._fade = None
        if fade and same_points and start.colors is not end.colors:
            fader = _ColourFade(
                np.asarray(start.colors, np.uint32), np.asarray(end.colors, np.uint32)
            )
            self._fade = fader if fader.count else None
        self._level = -1
        self._colors = end.colors

    @property
    def changes(self) -> bool:
        """Whether anything is in between: moving centers, reshaped ellipses, fading colours."""
        return bool(self._centers or self._logs is not None or self._fade is not None)

    @property
    def fading(self) -> int:
        """How many points' colours fade (0: none)."""
        return 0 if self._fade is None else self._fade.count

    def at(self, t: float) -> ViewState:
        """The state a fraction ``t`` (already eased, in [0, 1]) of the way; ``end`` at 1."""
        end = self.end
        if t >= 1.0 or not self.changes:
            return end
        t = max(0.0, float(t))
        centers = end.centers
        if self._centers:
            centers = (1.0 - t) * self.start.centers + t * end.centers
        covariances = end.covariances
        if self._logs is not None:
            covariances = interpolate_covariances(
                self.start.covariances, end.covariances, t, self._logs
            )
        weights = end.weights
        if self._weights:
            weights = (1.0 - t) * self.start.weights + t * end.weights
        return dataclasses.replace(
            end,
            colors=self._colors_at(t),
            centers=centers,
            covariances=covariances,
            weights=weights,
            # Rings round changed points come with the arrival: drawn on every frame of a
            # fade they would be redrawn in each new colour (80 ms a frame at 1e6 points).
            changed=None,
            trails=_moving_trails(end, centers) if self._centers else end.trails,
        )

    def _colors_at(self, t: float) -> np.ndarray:
        if self._fade is None:
            return self.end.colors
        level = min(self.levels, round(t * self.levels))
        if level != self._level:  # the same array again: the point item does no work
            self._level = level
            self._colors = self._fade.at(level / self.levels)
        return self._colors


def _both(a, b, shape) -> bool:
    return a is not None and b is not None and a.shape == shape and b.shape == shape


def _moving_trails(end: ViewState, centers: np.ndarray) -> list[np.ndarray]:
    """Trails whose newest vertex (the end's centers) follows the moving centers."""
    trails = []
    for j, path in enumerate(end.trails):
        if len(path) and j < len(centers) and np.array_equal(path[-1], end.centers[j]):
            path = np.vstack([path[:-1], centers[j]])
        trails.append(path)
    return trails


def with_in_betweens(
    states: Iterable[tuple[int, ViewState]], count: int
) -> Iterator[tuple[int, ViewState, bool]]:
    """Each (index, state) of a run, preceded by ``count`` eased in-between states from the
    state before it; the flag is True for the run's own states.

    Every step gets exactly ``count`` (a step that changes nothing repeats its state), so an
    animation of them keeps one rhythm.
    """
    previous = None
    for index, state in states:
        if previous is not None and count > 0:
            tween = Tween(previous, state, levels=256)  # every frame its own colouring
            for j in range(1, count + 1):
                yield index, tween.at(ease_in_out(j / (count + 1))), False
        yield index, state, True
        previous = state
