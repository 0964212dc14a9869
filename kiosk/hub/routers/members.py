"""Members: lookup, consent (give / withdraw), and try-on history."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from kiosk.storeapi.contract import ID_PATTERN, Consent, ConsentUpdate, Member, MemberHistory
from kiosk.hub import members, records
from kiosk.hub.auth import Token, authenticate
from kiosk.hub.context import HubDep
from kiosk.hub.db import read_conn
from kiosk.hub.routers import errors

router = APIRouter(tags=["members"])
MemberId = Annotated[str, Path(pattern=ID_PATTERN)]


@router.get("/v1/members/lookup", responses=errors(404, 410))
def lookup_member(
    hub: HubDep,
    token: Token,
    code: Annotated[
        str | None,
        Query(pattern=r"^[ -~]{1,200}$", description="the scanned member QR / barcode payload"),
    ] = None,
    number: Annotated[
        str | None, Query(pattern=r"^[0-9][0-9 -]{3,31}$", description="the typed member number")
    ] = None,
) -> Member:
    with read_conn(hub.engine) as conn:
        authenticate(conn, token)
        return members.lookup(conn, code, number, hub.clock())


@router.put("/v1/members/{member_id}/consent", responses=errors(404))
def put_consent(hub: HubDep, token: Token, member_id: MemberId, body: ConsentUpdate) -> Consent:
    with read_conn(hub.engine) as conn:
        caller = authenticate(conn, token)
    return members.decide(hub.engine, caller, member_id, body, hub.clock())


@router.delete("/v1/members/{member_id}/consent", responses=errors(404))
def withdraw_consent(
    hub: HubDep,
    token: Token,
    member_id: MemberId,
    staff_id: Annotated[str | None, Query(pattern=ID_PATTERN)] = None,
) -> Consent:
    with read_conn(hub.engine) as conn:
        caller = authenticate(conn, token)
    return members.withdraw(hub.engine, caller, member_id, staff_id, hub.clock())


@router.get("/v1/members/{member_id}/history", responses=errors(404))
def member_history(hub: HubDep, token: Token, member_id: MemberId) -> MemberHistory:
    with read_conn(hub.engine) as conn:
        authenticate(conn, token)
        members.require_member(conn, member_id)
        return records.history(conn, member_id)
