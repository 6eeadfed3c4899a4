"""Settings: defaults, dict round trip, and a named InputError for every bad value."""

from __future__ import annotations

import dataclasses

import pytest

from emgui.io.errors import InputError
from emgui.io.settings_dict import settings_from_dict
from emgui.model.settings import ELLIPSE_LEVELS, INIT_CHOICES, Settings


def test_defaults():
    s = Settings()
    assert (s.algorithm, s.covariance_type, s.init, s.k, s.seed) == ("gmm", "full", "centers", 3, 0)
    assert (s.max_iter, s.tol, s.reg_covar, s.pace_ms) == (100, 1e-6, 1e-6, 400)
    assert s.ellipse_level == "2sd"
    assert s.soft_colors and s.show_trails and s.show_voronoi and s.show_changed
    assert INIT_CHOICES == ("centers", "random", "kmeans++")
    assert ELLIPSE_LEVELS == ("1sd", "2sd", "3sd", "50%", "95%")


def test_round_trip_through_dict():
    s = Settings(
        algorithm="kmeans",
        covariance_type="tied",
        init="kmeans++",
        k=64,
        seed=2**31 - 1,
        max_iter=0,
        tol=0.1 + 0.2,
        reg_covar=0.0,
        pace_ms=2000,
        ellipse_level="95%",
        soft_colors=False,
        show_trails=False,
        show_voronoi=False,
        show_changed=False,
    )
    back, warnings = settings_from_dict(s.to_dict())
    assert back == s
    assert warnings == []
    assert list(s.to_dict()) == [f.name for f in dataclasses.fields(Settings)]


def test_missing_keys_take_defaults():
    s, warnings = settings_from_dict({"k": 5})
    assert s == Settings(k=5)
    assert warnings == []


def test_unknown_keys_warn_and_are_ignored():
    s, warnings = settings_from_dict({"k": 2, "colour": "red"})
    assert s == Settings(k=2)
    assert len(warnings) == 1 and "colour" in warnings[0]


def test_floats_accept_ints_and_store_floats():
    s, _ = settings_from_dict({"tol": 0, "reg_covar": 1})
    assert type(s.tol) is float and type(s.reg_covar) is float
    assert (s.tol, s.reg_covar) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("k", -2, "whole number"),
        ("k", 0, "from 1 to 64"),
        ("k", 65, "from 1 to 64"),
        ("k", 2.5, "whole number"),
        ("k", 3.0, "whole number"),
        ("k", True, "got true"),
        ("k", "3", "whole number"),
        ("seed", -1, "from 0 to 2147483647"),
        ("max_iter", 100_001, "from 0 to 100000"),
        ("pace_ms", 2001, "from 0 to 2000"),
        ("tol", -1e-9, ">= 0"),
        ("tol", float("inf"), "finite"),
        ("tol", float("nan"), "finite"),
        ("reg_covar", 10**400, "finite"),
        ("reg_covar", "1e-6", "number"),
        ("tol", False, "number"),
        ("algorithm", "em", "kmeans, gmm"),
        ("covariance_type", "diagonal", "full, diag, spherical, tied"),
        ("init", "kmeans", "centers, random, kmeans++"),
        ("ellipse_level", "4sd", "1sd, 2sd, 3sd, 50%, 95%"),
        ("soft_colors", 1, "true or false"),
        ("show_trails", "yes", "true or false"),
        ("show_voronoi", None, "true or false"),
    ],
)
def test_bad_values_raise_named_input_error(name, value, words):
    with pytest.raises(InputError) as info:
        settings_from_dict({name: value}, path="session.json")
    err = info.value
    assert err.field == f"settings.{name}"
    assert err.path == "session.json"
    assert words in err.message
    assert str(err).startswith(f"session.json: field settings.{name}: ")


def test_message_format_for_k():
    with pytest.raises(InputError) as info:
        settings_from_dict({"k": -2}, path="session.json")
    assert str(info.value) == (
        "session.json: field settings.k: must be a whole number from 1 to 64, got -2"
    )


def test_not_a_dict():
    with pytest.raises(InputError) as info:
        settings_from_dict([1, 2], path="s.json")
    assert info.value.field == "settings"


def test_direct_construction_validates():
    with pytest.raises(ValueError, match=r"settings\.k"):
        Settings(k=0)
    with pytest.raises(ValueError, match=r"settings\.algorithm"):
        dataclasses.replace(Settings(), algorithm="nope")


def test_settings_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().k = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("seed", 2**31, "from 0 to 2147483647"),
        ("tol", 1e4, "at most 1000"),
        ("reg_covar", 1e7, "at most 1e+06"),
        ("beta", 1e13, "at most 1e+12"),
    ],
)
def test_values_the_panel_cannot_show_are_refused_naming_the_field(name, value, words):
    with pytest.raises(InputError) as info:
        settings_from_dict({name: value}, path="session.json")
    assert f"settings.{name}" in str(info.value) and words in str(info.value)
    # and the largest value it can show is accepted as it is
    edge = {"seed": 2**31 - 1, "tol": 1e3, "reg_covar": 1e6, "beta": 1e12}[name]
    assert getattr(settings_from_dict({name: edge})[0], name) == edge
