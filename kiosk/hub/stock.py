"""Stock across channels: this store (shelf / back room), nearby stores, online warehouses.

Also releases expired holds: lazily (before a SKU's stock is read or reserved) and by
the periodic sweep. A release is one conditional UPDATE per hold (`status = 'held'` in
the WHERE clause), so two workers releasing the same hold release it once.
"""

from __future__ import annotations

import hashlib
import math
from datetime import datetime
from typing import Any

from pydantic_core import to_json
from sqlalchemy import Connection, Engine, and_, bindparam, exists, select, update

from kiosk.hub import tables as t
from kiosk.hub.db import UTCDateTime, write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.prepared import Prepared
from kiosk.hub.sqlutil import floor0
from kiosk.storeapi.contract import Price, StockReport, available_units

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points on Earth."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def money(cents: int, currency: str, channel: str) -> Price:
    return Price(channel=channel, amount=f"{cents // 100}.{cents % 100:02d}", currency=currency)  # type: ignore[arg-type]


# ---- expiry -------------------------------------------------------------------------------


def has_expired_holds(conn: Connection, now: datetime, sku: str | None = None) -> bool:
    cond = and_(t.reservations.c.status == "held", t.reservations.c.expires_at <= now)
    if sku is not None:
        cond = and_(cond, t.reservations.c.sku == sku)
    return bool(conn.execute(select(exists().where(cond))).scalar())


def release_expired(conn: Connection, now: datetime, sku: str | None = None) -> int:
    """Expire held reservations past their time and give their units back (in `conn`'s tx)."""
    cond = and_(t.reservations.c.status == "held", t.reservations.c.expires_at <= now)
    if sku is not None:
        cond = and_(cond, t.reservations.c.sku == sku)
    rows = conn.execute(select(t.reservations.c.reservation_id).where(cond).limit(1000)).all()
    return sum(close_hold(conn, row.reservation_id, "expired", now) for row in rows)


def close_hold(conn: Connection, reservation_id: str, status: str, now: datetime) -> bool:
    """Move a held reservation to `status` and release (or, collected, take) its units.

    One conditional UPDATE (`status = 'held'` in the WHERE clause, RETURNING): of two
    racing closes exactly one gets the row back; the other (PostgreSQL re-checks the WHERE
    after the winner commits) gets nothing and returns False: it was no longer held.
    A collect takes its units off the shelf only if they are there (`on_hand >= quantity`):
    a hold a sale put at risk cannot be collected from stock that is gone, and raises 409
    `not_enough_on_hand` (the caller's transaction rolls the status change back)."""
    r = t.reservations
    row = conn.execute(
        update(r)
        .where(r.c.reservation_id == reservation_id, r.c.status == "held")
        .values(status=status, closed_at=now)
        .returning(r.c.sku, r.c.location_id, r.c.quantity, r.c.at_risk)
    ).first()
    if row is None:
        return False
    s = t.stock
    here = and_(s.c.sku == row.sku, s.c.location_id == row.location_id)
    values: dict[str, Any] = {"reserved": floor0(s.c.reserved - row.quantity), "updated_at": now}
    if status == "collected":  # the shopper took the units home
        values["on_hand"] = s.c.on_hand - row.quantity
        values["shelf"] = floor0(s.c.shelf - row.quantity)
        taken = conn.execute(update(s).where(here, s.c.on_hand >= row.quantity).values(**values))
        if taken.rowcount != 1:
            raise _not_enough_on_hand(conn, reservation_id, row.sku, row.location_id, row.quantity)
    else:
        conn.execute(update(s).where(here).values(**values))
    if row.at_risk or status != "collected":
        refresh_at_risk(conn, row.sku, row.location_id)
    return True


def _not_enough_on_hand(
    conn: Connection, reservation_id: str, sku: str, location_id: str, quantity: int
) -> ApiError:
    s = t.stock
    on_hand = conn.execute(
        select(s.c.on_hand).where(s.c.sku == sku, s.c.location_id == location_id)
    ).scalar()
    return ApiError(
        409,
        "not_enough_on_hand",
        f"reservation {reservation_id} is at risk: a sale took the units it was promised and "
        f"{location_id} has {on_hand or 0} of {sku} on hand, {quantity} needed; the hold stays "
        "held: count the shelf (a `count` movement) or cancel the hold",
        "path.reservation_id",
    )


