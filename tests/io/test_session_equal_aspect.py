"""The equal-aspect view setting in session files: old files load, the choice round-trips."""

from __future__ import annotations

import json

import numpy as np
import pytest

from emgui.io.errors import InputError
from emgui.io.session_file import SessionData, parse_session, session_to_json
from emgui.model.settings import Settings

# A session as written before the setting existed (every other setting of that time).
OLD = {
    "format": "emgui-session/1",
    "points": [[1.0, 2.0], [3.0, 4.0]],
    "centers": [[1.0, 2.0]],
    "settings": {
        "algorithm": "kmeans",
        "covariance_type": "full",
        "init": "centers",
        "k": 3,
        "seed": 0,
        "max_iter": 100,
        "tol": 1e-6,
        "reg_covar": 1e-6,
        "beta": 1.0,
        "pace_ms": 400,
        "ellipse_level": "2sd",
        "soft_colors": True,
        "show_trails": True,
        "show_voronoi": True,
        "show_changed": True,
    },
}


def test_a_session_from_before_the_setting_loads_with_equal_aspect():
    loaded = parse_session(json.dumps(OLD), "old.json")
    assert loaded.settings.equal_aspect is True
    assert loaded.settings.algorithm == "kmeans"
    assert loaded.warnings == ()


def test_equal_aspect_off_round_trips():
    data = SessionData(
        points=np.array([[1.0, 60.0], [4.5, 90.0]]),
        centers=np.array([[2.0, 55.0]]),
        settings=Settings(equal_aspect=False),
    )
    text = session_to_json(data)
    assert json.loads(text)["settings"]["equal_aspect"] is False
    assert parse_session(text).settings.equal_aspect is False


def test_a_wrong_value_is_named():
    bad = json.loads(json.dumps(OLD))
    bad["settings"]["equal_aspect"] = "yes"
    with pytest.raises(InputError, match=r"settings\.equal_aspect") as info:
        parse_session(json.dumps(bad), "bad.json")
    assert "true or false" in str(info.value) and "bad.json" in str(info.value)
