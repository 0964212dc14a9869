"""Reservations: hold N units at a store for pickup, idempotently, without ever overselling.

The hold is ONE conditional UPDATE: `reserved = reserved + n WHERE on_hand - reserved -
committed - safety_stock >= n`, and a rowcount of 0 means "not enough". On PostgreSQL a
concurrent update of the same row waits for the other to commit and then re-checks the
WHERE clause on the new row; on SQLite the write transaction holds the database's write
lock (BEGIN IMMEDIATE). Either way the units cannot be promised twice.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, case, exists, func, insert, select, text, update
from sqlalchemy.exc import IntegrityError

from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.db import read_tx, write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.stock import close_hold, release_expired
from kiosk.storeapi.contract import (
    PICKUP_CODE_ALPHABET,
    PICKUP_CODE_LENGTH,
    Reservation,
    ReservationCreate,
)

r = t.reservations
# Active holds one kiosk may have: in all, and of one SKU across the chain (settings
# `hold_cap_per_kiosk`, `hold_cap_per_sku`). POS and the shop are not capped.
HOLD_CAP_PER_KIOSK = 20
HOLD_CAP_PER_SKU = 3


class OutOfStock(ApiError):
    """409 `out_of_stock`: too few units to hold; its own class so the router counts it."""


class HoldLimit(ApiError):
    """409 `hold_limit`: the kiosk is at a cap; its own class so the router counts it."""


def new_pickup_code() -> str:
    return "".join(secrets.choice(PICKUP_CODE_ALPHABET) for _ in range(PICKUP_CODE_LENGTH))


def to_model(row: Any) -> Reservation:
    return Reservation(
        reservation_id=row.reservation_id,
        sku=row.sku,
        quantity=row.quantity,
        location_id=row.location_id,
        pickup_code=row.pickup_code,
        status=row.status,
        created_at=row.created_at,
        expires_at=row.expires_at,
        at_risk=bool(row.at_risk),
    )


def _fingerprint(body: ReservationCreate, location_id: str) -> str:
    canon = {
        "sku": body.sku,
        "quantity": body.quantity,
        "location_id": location_id,
        "hold_minutes": body.hold_minutes,
    }
    return hashlib.sha256(json.dumps(canon, sort_keys=True).encode()).hexdigest()


def _replay(conn: Connection, caller: Caller, key: str, fingerprint: str) -> Reservation | None:
    row = conn.execute(
        select(r).where(r.c.kiosk_id == caller.kiosk_id, r.c.idempotency_key == key)
    ).first()
    if row is None:
        return None
    if row.request_hash != fingerprint:
        raise ApiError(
            409,
            "idempotency_conflict",
            "this Idempotency-Key was already used for a different reservation; "
            "use a new key for a new request",
            "header.Idempotency-Key",
        )
    return to_model(row)


def reserve(
    engine: Engine,
    read: Connection,
    caller: Caller,
    body: ReservationCreate,
    key: str,
    now: datetime,
    cap_per_kiosk: int = HOLD_CAP_PER_KIOSK,
    cap_per_sku: int = HOLD_CAP_PER_SKU,
) -> tuple[Reservation, bool]:
    """(reservation, created). A retry with the same key and body returns the first result.

    `read` is the request's read connection: a cheap read first, most retries end there.
    A kiosk may have at most `cap_per_kiosk` active holds, and `cap_per_sku` of one SKU
    across the chain (409 `hold_limit`); too few units is `OutOfStock` (409 `out_of_stock`).
    """
    location_id = body.location_id or caller.store_id
    fingerprint = _fingerprint(body, location_id)
    done = _replay(read, caller, key, fingerprint)
    if done is not None:
        return done, False
    try:
        with write_tx(engine) as conn:
            done = _replay(conn, caller, key, fingerprint)
            if done is not None:
                return done, False
            release_expired(conn, now, body.sku)
            if caller.role == "kiosk":
                _check_caps(conn, caller, body.sku, now, cap_per_kiosk, cap_per_sku)
            return _hold(conn, caller, body, key, fingerprint, location_id, now), True
    except IntegrityError:
        # PostgreSQL: a concurrent request with the same key committed first.
        with read_tx(engine) as conn:
            done = _replay(conn, caller, key, fingerprint)
        if done is None:
            raise
        return done, False


def _check_caps(
    conn: Connection, caller: Caller, sku: str, now: datetime, per_kiosk: int, per_sku: int
) -> None:
    """One kiosk (one stolen token) cannot hold a product's whole stock, or the chain's.

    PostgreSQL: a per-kiosk transaction lock first, so two concurrent holds from the same
    kiosk count one after the other (SQLite's write lock already serialises them)."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
            {"key": "hold-cap:" + caller.kiosk_id},
        )
    active = (r.c.kiosk_id == caller.kiosk_id, r.c.status == "held", r.c.expires_at > now)
    total, of_sku = conn.execute(
        select(func.count(), func.coalesce(func.sum(case((r.c.sku == sku, 1), else_=0)), 0)).where(
            *active
        )
    ).one()
    if of_sku >= per_sku:
        raise HoldLimit(
            409,
            "hold_limit",
            f"this kiosk already holds {sku} {of_sku} times (at most {per_sku} holds of one "
            "SKU per kiosk); collect or cancel one of them first",
            "body.sku",
        )
    if total >= per_kiosk:
        raise HoldLimit(
            409,
            "hold_limit",
            f"this kiosk already has {total} active holds (at most {per_kiosk}); collect or "
            "cancel one, or wait until one expires",
            None,
        )


