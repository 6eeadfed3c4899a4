"""Bad run options are ValueErrors that name the option, never OverflowError or TypeError
(issue 13, item 16), and True is not taken for 1."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core import EMOptions, run_em

X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
CENTERS = X[:2]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("max_iter", float("inf")),
        ("max_iter", float("nan")),
        ("max_iter", True),
        ("max_iter", np.bool_(True)),
        ("max_iter", "10"),
        ("max_iter", None),
        ("max_iter", 2.5),
        ("max_iter", -1),
        ("tol", None),
        ("tol", "1e-3"),
        ("tol", float("nan")),
        ("tol", False),
        ("reg_covar", "1e-6"),
        ("reg_covar", None),
        ("reg_covar", float("inf")),
        ("reg_covar", -1.0),
    ],
)
@pytest.mark.parametrize("algorithm", ["kmeans", "gmm", "soft-kmeans"])
def test_bad_option_is_a_value_error_naming_it(algorithm, option, value):
    with pytest.raises(ValueError, match=f"^{option} must be") as info:
        run_em(X, CENTERS, algorithm, **{option: value})
    assert repr(value) in str(info.value)
    # the same through EMOptions
    with pytest.raises(ValueError, match=f"^{option} must be"):
        run_em(X, CENTERS, options=EMOptions(algorithm=algorithm, **{option: value}))


@pytest.mark.parametrize("value", ["2", None, float("inf"), 0.0, -1.0, True])
def test_bad_beta_of_soft_kmeans(value):
    with pytest.raises(ValueError, match=r"^beta must be a finite number > 0"):
        run_em(X, CENTERS, "soft-kmeans", beta=value)


def test_good_numbers_of_every_kind_still_run():
    for max_iter in (3, 3.0, np.int64(3), np.float32(3)):
        snaps = list(run_em(X, CENTERS, "gmm", max_iter=max_iter, tol=np.float64(0)))
        assert snaps[-1].iteration == 3
    snaps = list(run_em(X, CENTERS, "soft-kmeans", max_iter=1, beta=np.float32(2), tol=0))
    assert snaps[-1].iteration == 1
