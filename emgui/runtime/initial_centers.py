"""Initial centers (k-means++, random) computed off the GUI thread: seconds at 1e6 points.

One computation at a time: starting another, or cancelling, drops the one under way
(it stops at its next center, and nothing it finds is delivered).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, Signal

from emgui.core import initial_means
from emgui.runtime.background import BackgroundTask


class InitialCenters(QObject):
    """``start()`` computes; ``ready(centers)`` or ``failed(message)`` follows on the GUI thread."""

    ready = Signal(object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._task: BackgroundTask | None = None

    @property
    def busy(self) -> bool:
        """Whether a computation is under way."""
        return self._task is not None

    def start(self, points: np.ndarray, k: int, method: str, seed: int) -> None:
        """Compute ``k`` centers of ``points`` by ``method`` from ``seed``, dropping any other."""
        self.cancel()

        def work(progress, should_cancel):
            return initial_means(points, k, method, seed, should_cancel=should_cancel)

        task = BackgroundTask(work, self, name="emgui-init")
        task.done.connect(lambda centers, t=task: self._finish(t, self.ready, centers))
        task.failed.connect(lambda text, t=task: self._finish(t, self.failed, text))
        self._task = task
        task.start()

    def cancel(self) -> None:
        """Drop the computation under way, without waiting for it."""
        task, self._task = self._task, None
        if task is not None:
            task.shutdown(0)

    def _finish(self, task: BackgroundTask, signal, value) -> None:
        if task is self._task:
            self._task = None
            signal.emit(value)
