"""The test helpers fail the way they say they do (a helper that cannot fail hides bugs)."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from tests.helpers import MissingTestData, eventually, leaked_threads, names_in_testdata


class Clock:
    """Time that moves only when `eventually` sleeps."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_eventually_returns_the_first_truthy_value() -> None:
    clock = Clock()
    answers: Iterator[object] = iter([None, 0, [], "ready"])
    got = eventually(lambda: next(answers), "ready", clock=clock, sleep=clock.sleep)
    assert got == "ready"
    assert clock.sleeps == [0.02] * 3


def test_eventually_fails_naming_what_the_time_and_the_last_value() -> None:
    clock = Clock()
    with pytest.raises(AssertionError) as info:
        eventually(
            lambda: [],
            "the outbox drained",
            timeout=1,
            interval=0.25,
            clock=clock,
            sleep=clock.sleep,
        )
    assert str(info.value) == "not the outbox drained within 1 s (5 checks; the last gave [])"
    assert clock.now == 101.0


def test_eventually_lets_an_error_in_the_check_through_at_once() -> None:
    clock = Clock()

    def broken() -> bool:
        raise KeyError("sku")

    with pytest.raises(KeyError):
        eventually(broken, "never", clock=clock, sleep=clock.sleep)
    assert clock.sleeps == []


def test_missing_shared_data_is_an_error_naming_the_folder() -> None:
    with pytest.raises(MissingTestData, match=r"no \*\.nothing in .*testdata.bodies; set KIOSK"):
        names_in_testdata("bodies", "*.nothing")


def test_a_thread_left_running_is_reported_and_one_that_ends_is_not() -> None:
    before = threading.enumerate()
    stop = threading.Event()
    stays = threading.Thread(target=stop.wait, name="stays", daemon=True)
    ends = threading.Thread(target=lambda: None, name="ends", daemon=True)
    stays.start()
    ends.start()
    try:
        assert leaked_threads(before, grace=0.05) == [stays]
    finally:
        stop.set()
        stays.join(5)
    assert leaked_threads(before, grace=0.05) == []
