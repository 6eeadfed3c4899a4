"""Images of EM states: a figure of one state (PNG, SVG, PDF), frames and GIFs of a run, sheets.

There is one drawing path for every export: the figure renderer (emgui.render.figure),
which draws the window's marks (points, rings, trails, ellipses on halos, centers,
Voronoi shading) with a paper's layout onto a QImage, an SVG document or a PDF page.
:class:`Exporter` keeps the interface the window and the analysis thumbnails use. The
command line renders on the offscreen Qt platform, so it works on a server with no display.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from emgui.core import Snapshot
from emgui.model.settings import Settings
from emgui.render.export_options import ExportOptions, format_of

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

__all__ = ["ExportOptions", "Exporter", "format_of"]

SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "3840x2160": (3840, 2160)}
PNG_QUALITY = 60  # Qt's PNG "quality" trades compression for speed; 60 is fast and still small
MAX_IN_FLIGHT = 4  # rendered frames waiting to be encoded
MAX_GIF_BYTES = 4 << 30  # a GIF's frames (one byte a pixel) held until it is written
DEFAULT_OPTIONS = ExportOptions()


def _app():
    """The running QApplication: the caller creates it (the window, or the command line)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        raise RuntimeError(
            "exporting needs a QApplication: call emgui.runtime.application.make_application()"
        )
    return app


class Exporter:
    """Renders ViewStates to images and files through the figure renderer."""

    def __init__(self, options: ExportOptions = DEFAULT_OPTIONS):
        self.app = _app()
        self.options = options
        self.pixel_size = exporter_pixels(options)
        self._range: tuple | None = None
        self._fixed = False

    def set_range(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        padding: float = 0.06,
        fixed: bool = False,
    ) -> None:
        """The view to show when options.fit is "view" (the window's), or always when ``fixed``
        (frames of a run share it)."""
        (x0, x1), (y0, y1) = x_range, y_range
        px, py = padding * (x1 - x0), padding * (y1 - y0)
        self._range = ((x0 - px, x1 + px), (y0 - py, y1 + py))
        self._fixed = fixed

    def figure(self, state, caption: str = "", origin=(0.0, 0.0)):
        """The StateFigure of ``state`` with these options."""
        from emgui.render.figure import StateFigure

        use_range = self._range is not None and (self._fixed or self.options.fit == "view")
        return StateFigure(state, self.options, caption, self._range if use_range else None, origin)

    def render(self, state, caption: str = "") -> QImage:
        """The state as a QImage of options.size × options.scale pixels."""
        from emgui.render.figure import to_image

        opts = self.options
        return to_image(self.figure(state, caption), opts.scale, opts.transparent)

    def render_svg(self, state, path: str, caption: str = "") -> None:
        """The state as an SVG file: vector marks, one per point, in output units."""
        self.write(state, path, caption, "svg")

    def render_pdf(self, state, path: str, caption: str = "") -> str | None:
        """The state as a PDF page of vector marks and text; a note if points became an image."""
        return self.write(state, path, caption, "pdf")

    def write(self, state, path: str, caption: str = "", fmt: str | None = None) -> str | None:
        """The state as a PNG, SVG or PDF file (by ``fmt``, else the extension), written whole."""
        from emgui.render.figure import write_figure

        opts = self.options
        return write_figure(self.figure(state, caption), path, opts.scale, opts.transparent, fmt)


def export_view(
    path: str,
    views: Sequence[tuple[object, ExportOptions, str]],
    view_range: tuple | None = None,
) -> tuple[str, str | None]:
    """Write one or more states side by side (the compare view) as the extension says.

    ``views``: (state, options, caption) per plot; ``view_range``: the window's
    ((x0, x1), (y0, y1)), used where options.fit is "view". Returns (path, note). A
    path that is not .png, .svg or .pdf is refused (ValueError naming it), never renamed.
    """
    from emgui.render.figure import RowFigure, write_figure

    format_of(path)  # a bad name is refused before the drawing
    figures, x = [], 0.0
    for state, options, caption in views:
        exporter = Exporter(options)
        if view_range is not None:
            exporter.set_range(*view_range, padding=0.0)
        figure = exporter.figure(state, caption, origin=(x, 0.0))
        figures.append(figure)
        x += figure.width
    first = views[0][1]
    figure = figures[0] if len(figures) == 1 else RowFigure(figures)
    return str(path), write_figure(figure, path, first.scale, first.transparent)


def frame_states(
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    indices: Sequence[int],
    settings: Settings,
    columns: tuple[str, str] | None = None,
    slots: tuple[int, ...] | None = None,
    known=None,
) -> Iterator[tuple[int, object]]:
    """(index, ViewState) for each chosen snapshot, coloured as the window colours them;
    ``slots``: the run's colour slots (emgui.model.palette); ``known``: the known classes."""
    from emgui.model.view_state import color_key, scene_colors, state_for_frame

    cache: dict[tuple[int, str], np.ndarray] = {}
    snaps = list(snapshots)
    for i in indices:
        snap = snaps[i]
        key = color_key(i, snap, settings)
        colors, computed = scene_colors(points, snap, settings, cache.get(key), slots)
        if computed is not None:
            cache.clear()  # one state's colours at a time: bounded memory
            cache[key] = computed
        yield i, state_for_frame(points, snaps, i, colors, settings, columns, slots, known)


