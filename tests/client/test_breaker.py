"""The circuit breaker and the back-off schedule, driven by an injected clock and RNG."""

from __future__ import annotations

import threading

import pytest

from kiosk.client.backoff import Backoff
from kiosk.client.breaker import BreakerState, CircuitBreaker


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def test_closed_until_threshold_of_consecutive_failures(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=3, reset_s=10, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED
    breaker.record_success()  # a success in between resets the count
    assert breaker.failures == 0
    for _ in range(3):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    assert not breaker.allow()
    assert breaker.retry_in() == pytest.approx(10)


def test_open_refuses_until_reset_then_one_trial(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=1, reset_s=10, clock=clock)
    breaker.record_failure()
    clock.advance(9.9)
    assert not breaker.allow()
    assert breaker.retry_in() == pytest.approx(0.1)
    clock.advance(0.1)
    assert breaker.state is BreakerState.HALF_OPEN
    assert breaker.allow()  # the trial
    assert not breaker.allow()  # everyone else waits for its outcome
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED
    assert breaker.allow() and breaker.allow()


def test_failed_trial_reopens_for_a_full_period(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=5, reset_s=10, clock=clock)
    for _ in range(5):
        breaker.record_failure()
    clock.advance(10)
    assert breaker.allow()
    breaker.record_failure()  # one failure in half-open is enough
    assert breaker.state is BreakerState.OPEN
    clock.advance(9)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()


def test_a_trial_that_never_reports_does_not_wedge_it(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=1, reset_s=1, clock=clock, trial_timeout_s=30)
    breaker.record_failure()
    clock.advance(1)
    assert breaker.allow()
    clock.advance(29)
    assert not breaker.allow()
    clock.advance(1)
    assert breaker.allow()


def test_only_one_trial_among_threads(clock: FakeClock) -> None:
    breaker = CircuitBreaker(failures=1, reset_s=1, clock=clock)
    breaker.record_failure()
    clock.advance(1)
    allowed: list[bool] = []
    barrier = threading.Barrier(8)

    def ask() -> None:
        barrier.wait()
        allowed.append(breaker.allow())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert allowed.count(True) == 1


def test_rejects_nonsense_settings() -> None:
    with pytest.raises(ValueError):
        CircuitBreaker(failures=0)
    with pytest.raises(ValueError):
        CircuitBreaker(reset_s=0)


def test_backoff_grows_exponentially_up_to_the_cap() -> None:
    top = Backoff(base_s=0.1, cap_s=1.0, rng=lambda: 1.0)
    assert list(top.delays(6)) == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.0, 1.0])
    assert list(Backoff(rng=lambda: 0.0).delays(3)) == [0.0, 0.0, 0.0]


def test_backoff_jitter_spreads_pauses_below_the_ceiling() -> None:
    import random

    rng = random.Random(7)
    backoff = Backoff(base_s=0.5, cap_s=4.0, rng=rng.random)
    pauses = [backoff.delay(3) for _ in range(200)]
    assert all(0 <= p <= 4.0 for p in pauses)
    assert len({round(p, 6) for p in pauses}) > 150  # not one shared schedule
    assert min(pauses) < 1.0 < 3.0 < max(pauses)
    assert list(backoff.delays(0)) == []
