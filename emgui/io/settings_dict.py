"""Settings read from a file's JSON object: defaults for what is missing, named errors."""

from __future__ import annotations

import dataclasses

from emgui.io.errors import InputError
from emgui.model.describe import describe_value
from emgui.model.settings import Settings, check_setting


def settings_from_dict(d: object, path: str = "<settings>") -> tuple[Settings, list[str]]:
    """Settings from a dict (missing keys take defaults) and warnings about unknown keys.

    A wrong type or out-of-range value raises InputError naming ``settings.<name>``.
    """
    if not isinstance(d, dict):
        raise InputError(
            f"must be an object of settings, got {describe_value(d)}",
            path=path,
            field="settings",
        )
    names = [f.name for f in dataclasses.fields(Settings)]
    values = {}
    for name in names:
        if name in d:
            value, problem = check_setting(name, d[name])
            if problem is not None:
                raise InputError(problem, path=path, field=f"settings.{name}")
            values[name] = value
    warnings = [f"settings.{key}: unknown setting, ignored" for key in d if key not in names]
    return Settings(**values), warnings
