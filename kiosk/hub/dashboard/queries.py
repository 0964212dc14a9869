"""The dashboard's figures: counts only, read from the hub's own tables.

What each figure counts (docs/hub.md, "The managers' dashboard"):
- the funnel, from what the mirrors recorded (`events`, kept `--event-retention-days`):
  sessions (distinct shopper sessions with an event in scope: its start, a try-on, a cart,
  a hold, a saved look or its end), sessions with a try-on (distinct sessions of
  `tryon.product.tried`), try-ons (those events), hand-offs (`tryon.handoff.created`),
  reservations (`tryon.reservation.made`); and orders the online shop reported that the hub
  credited to a mirror (`orders` with a store), by the day they were placed;
- each is credited to the store and kiosk the hub recorded with it, and to the staff member
  of its session: the one the hub vouched for on any of the session's events (the kiosk
  names the stylist on try-ons, carts and holds); orders to the staff member the hub
  credited them to (the hand-off's staff session); the filters select by the same;
- days are local days in the asked time zone, as the sales report's (`kiosk.hub.report`:
  the same period and daylight-saving cuts);
- the most tried products: try-ons, and the orders with that SKU among the credited orders
  (conversion = orders with the SKU / try-ons);
- stock alerts: products tried at least `ALERT_MIN_TRYONS` times at a store in the period
  with nothing available there now, and the nearest location that has some: the smallest
  straight-line (haversine) distance between the two locations' coordinates, stores and
  warehouses alike, as the kiosk's stock card measures "nearby";
- mirrors: every kiosk with a live kiosk token or a report, with its latest report.

No member id is ever selected: the dashboard shows counts, SKUs, stores, kiosks and staff.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from kiosk.hub import tables as t
from kiosk.hub.report import Period, _as_date, _local_day, offset_runs
from kiosk.hub.stock import haversine_km
from kiosk.storeapi.contract import available_units

SESSION = "tryon.session.started"
TRIED = "tryon.product.tried"
HANDOFF = "tryon.handoff.created"
RESERVATION = "tryon.reservation.made"
# A shopper's session counts where any of its events falls (and for the staff member any of
# them is credited to): the kiosk names the stylist on try-ons, carts and holds, not on the
# session's start.
SESSION_EVENTS = (SESSION, TRIED, "tryon.look.saved", HANDOFF, RESERVATION, "tryon.session.ended")
STEPS = ("sessions", "tried_sessions", "tryons", "handoffs", "reservations", "orders")
TOP_PRODUCTS = 10
ALERT_MIN_TRYONS = 3  # "tried often": at least this many try-ons at the store in the period
MAX_ALERTS = 20
STALE_AFTER_S = 300  # a mirror whose last report is older is shown as stale (5 reports missed)


@dataclass(frozen=True)
class Filters:
    """What the figures cover: `stores` None is every store (head office)."""

    stores: tuple[str, ...] | None
    kiosk: str | None
    staff: str | None
    period: Period


# ---- the funnel ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Events:
    """The events in scope: `source` to select from, `where` to filter by, and `staff`, the
    staff member each event counts for: its session's (the one the hub vouched for on any
    of the session's events in the period; the latest id if several), so a staff member's
    funnel is whole sessions and the staff rows share the sessions out between them."""

    source: Any
    where: list[ColumnElement[bool]]
    staff: ColumnElement[Any]


def _events(f: Filters, start: datetime, end: datetime, *, by_staff: bool = False) -> _Events:
    e = t.events
    base: list[ColumnElement[bool]] = [e.c.store_id.is_not(None)]
    if f.stores is not None:
        base.append(e.c.store_id.in_(f.stores))
    if f.kiosk is not None:
        base.append(e.c.kiosk_id == f.kiosk)
    where = [*base, e.c.time >= start, e.c.time < end]
    if f.staff is None and not by_staff:
        return _Events(e, where, e.c.staff_id)
    credited = (
        select(e.c.session_id, func.max(e.c.staff_id).label("staff_id"))
        .where(*base, e.c.time >= f.period.start, e.c.time < f.period.end)
        .where(e.c.session_id.is_not(None))
        .group_by(e.c.session_id)
        .subquery("credited")
    )
    staff = func.coalesce(credited.c.staff_id, e.c.staff_id)
    if f.staff is not None:
        where.append(staff == f.staff)
    return _Events(e.outerjoin(credited, credited.c.session_id == e.c.session_id), where, staff)


def _order_scope(f: Filters, start: datetime, end: datetime) -> list[ColumnElement[bool]]:
    o = t.orders
    scope = [o.c.placed_at >= start, o.c.placed_at < end, o.c.store_id.is_not(None)]
    if f.stores is not None:
        scope.append(o.c.store_id.in_(f.stores))
    if f.kiosk is not None:
        scope.append(o.c.kiosk_id == f.kiosk)
    if f.staff is not None:
        scope.append(o.c.staff_id == f.staff)
    return scope


def _count(kind: str) -> ColumnElement[Any]:
    return func.sum(case((t.events.c.type == kind, 1), else_=0))


_SESSIONS = func.count(func.distinct(t.events.c.session_id))
_TRIED_SESSIONS = func.count(
    func.distinct(case((t.events.c.type == TRIED, t.events.c.session_id), else_=None))
)
BY_STAFF = "staff"  # `_funnel`'s event key: the staff member each event counts for


def _funnel(
    conn: Connection,
    f: Filters,
    start: datetime,
    end: datetime,
    event_key: ColumnElement[Any] | str,
    order_key: ColumnElement[Any],
) -> dict[Any, dict[str, int]]:
    """The funnel's counts by a key (a day, a store, a kiosk, `BY_STAFF`, or one key)."""
    e = t.events
    by_staff = isinstance(event_key, str)
    scoped = _events(f, start, end, by_staff=by_staff)
    key = scoped.staff if isinstance(event_key, str) else event_key
    out: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(STEPS, 0))
    rows = conn.execute(
        select(
            key.label("key"),
            _SESSIONS,
            _TRIED_SESSIONS,
            _count(TRIED),
            _count(HANDOFF),
            _count(RESERVATION),
        )
        .select_from(scoped.source)
        .where(*scoped.where, e.c.type.in_(SESSION_EVENTS))
        .group_by(key)
    )
    for found, *counts in rows:
        out[found].update(zip(STEPS[:5], (int(n or 0) for n in counts), strict=True))
    orders = conn.execute(
        select(order_key.label("key"), func.count())
        .where(*_order_scope(f, start, end))
        .group_by(order_key)
    )
    for found, n in orders:
        out[found]["orders"] = int(n)
    return out


