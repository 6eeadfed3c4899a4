"""Images of EM states: PNG/SVG of one state, PNG series and GIFs of a run, contact sheets.

There is one drawing path: an :class:`Exporter` owns a hidden plot with the
same :class:`emgui.render.scene.Scene` as the window, and renders it into an image of
the requested size, without the window's controls. The command line uses it
on the offscreen Qt platform, so it works on a server with no display.
"""

from __future__ import annotations

import math
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from emgui.core import Snapshot
from emgui.model.settings import Settings

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
PNG_QUALITY = 60  # Qt's PNG "quality" trades compression for speed; 60 is fast and still small
MAX_IN_FLIGHT = 4  # rendered frames waiting to be encoded


@dataclass(frozen=True)
class ExportOptions:
    """How exported images look."""

    size: tuple[int, int] = (1280, 960)
    scale: float = 1.0  # 2 for print: twice the pixels, same layout
    transparent: bool = False
    caption: bool = True
    legend: bool = True
    settings: Settings = field(default_factory=Settings)


def _app():
    """The running QApplication: the caller creates it (the window, or the command line)."""
    from PySide6.QtWidgets import QApplication

    from emgui.render.style import configure_pyqtgraph

    app = QApplication.instance()
    if app is None:
        raise RuntimeError(
            "exporting needs a QApplication: call emgui.runtime.application.make_application()"
        )
    configure_pyqtgraph()
    return app


class Exporter:
    """Renders SceneStates to images through a hidden plot that uses the window's Scene code."""

    def __init__(self, options: ExportOptions = ExportOptions()):
        self.app = _app()
        import pyqtgraph as pg
        from PySide6.QtCore import Qt

        from emgui.render.scene import Scene

        self.options = options
        w, h = options.size
        # 2x for print: the plot laid out at twice the pixels with type, markers and lines
        # twice as large, so the image looks the same, only sharper. (Scaling the painter
        # instead leaves pixel-sized markers and cosmetic pens, and pyqtgraph's views, at 1x.)
        s = options.scale
        self.pixel_size = (round(w * s), round(h * s))
        self.widget = pg.PlotWidget(
            background=None if options.transparent else "w", viewBox=pg.ViewBox(enableMenu=False)
        )
        self.widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.widget.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.widget.setFrameShape(self.widget.Shape.NoFrame)
        self.widget.resize(*self.pixel_size)
        self.plot = self.widget.getPlotItem()
        self.plot.hideButtons()
        # Type, markers and lines in proportion to the image: small thumbnails, large posters.
        self.scene = Scene(self.plot, scale=float(np.clip(min(w, h) / 800, 0.6, 3.0)) * s)
        self._range: tuple | None = None
        self.widget.show()
        # Painting happens only through render(); the hidden widget need not
        # also repaint itself whenever the event loop runs.
        self.widget.setUpdatesEnabled(False)
        self.app.processEvents()

    def close(self) -> None:
        """Destroy the hidden plot now, not at a later turn of an event loop that may not come."""
        from PySide6.QtCore import QCoreApplication, QEvent

        self.widget.close()
        self.widget.deleteLater()
        QCoreApplication.sendPostedEvents(self.widget, QEvent.Type.DeferredDelete)

    def set_range(
        self, x_range: tuple[float, float], y_range: tuple[float, float], padding: float = 0.06
    ) -> None:
        """Fix the view (so that frames of a run share it)."""
        self._range = (x_range, y_range, padding)

    def _prepare(self, state, caption: str) -> None:
        """Caption first, then layout, then the range: the plot's size depends on the caption."""
        self._set_caption(caption if self.options.caption else "")
        self.app.processEvents()
        if self._range is not None:
            x_range, y_range, padding = self._range
            self.plot.getViewBox().setRange(xRange=x_range, yRange=y_range, padding=padding)
        self.scene.render(state, self.options.settings)
        self.scene.legend.setVisible(self.options.legend and self.scene.legend.isVisible())
        self.app.processEvents()  # layout of title and legend before painting (pyqtgraph #8)

    def render(self, state, caption: str = "") -> QImage:
        """The state as a QImage of options.size × options.scale pixels."""
        from PySide6 import QtCore, QtGui

        opts = self.options
        self._prepare(state, caption)
        image = QtGui.QImage(*self.pixel_size, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(
            QtCore.Qt.GlobalColor.transparent if opts.transparent else QtCore.Qt.GlobalColor.white
        )
        painter = QtGui.QPainter(image)
        try:
            painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QtGui.QPainter.RenderHint.TextAntialiasing)
            self.widget.render(painter)
        finally:
            painter.end()
        return image

    def render_svg(self, state, path: str, caption: str = "") -> None:
        """The state as an SVG file: vector marks, one per point."""
        from PySide6 import QtCore, QtGui
        from PySide6.QtSvg import QSvgGenerator

        opts = self.options
        self._prepare(state, caption)
        w, h = self.pixel_size
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(QtCore.QSize(w, h))
        gen.setViewBox(QtCore.QRect(0, 0, w, h))
        gen.setTitle("emgui")
        gen.setDescription(caption)
        painter = QtGui.QPainter(gen)
        try:
            if not opts.transparent:
                painter.fillRect(QtCore.QRect(0, 0, w, h), QtGui.QColor("white"))
            self.widget.render(painter)
        finally:
            painter.end()

    def _set_caption(self, text: str) -> None:
        """The caption, shrunk to fit the image width (a wide title would widen the plot)."""
        from PySide6 import QtGui

        points = 12 * self.scene.scale
        if text:
            font = QtGui.QFont()
            font.setPointSizeF(points)
            width = QtGui.QFontMetricsF(font).horizontalAdvance(text)
            room = 0.92 * self.pixel_size[0]
            if width > room:
                points = max(5.0, points * room / width)
        self.plot.setTitle(text or None, size=f"{points:.1f}pt", color="#222222")


