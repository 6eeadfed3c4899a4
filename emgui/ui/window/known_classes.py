"""The window's known classes: given to the session (runs colour by them, shapes show them)
and to the Classes vs clusters panel."""

from __future__ import annotations

import numpy as np

from emgui.model.known_classes import KnownClasses


class KnownClassesMixin:
    def set_known_classes(self, labels, names: tuple[str, ...] = (), column: str = "") -> None:
        """The points' known classes (None: none), compared with each shown state."""
        known = None if labels is None else KnownClasses(np.asarray(labels), tuple(names), column)
        self.session.set_known_classes(known)  # runs colour by them, shapes show them
        self.agreement.set_classes(labels, names, column)
        self._agreement_given = None  # the panel shows the new classes, with no state yet
        if labels is not None:
            self.agreement_dock.show()
            self.agreement_dock.raise_()
        self._schedule_side_views()
