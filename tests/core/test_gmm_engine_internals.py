"""GMM E-step internals that trade a little exactness for speed, against plain numpy."""

from __future__ import annotations

import numpy as np
import pytest

from emgui.core.gmm import _normalise, _sum_of_logs


@pytest.mark.parametrize("n", [0, 1, 63, 64, 65, 1000, 26214])
@pytest.mark.parametrize("k", [1, 5, 255])
def test_sum_of_logs_by_blocks_equals_the_plain_sum(n, k):
    total = np.random.default_rng(n + k).uniform(1.0, k, n)
    expected = float(np.log(total).sum())
    assert _sum_of_logs(total) == pytest.approx(expected, rel=1e-13, abs=1e-12)


def test_normalise_gives_responsibilities_and_the_log_likelihood():
    rng = np.random.default_rng(0)
    logp = rng.normal(-50, 30, (5, 3000))
    logp[2, :10] = -2000.0  # far below the exp floor: a responsibility of (almost) 0
    expected_ll = float(np.logaddexp.reduce(logp, axis=0).sum())
    expected_resp = np.exp(logp - np.logaddexp.reduce(logp, axis=0))
    labels = np.empty(3000, np.uint8)
    block = logp.copy()
    ll = _normalise(block, labels)
    assert ll == pytest.approx(expected_ll, rel=1e-12)
    np.testing.assert_allclose(block, expected_resp, rtol=1e-12, atol=1e-300)
    assert np.array_equal(labels, logp.argmax(axis=0))
