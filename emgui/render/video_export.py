"""MP4 (H.264) video of a run, for slides: the GIF's frames, encoded by imageio-ffmpeg.

imageio-ffmpeg is an optional extra (``pip install "emgui[video]"``): its wheel ships its
own ffmpeg, so no system encoder is needed. Without it, :func:`video_available` is False
and :data:`INSTALL_HINT` says how to get it.
"""

from __future__ import annotations

import contextlib
import os

import numpy as np

from emgui.io.atomic import replace_by, temporary_beside

INSTALL_HINT = 'MP4 needs the video extra: pip install "emgui[video]" (imageio-ffmpeg)'


def video_available() -> bool:
    """Whether the MP4 encoder (imageio-ffmpeg and its ffmpeg binary) can be used."""
    try:
        import imageio_ffmpeg

        return os.path.exists(imageio_ffmpeg.get_ffmpeg_exe())
    except (ImportError, RuntimeError):
        return False


def even(v: int) -> int:
    return v + (v % 2)  # H.264 in 4:2:0 wants even sides


class Mp4Writer:
    """An H.264 MP4 written frame by frame, whole or not at all: to a temporary file beside
    ``path``, renamed by :meth:`finish`; :meth:`abort` leaves nothing.

    ``frame_ms``: how long a snapshot shows; with ``tween_frames`` the video runs at the
    in-between frames' rate (TWEEN_FRAME_MS) and holds each snapshot ``hold`` frames.
    """

    def __init__(self, path: str, size: tuple[int, int], frame_ms: int, tween_frames: int):
        if not video_available():
            raise OSError(INSTALL_HINT)
        import imageio_ffmpeg

        from emgui.model.tween import TWEEN_FRAME_MS

        self.path = path
        self.size = (even(size[0]), even(size[1]))
        tick = TWEEN_FRAME_MS if tween_frames > 0 else max(frame_ms, 1)
        self.fps = 1000.0 / tick
        self.hold = max(1, round(frame_ms / tick))  # video frames a snapshot shows for
        # Not mkstemp's: its files are readable by their owner alone, and so was the video.
        self._tmp = temporary_beside(path)
        self._last: bytes | None = None
        self._writer = imageio_ffmpeg.write_frames(
            self._tmp,
            self.size,
            fps=self.fps,
            codec="libx264",
            pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p",
            macro_block_size=2,
            ffmpeg_log_level="error",
            output_params=["-movflags", "+faststart", "-f", "mp4"],  # the name ends in .tmp
        )
        self._writer.send(None)

    def add(self, image, own: bool = True) -> None:
        """One drawn frame: a snapshot's (held ``hold`` frames) or an in-between one."""
        from PySide6 import QtGui

        w, h = self.size
        if (image.width(), image.height()) != (w, h):
            image = image.copy(0, 0, w, h)  # an odd side: padded to even
        rgb = image.convertToFormat(QtGui.QImage.Format.Format_RGB888)
        buf = np.frombuffer(bytes(rgb.constBits()), np.uint8).reshape(h, rgb.bytesPerLine())
        self._last = frame = np.ascontiguousarray(buf[:, : 3 * w]).tobytes()
        for _ in range(self.hold if own else 1):
            self._writer.send(frame)

    def finish(self) -> None:
        """The last frame lingers two seconds, as in the GIF; then the file is in place."""
        try:
            for _ in range(max(0, round(2.0 * self.fps) - 1) if self._last else 0):
                self._writer.send(self._last)
            self._writer.close()
            replace_by(self._tmp, self.path)
        finally:
            self.abort()

    def abort(self) -> None:
        """Stop; the temporary file goes (nothing is left after a cancel or a failure)."""
        with contextlib.suppress(Exception):
            self._writer.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self._tmp)
