"""Smooth motion between half-steps: the window's step animation (an M-step moves, an E-step fades).

The window hands every state it draws to :meth:`StepAnimator.show`. When the state is the next
half-step of the run shown before it, at a pace above zero and not at full speed (End), the
animator draws in-between states (:class:`emgui.model.tween.Tween`) through the scene over a
short eased animation; anything else is drawn at once. A new state, or any edit of the
session, makes a running animation jump to its end first. Each frame is one slot call from
Qt's animation timer, so the event loop keeps its turn between frames.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QObject, QVariantAnimation

from emgui.model.settings import Settings
from emgui.model.tween import Tween, ease_in_out
from emgui.model.view_state import ViewState

# Length of a step's animation: this long, or this share of the pace when that is shorter,
# so that a playing run shows each state at rest for a while before the next one comes.
ANIMATION_MS = 320
PACE_SHARE = 0.6
MIN_ANIMATION_MS = 60  # shorter than about four screen frames is no animation, only a cost


# Above this many points an E-step recolours at once: measured (benchmarks/bench_tween.py,
# 2-core AMD EPYC with avx512f), a fade frame costs 13 ms at 1e6 and 2e6 points but 22 ms at
# 4e6, over a 16.7 ms screen frame, and setting up the fade stalls one frame (15 ms at 1e6,
# 40 ms at 2e6, 73 ms at 4e6).
FADE_LIMIT = 2_000_000


def fade_levels(n_points: int) -> int:
    """How many distinct colourings a fade of ``n_points`` points shows (0: no fade).

    Each new colouring costs a blend of the colour words and the point item's recolouring;
    frames between two levels repaint only. A bigger cloud gets fewer levels.
    """
    if n_points <= 200_000:
        return 24
    if n_points <= 1_000_000:
        return 8
    if n_points <= FADE_LIMIT:
        return 4
    return 0


def animation_ms(settings: Settings) -> int:
    """How long a step animates at these settings (0: not at all)."""
    if not settings.animate or settings.pace_ms <= 0:
        return 0
    ms = min(ANIMATION_MS, round(PACE_SHARE * settings.pace_ms))
    return ms if ms >= MIN_ANIMATION_MS else 0


class StepAnimator(QObject):
    """Draws a run's states on ``scene``, animating each single step forward (see module doc)."""

    def __init__(self, scene, controller, parent: QObject | None = None):
        super().__init__(parent)
        self.scene = scene
        self.controller = controller
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(0.0)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.Linear)  # eased by ease_in_out
        self._animation.valueChanged.connect(self._on_frame)
        self._animation.finished.connect(self.finish)
        self._tween: Tween | None = None
        self._settings = Settings()
        self._shown: tuple[object, int] | None = None  # (history, index) last drawn
        #: Frames drawn by the last (or the running) animation, for tests and benchmarks.
        self.frames = 0
        controller.session.changed.connect(self.finish)

    @property
    def running(self) -> bool:
        """Whether an animation is under way."""
        return self._tween is not None

    @property
    def target(self) -> ViewState | None:
        """The state being animated towards, or the state shown when nothing animates."""
        return self._tween.end if self._tween is not None else self.scene.state

    def show(self, state: ViewState, settings: Settings) -> None:
        """Draw ``state``: animated when it is the next half-step of the run shown before it."""
        c = self.controller
        shown, self._shown = self._shown, (c.history, c.cursor)
        step = shown is not None and shown[0] is c.history and c.cursor == shown[1] + 1
        self.finish()
        start = self.scene.state
        ms = animation_ms(settings)
        if step and ms and start is not None and not c.follow_live:
            n = state.points.shape[0]
            levels = fade_levels(n)
            tween = Tween(start, state, fade=levels > 0, levels=max(levels, 1))
            if tween.changes:
                self._begin(tween, settings, ms)
                return
        self.scene.render(state, settings)

    def finish(self, *_) -> None:
        """Jump a running animation to its end (drawn at once); nothing when none runs."""
        tween, self._tween = self._tween, None
        if tween is None:
            return
        self._animation.stop()
        self.scene.render(tween.end, self._settings)

    def _begin(self, tween: Tween, settings: Settings, ms: int) -> None:
        self._tween, self._settings = tween, settings
        self.frames = 0
        self._animation.setDuration(ms)
        self.scene.render(tween.at(0.0), settings)  # the new step's legend and rings, at rest
        self._animation.start()

    def _on_frame(self, value) -> None:
        tween = self._tween
        if tween is None:
            return
        t = ease_in_out(float(value))
        self.frames += 1
        self.scene.render(tween.at(t), self._settings)
        if t >= 1.0:
            self._tween = None
