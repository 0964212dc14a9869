"""The hub's HTTP transport: uvicorn's httptools protocol with header and body deadlines
and a per-worker connection cap.

uvicorn has a keep-alive timeout but no header-read or body-read timeout: a client that
opens a connection and sends half a request holds it (and a file descriptor) for ever, so
1,100 such clients exhausted the descriptors of a hub started with `ulimit -n 1024` and every
lookup failed. Here:

- a request's headers must be complete `header_timeout_s` (10 s) after its first byte, or
  after the connection opened; then 408 and the connection is closed;
- its body must be complete `body_timeout_s` (30 s) after its headers; then 408 (when no
  answer has started) and the connection is closed, and the app reads a disconnect;
- at most `max_connections` (1000, fewer when the descriptor limit is lower, see
  `connection_budget`) are open per worker. A connection past the cap evicts the open
  connection that has waited longest without a complete request (half-sent headers first,
  then idle keep-alive ones); when every connection is busy with a request, the new one is
  closed at once. So a flood of half-sent requests costs its own oldest connections, and a
  good client's complete request still gets in.

Timers are `loop.call_later` handles cancelled when the phase completes: a request that
arrives in one packet costs two timer handles and no extra wake-up.
"""

from __future__ import annotations

import asyncio
import logging
import resource
import time
from dataclasses import dataclass
from typing import Any, Literal

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger("kiosk.hub")

Phase = Literal["headers", "body", "app", "idle"]
FD_RESERVE = 64  # descriptors kept for everything but client connections (logs, pipes, ...)
TIMEOUT_BODY = (
    b'{"error":{"code":"request_timeout","message":"the request did not arrive in time; '
    b'send it again in one go","field":null}}'
)


@dataclass(frozen=True)
class Limits:
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_connections: int = 1000


_limits: Limits | None = None


def configure(limits: Limits) -> None:
    """Set this process's limits (the app factory and `serve` call it before serving)."""
    global _limits
    _limits = limits


def current_limits() -> Limits:
    global _limits
    if _limits is None:
        from kiosk.hub.settings import HubSettings

        s = HubSettings.from_env()
        _limits = Limits(s.header_timeout_s, s.body_timeout_s, s.max_connections)
    return _limits


def raise_fd_limit() -> int:
    """Raise this process's soft descriptor limit to its hard limit; returns the soft limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = hard if hard != resource.RLIM_INFINITY else max(soft, 1_048_576)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


def connection_budget(wanted: int, db_connections: int, fd_limit: int) -> int:
    """How many client connections a worker may hold: `wanted`, unless the descriptor limit
    leaves less once the database connections (SQLite: file, WAL and shared memory each)
    and a reserve are counted."""
    room = fd_limit - 3 * db_connections - FD_RESERVE
    return max(8, min(wanted, room))


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """HttpToolsProtocol plus header/body deadlines and the connection cap (module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limits = current_limits()
        self.phase: Phase = "headers"
        self.since = time.monotonic()
        self.deadline: asyncio.TimerHandle | None = None

    # -- connection -------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections and not self._evict_one():
            self.transport.close()  # every connection is busy with a request: refuse this one
            return
        self._arm(self.limits.header_timeout_s)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _evict_one(self) -> bool:
        """Close the connection waiting longest without a complete request (not this one)."""
        victim: GuardedHttpToolsProtocol | None = None
        for conn in self.connections:
            if conn is self or not isinstance(conn, GuardedHttpToolsProtocol):
                continue
            if conn.phase not in ("headers", "idle") or conn.transport.is_closing():
                continue
            if victim is None or conn._rank() < victim._rank():
                victim = conn
        if victim is None:
            return False
        victim.transport.close()
        return True

    def _rank(self) -> tuple[int, float]:
        return (0 if self.phase == "headers" else 1, self.since)

    # -- request phases (httptools parser callbacks) -------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.phase == "idle":  # the next request on a kept-alive connection
            self.phase, self.since = "headers", time.monotonic()
            self._arm(self.limits.header_timeout_s)

    def on_headers_complete(self) -> None:
        self.phase, self.since = "body", time.monotonic()
        self._arm(self.limits.body_timeout_s)
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._disarm()
        self.phase = "app"
        super().on_message_complete()

    def on_response_complete(self) -> None:
        queued = bool(self.pipeline)  # a pipelined request starts now: not idle
        super().on_response_complete()
        if self.phase == "app" and not queued:
            self.phase, self.since = "idle", time.monotonic()

    # -- deadlines --------------------------------------------------------------------

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self.deadline = self.loop.call_later(seconds, self._expired)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _expired(self) -> None:
        self.deadline = None
        if self.transport.is_closing() or self.phase not in ("headers", "body"):
            return
        answered = self.cycle is not None and self.cycle.response_started
        fresh = self.phase == "headers" and self.cycle is None and self.headers is None
        if not answered and not fresh:  # a silent new connection just goes away
            self.transport.write(
                b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                b"connection: close\r\ncontent-length: %d\r\n\r\n%s"
                % (len(TIMEOUT_BODY), TIMEOUT_BODY)
            )
        if self.cycle is not None and self.phase == "body":
            self.cycle.keep_alive = False
        self.transport.close()
