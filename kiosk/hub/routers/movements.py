"""POST /movements: stock changes from POS, online orders, transfers, counts, receipts.

Each movement is checked against `kiosk.hub.policy` (a till posts sales at its store, back
office counts and receipts at its location, the shop online orders and picks at the
warehouses) before any of the batch is applied: one forbidden movement refuses the batch.
"""

from __future__ import annotations

from sqlalchemy import Connection

from kiosk.hub import moves, ownership, policy
from kiosk.hub.auth import Caller, CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import MOVEMENT_KINDS, Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import MovementBatch, MovementResult

router = api_router("stock")


@router.post("/movements", responses=errors(403, 409, 413))
def post_movements(
    hub: HubDep, caller: CallerDep, conn: ReadConn, body: MovementBatch
) -> MovementResult:
    _require_all(conn, caller, body)
    result = moves.apply_batch(hub.engine, body, caller.kiosk_id, hub.clock())
    hub.metrics.inc("movements_applied", result.applied)
    hub.metrics.inc("movements_duplicate", result.duplicates)
    hub.metrics.inc("holds_at_risk", result.holds_at_risk)
    return result


def _require_all(conn: Connection, caller: Caller, body: MovementBatch) -> None:
    """403 naming the first movement `caller` may not post; nothing is applied then."""
    kinds = ownership.location_kinds(conn, {m.location_id for m in body.movements})
    posts = MOVEMENT_KINDS.get(caller.principal, frozenset())
    for i, m in enumerate(body.movements):
        try:
            policy.require(
                caller,
                Action.MOVEMENT_POST,
                location=m.location_id,
                location_kind=kinds.get(m.location_id),
                movement_kind=m.kind,
            )
        except ApiError as exc:
            # The kind is at fault when this credential posts movements, but not this kind.
            part = "kind" if posts and m.kind not in posts else "location_id"
            raise ApiError(
                403,
                exc.code,
                f"movement {i} ({m.movement_id}) at {m.location_id}: {exc.message}; "
                "nothing in this batch was applied",
                f"body.movements.{i}.{part}",
            ) from None
