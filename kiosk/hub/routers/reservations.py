"""Reservations: hold units for pickup (Idempotency-Key), read, cancel, collect."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path
from fastapi.responses import JSONResponse

from kiosk.hub import holds
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import Reservation, ReservationCreate

router = api_router("reservations")
ReservationId = Annotated[str, Path(pattern=r"^R[0-9A-F]{16}$")]


@router.post(
    "/reservations",
    status_code=201,
    response_model=Reservation,
    responses={
        200: {"model": Reservation, "description": "a retry: the first result"},
        **errors(404, 409),
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
    reservation, created = holds.reserve(
        hub.engine, conn, caller, body, idempotency_key, hub.clock()
    )
    if created:
        hub.metrics.inc("reservations_created")
    return JSONResponse(reservation.model_dump(mode="json"), status_code=201 if created else 200)


@router.get("/reservations/{reservation_id}", responses=errors(404))
def get_reservation(
    hub: HubDep, _caller: CallerDep, conn: ReadConn, reservation_id: ReservationId
) -> Reservation:
    return holds.get(hub.engine, conn, reservation_id, hub.clock())


@router.post("/reservations/{reservation_id}/cancel", responses=errors(404, 409))
def cancel_reservation(
    hub: HubDep, _caller: CallerDep, reservation_id: ReservationId
) -> Reservation:
    reservation, released = holds.close(hub.engine, reservation_id, "cancel", hub.clock())
    if released:
        hub.metrics.inc("reservations_released")
    return reservation


@router.post("/reservations/{reservation_id}/collect", responses=errors(404, 409))
def collect_reservation(
    hub: HubDep, _caller: CallerDep, reservation_id: ReservationId
) -> Reservation:
    """Staff hand the held units over: they leave reserved and on hand."""
    reservation, _ = holds.close(hub.engine, reservation_id, "collect", hub.clock())
    return reservation
