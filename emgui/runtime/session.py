"""The user's scene: points, initial centers (with optional hand-drawn Gaussians) and settings.

Every edit of points or centers goes through the undo stack as a whole-state
replacement: arrays are never changed in place, so an edit is a pair of
immutable states and undo is swapping them back. Settings are not undoable,
as in most programs; they are saved with the session.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from emgui.core.snapshot import frozen
from emgui.model.known_classes import KnownClasses
from emgui.model.scene_data import EMPTY_POINTS, SceneData
from emgui.model.settings import Settings


class _Edit(QUndoCommand):
    """Replace the scene by another; undo puts the first one back."""

    def __init__(self, session: Session, before: SceneData, after: SceneData, text: str, merge_key):
        super().__init__(text)
        self.session, self.before, self.after, self.merge_key = session, before, after, merge_key

    def redo(self) -> None:
        self.session._apply(self.after)

    def undo(self) -> None:
        self.session._apply(self.before)

    def id(self) -> int:
        return 1 if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # A drag is many small moves of one item; one undo step takes it all back.
        if not isinstance(other, _Edit) or other.merge_key != self.merge_key:
            return False
        self.after = other.after
        return True


class Session(QObject):
    """Points, centers and settings, with undo; emits ``changed`` after every change."""

    changed = Signal(str)  # "scene" (points or centers) or "settings"
    classes_changed = Signal()  # the points' known classes were set or cleared

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.scene = SceneData()
        self.settings = Settings()
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(100)
        # The points' known classes from the table they came from, or None. Not part of the
        # scene: a session file does not hold them, undo keeps them.
        self.known_classes: KnownClasses | None = None

    def set_known_classes(self, known: KnownClasses | None) -> None:
        """The points' known classes (None: none); runs colour by them, shapes show them."""
        self.known_classes = known
        self.classes_changed.emit()

    # Read access
    @property
    def points(self) -> np.ndarray:
        return self.scene.points

    @property
    def centers(self) -> np.ndarray:
        return self.scene.centers

    # Edits (all undoable)
    def edit(self, after: SceneData, text: str, merge_key: object = None) -> None:
        """Make ``after`` the scene, as one undoable step named ``text``."""
        self.undo_stack.push(_Edit(self, self.scene, after, text, merge_key))

    def add_points(self, xy: np.ndarray, text: str = "Add point") -> None:
        pts = np.vstack([self.points, np.asarray(xy, dtype=float).reshape(-1, 2)])
        self.edit(replace(self.scene, points=frozen(pts)), text)

    def add_center(self, xy, covariance: np.ndarray | None = None) -> None:
        s = self.scene
        centers = np.vstack([s.centers, np.asarray(xy, dtype=float).reshape(1, 2)])
        covs, weights = s.center_covariances, None
        if covariance is not None or covs is not None:
            covs = self._covariances_or_default(s)
            new_cov = np.asarray(covariance if covariance is not None else covs.mean(axis=0))
            covs = frozen(np.concatenate([covs, new_cov.reshape(1, 2, 2)]))
        # Weights stay uniform when centers are added: the user's drawn
        # weights no longer sum to one with a new component.
        self.edit(
            replace(s, centers=frozen(centers), center_covariances=covs, center_weights=weights),
            "Add center",
        )

    def move_point(self, index: int, xy, drag_id: object = None) -> None:
        pts = self.points.copy()
        pts[index] = xy
        self.edit(replace(self.scene, points=frozen(pts)), "Move point", ("point", drag_id))

    def move_center(self, index: int, xy, drag_id: object = None) -> None:
        c = self.centers.copy()
        c[index] = xy
        self.edit(replace(self.scene, centers=frozen(c)), "Move center", ("center", drag_id))

    def set_center_covariance(self, index: int, cov: np.ndarray, drag_id: object = None) -> None:
        covs = self._covariances_or_default(self.scene).copy()
        covs[index] = cov
        self.edit(
            replace(self.scene, center_covariances=frozen(covs)), "Shape center", ("shape", drag_id)
        )

    def remove_points(self, mask: np.ndarray, text: str = "Erase points") -> None:
        if not mask.any():
            return
        self.edit(replace(self.scene, points=frozen(self.points[~mask])), text)

    def remove_center(self, index: int) -> None:
        s = self.scene
        keep = np.arange(s.centers.shape[0]) != index
        covs = None if s.center_covariances is None else frozen(s.center_covariances[keep])
        self.edit(
            replace(
                s, centers=frozen(s.centers[keep]), center_covariances=covs, center_weights=None
            ),
            "Erase center",
        )

    def clear_points(self) -> None:
        if self.points.shape[0]:
            self.edit(replace(self.scene, points=EMPTY_POINTS, columns=None), "Clear points")

    def clear_centers(self) -> None:
        if self.centers.shape[0]:
            self.edit(
                replace(
                    self.scene, centers=EMPTY_POINTS, center_covariances=None, center_weights=None
                ),
                "Clear centers",
            )

    def replace_all(self, scene: SceneData, text: str) -> None:
        self.edit(scene, text)

    # Settings (not undoable)
    def set_settings(self, settings: Settings) -> None:
        if settings != self.settings:
            self.settings = settings
            self.changed.emit("settings")

    def update_settings(self, **changes) -> None:
        self.set_settings(replace(self.settings, **changes))

    def _apply(self, scene: SceneData) -> None:
        self.scene = scene
        self.changed.emit("scene")

    def _covariances_or_default(self, s: SceneData) -> np.ndarray:
        """The hand-drawn covariances, or round ones sized to the data, to start drawing from."""
        if s.center_covariances is not None:
            return s.center_covariances
        spread = np.var(s.points, axis=0).mean() if s.points.shape[0] > 1 else 1.0
        variance = spread / max(s.centers.shape[0], 1) if spread > 0 else 1.0
        return np.repeat((variance * np.eye(2))[None], s.centers.shape[0], axis=0)
