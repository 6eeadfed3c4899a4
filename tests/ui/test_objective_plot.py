"""The objective plot: the run's objective per half-step, E and M marked, the shown one marked."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import run_em
from emgui.ui.objective_plot import ObjectivePlot, half_step_x


@pytest.fixture
def plot(qtbot):
    widget = ObjectivePlot()
    qtbot.addWidget(widget)
    return widget


def a_run(shift: float = 0.0, iterations: int = 4):
    rng = np.random.default_rng(3)
    points = np.concatenate([rng.normal(size=(60, 2)), rng.normal(size=(60, 2)) + 5]) + shift
    return list(run_em(points, points[[0, 60]], "gmm", "full", iterations, 0.0, 1e-6))


def test_curve_marks_and_cursor_follow_the_run(plot):
    snaps = a_run()
    plot.show_run(snaps, 2)
    plot.flush()
    x, y = plot.curve.getData()
    assert np.array_equal(x, [half_step_x(s) for s in snaps])
    assert np.array_equal(y, [s.objective for s in snaps])
    ex, _ = plot.e_marks.getData()
    mx, _ = plot.m_marks.getData()
    ix, iy = plot.init_marks.getData()
    assert np.array_equal(ex, [s.iteration - 0.5 for s in snaps if s.phase == "E"])
    assert np.array_equal(mx, [float(s.iteration) for s in snaps if s.phase == "M"])
    # The initial state has a marker of its own, not the M-step's.
    assert np.array_equal(ix, [0.0]) and np.array_equal(iy, [snaps[0].objective])
    assert plot.cursor.isVisible() and plot.cursor.value() == half_step_x(snaps[2])
    assert snaps[2].phase == "M" and plot.cursor.value() == snaps[2].iteration
    # The objective never decreases along the curve (EM's guarantee, drawn).
    assert np.all(np.diff(y) >= -1e-9 * np.abs(y[:-1]))


def test_work_is_deferred_to_its_own_event_and_coalesced(qtbot, plot):
    snaps = a_run()
    plot.show_run(snaps[:2], 1)
    plot.show_run(snaps[:3], 2)
    assert len(plot.curve.getData()[0]) == 0  # nothing yet: the main plot paints first
    qtbot.waitUntil(lambda: len(plot.curve.getData()[0]) == 3)
    assert plot.cursor.value() == half_step_x(snaps[2])


def test_another_run_of_the_same_length_replaces_the_curve(plot):
    first, second = a_run(), a_run(shift=100.0)
    assert len(first) == len(second)
    plot.show_run(first, 0)
    plot.flush()
    plot.show_run(second, 0)
    plot.flush()
    assert np.array_equal(plot.curve.getData()[1], [s.objective for s in second])


def test_an_empty_run_clears_the_plot(plot):
    plot.show_run(a_run(), 1)
    plot.flush()
    plot.show_run([], -1)
    plot.flush()
    assert len(plot.curve.getData()[0]) == 0
    assert not plot.cursor.isVisible()


def test_ranges_hold_the_whole_curve(plot):
    snaps = a_run()
    plot.set_whole_range(True)
    plot.show_run(snaps, 0)
    plot.flush()
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    y = [s.objective for s in snaps]
    assert x0 < 0 < snaps[-1].iteration < x1
    assert y0 < min(y) and max(y) < y1
    # A single point still gets a range around it.
    plot.show_run(snaps[:1], 0)
    plot.flush()
    (x0, x1), (y0, y1) = plot.getViewBox().viewRange()
    assert x0 < 0 < x1 and y0 < snaps[0].objective < y1


def test_ranges_stay_put_while_the_curve_fits_them(plot):
    """Axes are laid out again only when their range changes: not at every half-step."""
    snaps = a_run(iterations=8)
    plot.show_run(snaps[:6], 5)
    plot.flush()
    before = plot.getViewBox().viewRange()
    for m in range(7, 12):  # up to iteration 5 (one x step); the objective creeps up inside
        plot.show_run(snaps[:m], m - 1)
        plot.flush()
        (_, x1), (y0, y1) = plot.getViewBox().viewRange()
        y = [s.objective for s in snaps[2:m]]  # from the end of iteration 1 (the focus)
        assert x1 > snaps[m - 1].iteration
        # Clear of the edges, where markers would be cut.
        assert y0 + 0.04 * (y1 - y0) <= min(y) and max(y) <= y1 - 0.04 * (y1 - y0)
    assert plot.getViewBox().viewRange() == before


def test_objective_view_builds_its_plot_for_the_first_run(qtbot):
    from emgui.ui.objective_plot import ObjectiveView

    view = ObjectiveView()
    qtbot.addWidget(view)
    view.set_scale(1.8)
    view.show_run([], -1)
    view.flush()
    assert view.plot is None and view.currentIndex() == 0  # the note
    snaps = a_run()
    view.show_run(snaps, 2)
    view.flush()
    assert view.plot is not None and view.currentWidget() is view.plot
    assert np.array_equal(view.plot.curve.getData()[1], [s.objective for s in snaps])
    assert view.plot.e_marks.opts["size"] == pytest.approx(18.0)  # the scale set before


def test_in_a_short_wide_dock_the_legend_takes_two_rows_below_the_curve(plot, qtbot):
    """At the default window size the objective plot is ~210 px tall: a three-row legend took
    its lower half and the flat first half-step of a short run ran through it."""
    from PySide6 import QtCore, QtWidgets

    plot.resize(820, 210)
    plot.show()
    qtbot.waitExposed(plot)
    snaps = a_run(iterations=1)
    plot.show_run(snaps, len(snaps) - 1)
    plot.flush()
    QtWidgets.QApplication.processEvents()
    assert plot.legend.columnCount == 3
    box = plot.legend.mapRectToScene(plot.legend.boundingRect())
    vb = plot.getViewBox()
    x, y = plot.curve.getData()
    for t in np.linspace(0.0, 1.0, 41):  # along the curve, between its points
        at = vb.mapViewToScene(QtCore.QPointF(t * x[-1], np.interp(t * x[-1], x, y)))
        assert not box.contains(at), (t, at, box)
    plot.resize(420, 210)  # narrow: three columns would not fit across
    QtWidgets.QApplication.processEvents()
    assert plot.legend.columnCount == 2


def test_back_at_its_size_the_plot_is_as_it_was(plot, qtbot):
    """Presentation mode and back passes through other sizes: the ranges and the legend are
    fitted to the final size, not to whichever size a refit happened at."""
    from PySide6 import QtWidgets

    def settle():
        for _ in range(3):
            QtWidgets.QApplication.processEvents()

    plot.resize(820, 210)
    plot.show()
    qtbot.waitExposed(plot)
    plot.show_run(a_run(iterations=3), 4)
    plot.flush()
    settle()
    before = (plot.getViewBox().viewRange(), plot.legend.columnCount, plot.legend.pos())
    for size in ((1900, 400), (500, 150), (800, 150), (820, 210)):
        plot.resize(*size)
        settle()
    after = (plot.getViewBox().viewRange(), plot.legend.columnCount, plot.legend.pos())
    assert after == before
