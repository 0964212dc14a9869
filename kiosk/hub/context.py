"""What every request handler needs: settings, the engine, the clock and the metrics.

Handlers get it through FastAPI's dependency (`HubDep`); tests build the app with their
own clock, so expiry is driven without sleeping.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated

import anyio
from fastapi import Depends, Request
from sqlalchemy import Engine

from kiosk.hub.metrics import Metrics
from kiosk.hub.settings import HubSettings

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Hub:
    settings: HubSettings
    engine: Engine
    metrics: Metrics
    # Requests holding a database connection between handler threads (kiosk.hub.auth).
    request_slots: anyio.Semaphore
    clock: Clock = utc_now
    _loop_reads: Engine | None = field(default=None, init=False, repr=False)
    _loop_thread: int | None = field(default=None, init=False, repr=False)
    _loop_paused_until: float = field(default=0.0, init=False, repr=False)

    def loop_reads(self) -> Engine | None:
        """The engine for reads on the event loop (`kiosk.hub.db.loop_read_engine`), made
        on first use by the loop's thread; None on PostgreSQL or on any other thread."""
        if self._loop_thread is None:
            from kiosk.hub.db import loop_read_engine

            self._loop_thread = threading.get_ident()
            self._loop_reads = loop_read_engine(self.engine)
            if self._loop_reads is not None:
                weakref.finalize(self, self._loop_reads.dispose)
        if self._loop_thread != threading.get_ident():
            return None
        if self._loop_paused_until and time.monotonic() < self._loop_paused_until:
            return None
        return self._loop_reads

    def pause_loop_reads(self, seconds: float) -> None:
        """Send reads to handler threads for a while (the database was busy or slow)."""
        self._loop_paused_until = time.monotonic() + seconds


async def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]