def refresh_at_risk(conn: Connection, sku: str, location_id: str) -> int:
    """Mark the holds at (sku, location) that on hand no longer covers; return how many
    became at risk now.

    Shortfall = reserved + committed - on_hand (online orders keep their units first). The
    newest holds are at risk, as many as it takes to cover the shortfall; the older ones
    keep their units (first come, first served). A receipt or a count that brings the
    units back clears the flag again, so it always tells the truth about the shelf."""
    s, r = t.stock, t.reservations
    row = conn.execute(
        select(s.c.on_hand, s.c.reserved, s.c.committed).where(
            s.c.sku == sku, s.c.location_id == location_id
        )
    ).first()
    shortfall = 0 if row is None else row.reserved + row.committed - row.on_hand
    here = and_(r.c.sku == sku, r.c.location_id == location_id, r.c.status == "held")
    if shortfall <= 0:
        conn.execute(update(r).where(here, r.c.at_risk.is_(True)).values(at_risk=False))
        return 0
    held = conn.execute(
        select(r.c.reservation_id, r.c.quantity, r.c.at_risk)
        .where(here)
        .order_by(r.c.created_at.desc(), r.c.reservation_id.desc())
    ).all()
    risky: list[str] = []
    safe: list[str] = []
    uncovered = shortfall
    for hold in held:
        if uncovered > 0:
            uncovered -= hold.quantity
            if not hold.at_risk:
                risky.append(hold.reservation_id)
        elif hold.at_risk:
            safe.append(hold.reservation_id)
    for ids, flag in ((risky, True), (safe, False)):
        if ids:
            conn.execute(update(r).where(r.c.reservation_id.in_(ids)).values(at_risk=flag))
    return len(risky)


def sweep(engine: Engine, now: datetime) -> int:
    """The periodic sweep: release every expired hold."""
    with engine.connect() as conn:
        if not has_expired_holds(conn, now):
            return 0
    with write_tx(engine) as conn:
        return release_expired(conn, now)


# ---- the report ---------------------------------------------------------------------------


_HELD = t.reservations.c
_PRICES = (
    select(
        t.variants.c.sku,
        t.prices.c.channel,
        t.prices.c.amount_cents,
        t.prices.c.currency,
        exists()
        .where(
            _HELD.sku == bindparam("sku"),
            _HELD.status == "held",
            _HELD.expires_at <= bindparam("now", type_=UTCDateTime),
        )
        .label("expired"),
    )
    .select_from(t.variants.outerjoin(t.prices, t.prices.c.sku == t.variants.c.sku))
    .where(t.variants.c.sku == bindparam("sku"))
)
# Every location with this SKU's stock row, if any: one query for all channels.
_ROWS = select(
    t.locations.c.location_id,
    t.locations.c.name,
    t.locations.c.kind,
    t.locations.c.latitude,
    t.locations.c.longitude,
    t.locations.c.ship_days,
    t.locations.c.pickup_time,
    t.stock.c.on_hand,
    t.stock.c.reserved,
    t.stock.c.committed,
    t.stock.c.safety_stock,
    t.stock.c.shelf,
    t.stock.c.updated_at,
).select_from(
    t.locations.outerjoin(
        t.stock,
        and_(t.stock.c.location_id == t.locations.c.location_id, t.stock.c.sku == bindparam("sku")),
    )
)


_PRICES_RUN = Prepared(_PRICES)
_ROWS_RUN = Prepared(_ROWS)
Report = dict[str, Any]  # a StockReport as plain data, in the contract's field order


