"""Known classes colour the run: the component matched to class i is drawn in colour i on the
canvas, in the legend, in the agreement panel and in the exports (issue 16)."""

from __future__ import annotations

import dataclasses

import numpy as np

from emgui.model.palette import PALETTE_HEX
from emgui.model.presets import PRESETS


def _iris_to_the_end(qtbot, window):
    iris = next(p for p in PRESETS if p.id == "iris")
    assert window.load_preset(iris)
    # The centers in reverse order: EM's component 1 is then the last species, not the first.
    s = window.session.scene
    assert window.session.settings.init == "centers" and s.centers.shape[0] == 3
    window.session.replace_all(dataclasses.replace(s, centers=s.centers[::-1].copy()), "reverse")
    c = window.controller
    qtbot.waitUntil(lambda: c.cursor == 0, timeout=5000)
    c.go_end()
    qtbot.waitUntil(lambda: c.finished, timeout=20000)
    qtbot.waitUntil(lambda: window.scene.state.snapshot is c.history.snapshots[-1], timeout=5000)
    return c


def test_each_species_is_drawn_in_its_own_colour(qtbot, window):
    c = _iris_to_the_end(qtbot, window)
    state = window.scene.state
    classes = window.session.known_classes.labels
    labels = state.snapshot.labels
    assert state.slots is c.colour_slots and state.slots is not None
    assert state.slots.tolist() != [0, 1, 2]  # not the plain order: the centers were reversed
    for i in range(3):  # setosa, versicolor, virginica: blue, orange, green
        holding = np.bincount(labels[classes == i], minlength=3).argmax()
        assert state.slots[holding] == i
        fill = window.scene._center_styles[holding].fill.name().upper()
        assert fill == PALETTE_HEX[i]
    # The agreement panel's headers in the same colours.
    window.agreement_dock.show()
    window._show_agreement()
    table = window.agreement.table
    for col in range(table.columnCount()):
        head = table.horizontalHeaderItem(col)
        j = int(head.text()[1:]) - 1
        assert head.foreground().color().name().upper() == PALETTE_HEX[state.slots[j]]


def test_a_contact_sheet_draws_the_runs_colours(qtbot, window, tmp_path):
    from emgui.render.export_options import ExportOptions
    from emgui.render.exporter import sheet_figure

    c = _iris_to_the_end(qtbot, window)
    options = window._drawn_as_the_window(ExportOptions(settings=window.session.settings))
    figure = sheet_figure(c.points, c.history.snapshots, [0, len(c.history) - 1], options)
    assert [tuple(s.slots) for s in figure.states] == [tuple(c.colour_slots)] * 2
