"""On a dark desktop palette the window is light throughout: the explanation line is readable."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette

from emgui.ui.light_look import is_dark, light_palette, use_light_look


@pytest.fixture
def dark_desktop(qapp):
    """A dark palette on the application, as a dark desktop theme gives it; undone after."""
    style_name, palette = qapp.style().name(), qapp.palette()
    dark = QPalette(QColor("#353535"), QColor("#353535"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#2a2a2a"))
    qapp.setPalette(dark)
    yield qapp
    hints = qapp.styleHints()
    if hasattr(hints, "unsetColorScheme"):
        hints.unsetColorScheme()
    qapp.setStyle(style_name)
    qapp.setPalette(palette)


def _luminance(rgb) -> float:
    return float(np.dot(np.asarray(rgb, float), [0.2126, 0.7152, 0.0722]))


def test_dark_palette_is_made_light_and_a_light_one_left_alone(dark_desktop):
    assert is_dark(dark_desktop.palette())
    assert use_light_look(dark_desktop)
    assert not is_dark(dark_desktop.palette())
    assert not use_light_look(dark_desktop)  # light already: nothing to do
    assert not is_dark(light_palette())


def test_explanation_line_reads_dark_on_light_on_a_dark_desktop(dark_desktop, qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from emgui.ui.window import MainWindow

    use_light_look(dark_desktop)  # as emgui.gui does, before the window is made
    window = MainWindow(QSettings(str(tmp_path / "emgui.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.explain.setText("E-step: each point takes the colour of the center nearest to it")
    image = window.explain.grab().toImage()
    pixels = np.array(
        [
            [QColor(image.pixel(x, y)).getRgb()[:3] for x in range(0, image.width(), 2)]
            for y in range(image.height())
        ]
    ).reshape(-1, 3)
    lum = np.array([_luminance(p) for p in pixels])
    background, ink = np.percentile(lum, 90), np.percentile(lum, 0.5)
    assert background > 200, background  # light behind the text, like the plot
    assert ink < 80, ink  # dark text on it: the contrast the plot's theme has
    window.controller.shutdown()
