"""Which point owns each pixel: fixed-size markers rasterised with numpy (no Qt).

Each point's number (index + 1) is written into one pixel of an int buffer; a max filter
grows the numbers into discs (or rings), so that the later point wins a pixel as in painter
order, and an optional 1 px outline is where a neighbour belongs to a later mark. The result,
an "owner" image, does not depend on the colours: the point item turns it into pixels with
one lookup per pixel, so recolouring the same points costs only that. Markers are not
antialiased, which the point densities that select this path hide.
"""

from __future__ import annotations

import functools
import math
from concurrent.futures import ThreadPoolExecutor
from typing import Literal

import numpy as np

__all__ = ["PointRasteriser", "Scratch", "Shape", "buffer_padding", "disc_rows"]

Shape = Literal["disc", "ring"]


@functools.cache
def disc_rows(d: int) -> list[tuple[int, int]]:
    """(row, run length) of a d-pixel disc; each run is centred in the d x d square."""
    rows = []
    r2 = (d / 2) ** 2
    for j in range(d):
        cy = j + 0.5 - d / 2
        hw = math.sqrt(max(r2 - cy * cy, 0.0))
        n = sum(1 for i in range(d) if abs(i + 0.5 - d / 2) <= hw + 1e-9)
        rows.append((j, max(n, 1)))
    return rows


@functools.cache
def _disc_rows_by_length(d: int) -> list[tuple[int, int]]:
    return sorted(disc_rows(d), key=lambda t: t[1])


class Scratch:
    """Work arrays kept between paints: fresh ones cost page faults every time."""

    KEEP_LIMIT = 1 << 22  # elements; bigger ones (large exports) are not kept

    def __init__(self) -> None:
        self._arrays: dict[str, np.ndarray] = {}

    def get(self, name: str, size: int, dtype=np.int32) -> np.ndarray:
        """An uninitialised 1-D array of that size and type."""
        a = self._arrays.get(name)
        if a is None or a.size < size or a.dtype != dtype:
            a = np.empty(size, dtype)
            if a.size <= self.KEEP_LIMIT:
                self._arrays[name] = a
            else:
                self._arrays.pop(name, None)
        return a[:size]


def _shift_max(dst: np.ndarray, src: np.ndarray, k: int) -> None:
    """dst[i] = max(dst[i], src[i - k]) on flat arrays (k < 0: src[i + |k|])."""
    if k >= 0:
        np.maximum(dst[k:], src[: src.size - k], out=dst[k:])
    else:
        np.maximum(dst[:k], src[-k:], out=dst[:k])


# The filters below work on whole rows of an image flattened to 1-D: a shift by dy rows and
# dx columns is one shift by dy * width + dx, and one contiguous numpy loop runs ~3x faster
# than a loop per row. A shift by dx columns wraps the last dx pixels of a row into the next
# row; the raster buffer's padding keeps those pixels empty. Each output pixel depends only
# on input pixels at most (d + offset) rows + d columns before it (the filter "reach").


def _max_filter_disc(
    src: np.ndarray, width: int, d: int, scratch: Scratch, out_name: str, offset: int = 0
) -> np.ndarray:
    """out[y, x] = max of src over a d-pixel disc whose d x d square starts ``offset`` px up/left.

    A point written at (y, x) thus covers [y, y+d) x [x, x+d), shifted by ``offset``. Taking
    the max of point numbers makes the later point win a pixel, as in painter order.
    """
    if d <= 1 and offset == 0:
        return src
    rows = _disc_rows_by_length(d)
    # run[i] = max(src[i-L+1 .. i]) for the current run length L. Run lengths in a disc
    # share d's parity, so after the shortest one each next is max(run, pair << L).
    run = scratch.get("run", src.size, src.dtype)
    np.copyto(run, src)
    length = 1
    pair: np.ndarray | None = None
    out = scratch.get(out_name, src.size, src.dtype)
    out.fill(0)
    for j, n in rows:
        while length < n:
            if length >= rows[0][1] and n - length >= 2:
                if pair is None:
                    pair = scratch.get("pair", src.size, src.dtype)
                    np.copyto(pair, src)
                    _shift_max(pair, src, 1)
                _shift_max(run, pair, length)
                length += 2
            else:
                _shift_max(run, src, length)
                length += 1
        _shift_max(out, run, (j + offset) * width + (d - n) // 2 + offset)
    return out


def _neighbour_max(src: np.ndarray, width: int, out: np.ndarray) -> np.ndarray:
    """out[y, x] = max of src's 4 neighbours of (y, x)."""
    np.maximum(src[:-2], src[2:], out=out[1:-1])
    out[0] = out[-1] = 0
    _shift_max(out, src, width)
    _shift_max(out, src, -width)
    return out


_POOL: ThreadPoolExecutor | None = None


def _thread_pool() -> ThreadPoolExecutor:
    """Shared helper threads for the raster bands, started on first use."""
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=3, thread_name_prefix="point-cloud")
    return _POOL


def buffer_padding(d: int, cull: int) -> int:
    """Padding (px) around the painted area for d-pixel marks of points up to ``cull`` px outside.

    Marks, outline included, then lie in columns [1, w + pad + cull + d/2 + 1.5) of the padded
    buffer. A filter shift of k <= d + 1 columns wraps the last k columns of a row into the next
    one; this padding keeps them empty.
    """
    return cull + math.ceil(1.5 * d) + 3


