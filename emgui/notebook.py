"""Figures in a notebook: a state or a contact sheet of a run, shown inline, no window opened.

>>> from emgui.core import run_em
>>> from emgui.notebook import figure
>>> figure(X, list(run_em(X, centers, "gmm", max_iter=20, tol=0)), sheet=[0, 1, 2, 5, 20])

The result displays itself in Jupyter (``_repr_png_``), and ``.save("fig.pdf")`` writes the
same figure as a PNG, SVG or PDF file. Qt runs on its offscreen platform where there is no
display, so this works on a server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from emgui.core import Snapshot
from emgui.model.settings import Settings

__all__ = ["FigureImage", "figure"]


@dataclass
class FigureImage:
    """A rendered figure: PNG bytes for the notebook, and the figure to save in any format."""

    png: bytes
    _figure: object
    _scale: float = 1.0

    def _repr_png_(self) -> bytes:
        return self.png

    @property
    def size(self) -> tuple[int, int]:
        """(width, height) of the PNG in pixels."""
        import struct

        return struct.unpack(">II", self.png[16:24])

    def to_pil(self):
        """The image as a Pillow image."""
        import io

        from PIL import Image

        return Image.open(io.BytesIO(self.png))

    def save(self, path: str) -> str | None:
        """Write the figure as .png, .svg or .pdf (by the extension); a note or None."""
        from emgui.render.figure import write_figure

        return write_figure(self._figure, path, self._scale)


def figure(
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    *,
    at: int | None = None,
    sheet: Sequence[int] | None = None,
    settings: Settings | None = None,
    size: tuple[int, int] | None = None,
    font_pt: float | None = None,
    grid: tuple[int, int] | None = None,
    columns: tuple[str, str] | None = None,
    scale: float = 1.0,
) -> FigureImage:
    """Render the run's state after iteration ``at`` (default: the last state), or with
    ``sheet=[0, 1, 2, 5, 20]`` a contact sheet of those iterations, to an inline image.

    ``size``: the figure (a sheet: each panel) in pixels, 96 per inch; ``font_pt``: text
    size in points; ``settings``: what to draw (ellipse level, trails, …), by default the
    window's defaults for the run's algorithm; ``columns``: the axis titles.
    """
    from emgui.runtime.application import make_application

    make_application()  # offscreen where there is no display
    from emgui.model.view_state import caption
    from emgui.render.export_options import ExportOptions
    from emgui.render.exporter import (
        Exporter,
        frame_states,
        indices_for_iterations,
        sheet_figure,
    )
    from emgui.render.figure import png_bytes, to_image

    snaps = list(snapshots)
    if not snaps:
        raise ValueError("no snapshots: run emgui.core.run_em first")
    points = np.asarray(points, dtype=np.float64)
    if settings is None:
        settings = Settings(algorithm=snaps[-1].algorithm)
    default = (360, 360) if sheet is not None else (800, 600)
    options = ExportOptions(
        size=size or default, settings=settings, font_pt=font_pt, fit="data", grid=grid, scale=scale
    )
    if sheet is not None:
        indices = indices_for_iterations(snaps, list(sheet))
        fig = sheet_figure(points, snaps, indices, options, columns=columns)
    else:
        index = len(snaps) - 1 if at is None else indices_for_iterations(snaps, [at])[0]
        ((_, state),) = frame_states(points, snaps, [index], settings, columns)
        fig = Exporter(options).figure(state, caption(snaps[index]))
    return FigureImage(png_bytes(to_image(fig, scale)), fig, scale)
