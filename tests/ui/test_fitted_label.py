"""FittedLabel: one line that fits its width, by smaller type and then an ellipsis."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from emgui.ui.fitted_label import MIN_SHARE, FittedLabel

LONG = "GMM (full) · iteration 12 · M-step · log-likelihood -477.533 · paused"


def _label(qtbot, width: int, text: str = LONG) -> FittedLabel:
    label = FittedLabel(text)
    label.setStyleSheet("font-size: 13pt; font-weight: bold;")
    qtbot.addWidget(label)
    label.resize(width, label.sizeHint().height())
    label.show()
    return label


def _advance(label: FittedLabel) -> int:
    font = label.font()
    font.setPointSizeF(label.shown_point_size())
    return QFontMetrics(font).horizontalAdvance(label.shown_text())


def test_text_that_fits_is_shown_as_it_is(qtbot):
    label = _label(qtbot, 2000)
    assert label.shown_text() == LONG and label.text() == LONG
    assert label.shown_point_size() == label.font().pointSizeF()
    assert label.toolTip() == ""


def test_a_little_too_long_shrinks_the_type(qtbot):
    full = QFontMetrics(_label(qtbot, 2000).font()).horizontalAdvance(LONG)
    label = _label(qtbot, int(full * 0.93))
    assert label.shown_text() == LONG
    assert label.shown_point_size() < label.font().pointSizeF()
    assert _advance(label) <= label.width()


def test_much_too_long_is_elided_with_the_whole_text_as_tooltip(qtbot):
    label = _label(qtbot, 200)
    assert label.shown_text().endswith("…") and label.shown_text() != LONG
    assert label.shown_point_size() == label.font().pointSizeF() * MIN_SHARE
    assert label.toolTip() == LONG
    assert _advance(label) <= label.width()
    label.resize(2000, label.height())  # wider again: whole, full size
    assert label.shown_text() == LONG and label.toolTip() == ""


def test_height_does_not_follow_the_text(qtbot):
    label = _label(qtbot, 300, "short")
    h = label.sizeHint().height()
    label.setText(LONG * 3)
    assert label.sizeHint().height() == h


def test_partners_share_the_smaller_size(qtbot):
    wide, narrow = _label(qtbot, 2000, "k-means"), _label(qtbot, 2000, LONG)
    full = QFontMetrics(narrow.font()).horizontalAdvance(LONG)
    narrow.resize(int(full * 0.85), narrow.height())
    assert narrow.shown_point_size() < narrow.font().pointSizeF()
    wide.set_partner(narrow)
    assert wide.shown_point_size() == narrow.shown_point_size()
    narrow.setText("GMM")  # fits now: both back to full size
    assert wide.shown_point_size() == wide.font().pointSizeF()
    wide.set_partner(None)
    narrow.setText(LONG)
    assert wide.shown_point_size() == wide.font().pointSizeF()
