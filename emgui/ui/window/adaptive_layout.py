"""The plot keeps priority on a small window: the bottom docks give way, then join the side's tabs.

At a display scale of 2 on a 1920 x 1080 screen (960 x 540 logical pixels) the docks kept the
sizes they were given for a 1400 x 900 window and the plot shrank to ~70 px. Here, whenever
the window changes size, the docks under the plot shrink until the plot has half the window's
height; when even their least height leaves it less, they become tabs beside the Settings
panel (the plot then has the whole height), and go back under the plot once the window is
large enough again.
"""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtCore import QEvent, QObject, Qt, QTimer

PLOT_SHARE = 0.5  # the share of the window's height the docks under the plot give way to
# ... and when even at their least height the plot would have less than this, they become
# tabs beside the Settings panel (a plot at 40 % of a 1264 x 673 window was the complaint).
SIDE_BELOW = 0.45
BOTTOM_SHARE = 0.25  # the docks under the plot start at this share of the window's height
SIDE_SHARE = 0.22  # the Settings panel starts at this share of the window's width
OBJECTIVE_SHARE = 0.58  # of the width under the plot, for the objective (Explain has the rest)
# Back under the plot only with this much to spare, so that a window near the limit does not
# move its docks back and forth.
RETURN_MARGIN = 0.08
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
LEFT = Qt.DockWidgetArea.LeftDockWidgetArea
DIRECT = Qt.FindChildOption.FindDirectChildrenOnly  # the dock areas' tab bars, not the panels'


def place_bottom_docks(window) -> None:
    """Objective under the plot, Explain beside it with the theory and classes docks as tabs."""
    window.addDockWidget(BOTTOM, window.objective_dock)
    # Explain beside the objective, under the plot: the plot keeps the full width.
    window.splitDockWidget(window.objective_dock, window.explain_dock, Qt.Orientation.Horizontal)
    for dock in (window.theory_dock, window.agreement_dock):
        window.tabifyDockWidget(window.explain_dock, dock)
    window.explain_dock.raise_()


def start_sizes(window) -> None:
    """The docks' first sizes, as shares of the window's (the plot is the point of the program)."""
    w, h = window.width(), window.height()
    window.resizeDocks([window.objective_dock], [round(BOTTOM_SHARE * h)], Qt.Orientation.Vertical)
    window.resizeDocks(
        [window.objective_dock, window.explain_dock],
        [round(OBJECTIVE_SHARE * w), round((1 - OBJECTIVE_SHARE) * w)],
        Qt.Orientation.Horizontal,
    )
    window.resizeDocks([window.settings_dock], [round(SIDE_SHARE * w)], Qt.Orientation.Horizontal)


class AdaptiveLayout(QObject):
    """Watches the window's size and gives the plot its share (not in presentation mode)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.side_tabs = False  # the bottom docks moved beside the Settings panel
        self._moved: list = []
        self._tried = False  # the docks under the plot were asked to give way
        # After the layout has settled: at the resize event the widgets have their old sizes.
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.adapt)
        window.installEventFilter(self)

    def eventFilter(self, obj, ev) -> bool:
        if obj is self.window and ev.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._timer.start()
        return False

    def _docked(self, area) -> list:
        w = self.window
        docks = (w.objective_dock, w.explain_dock, w.theory_dock, w.agreement_dock)
        return [d for d in docks if not d.isFloating() and w.dockWidgetArea(d) == area]

    def adapt(self) -> None:
        """Give the plot PLOT_SHARE of the window's height, if the docks under it can give way."""
        w = self.window
        if w.presenting or w._pending_state is not None or not w.isVisible():
            return  # presentation mode keeps, and gives back, the layout it found
        height, plot = w.height(), w.canvas.height()
        if self.side_tabs:
            self._maybe_return(height, plot)
            return
        below = [d for d in self._docked(BOTTOM) if d.isVisible()]
        # The tabs not in front are kept out of sight, above the window.
        shown = [d for d in below if d.y() >= 0]
        if plot >= PLOT_SHARE * height - 1 or not shown:
            self._tried = False
            return
        # The row's height, tab bars included (a tabbed dock is shorter than its row).
        row = max(d.geometry().bottom() + 1 for d in shown) - min(d.y() for d in shown)
        tab_bar = max(row - d.height() for d in shown)
        least = max(_least_height(d) + (tab_bar if w.tabifiedDockWidgets(d) else 0) for d in below)
        if self._tried:  # the row was asked to give way and could not give enough
            self._tried = False
            if plot < SIDE_BELOW * height:
                self._to_side()
            return
        if plot + row - least < SIDE_BELOW * height:
            self._to_side()
            return
        self._tried = True  # looked at again once the row has its new height
        missing = PLOT_SHARE * height - plot
        w.resizeDocks([below[0]], [round(max(least, row - missing))], Qt.Orientation.Vertical)
        self._timer.start()

    def _to_side(self) -> None:
        w = self.window
        self._moved = self._docked(BOTTOM)
        anchor = w.settings_dock
        if anchor.isFloating() or w.dockWidgetArea(anchor) != LEFT or not anchor.isVisible():
            anchor = self._moved[0]
            w.addDockWidget(LEFT, anchor)
        for dock in self._moved:
            if dock is not anchor:
                w.tabifyDockWidget(anchor, dock)
        w.settings_dock.raise_()
        self.side_tabs = True
        QTimer.singleShot(0, self._whole_tab_titles)  # the tab bar is made when laid out

    def _whole_tab_titles(self) -> None:
        # Five tabs in a narrow column were elided to "Se…", "Obj…": whole titles, and
        # arrows to scroll the tab bar instead.
        for bar in self.window.findChildren(QtWidgets.QTabBar, options=DIRECT):
            bar.setElideMode(Qt.TextElideMode.ElideNone)
            bar.setUsesScrollButtons(True)

    def _maybe_return(self, height: int, plot: int) -> None:
        w = self.window
        moved = [d for d in self._moved if not d.isFloating() and w.dockWidgetArea(d) == LEFT]
        if not moved:  # the user has placed them elsewhere since
            self.side_tabs = False
            return
        tab_bar = w.fontMetrics().height() + 12  # Explain's tabs, under the plot again
        least = max(_least_height(d) for d in moved) + tab_bar
        if plot - least < (SIDE_BELOW + RETURN_MARGIN) * height:
            return
        row = max(least, min(BOTTOM_SHARE * height, plot - PLOT_SHARE * height))
        place_bottom_docks(w)
        w.resizeDocks([w.objective_dock], [round(row)], Qt.Orientation.Vertical)
        self.side_tabs = False


def _least_height(dock) -> int:
    return max(dock.minimumSizeHint().height(), dock.minimumHeight())
