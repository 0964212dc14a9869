"""POST /movements: stock changes from POS, online orders, transfers, counts, receipts."""

from __future__ import annotations

from kiosk.hub import moves
from kiosk.hub.auth import CallerDep
from kiosk.hub.context import HubDep
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import MovementBatch, MovementResult

router = api_router("stock")


@router.post("/movements", responses=errors(413))
def post_movements(hub: HubDep, caller: CallerDep, body: MovementBatch) -> MovementResult:
    result = moves.apply_batch(hub.engine, body, caller.kiosk_id, hub.clock())
    hub.metrics.inc("movements_applied", result.applied)
    hub.metrics.inc("movements_duplicate", result.duplicates)
    return result