def _hold(
    conn: Connection,
    caller: Caller,
    body: ReservationCreate,
    key: str,
    fingerprint: str,
    location_id: str,
    now: datetime,
) -> Reservation:
    s = t.stock
    free = s.c.on_hand - s.c.reserved - s.c.committed - s.c.safety_stock
    loc = t.locations
    at_store = exists().where(loc.c.location_id == s.c.location_id, loc.c.kind == "store")
    result = conn.execute(
        update(s)
        .where(s.c.sku == body.sku, s.c.location_id == location_id, free >= body.quantity, at_store)
        .values(reserved=s.c.reserved + body.quantity, updated_at=now)
    )
    if result.rowcount != 1:
        _explain_refusal(conn, body, location_id)
    row = {
        "reservation_id": "R" + secrets.token_hex(8).upper(),
        "sku": body.sku,
        "location_id": location_id,
        "quantity": body.quantity,
        "pickup_code": new_pickup_code(),
        "status": "held",
        "created_at": now,
        "expires_at": now + timedelta(minutes=body.hold_minutes),
        "kiosk_id": caller.kiosk_id,
        "staff_id": caller.staff_id,  # the signed-in staff member's, never typed
        "idempotency_key": key,
        "request_hash": fingerprint,
    }
    conn.execute(insert(r).values(**row))
    return Reservation.model_validate(row)


def _explain_refusal(conn: Connection, body: ReservationCreate, location_id: str) -> None:
    """Raise the right 4xx for a hold that did not happen."""
    if conn.execute(select(t.variants.c.sku).where(t.variants.c.sku == body.sku)).first() is None:
        raise ApiError(404, "not_found", f"SKU {body.sku!r} is not in the catalog", "body.sku")
    loc = conn.execute(
        select(t.locations.c.kind).where(t.locations.c.location_id == location_id)
    ).first()
    if loc is None:
        raise ApiError(
            404, "not_found", f"location {location_id!r} is not known", "body.location_id"
        )
    if loc.kind != "store":
        raise ApiError(
            422,
            "validation_error",
            f"{location_id} is a warehouse; reservations are for pickup at a store",
            "body.location_id",
        )
    s = t.stock
    row = conn.execute(select(s).where(s.c.sku == body.sku, s.c.location_id == location_id)).first()
    available = 0
    if row is not None:
        available = max(0, row.on_hand - row.reserved - row.committed - row.safety_stock)
    raise OutOfStock(
        409,
        "out_of_stock",
        f"only {available} of {body.sku} available at {location_id}, {body.quantity} asked; "
        "reserve fewer or pick another location",
        "body.quantity",
    )


def get(
    engine: Engine,
    read: Connection,
    reservation_id: str,
    now: datetime,
    wait_s: float | None = None,
) -> Reservation:
    """A reservation, read on `read` (the request's read connection); an expired hold is
    released on the way (lazy expiry), waiting at most `wait_s` for the write lock."""
    row = read.execute(select(r).where(r.c.reservation_id == reservation_id)).first()
    if row is None:
        raise _not_found(reservation_id)
    if row.status == "held" and row.expires_at <= now:
        with write_tx(engine, wait_s=wait_s) as conn:
            close_hold(conn, reservation_id, "expired", now)
            row = conn.execute(select(r).where(r.c.reservation_id == reservation_id)).one()
    return to_model(row)


def close(
    engine: Engine, reservation_id: str, action: str, now: datetime
) -> tuple[Reservation, bool]:
    """Cancel or collect a held reservation; (reservation, released_now).

    The close itself is `close_hold`'s conditional UPDATE: of a cancel and a collect racing
    (two hub processes, two staff), one wins and the other is told the actual status
    (409 `reservation_not_active`), never a 200 with the other's result. A repeat of the
    same close answers as the first did."""
    target = {"cancel": "cancelled", "collect": "collected"}[action]
    with write_tx(engine) as conn:
        row = conn.execute(select(r).where(r.c.reservation_id == reservation_id)).first()
        if row is None:
            raise _not_found(reservation_id)
        if row.status == "held" and row.expires_at <= now:
            close_hold(conn, reservation_id, "expired", now)
        elif row.status == "held" and close_hold(conn, reservation_id, target, now):
            row = conn.execute(select(r).where(r.c.reservation_id == reservation_id)).one()
            return to_model(row), True
        row = conn.execute(select(r).where(r.c.reservation_id == reservation_id)).one()
    if row.status == target:
        return to_model(row), False  # a retried cancel: same answer
    raise ApiError(
        409,
        "reservation_not_active",
        f"reservation {reservation_id} is {row.status}; only a held reservation can be {target}",
        "path.reservation_id",
    )


def _not_found(reservation_id: str) -> ApiError:
    return ApiError(
        404, "not_found", f"reservation {reservation_id!r} does not exist", "path.reservation_id"
    )