def frame_states(
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    indices: Sequence[int],
    settings: Settings,
    columns: tuple[str, str] | None = None,
) -> Iterator[tuple[int, object]]:
    """(index, ViewState) for each chosen snapshot, coloured as the window colours them."""
    from emgui.model.view_state import color_key, scene_colors, state_for_frame

    cache: dict[tuple[int, str], np.ndarray] = {}
    snaps = list(snapshots)
    for i in indices:
        snap = snaps[i]
        key = color_key(i, snap, settings)
        colors, computed = scene_colors(points, snap, settings, cache.get(key))
        if computed is not None:
            cache.clear()  # one state's colours at a time: bounded memory
            cache[key] = computed
        yield i, state_for_frame(points, snaps, i, colors, settings, columns)


def run_range(points: np.ndarray, snapshots: Sequence[Snapshot], settings: Settings):
    """A view range that holds the points and every center of the run: frames do not jump."""
    from emgui.core.geometry import ellipse_outlines, level_radius

    parts = [points]
    for s in snapshots:
        parts.append(s.means)
    last = snapshots[-1]
    if last.algorithm in ("gmm", "soft-kmeans"):
        outline = ellipse_outlines(
            last.means, last.covariances, level_radius(settings.ellipse_level)
        )
        parts.append(outline.reshape(-1, 2))
    allpts = np.vstack(parts)
    lo, hi = allpts.min(axis=0), allpts.max(axis=0)
    span = np.maximum(hi - lo, 1e-9 * np.maximum(np.abs(lo), 1.0))
    span = np.where(span > 0, span, 1.0)
    return (lo[0], lo[0] + span[0]), (lo[1], lo[1] + span[1])


def frame_name(index: int, snap: Snapshot, digits: int = 3) -> str:
    """step-000-init.png, step-001-E.png, ...: names that sort in run order."""
    return f"step-{index:0{digits}d}-{snap.phase}.png"


def chosen_indices(snapshots: Sequence[Snapshot], whole_iterations: bool = False) -> list[int]:
    """Every half-step, or the initial state and each M-step (whole iterations)."""
    if not whole_iterations:
        return list(range(len(snapshots)))
    return [i for i, s in enumerate(snapshots) if s.phase != "E"]


