"""The Explain dock: the rule the shown half-step applied, with the numbers of what is hovered."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6 import QtWidgets
from PySide6.QtCore import Signal

from emgui.model.explain_html import panel_html
from emgui.model.theory_view import kmeans_star_after
from emgui.runtime.coalesce import Coalesced
from emgui.ui.tools import HIT_PIXELS, nearest

HOVER_INTERVAL_MS = 40  # hit-testing a million points costs milliseconds: at most 25 a second
# Laying out and painting the formulas takes ~6 ms: done in an event of its own, flushed by
# the window after the plot's paint (see ObjectivePlot); this timer is the fallback.
REFRESH_DELAY_MS = 100


class ExplainPanel(QtWidgets.QTextBrowser):
    """Shows :func:`panel_html` for the shown state and the hovered item.

    It is given getters, not the window: ``state()`` the drawn ViewState (or None),
    ``pixel_size()`` one screen pixel in data units, and ``run()`` the run's snapshots and
    the shown index (or None before a run). ``inspected_changed`` tells what is hovered, so
    the canvas can mark it.
    """

    inspected_changed = Signal(object)  # ("point" | "center", index) or None

    def __init__(
        self,
        state: Callable[[], object],
        pixel_size: Callable[[], float],
        run: Callable[[], tuple[list, int] | None],
        parent=None,
    ):
        super().__init__(parent)
        self._state, self._pixel_size, self._run = state, pixel_size, run
        self.inspected: tuple[str, int] | None = None
        self.setOpenLinks(False)
        self.setMinimumWidth(320)
        self._hover_xy = (math.nan, math.nan)
        self._hover = Coalesced(self._hit_test, HOVER_INTERVAL_MS, parent=self)
        self._later = Coalesced(self.flush, REFRESH_DELAY_MS, parent=self)
        self._pending = False
        self.set_scale(1.0)

    def set_scale(self, scale: float) -> None:
        font = self.font()
        font.setPointSizeF(10.5 * scale)
        self.setFont(font)
        self.document().setDefaultFont(font)

    def on_hover(self, x: float, y: float) -> None:
        self._hover_xy = (x, y)
        self._hover.request()

    def _hit_test(self) -> None:
        x, y = self._hover_xy
        found = None
        if not (math.isfinite(x) and math.isfinite(y)):  # the mouse left the plot
            self.forget()
            return
        radius = HIT_PIXELS * self._pixel_size()
        state = self._state()
        if state is not None:
            j = nearest(np.asarray(state.centers), x, y, radius)
            if j is not None:
                found = ("center", j)
            else:
                i = nearest(state.points, x, y, radius)
                if i is not None:
                    found = ("point", i)
        if found != self.inspected and (found is not None or not self.isVisible()):
            # Keep the last item when the mouse leaves it, so its numbers can be read.
            self.inspected = found
            self._pending = True
            self.inspected_changed.emit(found)
            self.flush()  # a hover answers at once: it repaints no plot to wait for

    def forget(self) -> None:
        """No hovered item any more (the mouse left the plot, or the scene changed)."""
        if self.inspected is not None:
            self.inspected = None
            self.inspected_changed.emit(None)
            self.refresh()

    def refresh(self, *_) -> None:
        """Show the window's current state, shortly (calls in between join this one)."""
        self._pending = True
        self._later.request()

    def flush(self) -> None:
        """Apply a pending refresh now (the window calls this after every paint of the plot)."""
        self._later.cancel()
        if not self._pending or not self.isVisible():
            return
        self._pending = False
        state = self._state()
        if state is None:
            self.setHtml("")
            return
        previous, star = self._neighbours()
        self.setHtml(
            panel_html(
                state.points,
                state.snapshot,
                self.inspected,
                state.centers,
                previous,
                star,
                state.slots,
            )
        )

    def _neighbours(self):
        """The state before the shown one, and J*(μ) of a k-means M state, from the run."""
        run = self._run()
        if run is None:
            return None, None
        snapshots, index = run
        previous = snapshots[index - 1] if 0 < index <= len(snapshots) else None
        return previous, kmeans_star_after(snapshots, index)
