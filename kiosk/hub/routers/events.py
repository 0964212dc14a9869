"""POST /v1/events: batch ingest of CloudEvents, idempotent by (source, id)."""

from __future__ import annotations

from fastapi import APIRouter

from kiosk.storeapi.contract import EventBatch, EventResult
from kiosk.hub import records
from kiosk.hub.auth import Token, authenticate
from kiosk.hub.context import HubDep
from kiosk.hub.db import read_conn
from kiosk.hub.routers import errors

router = APIRouter(tags=["events"])


@router.post("/v1/events", responses=errors(413))
def post_events(hub: HubDep, token: Token, body: EventBatch) -> EventResult:
    with read_conn(hub.engine) as conn:
        caller = authenticate(conn, token)
    result = records.ingest(hub.engine, body, caller, hub.clock())
    hub.metrics.inc("events_accepted", result.accepted)
    hub.metrics.inc("events_duplicate", result.duplicates)
    hub.metrics.inc("events_redacted", result.redacted)
    return result