def export_run_files(
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    frames_dir: str | None = None,
    gif_path: str | None = None,
    size: tuple[int, int] = (1280, 960),
    *,
    options: ExportOptions | None = None,
    whole_iterations: bool = False,
    frame_ms: int = 500,
    columns: tuple[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write a PNG per snapshot into ``frames_dir`` and/or an animated GIF; return frames written.

    Files are written whole or not at all (the GIF through a temporary file).
    """
    from emgui.model.view_state import caption as caption_of

    opts = options or ExportOptions(size=size)
    indices = chosen_indices(snapshots, whole_iterations)
    if frames_dir:
        Path(frames_dir).mkdir(parents=True, exist_ok=True)
    exporter = Exporter(opts)
    digits = max(3, len(str(len(snapshots) - 1)))
    # Encoding a PNG (and quantising a GIF frame) costs as much as drawing one;
    # it runs in worker threads (both release the GIL) while the next frame is
    # drawn here. At most MAX_IN_FLIGHT images wait, to bound memory.
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="emgui-export")
    pending: deque[Future] = deque()
    gif_frames: dict[int, object] = {}

    def encode(n: int, image, target: str | None) -> None:
        if target is not None and not image.save(target, "PNG", PNG_QUALITY):
            raise OSError(f"could not write {target}")
        if gif_path:
            gif_frames[n] = gif_frame(image)

    try:
        exporter.set_range(*run_range(points, snapshots, opts.settings))
        done = 0
        states = frame_states(points, snapshots, indices, opts.settings, columns)
        for n, (i, state) in enumerate(states):
            if should_cancel is not None and should_cancel():
                break
            image = exporter.render(state, caption_of(snapshots[i]))
            target = None
            if frames_dir:
                target = os.path.join(frames_dir, frame_name(i, snapshots[i], digits))
            pending.append(pool.submit(encode, n, image, target))
            while len(pending) > MAX_IN_FLIGHT or (pending and pending[0].done()):
                pending.popleft().result()  # re-raises a failed write
                done += 1
                if progress is not None:
                    progress(done, len(indices))
        while pending:
            pending.popleft().result()
            done += 1
            if progress is not None:
                progress(done, len(indices))
        if gif_path and gif_frames and not (should_cancel and should_cancel()):
            write_gif(gif_path, [gif_frames[n] for n in sorted(gif_frames)], frame_ms)
        return done
    finally:
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True)
        exporter.close()


def gif_frame(image):
    """A QImage as a 255-colour Pillow image for a GIF."""
    return gif_frame_from_pil(_to_pil(image))


def _to_pil(image):
    """A QImage as a Pillow RGB(A) image."""
    from PIL import Image
    from PySide6 import QtGui

    rgba = image.convertToFormat(QtGui.QImage.Format.Format_RGBA8888)
    w, h = rgba.width(), rgba.height()
    buf = bytes(rgba.constBits())[: rgba.bytesPerLine() * h]
    img = Image.frombuffer("RGBA", (w, h), buf, "raw", "RGBA", rgba.bytesPerLine(), 1)
    return img.copy()


def gif_frame_from_pil(img):
    """Fast octree quantisation without dither: exact for the few flat colours of a plot."""
    from PIL import Image

    return img.convert("RGB").quantize(
        colors=255, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )


def write_gif(path: str, frames: list, frame_ms: int = 500) -> None:
    """An animated GIF, one frame per image, written atomically; the last frame lingers."""
    import io

    from emgui.io.atomic import write_atomic

    palette_frames = [f if f.mode == "P" else gif_frame_from_pil(f) for f in frames]
    durations = [frame_ms] * len(palette_frames)
    durations[-1] = max(frame_ms, 2000)
    buf = io.BytesIO()
    palette_frames[0].save(
        buf,
        format="GIF",
        save_all=True,
        append_images=palette_frames[1:],
        duration=durations,
        loop=0,
        optimize=False,
        disposal=1,
    )
    write_atomic(path, buf.getvalue())


def contact_sheet(
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    indices: Sequence[int],
    options: ExportOptions = ExportOptions(),
    n_columns: int | None = None,
    columns: tuple[str, str] | None = None,
):
    """Chosen snapshots in a grid in one image, each with its caption (a textbook figure)."""
    from PySide6 import QtCore, QtGui

    from emgui.model.view_state import caption as caption_of

    m = len(indices)
    if m == 0:
        raise ValueError("choose at least one snapshot for a contact sheet")
    cols = n_columns or math.ceil(math.sqrt(m))
    rows = math.ceil(m / cols)
    cw, ch = options.size
    exporter = Exporter(options)
    s = options.scale
    sheet = QtGui.QImage(
        round(cols * cw * s), round(rows * ch * s), QtGui.QImage.Format.Format_ARGB32_Premultiplied
    )
    sheet.fill(
        QtCore.Qt.GlobalColor.transparent if options.transparent else QtCore.Qt.GlobalColor.white
    )
    painter = QtGui.QPainter(sheet)
    try:
        exporter.set_range(*run_range(points, snapshots, options.settings))
        for n, (i, state) in enumerate(
            frame_states(points, snapshots, indices, options.settings, columns)
        ):
            image = exporter.render(state, caption_of(snapshots[i]))
            r, c = divmod(n, cols)
            painter.drawImage(QtCore.QPointF(c * cw * s, r * ch * s), image)
    finally:
        painter.end()
        exporter.close()
    return sheet


def indices_for_iterations(snapshots: Sequence[Snapshot], iterations: Sequence[int]) -> list[int]:
    """History indices of the states after the given iterations (0: the initial state)."""
    out = []
    for it in iterations:
        for i, s in enumerate(snapshots):
            if s.iteration == it and s.phase in ("init", "M"):
                out.append(i)
                break
        else:
            raise ValueError(f"the run has no iteration {it} (it has {snapshots[-1].iteration})")
    return out


def side_by_side(images: Sequence) -> QImage:
    """Images next to each other in one (the compare view's two plots)."""
    from PySide6 import QtCore, QtGui

    width = sum(im.width() for im in images)
    height = max(im.height() for im in images)
    out = QtGui.QImage(width, height, QtGui.QImage.Format.Format_ARGB32_Premultiplied)
    out.fill(QtCore.Qt.GlobalColor.white)
    painter = QtGui.QPainter(out)
    x = 0
    for im in images:
        painter.drawImage(x, 0, im)
        x += im.width()
    painter.end()
    return out
