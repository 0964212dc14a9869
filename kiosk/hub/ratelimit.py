"""Rate limits on guessing: member lookups, member codes and staff PINs answer 429.

A sliding window of failures per key (a credential, a client address, a staff id): once a
key has `limit` failures within `window` seconds, the next attempt is refused with 429 and
`Retry-After` (seconds until the oldest failure leaves the window), even if it would have
succeeded, so a lockout cannot be probed. Limits live in the hub process (each worker of
`--workers N` counts on its own; a reverse proxy in front adds a chain-wide limit).
The hub's clock drives them, so tests move time instead of sleeping.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from fastapi import Request

from kiosk.hub.errors import ApiError

# Member lookups by code or number: failed ones (404, 410) per credential and per address.
LOOKUP_FAILURES, LOOKUP_WINDOW_S = 10, 60.0
# Member codes the shop issues: per member (a code is meant for one person at a time).
CODE_ISSUES, CODE_WINDOW_S = 10, 300.0
# Staff PINs: wrong ones per staff id, and per kiosk / address (one kiosk trying many ids).
PIN_FAILURES_PER_STAFF, PIN_FAILURES_PER_KIOSK, PIN_WINDOW_S = 5, 10, 300.0
# Dashboard sign-ins (kiosk.hub.dashboard): wrong passwords per username and per address.
LOGIN_FAILURES_PER_USER, LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_S = 5, 20, 300.0
MAX_KEYS = 100_000  # forget the oldest keys beyond this (memory stays bounded)


@dataclass
class Window:
    """Failures of every key within the last `window_s` seconds."""

    limit: int
    window_s: float
    _hits: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def retry_after(self, key: str, now: float) -> int | None:
        """Seconds to wait before `key` may try again, or None when it may try now."""
        with self._lock:
            hits = self._prune(key, now)
            if hits is None or len(hits) < self.limit:
                return None
            return max(1, math.ceil(hits[0] + self.window_s - now))

    def hit(self, key: str, now: float) -> None:
        """Count one failure (or one use) of `key` at `now`."""
        with self._lock:
            hits = self._prune(key, now)
            if hits is None:
                if len(self._hits) >= MAX_KEYS:
                    self._hits.pop(next(iter(self._hits)))
                hits = self._hits[key] = deque()
            hits.append(now)

    def _prune(self, key: str, now: float) -> deque[float] | None:
        hits = self._hits.get(key)
        if hits is None:
            return None
        while hits and hits[0] <= now - self.window_s:
            hits.popleft()
        if not hits:
            del self._hits[key]
            return None
        return hits


@dataclass
class Limits:
    """The hub process's windows (one set per app)."""

    lookup: Window = field(default_factory=lambda: Window(LOOKUP_FAILURES, LOOKUP_WINDOW_S))
    code_issue: Window = field(default_factory=lambda: Window(CODE_ISSUES, CODE_WINDOW_S))
    pin_staff: Window = field(default_factory=lambda: Window(PIN_FAILURES_PER_STAFF, PIN_WINDOW_S))
    pin_kiosk: Window = field(default_factory=lambda: Window(PIN_FAILURES_PER_KIOSK, PIN_WINDOW_S))
    login_user: Window = field(
        default_factory=lambda: Window(LOGIN_FAILURES_PER_USER, LOGIN_WINDOW_S)
    )
    login_address: Window = field(
        default_factory=lambda: Window(LOGIN_FAILURES_PER_ADDRESS, LOGIN_WINDOW_S)
    )


def check(window: Window, keys: Iterable[str], now: datetime, what: str) -> None:
    """429 `rate_limited` when any of `keys` used up its allowance; `what` names the limit."""
    at = now.timestamp()
    waits = [w for w in (window.retry_after(k, at) for k in keys) if w is not None]
    if waits:
        wait = max(waits)
        raise ApiError(
            429,
            "rate_limited",
            f"too many {what} ({window.limit} in {window.window_s:.0f} s); "
            f"wait {wait} s before trying again",
            None,
            {"Retry-After": str(wait)},
        )


def record(window: Window, keys: Iterable[str], now: datetime) -> None:
    at = now.timestamp()
    for key in keys:
        window.hit(key, at)


_CREATE = threading.Lock()


def limits_for(request: Request) -> Limits:
    """The app's `Limits`, made on first use (kept on `app.state`)."""
    state = request.app.state
    found: Limits | None = getattr(state, "rate_limits", None)
    if found is None:
        with _CREATE:
            found = getattr(state, "rate_limits", None)
            if found is None:
                found = state.rate_limits = Limits()
    return found


def client_address(request: Request) -> str:
    """The peer's address (the proxy's, behind one: it should limit too)."""
    return "ip:" + (request.client.host if request.client else "?")
