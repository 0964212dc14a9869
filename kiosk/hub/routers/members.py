"""Members: lookup by fresh code (or by staff / the shop by number), member codes, consent
(give / withdraw), and try-on history; and, from their own modules, the member's wishlist,
saved looks, membership and suggestions (issue 18). Who may do which is `kiosk.hub.policy`'s
table."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from kiosk.hub import members, ratelimit, records
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action, require
from kiosk.hub.routers import (
    MemberId,
    Reason,
    api_router,
    errors,
    looks,
    membership,
    suggestions,
    wishlist,
)
from kiosk.storeapi.contract import (
    Consent,
    ConsentUpdate,
    Member,
    MemberCode,
    MemberHistory,
)

__all__ = ["MemberId", "Reason", "router"]
router = api_router("members")


@router.get("/members/lookup", responses=errors(403, 404, 410, 429))
def lookup_member(
    request: Request,
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    code: Annotated[
        str | None,
        Query(
            pattern=r"^[ -~]{1,200}$",
            description="the member's fresh code: the QR payload scanned from their app, or "
            "the digits they type from it",
        ),
    ] = None,
    number: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9][0-9 -]{3,31}$",
            description="the loyalty number: staff sessions (with `reason`) and the shop only",
        ),
    ] = None,
    reason: Reason = None,
) -> Member:
    if (code is None) == (number is None):
        raise ApiError(
            422,
            "validation_error",
            "pass exactly one of ?code= (the member's fresh code) or ?number= (staff only)",
            "query.code",
        )
    window = ratelimit.limits_for(request).lookup
    keys = ("cred:" + caller.kiosk_id, ratelimit.client_address(request))
    now = hub.clock()
    ratelimit.check(window, keys, now, "failed member lookups")
    try:
        if code is not None:
            return members.lookup_code(hub.engine, conn, caller, code, now)
        return members.lookup_number(hub.engine, conn, caller, number or "", reason, now)
    except ApiError as exc:
        if exc.status in (404, 410):
            ratelimit.record(window, keys, now)
            hub.metrics.inc("member_lookups_failed")
        raise


@router.post("/members/{member_id}/codes", responses=errors(403, 404, 429), status_code=201)
def issue_member_code(
    request: Request, hub: HubDep, caller: CallerDep, member_id: MemberId
) -> MemberCode:
    """A fresh member code (typed digits and QR payload) for the shop's signed-in member;
    shown once, valid for a few minutes."""
    require(caller, Action.MEMBER_CODE_ISSUE)
    window = ratelimit.limits_for(request).code_issue
    now = hub.clock()
    ratelimit.check(window, ("member:" + member_id,), now, "member codes for one member")
    issued = members.issue_code(hub.engine, member_id, now)
    ratelimit.record(window, ("member:" + member_id,), now)
    return issued


@router.put("/members/{member_id}/consent", responses=errors(403, 404))
def put_consent(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    member_id: MemberId,
    body: ConsentUpdate,
    reason: Reason = None,
) -> Consent:
    now = hub.clock()
    members.authorize(conn, caller, Action.CONSENT_RECORD, member_id, now, reason)
    return members.decide(hub.engine, caller, member_id, body, now)


@router.delete("/members/{member_id}/consent", responses=errors(403, 404))
def withdraw_consent(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, reason: Reason = None
) -> Consent:
    now = hub.clock()
    members.authorize(conn, caller, Action.CONSENT_WITHDRAW, member_id, now, reason)
    return members.withdraw(hub.engine, caller, member_id, now)


@router.get("/members/{member_id}/history", responses=errors(403, 404))
def member_history(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, reason: Reason = None
) -> MemberHistory:
    members.authorize(conn, caller, Action.MEMBER_HISTORY, member_id, hub.clock(), reason)
    return records.history(conn, member_id)


# A member's things, one module each (after the routes above: the OpenAPI document's order).
for _part in (wishlist, looks, membership, suggestions):
    router.include_router(_part.router)
