"""Staff sessions: sign in with a PIN on a kiosk (rate-limited), sign out."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Request, Response

from kiosk.hub import ratelimit, staff
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import StaffSession, StaffSessionCreate

router = api_router("staff")


@router.post("/staff/sessions", responses=errors(403, 429), status_code=201)
def open_staff_session(
    request: Request, hub: HubDep, caller: CallerDep, conn: ReadConn, body: StaffSessionCreate
) -> StaffSession:
    """Open a staff session on this kiosk with the staff member's PIN (their store's
    kiosks only). Wrong PINs are limited per staff id and per kiosk (429)."""
    limits = ratelimit.limits_for(request)
    now = hub.clock()
    per_staff = ("staff:" + body.staff_id,)
    per_kiosk = ("cred:" + caller.kiosk_id, ratelimit.client_address(request))
    ratelimit.check(limits.pin_staff, per_staff, now, "wrong PINs for this staff id")
    ratelimit.check(limits.pin_kiosk, per_kiosk, now, "wrong PINs on this kiosk")
    try:
        return staff.open_session(hub.engine, conn, caller, body, now)
    except ApiError as exc:
        if exc.status == 401:
            ratelimit.record(limits.pin_staff, per_staff, now)
            ratelimit.record(limits.pin_kiosk, per_kiosk, now)
            hub.metrics.inc("staff_pin_failed")
        raise


@router.delete("/staff/sessions/current", responses=errors(), status_code=204)
def end_staff_session(
    hub: HubDep,
    caller: CallerDep,
    session: Annotated[str | None, Header(alias="X-Staff-Session", max_length=200)] = None,
) -> Response:
    """End the staff session this request carries (X-Staff-Session)."""
    staff.end_session(hub.engine, caller, session, hub.clock())
    return Response(status_code=204)
