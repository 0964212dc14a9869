"""PUT /kiosks/{kiosk_id}/report: a mirror's health, for the managers' dashboard.

Each kiosk sends its loopback `/healthz` body (kiosk/ops/health.py, `kiosk.ops.report`)
every `hub.report_interval_s`; the hub keeps the latest one per kiosk (`kiosk_reports`),
stamped with the hub's own clock and the store the kiosk's token is bound to. A kiosk
reports for itself only (`kiosk.report`: its own id). The body is the contract's
`KioskHealthReport`: every field bounded, and the whole at most 16 KiB.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Path, Request
from fastapi.responses import Response
from sqlalchemy import Engine, delete, insert

from kiosk.hub import policy
from kiosk.hub import tables as t
from kiosk.hub.auth import Caller, CallerDep
from kiosk.hub.context import HubDep
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import ID_PATTERN, KIOSK_REPORT_MAX_BYTES, KioskHealthReport

router = api_router("kiosks")
CLOSED_BY_STAFF = "closed_by_staff"


def report_status(report: KioskHealthReport) -> str:
    """ok, degraded, or closed_by_staff (a mirror staff closed: its camera off on purpose)."""
    if report.status == "ok" and report.camera.state == CLOSED_BY_STAFF:
        return CLOSED_BY_STAFF
    return report.status


KioskId = Annotated[str, Path(pattern=ID_PATTERN, description="the reporting kiosk's own id")]


def _reporter(caller: CallerDep, kiosk_id: KioskId) -> Caller:
    """The caller, if it reports for itself (before the body is looked at)."""
    try:
        policy.require(caller, Action.KIOSK_REPORT, owner=kiosk_id)
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, exc.message, "path.kiosk_id") from None
    return caller


def _small(request: Request) -> None:
    """413 for a body larger than any report (before the body is validated: a huge invalid
    body hears that it is too large, not every problem in it)."""
    size = request.headers.get("content-length") or "0"
    if not size.isdigit() or int(size) > KIOSK_REPORT_MAX_BYTES:
        raise ApiError(
            413,
            "payload_too_large",
            f"a health report is at most {KIOSK_REPORT_MAX_BYTES} bytes; this one is {size}",
            "body",
        )


@router.put(
    "/kiosks/{kiosk_id}/report",
    status_code=204,
    responses=errors(403, 413),
    summary="A kiosk's health report (its /healthz body), for the managers' dashboard",
)
def put_report(
    hub: HubDep,
    caller: Annotated[Caller, Depends(_reporter)],
    _size: Annotated[None, Depends(_small)],
    kiosk_id: KioskId,
    report: KioskHealthReport,
) -> Response:
    """Kept as this kiosk's latest report; 403 for another kiosk's id."""
    store(hub.engine, caller.kiosk_id, caller.store_id, report, hub.clock())
    return Response(status_code=204)


def store(
    engine: Engine, kiosk_id: str, store_id: str, report: KioskHealthReport, now: datetime
) -> None:
    """Replace the kiosk's latest report (one row per kiosk)."""
    body = json.dumps(report.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":"))
    r = t.kiosk_reports
    with write_tx(engine) as conn:
        conn.execute(delete(r).where(r.c.kiosk_id == kiosk_id))
        conn.execute(
            insert(r).values(
                kiosk_id=kiosk_id,
                store_id=store_id,
                reported_at=now,
                status=report_status(report),
                report=body,
            )
        )
