"""A circuit breaker in front of the hub: stop calling a hub that keeps failing.

closed     calls go through; `failures` failed calls in a row open the circuit.
open       calls fail at once (no network, no timeouts on the kiosk) for `reset_s`.
half-open  after `reset_s` one trial call goes through; success closes the circuit,
           failure opens it for another `reset_s`. Other callers are refused meanwhile.

So a dead hub costs the kiosk one quick refusal per call instead of a connect timeout,
and the kiosk finds out by itself when the hub is back. The clock is injected
(monotonic seconds) so tests drive time instead of sleeping. Thread-safe.
"""

from __future__ import annotations

import enum
import threading
import time
from collections.abc import Callable


class BreakerState(enum.Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    def __init__(
        self,
        failures: int = 3,
        reset_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        trial_timeout_s: float = 60.0,
    ) -> None:
        if failures < 1 or reset_s <= 0:
            raise ValueError("failures must be >= 1 and reset_s > 0")
        self._threshold = failures
        self._reset_s = reset_s
        self._clock = clock
        # A trial whose caller never reports back (it crashed) must not wedge the breaker.
        self._trial_timeout_s = trial_timeout_s
        self._lock = threading.Lock()
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_started: float | None = None

    @property
    def state(self) -> BreakerState:
        """The state as a caller would meet it now (open turns half-open once reset_s passed)."""
        with self._lock:
            if (
                self._state is BreakerState.OPEN
                and self._clock() - self._opened_at >= self._reset_s
            ):
                return BreakerState.HALF_OPEN
            return self._state

    @property
    def failures(self) -> int:
        with self._lock:
            return self._failures

    def retry_in(self) -> float:
        """Seconds until an open circuit lets a trial call through (0 if it would now)."""
        with self._lock:
            if self._state is not BreakerState.OPEN:
                return 0.0
            return max(0.0, self._reset_s - (self._clock() - self._opened_at))

    def allow(self) -> bool:
        """May a call go to the hub now? A True in half-open makes the caller the trial."""
        with self._lock:
            now = self._clock()
            if self._state is BreakerState.CLOSED:
                return True
            if self._state is BreakerState.OPEN:
                if now - self._opened_at < self._reset_s:
                    return False
                self._state = BreakerState.HALF_OPEN
                self._trial_started = now
                return True
            started = self._trial_started
            if started is None or now - started >= self._trial_timeout_s:
                self._trial_started = now
                return True
            return False

    def record_success(self) -> None:
        with self._lock:
            self._state = BreakerState.CLOSED
            self._failures = 0
            self._trial_started = None

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            if self._state is BreakerState.HALF_OPEN or self._failures >= self._threshold:
                self._state = BreakerState.OPEN
                self._opened_at = self._clock()
                self._trial_started = None
