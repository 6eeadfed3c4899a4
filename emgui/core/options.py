"""EMOptions: how EM runs (the algorithm and its stopping rule), one value passed whole."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EMOptions:
    """The options of :func:`emgui.core.run_em` other than the data and the initial parameters.

    ``run_em(X, centers, **options.as_kwargs())`` or ``run_em(X, centers, options=options)``.
    Values are checked by ``run_em`` (ValueError), not here, so that a caller holding
    user input gets the engine's message.
    """

    algorithm: str = "gmm"
    covariance_type: str = "full"
    max_iter: int = 100
    tol: float = 1e-6
    reg_covar: float = 1e-6
    beta: float = 1.0  # stiffness of soft k-means

    def as_kwargs(self) -> dict[str, Any]:
        """The options as keyword arguments of run_em."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def replace(self, **changes: Any) -> EMOptions:
        return dataclasses.replace(self, **changes)

    @classmethod
    def of(cls, source: object, **overrides: Any) -> EMOptions:
        """The options read off any object with these attribute names (settings, a request)."""
        values = {f.name: getattr(source, f.name) for f in dataclasses.fields(cls)}
        values.update(overrides)
        return cls(**values)
