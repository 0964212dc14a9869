"""POST /v1/movements: stock changes from POS, online orders, transfers, counts, receipts."""

from __future__ import annotations

from fastapi import APIRouter

from kiosk.storeapi.contract import MovementBatch, MovementResult
from kiosk.hub import moves
from kiosk.hub.auth import Token, authenticate
from kiosk.hub.context import HubDep
from kiosk.hub.db import read_conn
from kiosk.hub.routers import errors

router = APIRouter(tags=["stock"])


@router.post("/v1/movements", responses=errors(413))
def post_movements(hub: HubDep, token: Token, body: MovementBatch) -> MovementResult:
    with read_conn(hub.engine) as conn:
        caller = authenticate(conn, token)
    result = moves.apply_batch(hub.engine, body, caller.kiosk_id, hub.clock())
    hub.metrics.inc("movements_applied", result.applied)
    hub.metrics.inc("movements_duplicate", result.duplicates)
    return result
