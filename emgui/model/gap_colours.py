"""Points coloured by their share of the gap ("where q is stale"), Qt-free.

At an M state the bound lies below the log-likelihood by KL(q ‖ p) = Σ_i KL_i: point i's
responsibilities, computed from θ_old, against its posterior under θ_new. The points with
the largest KL_i are the ones the next E-step will change most. The map is sequential and
colour-blind safe (viridis, reversed so that a stale point is dark on the white canvas and
a point whose q is still right fades to pale yellow, visible but quiet).
"""

from __future__ import annotations

import numpy as np

from emgui.model.palette import pack_argb

# viridis at 0, 1/8, ..., 1 (matplotlib's values), reversed: index 0 = no gap.
_VIRIDIS = np.array(
    [
        (68, 1, 84),
        (71, 44, 122),
        (59, 81, 139),
        (44, 113, 142),
        (33, 144, 141),
        (39, 173, 129),
        (92, 200, 99),
        (170, 220, 50),
        (253, 231, 37),
    ],
    dtype=float,
)[::-1]
# The share of the largest gaps that saturates the map: one point far out would otherwise
# make every other point look fresh.
SATURATE_QUANTILE = 0.99


def gap_scale(gaps: np.ndarray) -> float:
    """The KL_i that gets the darkest colour: the 99th percentile of the positive gaps."""
    gaps = np.asarray(gaps, dtype=float)
    positive = gaps[np.isfinite(gaps) & (gaps > 0)]
    if positive.size == 0:
        return 0.0
    return float(np.quantile(positive, SATURATE_QUANTILE))


def gap_shares(gaps: np.ndarray, scale: float | None = None) -> np.ndarray:
    """KL_i / scale clipped to [0, 1]: 0 where the gap is 0, negative by rounding, or not finite."""
    gaps = np.asarray(gaps, dtype=float)
    if scale is None:
        scale = gap_scale(gaps)
    out = np.zeros(gaps.shape, dtype=float)
    if scale > 0:
        ok = np.isfinite(gaps)
        out[ok] = np.clip(gaps[ok] / scale, 0.0, 1.0)
    return out


def gap_colours(gaps: np.ndarray, scale: float | None = None, alpha: int = 255) -> np.ndarray:
    """(n, 4) uint8 RGBA: pale yellow for no gap, through green and blue, to dark purple.

    ``scale`` is the KL_i drawn darkest (default :func:`gap_scale`). Vectorised: no
    per-point Python work, so a million points take milliseconds.
    """
    shares = gap_shares(gaps, scale)
    pos = shares * (len(_VIRIDIS) - 1)
    lo = np.minimum(pos.astype(int), len(_VIRIDIS) - 2)
    frac = (pos - lo)[:, None]
    rgb = _VIRIDIS[lo] * (1.0 - frac) + _VIRIDIS[lo + 1] * frac
    out = np.empty((shares.shape[0], 4), dtype=np.uint8)
    out[:, :3] = np.rint(rgb).astype(np.uint8)
    out[:, 3] = alpha
    return out


def colour_key(steps: int = 5) -> list[tuple[float, str]]:
    """(share, "#rrggbb") along the map, for a legend of the colouring."""
    shares = np.linspace(0.0, 1.0, steps)
    rgba = gap_colours(shares, scale=1.0)
    return [
        (float(s), "#{:02x}{:02x}{:02x}".format(*c[:3])) for s, c in zip(shares, rgba, strict=True)
    ]


def gap_argb(gaps: np.ndarray, scale: float | None = None) -> np.ndarray:
    """(n,) uint32 0xAARRGGBB words of :func:`gap_colours`: what ViewState.colors holds."""
    return pack_argb(gap_colours(gaps, scale)[:, :3])
