"""POST /events: batch ingest of CloudEvents, idempotent by (source, id)."""

from __future__ import annotations

from kiosk.hub import policy, records
from kiosk.hub.auth import CallerDep
from kiosk.hub.context import HubDep
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import EventBatch, EventResult

router = api_router("events")


@router.post("/events", responses=errors(403, 413))
def post_events(hub: HubDep, caller: CallerDep, body: EventBatch) -> EventResult:
    policy.require(caller, Action.EVENTS_POST, location=caller.store_id)
    result = records.ingest(hub.engine, body, caller, hub.clock())
    hub.metrics.inc("events_accepted", result.accepted)
    hub.metrics.inc("events_duplicate", result.duplicates)
    hub.metrics.inc("events_redacted", result.redacted)
    hub.metrics.inc("event_fields_dropped", result.dropped_fields)
    return result
