"""Replacing the whole scene as one undo step that also brings back the view range.

The session's undo stack knows scenes, not views; a replacement (a file, a preset) comes with a
new view, so its undo step is a macro: the view's command, then the session's edit. Undo runs
them in reverse: the scene comes back first, then the view it was seen in.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand


class _ViewRange(QUndoCommand):
    """Swaps the plot's range with the one it holds, on undo and on every redo but the first."""

    def __init__(self, window, other):
        super().__init__("view range")
        self.window, self.other, self.first = window, other, True

    def redo(self) -> None:
        if self.first:  # pushed: the new scene sets its own view (a fit, or the file's range)
            self.first = False
            return
        self._swap()

    def undo(self) -> None:
        self._swap()

    def _swap(self) -> None:
        w = self.window
        # The view as it is now is the one to return to on the next redo (or undo).
        current = _view_range(w)
        w._fit_pending = False  # a fit still waiting for the new data must not override it
        w.scene.show_range(*self.other)
        if w.compare is not None:
            w.compare.follow_main()
        self.other = current


def replace_scene(window, scene, text: str) -> None:
    """Make ``scene`` the session's scene; one undo step brings back the scene and its view."""
    stack = window.session.undo_stack
    stack.beginMacro(text)
    try:
        stack.push(_ViewRange(window, _view_range(window)))
        window.session.replace_all(scene, text)
    finally:
        stack.endMacro()


def _view_range(window) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plot's range now, as tuples of plain floats."""
    (x0, x1), (y0, y1) = window.canvas.view_box.viewRange()
    return (float(x0), float(x1)), (float(y0), float(y1))
