"""The Scene's marker shapes: known classes or components by shape, colours by cluster."""

from __future__ import annotations

import dataclasses

import numpy as np

from emgui.core.snapshot import Snapshot
from emgui.model.known_classes import KnownClasses
from emgui.model.settings import Settings
from tests.render.scene_stage import SceneStage, rgb_array, state

GREY = 0xFF808080
ORANGE = 0xFFE69F00
# Two points far apart, drawn as 57 px markers.
XY = [[3.0, 5.0], [7.0, 5.0]]
MEANS = [[3.0, 8.0], [7.0, 8.0]]  # centers clear of the points
CLASSES = np.array([0, 1])  # circle, square


def _stage(shapes: str, classes=CLASSES, colors=(GREY, GREY), snapshot=None):
    stage = SceneStage(500, 500)
    stage.scene.shapes.setStyle(57.0)  # large enough to tell the shapes apart by a pixel
    known = None if classes is None else KnownClasses(classes, ("setosa", "versicolor"))
    centers = np.zeros((0, 2)) if snapshot is None else snapshot.means
    s = state(XY, list(colors), centers, snapshot=snapshot, known=known)
    stage.show(s, Settings(point_shapes=shapes, show_changed=False))
    return stage


def _filled(stage: SceneStage, image, x: float, y: float, dx: int, dy: int) -> bool:
    px, py = stage.to_pixel(x, y)
    r, _, b = rgb_array(image)[int(py) + dy, int(px) + dx]
    return int(r) < 200 or int(b) < 150  # grey or orange, not the white background


def _corners(stage: SceneStage) -> list[bool]:
    """Whether the spot 24 px right and down of each point's centre is painted: inside a
    57 px square, outside a 57 px disc."""
    image = stage.render()
    assert all(_filled(stage, image, x, y, 0, 0) for x, y in XY)  # both points drawn
    return [_filled(stage, image, x, y, 24, 24) for x, y in XY]


def test_classes_by_shape_give_the_second_class_a_square(qtbot):
    stage = _stage("classes")
    assert _corners(stage) == [False, True]
    assert stage.scene.shapes.isVisible() and not stage.scene.points.isVisible()


def test_without_the_setting_both_are_discs(qtbot):
    stage = _stage("none")
    assert _corners(stage) == [False, False]
    assert stage.scene.points.isVisible() and not stage.scene.shapes.isVisible()


def test_classes_of_other_points_are_not_used(qtbot):
    stage = _stage("classes", classes=np.array([0, 1, 1]))  # three classes, two points
    assert _corners(stage) == [False, False]
    stage = _stage("classes", classes=None)  # no known classes at all
    assert _corners(stage) == [False, False]


def test_the_colour_stays_the_points_own(qtbot):
    stage = _stage("classes", colors=(GREY, ORANGE))
    image = rgb_array(stage.render())
    px, py = stage.to_pixel(7.0, 5.0)
    r, g, b = image[int(py) + 24, int(px) + 24]  # a corner of the square: orange
    assert (int(r), int(g), int(b)) == (0xE6, 0x9F, 0x00)


def _snapshot(labels) -> Snapshot:
    return Snapshot(
        iteration=1,
        phase="E",
        algorithm="kmeans",
        covariance_type="full",
        means=np.array(MEANS),
        covariances=np.tile(np.eye(2), (2, 1, 1)),
        weights=np.full(2, 0.5),
        objective=0.0,
        labels=np.asarray(labels),
    )


def test_components_by_shape_follow_the_state_and_the_legend_shows_them(qtbot):
    stage = _stage("components", classes=None, snapshot=_snapshot([1, 0]))
    assert _corners(stage) == [True, False]  # component 2's square is the first point
    rows = stage.scene.legend._rows
    assert [r.symbol for r in rows[:2]] == ["o", "s"]
    stage = _stage("components", classes=None, snapshot=None)  # no assignments yet
    assert _corners(stage) == [False, False]


def test_the_legend_names_the_class_shapes(qtbot):
    stage = SceneStage(500, 500)
    s = state(XY, [GREY, GREY], [[3.0, 5.0]], known=KnownClasses(CLASSES, ("setosa", "versicolor")))
    stage.show(s, Settings(point_shapes="classes"))
    texts = stage.scene.legend.texts()
    assert texts[-2:] == ["setosa (circle)", "versicolor (square)"]
    assert [r.symbol for r in stage.scene.legend._rows[-2:]] == ["o", "s"]
    stage.show(s, Settings(point_shapes="none"))
    assert "setosa (circle)" not in stage.scene.legend.texts()


def test_the_same_arrays_are_not_drawn_again(qtbot, monkeypatch):
    stage = _stage("classes")
    calls = []
    monkeypatch.setattr(stage.scene.shapes, "set_points", lambda *a: calls.append(a) or True)
    stage.scene.render(stage.scene.state, stage.scene.settings)  # an M-step: same colours
    assert calls == []
    known = KnownClasses(np.array([1, 0]), ("a", "b"))  # new classes: drawn again
    stage.scene.render(dataclasses.replace(stage.scene.state, known=known), stage.scene.settings)
    assert len(calls) == 1
