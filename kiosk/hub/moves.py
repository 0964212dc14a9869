"""Stock movements pushed by other channels (POS, online shop, WMS), applied once each.

A movement id is recorded in the same transaction that changes the stock, so a retried
batch changes nothing twice. Every change is a relative SQL update (`on_hand = on_hand -
n`), never read-modify-write, so movements and reservations interleave safely. Units
leave the shelf first and arrive in the back room; on hand never goes below zero (the
next count corrects the books).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from pydantic import Field
from sqlalchemy import ColumnElement, Connection, Engine, literal, select, update

from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.sqlutil import floor0, insert_ignore, least
from kiosk.hub.stock import refresh_at_risk
from kiosk.storeapi.contract import Movement, MovementBatch, MovementResult

s = t.stock
# The most units one stock row may count (on hand, committed): far beyond any shop, well
# inside PostgreSQL's integer, so an absurd receipt is a 422, never an overflow and a 500.
MAX_UNITS = 1_000_000_000


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


class Applied(MovementResult):
    """What a batch did: the `MovementResult` the sender gets, plus how many holds its
    sales put at risk (for the `holds_at_risk` counter; not part of the answer)."""

    holds_at_risk: int = Field(default=0, exclude=True)


def request_hash(m: Movement) -> str:
    """What a movement says, canonically: a retry says the same, a reused id does not."""
    when = None if m.occurred_at is None else m.occurred_at.astimezone(UTC).isoformat()
    canon = [m.kind, m.sku, m.location_id, m.quantity, when]
    return hashlib.sha256(json.dumps(canon).encode()).hexdigest()


def apply_batch(
    engine: Engine,
    batch: MovementBatch,
    source: str,
    now: datetime,
    max_units: int = MAX_UNITS,
) -> Applied:
    """Apply a batch atomically: all of it, or (on a bad entry) none of it.

    Idempotency is per `source` (the credential's principal id): two POS systems may both
    number their sales from 1. A movement id seen before with the same body is a duplicate
    (counted, not applied); with a different body it is a 409 `idempotency_conflict` and
    nothing in the batch is applied (a real sale must not vanish as a "duplicate")."""
    applied = duplicates = 0
    touched: dict[tuple[str, str], None] = {}
    with write_tx(engine) as conn:
        _check_known(conn, batch)
        for i, m in enumerate(batch.movements):
            digest = request_hash(m)
            inserted = insert_ignore(
                conn,
                t.movements,
                [
                    {
                        "source": source,
                        "movement_id": m.movement_id,
                        "kind": m.kind,
                        "sku": m.sku,
                        "location_id": m.location_id,
                        "quantity": m.quantity,
                        "occurred_at": m.occurred_at,
                        "applied_at": now,
                        "kiosk_id": source,
                        "request_hash": digest,
                    }
                ],
                ["source", "movement_id"],
            )
            if not inserted:
                _check_same(conn, source, m, i, digest)
                duplicates += 1
                continue
            _ensure_row(conn, m, now)
            changed = conn.execute(
                update(s)
                .where(s.c.sku == m.sku, s.c.location_id == m.location_id, *_limits(m, max_units))
                .values(updated_at=now, **_changes(m))
            )
            if changed.rowcount != 1:
                raise _too_many(m, i, max_units)
            touched[(m.sku, m.location_id)] = None
            applied += 1
        at_risk = sum(refresh_at_risk(conn, sku, loc) for sku, loc in touched)
    return Applied(applied=applied, duplicates=duplicates, holds_at_risk=at_risk)


def _check_same(conn: Connection, source: str, m: Movement, i: int, digest: str) -> None:
    """A movement id already recorded for this source: the same body, or a 409."""
    mv = t.movements
    stored = conn.execute(
        select(mv.c.request_hash).where(mv.c.source == source, mv.c.movement_id == m.movement_id)
    ).scalar()
    if stored and stored != digest:  # "" = recorded before hashes were kept: a duplicate
        raise ApiError(
            409,
            "idempotency_conflict",
            f"movement {i}: id {m.movement_id!r} was already used by this sender for a "
            "different movement; give each movement its own id (nothing in this batch was "
            "applied)",
            f"body.movements.{i}.movement_id",
        )


def _limits(m: Movement, max_units: int) -> list[ColumnElement[bool]]:
    """Counts that would pass `max_units` (and overflow PostgreSQL's integer) are refused."""
    if m.kind in ("receipt", "transfer_in"):
        return [s.c.on_hand <= max_units - m.quantity]
    if m.kind == "online_order":
        return [s.c.committed <= max_units - m.quantity]
    return []  # a count sets a quantity the contract already bounds; the rest lower stock


def _too_many(m: Movement, i: int, max_units: int) -> ApiError:
    what = "committed" if m.kind == "online_order" else "on hand"
    return ApiError(
        422,
        "quantity_out_of_range",
        f"movement {i} ({m.movement_id}): {m.sku} at {m.location_id} would have more than "
        f"{max_units} units {what}; check the quantity (nothing in this batch was applied)",
        f"body.movements.{i}.quantity",
    )


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
