"""The application icon: every shipped size, drawn (not blank), on the application and window."""

from __future__ import annotations

from PySide6.QtCore import QSize

from emgui.io.desktop_entry import ICON_SIZES
from emgui.runtime.app_icon import application_icon


def test_icon_has_every_size_and_is_drawn(qapp):
    icon = application_icon()
    assert not icon.isNull()
    sizes = {(s.width(), s.height()) for s in icon.availableSizes()}
    assert {(n, n) for n in ICON_SIZES} <= sizes
    for n in (16, 48, 256):
        image = icon.pixmap(QSize(n, n)).toImage()
        assert (image.width(), image.height()) == (n, n)
        colours = {image.pixel(x, y) for x in range(n) for y in range(n)}
        assert len(colours) > 4  # ellipses, points and centers, not a blank square
