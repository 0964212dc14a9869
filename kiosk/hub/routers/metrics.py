"""GET /metrics: Prometheus text (per-process request counters, database gauges), for a
back-office credential only (`kiosk.hub.policy`): the counters tell a chain's business."""

from __future__ import annotations

from fastapi.responses import PlainTextResponse
from sqlalchemy import func, select

from kiosk.hub import policy
from kiosk.hub import tables as t
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors

router = api_router("health")


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/plain": {}}}, **errors(403)},
)
def metrics(hub: HubDep, caller: CallerDep, conn: ReadConn) -> PlainTextResponse:
    policy.require(caller, Action.METRICS_READ)
    held = conn.execute(
        select(func.count(), func.coalesce(func.sum(t.reservations.c.quantity), 0)).where(
            t.reservations.c.status == "held"
        )
    ).one()
    stored = conn.execute(select(func.count()).select_from(t.events)).scalar_one()
    handoffs = conn.execute(select(func.count()).select_from(t.handoffs)).scalar_one()
    gauges = {
        "reservations_held": ("reservations currently held", float(held[0])),
        "units_held": ("units currently held by reservations", float(held[1])),
        "events_stored": ("events stored at the hub", float(stored)),
        "handoffs_stored": ("hand-offs stored at the hub", float(handoffs)),
    }
    return PlainTextResponse(
        hub.metrics.render(gauges), media_type="text/plain; version=0.0.4; charset=utf-8"
    )
