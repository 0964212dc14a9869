"""Stock movements pushed by other channels (POS, online shop, WMS), applied once each.

A movement id is recorded in the same transaction that changes the stock, so a retried
batch changes nothing twice. Every change is a relative SQL update (`on_hand = on_hand -
n`), never read-modify-write, so movements and reservations interleave safely. Units
leave the shelf first and arrive in the back room; on hand never goes below zero (the
next count corrects the books).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, literal, select, update

from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.sqlutil import floor0, insert_ignore, least
from kiosk.storeapi.contract import Movement, MovementBatch, MovementResult

s = t.stock


def _changes(m: Movement) -> dict[str, Any]:
    q = m.quantity
    if m.kind in ("pos_sale", "transfer_out"):
        return {"on_hand": floor0(s.c.on_hand - q), "shelf": floor0(s.c.shelf - q)}
    if m.kind in ("receipt", "transfer_in"):
        return {"on_hand": s.c.on_hand + q}
    if m.kind == "count":
        return {"on_hand": q, "shelf": least(s.c.shelf, literal(q))}
    if m.kind == "online_order":
        return {"committed": s.c.committed + q}
    # pick: an online order's units leave the building
    left = floor0(s.c.on_hand - q)
    return {
        "committed": floor0(s.c.committed - q),
        "on_hand": left,
        "shelf": least(s.c.shelf, left),
    }


def _check_known(conn: Connection, batch: MovementBatch) -> None:
    skus = {m.sku for m in batch.movements}
    locs = {m.location_id for m in batch.movements}
    known_skus = set(
        conn.execute(select(t.variants.c.sku).where(t.variants.c.sku.in_(skus))).scalars()
    )
    known_locs = {
        row.location_id: row.kind
        for row in conn.execute(
            select(t.locations.c.location_id, t.locations.c.kind).where(
                t.locations.c.location_id.in_(locs)
            )
        )
    }
    for i, m in enumerate(batch.movements):
        if m.sku not in known_skus:
            raise ApiError(
                422,
                "unknown_sku",
                f"movement {i} ({m.movement_id}): SKU {m.sku!r} is not in the catalog; "
                "nothing in this batch was applied",
                f"body.movements.{i}.sku",
            )
        if m.location_id not in known_locs:
            raise ApiError(
                422,
                "unknown_location",
                f"movement {i} ({m.movement_id}): location {m.location_id!r} is not known; "
                "nothing in this batch was applied",
                f"body.movements.{i}.location_id",
            )


def apply_batch(
    engine: Engine, batch: MovementBatch, kiosk_id: str, now: datetime
) -> MovementResult:
    """Apply a batch atomically: all of it, or (on a bad entry) none of it."""
    applied = duplicates = 0
    with write_tx(engine) as conn:
        _check_known(conn, batch)
        for m in batch.movements:
            inserted = insert_ignore(
                conn,
                t.movements,
                [
                    {
                        "source": kiosk_id,
                        "movement_id": m.movement_id,
                        "kind": m.kind,
                        "sku": m.sku,
                        "location_id": m.location_id,
                        "quantity": m.quantity,
                        "occurred_at": m.occurred_at,
                        "applied_at": now,
                        "kiosk_id": kiosk_id,
                    }
                ],
                ["source", "movement_id"],
            )
            if not inserted:
                duplicates += 1
                continue
            _ensure_row(conn, m, now)
            conn.execute(
                update(s)
                .where(s.c.sku == m.sku, s.c.location_id == m.location_id)
                .values(updated_at=now, **_changes(m))
            )
            applied += 1
    return MovementResult(applied=applied, duplicates=duplicates)


def _ensure_row(conn: Connection, m: Movement, now: datetime) -> None:
    """A first movement for a (SKU, location) pair starts from an empty stock row."""
    kind = conn.execute(
        select(t.locations.c.kind).where(t.locations.c.location_id == m.location_id)
    ).scalar()
    insert_ignore(
        conn,
        s,
        [
            {
                "sku": m.sku,
                "location_id": m.location_id,
                "on_hand": 0,
                "reserved": 0,
                "committed": 0,
                "safety_stock": 0,
                "shelf": 0 if kind == "store" else None,
                "updated_at": now,
            }
        ],
        ["sku", "location_id"],
    )