def read_stock(
    conn: Connection,
    sku: str,
    store_id: str,
    now: datetime,
    nearby_km: float,
    nearby_max: int,
    check_expiry: bool = True,
) -> Report | None:
    """The stock of `sku` seen from `store_id`: this store, nearby stores, online, as the
    plain data of a `StockReport` (tests hold the two equal, byte for byte in JSON).

    None when expired holds of this SKU must be released first (see `release_expired`).
    This is the hub's hottest path: two prebuilt statements on the DBAPI cursor
    (`kiosk.hub.prepared`) and plain dicts, no model validation per lookup."""
    price_rows = _PRICES_RUN.all(conn, {"sku": sku, "now": now})
    if not price_rows:
        raise ApiError(404, "not_found", f"SKU {sku!r} is not in the catalog", "path.sku")
    if check_expiry and price_rows[0].expired:
        return None
    prices = {r.channel: (r.amount_cents, r.currency) for r in price_rows if r.channel}
    rows = _ROWS_RUN.all(conn, {"sku": sku})
    here = next((r for r in rows if r.location_id == store_id), None)
    if here is None:
        raise ApiError(
            409, "unknown_store", f"this kiosk's store {store_id!r} is not in the hub", None
        )
    channels = [_channel(here, "this_store", 0.0, prices, now)]
    nearby = []
    for r in rows:
        if r.kind != "store" or r.location_id == store_id or r.on_hand is None:
            continue
        km = haversine_km(here.latitude, here.longitude, r.latitude, r.longitude)
        if km <= nearby_km:
            nearby.append((km, r))
    nearby.sort(key=lambda pair: (pair[0], pair[1].location_id))
    channels += [_channel(r, "nearby", km, prices, now) for km, r in nearby[:nearby_max]]
    online = sorted(
        (r for r in rows if r.kind == "warehouse" and r.on_hand is not None),
        key=lambda r: (r.ship_days if r.ship_days is not None else 999, r.location_id),
    )
    channels += [_channel(r, "online", None, prices, now) for r in online]
    distinct = {(cents, cur) for cents, cur in prices.values()}
    return {
        "sku": sku,
        "store_id": store_id,
        "as_of": now,
        "price_consistent": len(distinct) <= 1,
        "channels": channels,
    }


def _channel(
    r: Any, channel: str, km: float | None, prices: dict[str, tuple[int, str]], now: datetime
) -> dict[str, Any]:
    """One `ChannelStock`, as plain data in its field order."""
    on_hand, reserved = r.on_hand or 0, r.reserved or 0
    committed, safety = r.committed or 0, r.safety_stock or 0
    price_channel = "online" if channel == "online" else "store"
    cents, currency = prices.get(price_channel) or next(iter(prices.values()), (0, "CNY"))
    shelf = back_room = None
    if channel == "this_store":
        shelf = min(r.shelf or 0, on_hand)
        back_room = on_hand - shelf
    return {
        "channel": channel,
        "location_id": r.location_id,
        "location_name": r.name,
        "kind": r.kind,
        "distance_km": None if km is None else round(km, 2),
        "ship_days": r.ship_days if r.kind == "warehouse" else None,
        "pickup_time": r.pickup_time if r.kind == "store" else None,
        "on_hand": on_hand,
        "reserved": reserved,
        "committed": committed,
        "safety_stock": safety,
        "available": available_units(on_hand, reserved, committed, safety),
        "shelf": shelf,
        "back_room": back_room,
        "price": {
            "channel": price_channel,
            "amount": f"{cents // 100}.{cents % 100:02d}",
            "currency": currency,
        },
        "updated_at": r.updated_at or now,
    }


def report_json(report: Report) -> tuple[str, bytes]:
    """The ETag and the JSON body of a report (what `StockReport.model_dump_json` gives).

    The ETag covers the quantities and prices, not `as_of`, which moves every read."""
    quantities = {k: v for k, v in report.items() if k != "as_of"}
    tag = '"' + hashlib.sha256(to_json(quantities)).hexdigest()[:32] + '"'
    return tag, to_json(report)


def etag(report: StockReport) -> str:
    """The ETag of a report as a model (the same value `report_json` gives)."""
    body = report.model_dump_json(include={"sku", "store_id", "price_consistent", "channels"})
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
