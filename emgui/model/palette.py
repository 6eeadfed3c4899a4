"""Colours: a colour-blind-safe palette, and per-point colours from hard or soft assignments.

Pure numpy, so the worker thread can colour a snapshot before the GUI sees it.
Colours are packed 0xAARRGGBB uint32, the layout the point item draws.
"""

from __future__ import annotations

import functools

import numpy as np

# Okabe & Ito (2008), "Color Universal Design", reordered so the first
# colours are the most distinct on a projector; yellow last-but-one because
# it is weak on white. Beyond eight, Tableau-10's extra hues, then repeats.
PALETTE_HEX = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
    "#8C564B",  # brown (Tableau)
    "#7F7F7F",  # grey (Tableau)
)
UNASSIGNED_HEX = "#9A9A9A"  # points before the first E-step


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


# Colour slots: the palette entry each component is drawn in, ``slots[j]`` for component j.
# None is the plain order (component j in colour j). With known classes a run draws the
# component matched to class i in colour i (model.agreement.colour_slots), so a class keeps
# its colour whichever number EM gives its cluster; a run keeps its slots from start to end.
Slots = np.ndarray | tuple[int, ...] | None


def component_rgb(k: int, slots: Slots = None) -> np.ndarray:
    """(k, 3) uint8 colours of components 0..k-1; a component keeps its colour for a whole run.

    Components beyond the slots (the last run's, shown while a run with more centers starts)
    take the plain order, as in :func:`component_hex`.
    """
    base = np.array([hex_to_rgb(c) for c in PALETTE_HEX], dtype=np.uint8)
    index = np.arange(k)
    if slots is not None:
        given = np.asarray(slots, dtype=np.intp)[:k]
        index[: given.size] = given
    return base[index % len(base)]


def component_hex(j: int, slots: Slots = None) -> str:
    slot = j if slots is None or j >= len(slots) else int(slots[j])
    return PALETTE_HEX[slot % len(PALETTE_HEX)]


def pack_argb(rgb: np.ndarray, alpha: int = 255) -> np.ndarray:
    """(..., 3) uint8 RGB to 0xAARRGGBB uint32."""
    rgb = rgb.astype(np.uint32)
    return (np.uint32(alpha) << 24) | (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]


def hard_colors(labels: np.ndarray, k: int, slots: Slots = None) -> np.ndarray:
    """Each point in the colour of its assigned component."""
    return np.take(pack_argb(component_rgb(k, slots)), labels)


def soft_colors(resp: np.ndarray, slots: Slots = None) -> np.ndarray:
    """Each point a blend of the component colours weighted by its responsibilities (n, k).

    A point shared half and half between blue and orange looks neither, so
    uncertainty is visible at a glance.
    """
    k = resp.shape[1]
    rgb = component_rgb(k, slots).astype(np.float32)
    # (3, n): one contiguous row per channel (the engine's responsibilities are the
    # transpose of a (k, n) array), which the packing below reads ~3x faster than
    # the columns of an (n, 3) array. A BLAS call: fast even at 1e6 points.
    mixed = rgb.T @ resp.T
    mixed += 0.5  # round to nearest in the conversion below; all terms are >= 0
    channels = mixed.astype(np.uint32)
    # Responsibilities sum to 1 up to rounding: clamp in integers (a float clamp is ~4x slower).
    np.minimum(channels, np.uint32(255), out=channels)
    out = channels[0] << 16
    channels[1] <<= 8
    out |= channels[1]
    out |= channels[2]
    out |= np.uint32(0xFF000000)
    return out


@functools.lru_cache(maxsize=2)
def unassigned_colors(n: int) -> np.ndarray:
    """The neutral colour of points no E-step has assigned yet (read-only, shared).

    The same array for the same n: every redraw before a run then passes the point item
    the colours it already shows, and a million points are not recoloured each time.
    """
    rgb = np.array(hex_to_rgb(UNASSIGNED_HEX), dtype=np.uint8)
    colors = np.full(n, pack_argb(rgb), dtype=np.uint32)
    colors.flags.writeable = False
    return colors
