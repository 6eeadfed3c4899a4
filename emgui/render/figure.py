"""A figure of one EM state, and the outputs every figure has: a QImage, SVG text, a PDF file.

A figure is anything with ``width``, ``height`` (figure pixels, 96 per inch), ``title`` and
``draw(canvas, points_dpi=None)``: :class:`StateFigure` here, the contact sheet in
emgui.render.contact_sheet. The same ``draw`` makes the PNG, the SVG and the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from emgui.core.geometry import ellipse_outlines, level_radius
from emgui.model.view_state import ViewState
from emgui.render.export_options import ExportOptions, format_of
from emgui.render.figure_canvas import Canvas, PainterCanvas, measure
from emgui.render.figure_layout import AxesText, FigureStyle, fit_range, layout_plot
from emgui.render.figure_panel import Panel, draw_panel
from emgui.render.svg_canvas import SvgCanvas

Ranges = tuple[tuple[float, float], tuple[float, float]]


class Figure(Protocol):
    width: float
    height: float
    title: str

    def draw(self, canvas: Canvas, points_dpi: float | None = None) -> None: ...

    def point_count(self) -> int: ...


def state_extent(state: ViewState, settings) -> np.ndarray:
    """Everything a state draws, as (m, 2) data points: points, centers, ellipses, trails."""
    parts = [np.asarray(state.points, dtype=np.float64).reshape(-1, 2), state.centers]
    if state.covariances is not None and state.centers.shape[0]:
        radius = level_radius(settings.ellipse_level)
        parts.append(ellipse_outlines(state.centers, state.covariances, radius).reshape(-1, 2))
    parts += [np.asarray(t).reshape(-1, 2) for t in state.trails]
    return np.vstack(parts)


def axis_titles(state: ViewState) -> tuple[str, str]:
    return tuple(state.columns) if state.columns else ("x", "y")


@dataclass
class StateFigure:
    """One state in one plot, with its caption, axis titles and legend."""

    state: ViewState
    options: ExportOptions
    caption: str = ""
    ranges: Ranges | None = None  # None: fit the state's data
    origin: tuple[float, float] = (0.0, 0.0)  # top-left on a larger figure (compare view)

    def __post_init__(self) -> None:
        opts = self.options
        self.width, self.height = (float(v) for v in opts.size)
        self.title = self.caption or "emgui"
        self.style = FigureStyle.for_panel(opts.size, opts.font_pt)
        ranges = self.ranges or fit_range(state_extent(self.state, opts.settings))
        x_title, y_title = axis_titles(self.state)
        text = AxesText(x_title, y_title, caption=self.caption if opts.caption else "")
        frame, xt, yt = layout_plot(
            (*self.origin, self.width, self.height),
            ranges,
            text,
            self.style,
            measure,
            opts.equal_aspect,
        )
        self.panel = Panel(frame, xt, yt, text)

    def point_count(self) -> int:
        return int(self.state.points.shape[0])

    def draw(self, canvas: Canvas, points_dpi: float | None = None) -> None:
        if not self.options.transparent:
            canvas.rect(*self.origin, self.width, self.height, (255, 255, 255, 255))
        draw_panel(
            canvas,
            self.panel,
            self.state,
            self.options.settings,
            self.style,
            legend=self.options.legend,
            points_dpi=points_dpi,
        )


@dataclass
class RowFigure:
    """Figures side by side (the compare view's two plots): one file, any format."""

    figures: list

    def __post_init__(self) -> None:
        self.width = sum(f.width for f in self.figures)
        self.height = max(f.height for f in self.figures)
        self.title = " | ".join(f.title for f in self.figures)

    def point_count(self) -> int:
        return sum(f.point_count() for f in self.figures)

    def draw(self, canvas: Canvas, points_dpi: float | None = None) -> None:
        for f in self.figures:
            f.draw(canvas, points_dpi)


def to_image(figure: Figure, scale: float = 1.0, transparent: bool = False):
    """The figure as a QImage of its size times ``scale`` pixels."""
    from PySide6 import QtCore, QtGui

    w, h = max(1, round(figure.width * scale)), max(1, round(figure.height * scale))
    # Opaque images without an alpha channel: PNG-encoded three times faster.
    fmt = QtGui.QImage.Format.Format_RGB32
    if transparent:
        fmt = QtGui.QImage.Format.Format_ARGB32_Premultiplied
    image = QtGui.QImage(w, h, fmt)
    image.fill(QtCore.Qt.GlobalColor.transparent if transparent else QtCore.Qt.GlobalColor.white)
    painter = QtGui.QPainter(image)  # at 96 dpi: the figure's fonts are sized in points
    try:
        painter.scale(scale, scale)
        figure.draw(PainterCanvas(painter))
    finally:
        painter.end()
    # 96 dpi times the scale: prints at its size. Set after drawing, else the painter's
    # scale and the device's dpi both enlarge the text (twice over at scale 2).
    image.setDotsPerMeterX(round(3780 * scale))
    image.setDotsPerMeterY(round(3780 * scale))
    return image


def png_bytes(image, quality: int = -1) -> bytes:
    """A QImage encoded as PNG (``quality``: Qt's, trading compression for speed; -1 default)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG", quality):
        raise OSError(5, "the image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


def svg_text(figure: Figure, description: str = "") -> str:
    """The figure as an SVG document."""
    canvas = SvgCanvas(figure.width, figure.height, figure.title, description)
    figure.draw(canvas)
    return canvas.document()


def figure_bytes(figure: Figure, fmt: str, scale: float = 1.0, transparent: bool = False):
    """(bytes of the file, note or None): PNG, SVG or PDF."""
    if fmt == "svg":
        return svg_text(figure).encode("utf-8"), None
    if fmt == "pdf":
        from emgui.render.pdf_export import pdf_bytes

        return pdf_bytes(figure)
    return png_bytes(to_image(figure, scale, transparent)), None


def write_figure(
    figure: Figure,
    path: str,
    scale: float = 1.0,
    transparent: bool = False,
    fmt: str | None = None,
) -> str | None:
    """Write the figure as ``fmt`` ("png", "svg", "pdf"), else as the file's extension says,
    whole or not at all.

    Returns a note for the user when the file is not all vector (many points in a PDF).
    """
    from emgui.io.atomic import write_atomic

    data, note = figure_bytes(figure, fmt or format_of(path), scale, transparent)
    write_atomic(str(path), data)
    return note
