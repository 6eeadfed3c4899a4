"""The user's settings (algorithm, covariance, ellipses, colours, pace...) between launches.

Stored in the window's QSettings as the JSON of Settings.to_dict(), and read back through the
settings' own checks: a value that is unknown, garbled or out of range is left at its default.
"""

from __future__ import annotations

import dataclasses
import json

from emgui.model.settings import Settings, check_setting

KEY = "session/settings"


def stored_settings(store) -> tuple[Settings, list[str]]:
    """The remembered settings (defaults for what is missing or bad) and what was ignored."""
    raw = store.value(KEY)
    if raw is None:
        return Settings(), []
    try:
        stored = json.loads(str(raw))
    except ValueError:
        return Settings(), [f"{KEY}: not JSON, ignored"]
    if not isinstance(stored, dict):
        return Settings(), [f"{KEY}: not an object, ignored"]
    values, ignored = {}, []
    for f in dataclasses.fields(Settings):
        if f.name in stored:
            value, problem = check_setting(f.name, stored[f.name])
            if problem is None:
                values[f.name] = value
            else:
                ignored.append(f"{f.name}: {problem}")
    return Settings(**values), ignored


def remember_settings(store, session) -> list[str]:
    """Give ``session`` the remembered settings, then store every change; what was ignored."""
    settings, ignored = stored_settings(store)
    session.set_settings(settings)

    def store_change(what: str) -> None:
        if what == "settings":
            store.setValue(KEY, json.dumps(session.settings.to_dict()))

    session.changed.connect(store_change)
    return ignored