class PointRasteriser:
    """Rasterises points into an owner image; keeps its work arrays between calls."""

    def __init__(self) -> None:
        self._scratch = Scratch()
        self._band_scratch: list[Scratch] = []  # one per thread

    def owners(
        self,
        fx: np.ndarray,
        fy: np.ndarray,
        numbers: np.ndarray | None,
        n_points: int,
        size: tuple[int, int],
        pad: int,
        d: int,
        shape: Shape = "disc",
        ring_width: int = 1,
        outline: bool = False,
        band_pixels: int = 131_072,
        threads: int = 2,
    ) -> np.ndarray:
        """The (h, w) image of which point owns each pixel: 0 none, 1..n a point, n + 1 outline.

        ``fx``, ``fy``: each point's d x d stencil top-left in the padded buffer of
        :func:`buffer_padding` (so >= 1). ``numbers``: each point's number, from 1 to
        ``n_points``, or None for 1, 2, ... ``size``: (w, h) of the area. ``outline``: a 1 px
        outline around discs (rings have none). ``band_pixels``: pixels filtered at a time;
        ``threads``: threads that filter bands, the calling one included.
        """
        w, h = size
        wp, hp = w + 2 * pad, h + 2 * pad
        itype = np.int32 if wp * hp < 2**31 and n_points < 2**31 - 2 else np.int64
        # Top-left pixels are >= 1, so truncation is floor.
        lin = fy.astype(itype)
        lin *= wp
        lin += fx.astype(itype)
        # numpy assigns repeated indices in order, so the last point written to a pixel wins.
        if numbers is None:
            numbers = np.arange(1, len(fx) + 1, dtype=itype)
        else:
            numbers = numbers.astype(itype, copy=False)
        ids = self._scratch.get("ids", hp * wp, itype)
        ids.fill(0)
        ids[lin] = numbers

        owner = np.empty((h, w), itype)
        # Bands of rows whose work arrays stay in the CPU cache: about 2x faster than
        # filtering the whole buffer, which is several MB, in one go.
        band = max(band_pixels // wp, 2 * d)  # big markers: halo rows would dominate
        before, after = (d + 2) * wp + 2 * d + 4, wp + 2  # filter reach, back and ahead
        jobs = []
        for r0 in range(pad, pad + h, band):
            r1 = min(r0 + band, pad + h)
            lo, hi = max(0, r0 * wp - before), min(ids.size, r1 * wp + after)
            # Rows r0..r1 of the buffer, minus the padding columns, as a view of a band array.
            crop = (r0 * wp - lo, r1 - r0, wp, slice(pad, pad + w))
            jobs.append((ids[lo:hi], crop, owner[r0 - pad : r1 - pad]))

        # numpy releases the GIL in its loops, so helper threads filter bands in parallel,
        # each with its own work arrays, writing its own rows of the image. Bands are taken
        # one at a time from a shared iterator (atomic under the GIL), so a helper that a
        # busy CPU does not schedule delays the paint by at most the band it holds.
        tasks = iter(jobs)
        outline_index = n_points + 1 if outline else None

        def run(band_scratch: Scratch) -> None:
            for src, crop, out in tasks:
                _owner_band(src, crop, d, shape, ring_width, outline_index, out, band_scratch)

        threads = min(max(1, threads), len(jobs))
        while len(self._band_scratch) < threads:
            self._band_scratch.append(Scratch())
        helpers = [_thread_pool().submit(run, self._band_scratch[i]) for i in range(1, threads)]
        run(self._band_scratch[0])
        for helper in helpers:
            if not helper.cancel():  # cancelled if it never started
                helper.result()
        return owner


def _owner_band(
    src: np.ndarray,
    crop: tuple,
    d: int,
    shape: Shape,
    ring_width: int,
    outline_index: int | None,
    out: np.ndarray,
    scratch: Scratch,
) -> None:
    """Fill ``out`` from point numbers ``src`` (whole buffer rows, cropped by ``crop``)."""
    first, n, width, columns = crop

    def rows(a: np.ndarray) -> np.ndarray:
        return a[first : first + n * width].reshape(n, width)[:, columns]

    if shape == "ring":
        lw = ring_width
        outer = rows(_max_filter_disc(src, width, d, scratch, "outer"))
        out[...] = outer
        if d > 2 * lw:
            inner = rows(_max_filter_disc(src, width, d - 2 * lw, scratch, "inner", lw))
            # Where the newest covering point has its hole, leave the pixel empty.
            out[outer == inner] = 0
    else:
        fill = _max_filter_disc(src, width, d, scratch, "fill")
        if outline_index is not None:
            # A pixel is outline where a 4-neighbour belongs to a later mark (or to a mark
            # where the pixel has none): the marks grown by one pixel, outline colour.
            near = _neighbour_max(fill, width, scratch.get("near", fill.size, fill.dtype))
            fill = rows(fill)
            out[...] = fill
            edge = scratch.get("edge", out.size, np.bool_).reshape(out.shape)
            np.greater(rows(near), fill, out=edge)
            # out += (outline - out) * edge runs ~2x faster than out[edge] = outline.
            delta = scratch.get("delta", out.size, out.dtype).reshape(out.shape)
            np.subtract(out.dtype.type(outline_index), out, out=delta)
            np.multiply(delta, edge, out=delta)
            out += delta
        else:
            out[...] = rows(fill)
