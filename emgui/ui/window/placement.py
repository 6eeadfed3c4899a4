"""Where the window opens: a size that fits the screen's free area, centred when moved."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication

DEFAULT_SIZE = QSize(1400, 900)
# Room for the window manager's title bar and borders, which are unknown until the window
# is shown (a typical frame; a smaller one only leaves a few pixels free).
FRAME = QMargins(8, 38, 8, 8)


def fitted_geometry(available: QRect, current: QRect, frame: QMargins = FRAME) -> QRect:
    """``current`` (a client rectangle) if it fits in ``available`` with its frame; otherwise
    the largest size that fits (never larger than ``current``), centred in ``available``."""
    room = available.marginsRemoved(frame)
    if room.contains(current):
        return QRect(current)
    size = current.size().boundedTo(room.size())
    x = room.x() + (room.width() - size.width()) // 2
    y = room.y() + (room.height() - size.height()) // 2
    return QRect(QPoint(x, y), size)


def fit_to_screen(window) -> None:
    """Fit the (not yet shown) window to the free area of its screen, and centre it if moved.

    A first start asks for DEFAULT_SIZE, centred; a restored geometry is kept when it fits
    (a laptop after a large monitor, a larger display scale: it may not).
    """
    if window.isMaximized() or window.isFullScreen():
        return
    restored = window.store.value("geometry") is not None
    screen = (
        QGuiApplication.screenAt(window.geometry().center()) if restored else None
    ) or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    wanted = window.geometry() if restored else QRect(QPoint(-1, -1), DEFAULT_SIZE)
    target = fitted_geometry(available, wanted)
    # A window no smaller than its minimum: then at least its top-left corner stays on screen.
    size = target.size().expandedTo(window.minimumSizeHint()).expandedTo(window.minimumSize())
    x = max(available.x(), min(target.x(), available.right() - size.width()))
    y = max(available.y() + FRAME.top(), min(target.y(), available.bottom() - size.height()))
    window.setGeometry(QRect(QPoint(x, y), size))


ANALYSIS_SIZE = QSize(1000, 720)  # room for two rows of four thumbnails, or the BIC plot


def centred_over(parent: QRect, size: QSize, available: QRect) -> QRect:
    """A window of ``size`` (shrunk to fit ``available``) centred over ``parent``, kept on
    the screen: a new window opens over the one it belongs to, not in a corner."""
    room = available.marginsRemoved(FRAME)
    placed = QRect(QPoint(0, 0), size.boundedTo(room.size()))
    placed.moveCenter(parent.center())
    size = placed.size()
    x = max(room.x(), min(placed.x(), room.right() + 1 - size.width()))
    y = max(room.y(), min(placed.y(), room.bottom() + 1 - size.height()))
    return QRect(QPoint(x, y), size)


def place_over(window, parent) -> None:
    """Size and place the (not yet shown) ``window`` centred over ``parent``."""
    screen = parent.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    window.setGeometry(centred_over(parent.geometry(), ANALYSIS_SIZE, screen.availableGeometry()))
