"""MP4 (H.264) video of a run, for slides: the GIF's frames, encoded by imageio-ffmpeg.

imageio-ffmpeg is an optional extra (``pip install "emgui[video]"``): its wheel ships its
own ffmpeg, so no system encoder is needed. Without it, :func:`video_available` is False
and :data:`INSTALL_HINT` says how to get it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence

import numpy as np

from emgui.core import Snapshot
from emgui.render.export_options import ExportOptions

INSTALL_HINT = 'MP4 needs the video extra: pip install "emgui[video]" (imageio-ffmpeg)'


def video_available() -> bool:
    """Whether the MP4 encoder (imageio-ffmpeg and its ffmpeg binary) can be used."""
    try:
        import imageio_ffmpeg

        return os.path.exists(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return False


def _even(v: int) -> int:
    return v + (v % 2)  # H.264 in 4:2:0 wants even sides


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
    """Write the run as an H.264 MP4, one frame per snapshot; return the frames written.

    ``tween_frames``: in-between frames of each step (TWEEN_FRAME_MS each; the video then
    runs at their rate and holds each snapshot for ``frame_ms``). ``progress(done, total)``
    after each drawn frame; ``should_cancel()`` True: stop, and write no file (returns 0).

    Written to a temporary file beside ``path`` and renamed: whole or not at all.
    """
    if not video_available():
        raise OSError(INSTALL_HINT)
    from dataclasses import replace

    import imageio_ffmpeg
    from PySide6 import QtGui

    from emgui.model.tween import TWEEN_FRAME_MS, with_in_betweens
    from emgui.model.view_state import caption
    from emgui.render.exporter import (
        Exporter,
        chosen_indices,
        drawn_as,
        frame_states,
        run_range,
    )

    if options.scale == 1.0:  # drawn at even sides rather than padded afterwards
        options = replace(options, size=(_even(options.size[0]), _even(options.size[1])))
    exporter = Exporter(options)
    exporter.set_range(*run_range(points, snapshots, options.settings), fixed=True)
    w, h = exporter.pixel_size
    size = (_even(w), _even(h))
    tween_frames = max(0, tween_frames)
    tick = TWEEN_FRAME_MS if tween_frames else max(frame_ms, 1)
    fps = 1000.0 / tick
    hold = max(1, round(frame_ms / tick))  # video frames a snapshot shows for
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(suffix=".mp4", dir=folder)
    os.close(fd)
    indices = chosen_indices(snapshots, whole_iterations)
    total = len(indices) + tween_frames * max(0, len(indices) - 1)
    n = drawn = 0
    try:
        writer = imageio_ffmpeg.write_frames(
            tmp,
            size,
            fps=fps,
            codec="libx264",
            pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p",
            macro_block_size=2,
            ffmpeg_log_level="error",
            output_params=["-movflags", "+faststart"],
        )
        writer.send(None)
        states = frame_states(
            points, snapshots, indices, options.settings, columns, *drawn_as(options)
        )
        for i, state, is_own in with_in_betweens(states, tween_frames):
            if should_cancel is not None and should_cancel():
                writer.close()
                return 0  # the temporary file goes in ``finally``
            image = exporter.render(state, caption(snapshots[i]))
            if (image.width(), image.height()) != size:
                image = image.copy(0, 0, *size)  # an odd side at a fractional scale
            rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
            row = rgb.bytesPerLine()
            buf = np.frombuffer(bytes(rgb.constBits()), np.uint8).reshape(size[1], row)
            frame = np.ascontiguousarray(buf[:, : 3 * size[0]]).tobytes()
            for _ in range(hold if is_own else 1):
                writer.send(frame)
            n += is_own
            drawn += 1
            if progress is not None:
                progress(drawn, total)
        # The last frame lingers, as in the GIF: two seconds more of it.
        for _ in range(max(0, round(2.0 * fps) - 1)):
            writer.send(np.ascontiguousarray(buf[:, : 3 * size[0]]).tobytes())
        writer.close()
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return n
