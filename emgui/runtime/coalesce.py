"""Coalesced calls: many requests in a burst become one call, at most once per interval.

The one mechanism for "redraw soon" in emgui (the plot at most once per screen frame,
the side views ten times a second, hit-testing under a moving mouse): like superqt's
``qthrottled``, the first request of a quiet period is served after at most
``interval_ms`` and every request that arrives meanwhile joins it, so the newest state
is what gets drawn and nothing is drawn twice for one change.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


class Coalesced(QObject):
    """Calls ``fn()`` on the GUI thread after ``request()``; requests in between join the call.

    ``leading=True`` serves a request at once when the last call is at least
    ``interval_ms`` old (a throttle); otherwise a request waits up to ``interval_ms``
    (a debounce of the first request, not of the last). ``flush()`` calls now if a
    call is pending; ``cancel()`` forgets it.
    """

    def __init__(
        self,
        fn: Callable[[], object],
        interval_ms: int,
        *,
        leading: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._fn = fn
        self._interval_ms = int(interval_ms)
        self._leading = leading
        self._last_call: float | None = None  # time.monotonic() of the last call
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._call)

    @property
    def interval_ms(self) -> int:
        return self._interval_ms

    def set_interval(self, interval_ms: int) -> None:
        self._interval_ms = int(interval_ms)

    def request(self) -> None:
        """Ask for a call; joins the pending one if there is one."""
        if self._timer.isActive():
            return
        wait_ms = self._interval_ms
        if self._leading:
            if self._last_call is None:
                wait_ms = 0
            else:
                since_ms = 1000.0 * (time.monotonic() - self._last_call)
                wait_ms = max(0, round(self._interval_ms - since_ms))
        self._timer.start(wait_ms)

    def pending(self) -> bool:
        return self._timer.isActive()

    def flush(self) -> None:
        """Make the pending call now (nothing if none is pending)."""
        if self._timer.isActive():
            self._timer.stop()
            self._call()

    def cancel(self) -> None:
        self._timer.stop()

    def _call(self) -> None:
        self._last_call = time.monotonic()
        self._fn()
