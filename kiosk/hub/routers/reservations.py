"""Reservations: hold units for pickup (Idempotency-Key), read, cancel, collect.

Who may do which, and where, is `kiosk.hub.policy`'s table; a hold the caller may not see
(a kiosk's is only its own, staff and tills see their store's) is a 404 to it, so nobody
learns that another kiosk's hold exists. Collecting needs the pickup code the shopper
shows, unless a staff member signed in on the kiosk hands it over.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Body, Header, Path
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import Connection

from kiosk.hub import holds, ownership, policy
from kiosk.hub.auth import Caller, CallerDep, ReadConn, with_pickup_stores
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import Request, Reservation, ReservationCreate

router = api_router("reservations")
ReservationId = Annotated[str, Path(pattern=r"^R[0-9A-F]{16}$")]


class CollectRequest(Request):
    """What the person handing the units over was shown."""

    pickup_code: str | None = Field(
        default=None,
        pattern=r"^[ -~]{1,32}$",
        description="the hold's pickup code as the shopper shows it (not needed with a "
        "staff session)",
    )


@router.post(
    "/reservations",
    status_code=201,
    response_model=Reservation,
    responses={
        200: {"model": Reservation, "description": "a retry: the first result"},
        **errors(403, 404, 409),
    },
)
def create_reservation(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    body: ReservationCreate,
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            min_length=1,
            max_length=200,
            pattern=r"^[!-~]+$",
            description="one key per intended hold; a retry with it returns the first result",
        ),
    ],
) -> JSONResponse:
    where = body.location_id or caller.store_id
    try:
        policy.require(with_pickup_stores(conn, caller), Action.HOLD_CREATE, location=where)
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, exc.message, "body.location_id") from None
    try:
        reservation, created = holds.reserve(
            hub.engine,
            conn,
            caller,
            body,
            idempotency_key,
            hub.clock(),
            cap_per_kiosk=hub.settings.hold_cap_per_kiosk,
            cap_per_sku=hub.settings.hold_cap_per_sku,
        )
    except ApiError as exc:
        if exc.code == "out_of_stock":
            hub.metrics.inc("reservations_out_of_stock")
        elif exc.code == "hold_limit":
            hub.metrics.inc("reservations_hold_limit")
        raise
    if created:
        hub.metrics.inc("reservations_created")
    return JSONResponse(reservation.model_dump(mode="json"), status_code=201 if created else 200)


@router.get("/reservations/{reservation_id}", responses=errors(403, 404))
def get_reservation(
    hub: HubDep, caller: CallerDep, conn: ReadConn, reservation_id: ReservationId
) -> Reservation:
    _require(conn, caller, Action.HOLD_READ, reservation_id)
    return holds.get(
        hub.engine, conn, reservation_id, hub.clock(), wait_s=hub.settings.db_read_timeout_s
    )


@router.post("/reservations/{reservation_id}/cancel", responses=errors(403, 404, 409))
def cancel_reservation(
    hub: HubDep, caller: CallerDep, conn: ReadConn, reservation_id: ReservationId
) -> Reservation:
    _require(conn, caller, Action.HOLD_CANCEL, reservation_id)
    reservation, released = holds.close(hub.engine, reservation_id, "cancel", hub.clock())
    if released:
        hub.metrics.inc("reservations_released")
    return reservation


@router.post("/reservations/{reservation_id}/collect", responses=errors(403, 404, 409))
def collect_reservation(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    reservation_id: ReservationId,
    body: Annotated[CollectRequest | None, Body()] = None,
) -> Reservation:
    """Staff hand the held units over: they leave reserved and on hand. Without a staff
    session the shopper's pickup code must come with it (403 when it is missing or wrong)."""
    code = body.pickup_code if body is not None else None
    _require(conn, caller, Action.HOLD_COLLECT, reservation_id, code)
    reservation, _ = holds.close(hub.engine, reservation_id, "collect", hub.clock())
    return reservation


def _require(
    conn: Connection, caller: Caller, action: Action, reservation_id: str, code: str | None = None
) -> None:
    """Let `caller` do `action` on the hold, or raise: 404 when it does not exist or the
    caller may not see it, 403 when it may see it but not do this (or lacks the code)."""
    hidden = _not_found(reservation_id)
    facts = ownership.hold(conn, reservation_id)
    if facts is None:
        raise hidden
    try:
        policy.require_seen(
            caller,
            action,
            seen_by=Action.HOLD_READ,
            hidden=hidden,
            location=facts.location_id,
            owner=facts.owner,
            pickup_code_ok=facts.code_matches(code),
        )
    except ApiError as exc:
        if exc.status == 403 and _code_is_missing(caller, action, facts, code):
            raise ApiError(
                403,
                "forbidden",
                f"{exc.message}; send the shopper's pickup code as "
                '{"pickup_code": "..."} or sign a staff member in on this kiosk',
                "body.pickup_code",
            ) from None
        raise


def _code_is_missing(
    caller: Caller, action: Action, facts: ownership.HoldFacts, code: str | None
) -> bool:
    """Whether the right pickup code is all that stands between `caller` and `action`."""
    return not facts.code_matches(code) and policy.may(
        caller, action, location=facts.location_id, owner=facts.owner, pickup_code_ok=True
    )


def _not_found(reservation_id: str) -> ApiError:
    """The same 404 as for a hold that does not exist (`kiosk.hub.holds`)."""
    return ApiError(
        404, "not_found", f"reservation {reservation_id!r} does not exist", "path.reservation_id"
    )
