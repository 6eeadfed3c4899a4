"""What loading a preset (or points generated from one) replaces, and the words that say so.

One rule for both, so that the "Generate points" dialog describes exactly what the window does.
"""

from __future__ import annotations

import dataclasses

from emgui.model.presets import Preset
from emgui.model.settings import Settings

# The run's stopping rule and regularisation, and the aspect, are the ones the preset was
# made for (its own, or the defaults: equal units on x and y unless the preset's columns
# spread unlike, as raw Old Faithful's); everything else the user chose (algorithm, k,
# colours, pace...) is kept unless the preset names it.
PRESET_RUN_SETTINGS = ("init", "max_iter", "tol", "reg_covar", "equal_aspect")


def preset_settings(preset: Preset, current: Settings) -> Settings:
    """The settings after loading ``preset`` over ``current``: its centers are the start."""
    defaults = Settings().to_dict()
    changes = {name: defaults[name] for name in PRESET_RUN_SETTINGS}
    changes.update(preset.settings)
    changes["init"] = "centers"
    return dataclasses.replace(current, **changes)


def changed_settings(before: Settings, after: Settings) -> list[tuple[str, object, object]]:
    """(name, old value, new value) of every setting that differs, in field order."""
    a, b = before.to_dict(), after.to_dict()
    return [(name, a[name], b[name]) for name in a if a[name] != b[name]]


def replacement_summary(
    preset: Preset,
    current: Settings,
    n_points: int,
    n_centers: int,
    hand_drawn: bool,
    weighted: bool,
) -> str:
    """One paragraph: what generating points from ``preset`` replaces, and what comes instead."""
    old = [f"{n_points:,} points".replace(",", " ")] if n_points else []
    if n_centers:
        centers = f"{n_centers} center{'s' if n_centers != 1 else ''}"
        extras = [
            w for w, on in (("hand-drawn Gaussians", hand_drawn), ("weights", weighted)) if on
        ]
        old.append(centers + (f" with their {' and '.join(extras)}" if extras else ""))
    start = "its own round Gaussians" if preset.initial_variance is not None else "no Gaussians"
    text = (
        f"Replaces {_and(old) if old else 'the empty scene'} by the new points and the "
        f"shape's starting centers ({start}), as a new untitled scene. "
    )
    changes = changed_settings(current, preset_settings(preset, current))
    if changes:
        text += "Settings from the preset: " + ", ".join(
            f"{name} {_show(a)} → {_show(b)}" for name, a, b in changes
        )
        text += "; the others are kept. "
    else:
        text += "The settings are kept. "
    return text + "Undo (Ctrl+Z) brings the scene back, not the settings."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _show(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)
