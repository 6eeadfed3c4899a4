"""The "Why EM works" panel: the decomposition bar and the bound along the step, off-thread."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6 import QtCore, QtGui

from emgui.core import bound_path, run_em
from emgui.model.presets import make_preset, preset_by_id
from emgui.model.theory_view import PATH_TS, step_pair
from emgui.ui import theory_panel as theory_module
from emgui.ui.theory_panel import TheoryPanel


def faithful(algorithm="gmm"):
    preset = preset_by_id("old-faithful" if algorithm == "gmm" else "old-faithful-kmeans")
    X, C = make_preset(preset)
    covs = preset.initial_covariances(len(C))
    return X, list(run_em(X, C, algorithm, covariances=covs, max_iter=30))


@pytest.fixture
def panel(qtbot):
    X, snaps = faithful()
    widget = TheoryPanel(lambda: X)
    qtbot.addWidget(widget)
    widget.resize(900, 300)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget, X, snaps
    widget.shutdown()


def show_index(widget, snaps, index):
    before, e, m = step_pair(snaps, index)
    widget.show_state(e, m, snaps[index], before)


def test_the_bound_along_the_step_is_the_engines(qtbot, panel):
    widget, X, snaps = panel
    show_index(widget, snaps, 4)  # iteration 2, M state
    qtbot.waitUntil(lambda: widget.current_path() is not None, timeout=5000)
    path = widget.current_path()
    want = bound_path(X, snaps[3], snaps[4], PATH_TS)
    np.testing.assert_allclose(path.objective, want.objective, rtol=1e-12)
    t, obj = widget.path_plot.objective_curve.getData()
    bnd = widget.path_plot.bound_curve.getData()[1]
    np.testing.assert_allclose(obj, want.objective)
    np.testing.assert_allclose(bnd, want.bound)
    assert t[0] == -0.5 and t[-1] == 1.5 and 0.0 in t and 1.0 in t and len(t) == 41
    # What the figure shows: touching at θ_old, the bound's best at θ_new.
    at0, at1 = list(t).index(0.0), list(t).index(1.0)
    assert bnd[at0] == pytest.approx(obj[at0]) and bnd.argmax() == at1
    # θ_old and θ_new marked at 0 and 1; the shown state (M) ringed at t = 1.
    assert widget.path_plot.old_line.value() == 0.0 and widget.path_plot.new_line.value() == 1.0
    ring_x, _ = widget.path_plot.shown_mark.getData()
    assert list(ring_x) == [1.0, 1.0]


def test_the_bar_splits_log_p_into_bound_and_gap(qtbot, panel):
    widget, _, snaps = panel
    show_index(widget, snaps, 3)  # an E state: the bound touches
    d = widget.bar.decomposition()
    assert d.phase == "E" and d.gap == 0.0
    assert any(text.startswith("KL(q ‖ p) = 0") for text in widget.bar.labels())
    show_index(widget, snaps, 4)  # the M state after it: q is stale
    d = widget.bar.decomposition()
    kl = snaps[4].objective - snaps[4].lower_bound
    assert d.gap == pytest.approx(kl) and kl > 0
    assert f"KL(q ‖ p) = {kl:.6g}" in widget.bar.labels()
    assert f"log p(X | θ) = {snaps[4].objective:.6g}" in widget.bar.labels()
    assert "Iteration 2, M-step" in widget.title.text()


def test_kmeans_bar_waits_for_j_star_from_the_path(qtbot):
    X, snaps = faithful("kmeans")
    widget = TheoryPanel(X)
    qtbot.addWidget(widget)
    widget.show()
    show_index(widget, snaps, 4)
    qtbot.waitUntil(lambda: widget.bar.decomposition() is not None, timeout=5000)
    d = widget.bar.decomposition()
    j_star = ((X[:, None] - snaps[4].means[None]) ** 2).sum(axis=2).min(axis=1).sum()
    assert d.kind == "kmeans" and d.objective == pytest.approx(j_star, rel=1e-9)
    assert d.bound == pytest.approx(snaps[4].objective) and d.gap > 0
    assert "J(c, μ(t)), assignments held from the E-step" in [
        label.text for _, label in widget.path_plot.legend.items
    ]
    widget.shutdown()


def test_notes_before_a_step_and_before_the_m_step(qtbot, panel):
    widget, _, snaps = panel
    show_index(widget, snaps, 0)
    assert "first E-step" in widget.path_plot.note_text()
    assert widget.bar.decomposition() is None
    widget.show_state(snaps[3], None, snaps[3], snaps[2])  # paused at an E state
    assert "not computed yet" in widget.path_plot.note_text()
    assert widget.bar.decomposition().gap == 0.0  # the bar needs no M state


def test_stepping_is_coalesced_and_cached(qtbot, panel, monkeypatch):
    widget, _, snaps = panel
    calls = []
    real = theory_module.bound_path

    def counted(*args):
        calls.append(args[1].iteration)
        return real(*args)

    monkeypatch.setattr(theory_module, "bound_path", counted)
    for index in range(1, 12):  # a burst of key presses: iterations 1 to 6
        show_index(widget, snaps, index)
    qtbot.waitUntil(lambda: widget.current_path() is not None and not widget.computing())
    assert calls[-1] == snaps[11].iteration  # the newest is what is drawn
    assert len(calls) < 6  # not one computation per key press
    n = len(calls)
    show_index(widget, snaps, 11)
    show_index(widget, snaps, 12)  # the M state of the same iteration: from the cache
    assert widget.current_path() is not None and len(calls) == n


def test_the_path_is_computed_off_the_gui_thread(qtbot, panel, monkeypatch):
    widget, _, snaps = panel
    threads, gate = [], threading.Event()
    real = theory_module.bound_path

    def slow(*args):
        threads.append(threading.current_thread())
        gate.wait(5)  # held until the GUI thread has shown it keeps turning
        return real(*args)

    monkeypatch.setattr(theory_module, "bound_path", slow)
    show_index(widget, snaps, 6)
    qtbot.waitUntil(lambda: bool(threads))
    assert threads[0] is not threading.main_thread()
    assert "Computing" in widget.path_plot.note_text() and widget.computing()
    ticks = []
    QtCore.QTimer.singleShot(0, lambda: ticks.append(1))
    qtbot.waitUntil(lambda: bool(ticks))  # the event loop answers while the work waits
    gate.set()
    qtbot.waitUntil(lambda: widget.current_path() is not None)


def test_presentation_scale_and_shutdown(qtbot, panel):
    widget, _, snaps = panel
    widget.set_scale(1.8)
    assert widget.bar.minimumWidth() >= int(300 * 1.8)
    assert widget.path_plot.ends.opts["size"] == pytest.approx(18.0)
    show_index(widget, snaps, 6)
    widget.shutdown()  # a computation in flight is abandoned, and nothing more arrives
    assert not widget.computing()


def test_the_panel_exports_as_png_svg_and_pdf(qtbot, panel, tmp_path):
    widget, _, snaps = panel
    show_index(widget, snaps, 4)
    qtbot.waitUntil(lambda: widget.current_path() is not None)
    widget.save_image(str(tmp_path / "theory.png"))
    image = QtGui.QImage(str(tmp_path / "theory.png"))
    assert image.width() == 2 * 1100  # the figure's width, at twice the pixels, for slides
    widget.save_image(str(tmp_path / "theory.svg"))
    svg = (tmp_path / "theory.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "KL(q" in svg  # the numbers are text, not pixels
    widget.save_image(str(tmp_path / "theory.pdf"))
    assert (tmp_path / "theory.pdf").read_bytes().startswith(b"%PDF")
    with pytest.raises(ValueError, match=r"theory\.gif: cannot write a \.gif image"):
        widget.save_image(str(tmp_path / "theory.gif"))
    assert not (tmp_path / "theory.gif").exists()


def test_a_hidden_panel_computes_nothing_until_shown(qtbot, monkeypatch):
    X, snaps = faithful()
    calls = []
    real = theory_module.bound_path
    monkeypatch.setattr(theory_module, "bound_path", lambda *a: calls.append(1) or real(*a))
    widget = TheoryPanel(X)
    qtbot.addWidget(widget)
    show_index(widget, snaps, 4)  # never shown: the dock is closed
    widget._request.flush()  # the request served now: hidden, it starts no computation
    assert widget._task is None
    assert calls == [] and widget.current_path() is None
    widget.show()
    qtbot.waitUntil(lambda: widget.current_path() is not None)
    assert calls == [1]
    widget.shutdown()


def test_soft_kmeans_is_a_mixture_here(qtbot):
    X, _ = faithful()
    snaps = list(run_em(X, X[[0, 100]], "soft-kmeans", max_iter=3, tol=0, beta=2.0))
    widget = TheoryPanel(X)
    qtbot.addWidget(widget)
    widget.show()
    show_index(widget, snaps, 4)
    qtbot.waitUntil(lambda: widget.current_path() is not None)
    d = widget.bar.decomposition()
    assert d.kind == "mixture" and d.gap == pytest.approx(snaps[4].objective - snaps[4].lower_bound)
    assert "log p(X | θ(t))" in [label.text for _, label in widget.path_plot.legend.items]
    widget.shutdown()


def test_stale_colours_follow_the_shown_m_state(qtbot):
    from emgui.core import point_gaps
    from emgui.model.gap_colours import gap_argb

    X, snaps = faithful()
    widget = TheoryPanel(X)  # hidden: the colours are for the scene, not the panel
    qtbot.addWidget(widget)
    got = []
    widget.stale_colours.connect(got.append)
    show_index(widget, snaps, 4)
    widget.set_stale_colouring(True)
    qtbot.waitUntil(lambda: bool(got) and got[-1] is not None)
    want = gap_argb(point_gaps(X, snaps[3], snaps[4]))
    assert np.array_equal(got[-1], want) and got[-1].shape == (X.shape[0],)
    assert widget.current_path() is None  # no path drawn for a hidden panel
    show_index(widget, snaps, 5)  # an E state: q is fresh, the usual colours
    assert got[-1] is None
    show_index(widget, snaps, 4)  # back: from the cache, at once
    assert got[-1] is not None and np.array_equal(got[-1], want)
    n = len(got)
    show_index(widget, snaps, 4)  # the same state again: nothing new to say
    assert len(got) == n
    widget.set_stale_colouring(False)
    assert got[-1] is None
    widget.shutdown()


def test_show_run_is_show_state_for_a_cursor(qtbot, panel):
    widget, _, snaps = panel
    widget.show_run(snaps[:4], 3)  # paused at the E state of iteration 2
    assert "Iteration 2, E-step" in widget.title.text()
    assert "not computed yet" in widget.path_plot.note_text()
    widget.show_run(snaps, 4)
    qtbot.waitUntil(lambda: widget.current_path() is not None)
    widget.show_run([], -1)  # the points cleared
    assert widget.bar.decomposition() is None and widget.current_path() is None
