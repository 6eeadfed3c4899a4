"""The objective curve tells EM's proof: both curves, the start off the scale said, whole
iterations, the initial state's own marker, falls under reg_covar marked, nothing after a clear.
"""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import run_em
from emgui.model.presets import make_preset, preset_by_id
from emgui.ui.objective_plot import ObjectivePlot, ObjectiveView


@pytest.fixture
def plot(qtbot):
    widget = ObjectivePlot()
    qtbot.addWidget(widget)
    widget.resize(700, 260)
    return widget


def faithful(algorithm="gmm", max_iter=50):
    preset = preset_by_id("old-faithful" if algorithm == "gmm" else "old-faithful-kmeans")
    X, C = make_preset(preset)
    covs = preset.initial_covariances(len(C))
    return list(run_em(X, C, algorithm, covariances=covs, max_iter=max_iter))


def show(plot, snaps, cursor=0):
    plot.show_run(snaps, cursor)
    plot.flush()


def legend_texts(plot):
    return [label.text for _, label in plot.legend.items]


def test_a_mixture_shows_the_log_likelihood_and_its_bound(plot):
    snaps = faithful()
    show(plot, snaps)
    _, bound = plot.bound_curve.getData()
    _, y = plot.curve.getData()
    assert np.isnan(bound[0])  # the initial state has no q, no bound
    assert np.allclose(bound[1:], [s.lower_bound for s in snaps[1:]])
    for i, s in enumerate(snaps[1:], start=1):
        if s.phase == "E":  # the E-step lifts the bound to touch
            assert bound[i] == pytest.approx(y[i], abs=1e-8 * abs(y[i]))
        else:  # below after an M-step, and above where it was
            assert bound[i] <= y[i] + 1e-9 * abs(y[i]) and bound[i] >= bound[i - 1] - 1e-9
    texts = " ".join(legend_texts(plot))
    assert "log p(X | θ)" in texts and "lower bound L(q, θ)" in texts
    assert "E-step: the bound meets it" in texts and "initial state" in texts


def test_kmeans_shows_the_inertia_and_j_star_below(plot):
    snaps = faithful("kmeans")
    show(plot, snaps)
    _, other = plot.bound_curve.getData()
    _, y = plot.curve.getData()
    finite = np.isfinite(other)
    assert finite.sum() == len(snaps) - 1 and np.all(other[finite] <= y[finite] + 1e-9)
    assert "J*(μ), each point to its nearest center" in legend_texts(plot)


def test_the_start_off_the_scale_is_said_and_can_be_shown(qtbot, plot):
    snaps = faithful()
    show(plot, snaps)
    (_, _), (y0, y1) = plot.getViewBox().viewRange()
    start = snaps[0].objective  # −2475, against a climb from −531 to −385
    assert y0 > start and y0 <= snaps[2].objective and y1 >= snaps[-1].objective
    note = plot.focus_note.toPlainText()
    assert plot.focus_note.isVisible() and "from iteration 1 on" in note and "-2475" in note
    with qtbot.waitSignal(plot.whole_range_changed) as signal:
        plot.toggle_whole_range()
    assert signal.args == [True]
    (_, _), (y0, _) = plot.getViewBox().viewRange()
    assert y0 < start and "Whole range" in plot.focus_note.toPlainText()
    plot.set_whole_range(False)
    assert plot.getViewBox().viewRange()[1][0] > start


def test_iteration_ticks_are_whole_numbers(plot):
    for n in (2, 8, 30):
        show(plot, faithful(max_iter=n))
        axis = plot.getPlotItem().getAxis("bottom")
        (x0, x1), _ = plot.getViewBox().viewRange()
        levels = axis.tickValues(x0, x1, 600)
        values = [v for _, ticks in levels for v in ticks]
        assert values and all(float(v).is_integer() for v in values), values


def test_a_fall_under_reg_covar_is_marked_where_it_happens(plot):
    Y, centers = make_preset(preset_by_id("anisotropic"))
    snaps = list(run_em(Y, centers, "gmm", max_iter=30, tol=0, reg_covar=1.0))
    show(plot, snaps)
    fx, _ = plot.fall_marks.getData()
    big = [
        s.iteration
        for i, s in enumerate(snaps)
        if s.phase == "M" and i and s.objective < snaps[i - 1].objective - 1e-6
    ]
    assert big and set(big) <= set(fx.tolist())
    assert any("reg_covar" in t for t in legend_texts(plot))
    show(plot, faithful())  # a monotone run: no mark, no legend entry
    assert len(plot.fall_marks.getData()[0]) == 0
    assert not any("reg_covar" in t for t in legend_texts(plot))


def test_clearing_the_points_clears_axes_and_legend(qtbot):
    view = ObjectiveView()
    qtbot.addWidget(view)
    view.show_run(faithful(), 3)
    view.flush()
    plot = view.plot
    assert view.currentWidget() is plot and plot.legend.isVisible()
    view.show_run([], -1)
    view.flush()
    assert view.currentWidget() is not plot  # the note is back
    assert not plot.legend.isVisible() and legend_texts(plot) == []
    assert plot.getPlotItem().getAxis("left").labelText == ""
    assert len(plot.bound_curve.getData()[0]) == 0 and not plot.focus_note.isVisible()
    view.show_run(faithful("kmeans"), 0)  # and a new run draws afresh
    view.flush()
    assert view.currentWidget() is plot
    assert "inertia" in plot.getPlotItem().getAxis("left").labelText


def test_presentation_scale_reaches_the_new_items(plot):
    show(plot, faithful())
    plot.set_scale(1.8)
    assert plot.init_marks.opts["size"] == pytest.approx(11 * 1.8)
    assert plot.bound_curve.opts["pen"].widthF() == pytest.approx(2 * 1.8)
    assert all(label.opts["size"] == "18pt" for _, label in plot.legend.items)
    assert plot.focus_note.textItem.font().pointSizeF() == pytest.approx(18.0)
