"""Coalesced calls: a burst of requests is one call; flush and cancel; the leading throttle."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from emgui.runtime.coalesce import Coalesced


def test_a_burst_of_requests_makes_one_call(qtbot):
    calls = []
    c = Coalesced(lambda: calls.append(1), 30)
    for _ in range(100):
        c.request()
    assert calls == [] and c.pending()
    qtbot.waitUntil(lambda: calls == [1], timeout=2000)
    QCoreApplication.processEvents()
    assert calls == [1] and not c.pending()  # no timer left: no second call can come


def test_flush_calls_now_and_cancel_forgets(qtbot):
    calls = []
    c = Coalesced(lambda: calls.append(1), 10_000)
    c.flush()
    assert calls == []  # nothing pending: nothing to flush
    c.request()
    c.flush()
    assert calls == [1] and not c.pending()
    c.request()
    c.cancel()
    QCoreApplication.processEvents()
    assert calls == [1] and not c.pending()  # the timer is stopped: the call never comes


def test_leading_throttle_serves_a_request_after_a_quiet_period_at_once(qtbot):
    calls = []
    c = Coalesced(lambda: calls.append(1), 10_000, leading=True)
    c.request()
    qtbot.waitUntil(lambda: calls == [1], timeout=1000)  # the first: at once
    c.request()  # within the interval: waits for it
    QCoreApplication.processEvents()  # a call due at once would be made here
    assert calls == [1] and c.pending()
    c.cancel()