def drawn_as(options: ExportOptions) -> tuple:
    """(colour slots, known classes) of ``options``: the run drawn as the window draws it."""
    return options.colour_slots, options.known_classes


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
    tween_frames: int = 0,
    columns: tuple[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
    mp4_path: str | None = None,
) -> int:
    """Write a PNG per snapshot into ``frames_dir``, an animated GIF and/or an MP4 video
    (emgui.render.video_export), each frame drawn once for all; return the frames written.

    ``tween_frames``: in-between frames of each step in the GIF and the video (centers
    gliding, ellipses reshaping, colours fading; TWEEN_FRAME_MS each); the PNGs stay one per
    snapshot. Files are written whole or not at all (the GIF and the video through a
    temporary file; a cancel leaves neither).
    """
    from emgui.io.atomic import write_atomic
    from emgui.model.tween import TWEEN_FRAME_MS, with_in_betweens
    from emgui.model.view_state import caption as caption_of
    from emgui.render.figure import png_bytes

    opts = options or ExportOptions(size=size)
    indices = chosen_indices(snapshots, whole_iterations)
    tween_frames = max(0, tween_frames) if gif_path or mp4_path else 0
    total = len(indices) + tween_frames * max(0, len(indices) - 1)
    if gif_path:
        w, h = exporter_pixels(opts)
        # A GIF holds every frame until it is written: refused, with the estimate, before
        # any work, rather than failing (or swapping) after minutes.
        need = (total + MAX_IN_FLIGHT) * w * h
        if need > MAX_GIF_BYTES:
            raise ValueError(
                f"{gif_path}: a GIF of {total} frames of {w}x{h} needs about "
                f"{need / 2**30:.1f} GB of memory (at most {MAX_GIF_BYTES / 2**30:.0f} GB); "
                "choose a smaller size or fewer iterations"
            )
    if frames_dir:
        Path(frames_dir).mkdir(parents=True, exist_ok=True)
    exporter = Exporter(opts)
    video = None
    if mp4_path:
        from emgui.render.video_export import Mp4Writer

        video = Mp4Writer(mp4_path, exporter_pixels(opts), frame_ms, tween_frames)
    digits = max(3, len(str(len(snapshots) - 1)))
    # Encoding a PNG (and quantising a GIF frame) costs as much as drawing one;
    # it runs in worker threads (both release the GIL) while the next frame is
    # drawn here. At most MAX_IN_FLIGHT images wait, to bound memory.
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="emgui-export")
    pending: deque[Future] = deque()
    gif_frames: dict[int, object] = {}
    durations: dict[int, int] = {}

    def encode(n: int, image, target: str | None) -> None:
        if target is not None:
            # Encoded in memory, then written atomically: a full disk leaves no truncated
            # or empty frame (QImage.save wrote straight into the file).
            write_atomic(target, png_bytes(image, PNG_QUALITY))
        if gif_path:
            gif_frames[n] = gif_frame(image)

    try:
        exporter.set_range(*run_range(points, snapshots, opts.settings), fixed=True)
        done = own = 0
        states = frame_states(points, snapshots, indices, opts.settings, columns, *drawn_as(opts))
        for n, (i, state, is_own) in enumerate(with_in_betweens(states, tween_frames)):
            if should_cancel is not None and should_cancel():
                break
            image = exporter.render(state, caption_of(snapshots[i]))
            if video is not None:
                video.add(image, is_own)
            target = None
            if frames_dir and is_own:
                target = os.path.join(frames_dir, frame_name(i, snapshots[i], digits))
            durations[n] = frame_ms if is_own else TWEEN_FRAME_MS
            own += is_own
            pending.append(pool.submit(encode, n, image, target))
            while len(pending) > MAX_IN_FLIGHT or (pending and pending[0].done()):
                pending.popleft().result()  # re-raises a failed write
                done += 1
                if progress is not None:
                    progress(done, total)
        while pending:
            pending.popleft().result()
            done += 1
            if progress is not None:
                progress(done, total)
        cancelled = should_cancel is not None and should_cancel()
        if gif_path and gif_frames and not cancelled:
            order = sorted(gif_frames)
            write_gif(
                gif_path, [gif_frames[n] for n in order], frame_ms, [durations[n] for n in order]
            )
        if video is not None and not cancelled:
            video.finish()
        return own
    finally:
        if video is not None:
            video.abort()  # nothing left after a cancel or a failure (after finish: nothing)
        for f in pending:
            f.cancel()
        pool.shutdown(wait=True)