def _rates(counts: dict[str, int]) -> dict[str, float | None]:
    """Each step as a share of the sessions (None without sessions)."""
    sessions = counts["sessions"]
    return {k: (counts[k] / sessions if sessions else None) for k in STEPS if k != "sessions"}


def funnel_total(conn: Connection, f: Filters) -> dict[str, Any]:
    one = literal(1)
    counts = _funnel(conn, f, f.period.start, f.period.end, one, one).get(1)
    counts = counts or dict.fromkeys(STEPS, 0)
    return {**counts, "rates": _rates(counts)}


def revenue(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    o = t.orders
    rows = conn.execute(
        select(o.c.currency, func.sum(o.c.total_cents))
        .where(*_order_scope(f, f.period.start, f.period.end))
        .group_by(o.c.currency)
        .order_by(o.c.currency)
    )
    return [{"currency": c, "cents": int(n or 0)} for c, n in rows]


def by_day(conn: Connection, f: Filters) -> list[dict[str, Any]]:
    """The funnel per local day of the period (every day, zeros included). The sessions with
    a try-on are counted per day here: a session across midnight counts on both days."""
    found: dict[date, dict[str, int]] = {}
    for start, end, offset in offset_runs(f.period.tz, f.period.start, f.period.end):
        day_e = _local_day(conn, t.events.c.time, offset)
        day_o = _local_day(conn, t.orders.c.placed_at, offset)
        for key, counts in _funnel(conn, f, start, end, day_e, day_o).items():
            day = _as_date(key)
            merged = found.setdefault(day, dict.fromkeys(STEPS, 0))
            for step in STEPS:
                merged[step] += counts[step]
    days = []
    day = f.period.first
    while day <= f.period.last:
        days.append({"day": day.isoformat(), **found.get(day, dict.fromkeys(STEPS, 0))})
        day += timedelta(days=1)
    return days


def breakdown(conn: Connection, f: Filters, what: str) -> list[dict[str, Any]]:
    """The funnel per store, kiosk or staff member (`what`) over the period, busiest first;
    the staff key None is the sessions no staff member took part in."""
    e, o = t.events, t.orders
    column = {"store": "store_id", "kiosk": "kiosk_id", "staff": "staff_id"}[what]
    key = BY_STAFF if what == "staff" else e.c[column]
    counts = _funnel(conn, f, f.period.start, f.period.end, key, o.c[column])
    rows = [{"id": key, **c, "rates": _rates(c)} for key, c in counts.items()]
    rows.sort(key=lambda r: (-r["sessions"], -r["orders"], r["id"] is None, r["id"] or ""))
    return rows


# ---- products ------------------------------------------------------------------------------


def _names(conn: Connection, skus: Iterable[str]) -> dict[str, tuple[str, str]]:
    """sku -> (product name, variant name)."""
    wanted = set(skus)
    if not wanted:
        return {}
    v, p = t.variants, t.products
    rows = conn.execute(
        select(v.c.sku, p.c.name, v.c.name)
        .select_from(v.join(p, p.c.product_id == v.c.product_id))
        .where(v.c.sku.in_(wanted))
    )
    return {sku: (str(product), str(variant)) for sku, product, variant in rows}


def top_products(conn: Connection, f: Filters, limit: int = TOP_PRODUCTS) -> list[dict[str, Any]]:
    """The most tried SKUs, their try-ons, the sessions they were tried in, the credited
    orders with that SKU and their units; conversion = orders / try-ons."""
    e, o, ol = t.events, t.orders, t.order_lines
    scoped = _events(f, f.period.start, f.period.end)
    tried = conn.execute(
        select(e.c.sku, func.count(), func.count(func.distinct(e.c.session_id)))
        .select_from(scoped.source)
        .where(*scoped.where, e.c.type == TRIED, e.c.sku.is_not(None))
        .group_by(e.c.sku)
        .order_by(func.count().desc(), e.c.sku)
        .limit(limit)
    ).all()
    skus = [str(r[0]) for r in tried]
    sold: dict[str, tuple[int, int]] = {}
    if skus:
        lines = o.join(ol, (ol.c.source == o.c.source) & (ol.c.order_id == o.c.order_id))
        order_key = o.c.source + literal("/") + o.c.order_id
        for sku, orders, units in conn.execute(
            select(ol.c.sku, func.count(func.distinct(order_key)), func.sum(ol.c.quantity))
            .select_from(lines)
            .where(*_order_scope(f, f.period.start, f.period.end), ol.c.sku.in_(skus))
            .group_by(ol.c.sku)
        ):
            sold[str(sku)] = (int(orders), int(units or 0))
    names = _names(conn, skus)
    out = []
    for sku, tryons, sessions in tried:
        orders, units = sold.get(sku, (0, 0))
        product, variant = names.get(sku, (sku, ""))
        out.append(
            {
                "sku": sku,
                "product": product,
                "variant": variant,
                "tryons": int(tryons),
                "sessions": int(sessions),
                "orders": orders,
                "units": units,
                "conversion": orders / tryons if tryons else None,
            }
        )
    return out


# ---- stock alerts ---------------------------------------------------------------------------


def stock_alerts(conn: Connection, f: Filters, limit: int = MAX_ALERTS) -> list[dict[str, Any]]:
    """Products tried often at a store (the store and the days of `f`; not its kiosk or staff
    member: stock is the store's) with nothing available there now, and where the nearest
    unit is."""
    e = t.events
    scoped = _events(Filters(f.stores, None, None, f.period), f.period.start, f.period.end)
    tried = conn.execute(
        select(e.c.store_id, e.c.sku, func.count())
        .where(*scoped.where, e.c.type == TRIED, e.c.sku.is_not(None))
        .group_by(e.c.store_id, e.c.sku)
        .having(func.count() >= ALERT_MIN_TRYONS)
        .order_by(func.count().desc(), e.c.store_id, e.c.sku)
    ).all()
    if not tried:
        return []
    skus = {str(r[1]) for r in tried}
    s, loc, pp = t.stock, t.locations, t.pickup_partners
    units: dict[tuple[str, str], int] = {}
    for row in conn.execute(
        select(s.c.sku, s.c.location_id, s.c.on_hand, s.c.reserved, s.c.committed,
               s.c.safety_stock).where(s.c.sku.in_(skus))
    ):  # fmt: skip
        units[(row.sku, row.location_id)] = available_units(
            row.on_hand, row.reserved, row.committed, row.safety_stock
        )
    places = {r.location_id: r for r in conn.execute(select(loc))}
    partners = {(r.store_id, r.partner_id) for r in conn.execute(select(pp))}
    names = _names(conn, skus)
    alerts = []
    for store_id, sku, tryons in tried:
        if units.get((sku, store_id), 0) > 0:
            continue
        product, variant = names.get(sku, (sku, ""))
        alerts.append(
            {
                "store_id": store_id,
                "sku": sku,
                "product": product,
                "variant": variant,
                "tryons": int(tryons),
                "available": 0,
                "nearest": _nearest(store_id, sku, units, places, partners),
            }
        )
        if len(alerts) >= limit:
            break
    return alerts


def _nearest(
    store_id: str,
    sku: str,
    units: dict[tuple[str, str], int],
    places: dict[str, Any],
    partners: set[tuple[str, str]],
) -> dict[str, Any] | None:
    here = places.get(store_id)
    if here is None or here.latitude is None or here.longitude is None:
        return None
    best: tuple[float, str] | None = None
    for (s, where), n in units.items():
        there = places.get(where)
        if s != sku or n <= 0 or where == store_id or there is None or there.latitude is None:
            continue
        km = haversine_km(here.latitude, here.longitude, there.latitude, there.longitude)
        if best is None or (km, where) < best:
            best = (km, where)
    if best is None:
        return None
    km, where = best
    there = places[where]
    return {
        "location_id": where,
        "name": there.name,
        "kind": there.kind,
        "distance_km": round(km, 1),
        "available": units[(sku, where)],
        "pickup_partner": (store_id, where) in partners,
        "pickup_time": there.pickup_time,
        "ship_days": there.ship_days,
    }


# ---- mirrors --------------------------------------------------------------------------------


def mirrors(conn: Connection, f: Filters, now: datetime) -> list[dict[str, Any]]:
    """Every kiosk of the stores in view: those with a live kiosk token (the fleet) and those
    that reported, with their latest report; stale after `STALE_AFTER_S` without one."""
    tk, r, loc = t.tokens, t.kiosk_reports, t.locations
    default_store = (
        select(loc.c.location_id)
        .where(loc.c.kind == "store")
        .order_by(loc.c.is_default.desc(), loc.c.location_id)
        .limit(1)
        .scalar_subquery()
    )
    fleet: dict[str, str | None] = {}
    for kiosk_id, store_id in conn.execute(
        select(tk.c.kiosk_id, func.coalesce(tk.c.store_id, default_store)).where(
            tk.c.role == "kiosk",
            tk.c.revoked_at.is_(None),
            or_(tk.c.expires_at.is_(None), tk.c.expires_at > now),
        )
    ):
        fleet[str(kiosk_id)] = store_id
    reports = {row.kiosk_id: row for row in conn.execute(select(r))}
    out = []
    for kiosk_id in sorted(set(fleet) | set(reports)):
        report = reports.get(kiosk_id)
        store_id = report.store_id if report is not None else fleet.get(kiosk_id)
        if f.stores is not None and store_id not in f.stores:
            continue
        if f.kiosk is not None and kiosk_id != f.kiosk:
            continue
        out.append(_mirror(kiosk_id, store_id, report, now))
    out.sort(key=lambda m: (m["store_id"] or "", m["kiosk_id"]))
    return out


def _mirror(kiosk_id: str, store_id: str | None, report: Any, now: datetime) -> dict[str, Any]:
    if report is None:
        return {"kiosk_id": kiosk_id, "store_id": store_id, "status": "no_report",
                "reported_at": None, "age_s": None, "stale": True}  # fmt: skip
    try:
        body = json.loads(report.report)
    except ValueError:
        body = {}
    age = max(0.0, (now - report.reported_at).total_seconds())
    camera = body.get("camera") or {}
    hub = body.get("hub") or {}
    return {
        "kiosk_id": kiosk_id,
        "store_id": store_id,
        "status": report.status,
        "reported_at": report.reported_at.isoformat(),
        "age_s": round(age),
        "stale": age > STALE_AFTER_S,
        "fps": body.get("tracking_fps"),
        "camera": camera.get("state"),
        "camera_ok": camera.get("ok"),
        "outbox_depth": body.get("outbox_depth"),
        "hub_reachable": hub.get("reachable"),
        "compositor": body.get("compositor"),
        "version": body.get("version"),
        "uptime_s": body.get("uptime_s"),
        "problems": body.get("problems") or [],
    }


# ---- choices for the filters, and the whole summary ------------------------------------------


def stores(conn: Connection, visible: tuple[str, ...] | None) -> list[dict[str, str]]:
    loc = t.locations
    query = select(loc.c.location_id, loc.c.name).where(loc.c.kind == "store")
    if visible is not None:
        query = query.where(loc.c.location_id.in_(visible))
    return [{"id": i, "name": n} for i, n in conn.execute(query.order_by(loc.c.location_id))]


def staff(conn: Connection, visible: tuple[str, ...] | None) -> list[dict[str, str]]:
    s = t.staff
    query = select(s.c.staff_id, s.c.display_name, s.c.store_id)
    if visible is not None:
        query = query.where(s.c.store_id.in_(visible))
    return [
        {"id": i, "name": n, "store_id": store}
        for i, n, store in conn.execute(query.order_by(s.c.store_id, s.c.staff_id))
    ]


def summary(
    conn: Connection, f: Filters, visible: tuple[str, ...] | None, now: datetime
) -> dict[str, Any]:
    """Everything the page draws, for the user who sees `visible` (None: every store)."""
    fleet = mirrors(conn, Filters(f.stores, None, None, f.period), now)
    people = staff(conn, visible)
    names = {p["id"]: p["name"] for p in people}
    by_staff = breakdown(conn, f, "staff")
    for row in by_staff:
        row["name"] = names.get(row["id"]) if row["id"] is not None else None
    by_kiosk = breakdown(conn, f, "kiosk")
    kiosks = sorted({m["kiosk_id"] for m in fleet} | {r["id"] for r in by_kiosk if r["id"]})
    return {
        "generated_at": now.isoformat(),
        "filters": {
            "store": f.stores[0] if f.stores is not None and len(f.stores) == 1 else None,
            "kiosk": f.kiosk,
            "staff": f.staff,
            "from": f.period.first.isoformat(),
            "to": f.period.last.isoformat(),
            "tz": f.period.tz.key,
        },
        "choices": {"stores": stores(conn, visible), "kiosks": kiosks, "staff": people},
        "funnel": funnel_total(conn, f),
        "revenue": revenue(conn, f),
        "days": by_day(conn, f),
        "by_store": breakdown(conn, f, "store"),
        "by_kiosk": by_kiosk,
        "by_staff": by_staff,
        "products": top_products(conn, f),
        "stock_alerts": stock_alerts(conn, f),
        "mirrors": [m for m in fleet if f.kiosk is None or m["kiosk_id"] == f.kiosk],
        "stale_after_s": STALE_AFTER_S,
        "alert_min_tryons": ALERT_MIN_TRYONS,
    }
