"""What every request handler needs: settings, the engine, the clock and the metrics.

Handlers get it through FastAPI's dependency (`HubDep`); tests build the app with their
own clock, so expiry is driven without sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


async def get_hub(request: Request) -> Hub:
    hub: Hub = request.app.state.hub
    return hub


HubDep = Annotated[Hub, Depends(get_hub)]
