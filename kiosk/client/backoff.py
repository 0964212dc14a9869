"""Exponential back-off with full jitter for retrying calls to the hub.

Many kiosks in a chain lose the hub at the same moment (a network blip, a hub restart);
if they all retried on the same schedule they would hit it together when it comes back.
Full jitter (a random pause between 0 and the exponential ceiling) spreads them out.
The random source is injected so tests get repeatable pauses.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Backoff:
    """Pause n (0-based) is uniform in [0, min(cap, base * factor**n)]."""

    base_s: float = 0.1
    cap_s: float = 2.0
    factor: float = 2.0
    rng: Callable[[], float] = field(default=random.random, compare=False)

    def ceiling(self, attempt: int) -> float:
        """The longest pause before retry number `attempt` (0 = the first retry)."""
        return min(self.cap_s, self.base_s * self.factor ** max(0, attempt))

    def delay(self, attempt: int) -> float:
        return self.ceiling(attempt) * self.rng()

    def delays(self, retries: int) -> Iterator[float]:
        """The pauses before each of `retries` retries."""
        for attempt in range(retries):
            yield self.delay(attempt)
