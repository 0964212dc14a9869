"""Members: lookup, consent (give / withdraw), and try-on history."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from kiosk.hub import members, records
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import ID_PATTERN, Consent, ConsentUpdate, Member, MemberHistory

router = api_router("members")
MemberId = Annotated[str, Path(pattern=ID_PATTERN)]


@router.get("/members/lookup", responses=errors(404, 410))
def lookup_member(
    hub: HubDep,
    _caller: CallerDep,
    conn: ReadConn,
    code: Annotated[
        str | None,
        Query(pattern=r"^[ -~]{1,200}$", description="the scanned member QR / barcode payload"),
    ] = None,
    number: Annotated[
        str | None, Query(pattern=r"^[0-9][0-9 -]{3,31}$", description="the typed member number")
    ] = None,
) -> Member:
    return members.lookup(conn, code, number, hub.clock())


@router.put("/members/{member_id}/consent", responses=errors(404))
def put_consent(
    hub: HubDep, caller: CallerDep, member_id: MemberId, body: ConsentUpdate
) -> Consent:
    return members.decide(hub.engine, caller, member_id, body, hub.clock())


@router.delete("/members/{member_id}/consent", responses=errors(404))
def withdraw_consent(
    hub: HubDep,
    caller: CallerDep,
    member_id: MemberId,
    staff_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> Consent:
    return members.withdraw(hub.engine, caller, member_id, staff_id, hub.clock())


@router.get("/members/{member_id}/history", responses=errors(404))
def member_history(_caller: CallerDep, conn: ReadConn, member_id: MemberId) -> MemberHistory:
    members.require_member(conn, member_id)
    return records.history(conn, member_id)