def write_mp4(
    path: str,
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    options: ExportOptions,
    *,
    whole_iterations: bool = False,
    frame_ms: int = 500,
    tween_frames: int = 0,
    columns: tuple[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_cancel: Callable[[], bool] | None = None,
) -> int:
    """Write the run as an H.264 MP4, one frame per snapshot; return the frames written
    (0 when cancelled: then no file). The video alone of :func:`export_run_files` (which see).

    ``tween_frames``: in-between frames of each step (TWEEN_FRAME_MS each; the video then
    runs at their rate and holds each snapshot for ``frame_ms``). ``progress(done, total)``
    after each drawn frame; ``should_cancel()`` True: stop, and write no file (returns 0).
    """
    from dataclasses import replace

    from emgui.render.video_export import even  # without the encoder, Mp4Writer raises

    if options.scale == 1.0:  # drawn at even sides rather than padded afterwards
        options = replace(options, size=(even(options.size[0]), even(options.size[1])))
    written = export_run_files(
        points,
        snapshots,
        options=options,
        mp4_path=path,
        whole_iterations=whole_iterations,
        frame_ms=frame_ms,
        tween_frames=tween_frames,
        columns=columns,
        progress=progress,
        should_cancel=should_cancel,
    )
    return 0 if should_cancel is not None and should_cancel() else written


def exporter_pixels(options: ExportOptions) -> tuple[int, int]:
    """The pixel size of one exported image with these options."""
    w, h = options.size
    return round(w * options.scale), round(h * options.scale)


def gif_frame(image):
    """A QImage as a 255-colour Pillow image for a GIF."""
    return gif_frame_from_pil(_to_pil(image))


def _to_pil(image):
    """A QImage as a Pillow RGB (opaque) or RGBA image."""
    from PIL import Image
    from PySide6 import QtGui

    alpha = image.hasAlphaChannel()
    fmt = QtGui.QImage.Format.Format_RGBA8888 if alpha else QtGui.QImage.Format.Format_RGB888
    mode = "RGBA" if alpha else "RGB"
    rgba = image.convertToFormat(fmt)
    w, h = rgba.width(), rgba.height()
    buf = bytes(rgba.constBits())[: rgba.bytesPerLine() * h]
    img = Image.frombuffer(mode, (w, h), buf, "raw", mode, rgba.bytesPerLine(), 1)
    return img.copy()


def gif_frame_from_pil(img):
    """Fast octree quantisation without dither: exact for the few flat colours of a plot."""
    from PIL import Image

    return img.convert("RGB").quantize(
        colors=255, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )


def write_gif(
    path: str, frames: list, frame_ms: int = 500, durations: list[int] | None = None
) -> None:
    """An animated GIF, one frame per image (``durations`` in ms, else ``frame_ms`` each),
    written atomically; the last frame lingers."""
    import io

    from emgui.io.atomic import write_atomic

    palette_frames = [f if f.mode == "P" else gif_frame_from_pil(f) for f in frames]
    durations = list(durations) if durations is not None else [frame_ms] * len(palette_frames)
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


def sheet_figure(
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    indices: Sequence[int],
    options: ExportOptions = DEFAULT_OPTIONS,
    n_columns: int | None = None,
    columns: tuple[str, str] | None = None,
):
    """The SheetFigure of the chosen snapshots: panels (a), (b), … sharing axes and a legend."""
    from emgui.render.contact_sheet import SheetFigure, sheet_title, short_caption
    from emgui.render.figure_layout import fit_range

    m = len(indices)
    if m == 0:
        raise ValueError("choose at least one snapshot for a contact sheet")
    if n_columns and options.grid is None:
        from dataclasses import replace

        options = replace(options, grid=(-(-m // n_columns), n_columns))
    states = [
        s
        for _, s in frame_states(
            points, snapshots, indices, options.settings, columns, *drawn_as(options)
        )
    ]
    ranges = None
    if options.fit == "view":
        # The run's box with the figures' margin (fit_range's 4 %).
        ranges = fit_range(np.transpose(run_range(points, snapshots, options.settings)))
    captions = [short_caption(s) for s in states]
    return SheetFigure(states, captions, options, sheet_title(states), ranges)


def write_contact_sheet(
    path: str,
    points: np.ndarray,
    snapshots: Sequence[Snapshot],
    indices: Sequence[int],
    options: ExportOptions = DEFAULT_OPTIONS,
    n_columns: int | None = None,
    columns: tuple[str, str] | None = None,
) -> str | None:
    """The contact sheet as a .png, .svg or .pdf file; returns a note for the user or None."""
    from emgui.render.figure import write_figure

    format_of(path)  # a bad name is refused before the drawing
    figure = sheet_figure(points, snapshots, indices, options, n_columns, columns)
    return write_figure(figure, path, options.scale, options.transparent)


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
