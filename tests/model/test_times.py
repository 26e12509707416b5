"""One local time format everywhere (issue 18): format_time in the server's zone."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from model.times import format_time, local_time


@pytest.fixture
def zone(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_utc_shown_in_the_local_zone(zone: None) -> None:
    at = dt.datetime(2026, 12, 6, 13, 5, 59, tzinfo=dt.UTC)
    assert format_time(at) == "2026-12-06 21:05"
    assert format_time("2026-12-06T13:05:59+00:00") == "2026-12-06 21:05"
    assert format_time("2026-12-06T21:05:00+08:00") == "2026-12-06 21:05"
    assert format_time("2026-12-06T23:30:00-05:00") == "2026-12-07 12:30"


def test_naive_is_local_and_odd_text_is_kept(zone: None) -> None:
    assert format_time(dt.datetime(2026, 12, 6, 16, 0)) == "2026-12-06 16:00"
    assert format_time(None) == "" and format_time("") == ""
    assert format_time("昨天") == "昨天"
    assert local_time("昨天") is None


def test_another_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    try:
        assert format_time("2026-12-06T21:05:00+08:00") == "2026-12-06 13:05"
    finally:
        monkeypatch.undo()
        time.tzset()
