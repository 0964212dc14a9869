"""Try-on records: CloudEvents stored once each (idempotent by source and id).

Two senders: mirrors (`tryon.*`) and the online shop (`shop.*`, its signed-in members'
views, tries, wishes and orders); each posts only its own types (`policy.EVENT_TYPES`: a
batch with another's is refused whole). The shop's events are stored with its principal id
as `kiosk_id` and no store, so nothing that counts a store's mirrors counts them.

Defence in depth for consent: an event keeps its member id only if, by the hub's clock
when it arrives, the member's consent is granted (and was at the event's own time), and,
from a mirror, the member is present at the sending kiosk (their code was looked up there,
see kiosk.hub.members) or was within the grace after; the shop signs its members in itself,
so consent alone gates its events. A backdated event cannot slip in before a withdrawal.
Event data is an allow-list per type (`ALLOWED`): every other field, a `name`, `phone` or
`member_number` included, is dropped before storage and counted.

Only a new event whose member id survived the gate changes the member's things: the
shop's wishlist events add or remove a wishlist entry, a look saved at the mirror
(`tryon.look.saved`) or in the app (`shop.look.tried` with `saved`) becomes one of the
member's looks (kiosk.hub.wishlists, kiosk.hub.member_looks).

The `staff_id` column is only ever one the hub vouches for: the staff member named in the
event's data, or else the request's staff session's, and only if that person had a staff
session on this kiosk at the event's time (the outbox may send after they signed out).
A typed or stale one leaves the column empty; `data.staff_id` stays as the kiosk sent it.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select

from kiosk.hub import catalog_refs, member_looks, wishlists
from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.db import write_tx
from kiosk.hub.members import PRESENCE_GRACE_MINUTES, present_members
from kiosk.hub.policy import require_event_types
from kiosk.hub.sqlutil import insert_ignore
from kiosk.storeapi.contract import (
    HISTORY_EVENT_TYPES,
    CloudEvent,
    EventBatch,
    EventResult,
    MemberHistory,
    TryOn,
)

HISTORY_LIMIT = 500
STAFF_SKEW = timedelta(minutes=2)  # the kiosk's clock against the hub's, for staff sessions
MAX_TEXT = 200  # a string field longer than this is dropped (no free text rides along)

# The fields each event type may carry (what kiosk.records.events builds, and the shop's);
# `member_id` is allowed on all and then gated by consent (and presence, at a mirror).
_COMMON = frozenset({"session_id", "staff_id", "member_id"})
_SHOP = frozenset({"session_id", "member_id"})
ALLOWED: dict[str, frozenset[str]] = {
    "tryon.session.started": _COMMON | {"locale"},
    "tryon.product.tried": _COMMON | {"sku", "dwell_ms", "shade", "size"},
    "tryon.look.saved": _COMMON | {"skus", "look_id", "items", "photo_id"},
    "tryon.handoff.created": _COMMON | {"code", "items"},
    "tryon.reservation.made": _COMMON | {"reservation_id", "sku", "quantity", "location_id"},
    "tryon.session.ended": _COMMON | {"duration_ms", "products_tried", "reason"},
    "tryon.consent.given": _COMMON | {"text_version", "locale"},
    "tryon.consent.withdrawn": _COMMON | {"text_version", "locale"},
    "shop.product.viewed": _SHOP | {"sku"},
    "shop.look.tried": _SHOP | {"sku", "skus", "items", "look_id", "saved", "photo_id"},
    "shop.wishlist.added": _SHOP | {"sku"},
    "shop.wishlist.removed": _SHOP | {"sku"},
    "shop.order.placed": _SHOP | {"order_id", "skus", "total_cents"},
}
_ITEM_FIELDS = frozenset({"sku", "quantity"})  # a hand-off's items
_LOOK_ITEM_FIELDS = frozenset({"sku", "finish", "intensity", "size"})  # a look's items
_LOOKS = frozenset({"tryon.look.saved", "shop.look.tried"})
MAX_ITEMS = 100


def _text_ok(value: Any) -> bool:
    return isinstance(value, str) and len(value) <= MAX_TEXT


def _look_item_ok(item: Any) -> bool:
    """{sku, finish?, intensity? (0..1), size?}: what a look's product was worn with."""
    if not (isinstance(item, dict) and set(item) <= _LOOK_ITEM_FIELDS):
        return False
    intensity = item.get("intensity")
    return (
        _text_ok(item.get("sku"))
        and all(item.get(k) is None or _text_ok(item[k]) for k in ("finish", "size"))
        and (
            intensity is None
            or (type(intensity) in (int, float) and 0 <= intensity <= 1)  # not bool, not NaN
        )
    )


def _value_ok(event_type: str, name: str, value: Any) -> bool:
    """Whether an allowed field holds the kind of value the sender sends for it."""
    if name == "skus":
        return isinstance(value, list) and len(value) <= MAX_ITEMS and all(map(_text_ok, value))
    if name == "items" and event_type in _LOOKS:
        return (
            isinstance(value, list) and len(value) <= MAX_ITEMS and all(map(_look_item_ok, value))
        )
    if name == "items":
        return (
            isinstance(value, list)
            and len(value) <= MAX_ITEMS
            and all(
                isinstance(i, dict)
                and set(i) <= _ITEM_FIELDS
                and _text_ok(i.get("sku"))
                and type(i.get("quantity")) is int
                for i in value
            )
        )
    if name in ("dwell_ms", "quantity", "duration_ms", "products_tried"):
        return type(value) is int
    if name == "total_cents":
        return type(value) is int and 0 <= value < 2**53
    if name == "saved":
        return type(value) is bool
    return _text_ok(value)


def allowed_data(event_type: str, data: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """(the fields this event type may carry, how many others were dropped)."""
    allowed = ALLOWED.get(event_type, frozenset())
    kept = {k: v for k, v in data.items() if k in allowed and _value_ok(event_type, k, v)}
    return kept, len(data) - len(kept)


class ConsentTimeline:
    """Each member's consent decisions in time order: was it granted at time T?"""

    def __init__(self, conn: Connection, member_ids: set[str]) -> None:
        self._times: dict[str, list[datetime]] = defaultdict(list)
        self._granted: dict[str, list[bool]] = defaultdict(list)
        if not member_ids:
            return
        c = t.consents
        rows = conn.execute(
            select(c.c.member_id, c.c.granted, c.c.decided_at)
            .where(c.c.member_id.in_(member_ids))
            .order_by(c.c.member_id, c.c.decided_at, c.c.consent_id)
        )
        for row in rows:
            # Event times arrive in whole milliseconds (RFC 3339, .123Z): compare at that
            # precision, so an event built just after a grant in the same millisecond
            # counts as after it (a kiosk only adds the id once the grant is stored).
            at = row.decided_at
            self._times[row.member_id].append(at.replace(microsecond=at.microsecond // 1000 * 1000))
            self._granted[row.member_id].append(bool(row.granted))

    def granted_at(self, member_id: str, when: datetime) -> bool:
        i = bisect.bisect_right(self._times.get(member_id, []), when)
        return i > 0 and self._granted[member_id][i - 1]


class StaffSessions:
    """The staff sessions opened on one kiosk: was this staff member signed in at time T?"""

    def __init__(
        self,
        conn: Connection,
        kiosk_id: str,
        staff_ids: set[str],
        earliest: datetime,
        latest: datetime,
    ) -> None:
        self._spans: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
        if not staff_ids:
            return
        ss = t.staff_sessions
        rows = conn.execute(
            select(ss.c.staff_id, ss.c.created_at, ss.c.expires_at, ss.c.ended_at).where(
                ss.c.kiosk_id == kiosk_id,
                ss.c.staff_id.in_(staff_ids),
                ss.c.created_at <= latest + STAFF_SKEW,
                ss.c.expires_at >= earliest - STAFF_SKEW,
            )
        )
        for row in rows:
            self._spans[row.staff_id].append((row.created_at, row.ended_at or row.expires_at))

    def signed_in(self, staff_id: str, when: datetime) -> bool:
        return any(
            begin - STAFF_SKEW <= when <= end + STAFF_SKEW
            for begin, end in self._spans.get(staff_id, ())
        )


def _row(
    event: CloudEvent,
    caller: Caller,
    now: datetime,
    member: str | None,
    data: dict[str, Any],
    staff: str | None,
) -> dict[str, Any]:
    dwell = data.get("dwell_ms")
    sku = data.get("sku")
    session = data.get("session_id")
    return {
        "source": event.source,
        "event_id": event.id,
        "type": event.type,
        "time": event.time,
        "received_at": now,
        "kiosk_id": caller.kiosk_id,
        "store_id": None if caller.role == "shop" else caller.store_id,  # not at a store
        "member_id": member,
        "staff_id": staff,
        "session_id": session if isinstance(session, str) and len(session) <= 128 else None,
        "sku": sku if isinstance(sku, str) else None,
        "dwell_ms": dwell if isinstance(dwell, int) else None,
        "redacted": member is None and "member_id" in event.data,
        # ASCII-escaped JSON: no NUL bytes or lone surrogates reach the database
        "data": json.dumps(data, ensure_ascii=True, separators=(",", ":")),
    }


def ingest(engine: Engine, batch: EventBatch, caller: Caller, now: datetime) -> EventResult:
    """Store each new event once; (accepted, duplicates, redacted, dropped_fields). 403
    for a batch with an event type that is not the caller's to post (nothing stored)."""
    require_event_types(caller, [e.type for e in batch.events])
    unique: dict[tuple[str, str], CloudEvent] = {}
    for event in batch.events:
        unique.setdefault((event.source, event.id), event)
    members = {
        e.data["member_id"] for e in unique.values() if isinstance(e.data.get("member_id"), str)
    }
    said = {
        s for e in unique.values() if isinstance(s := e.data.get("staff_id"), str) and len(s) <= 128
    }
    said |= {caller.staff_id} if caller.staff_id else set()
    times = [min(e.time, now) for e in unique.values()]
    at_mirror = caller.role != "shop"  # the shop signs its members in: no presence to check
    with write_tx(engine) as conn:
        timeline = ConsentTimeline(conn, members)
        grace = timedelta(minutes=PRESENCE_GRACE_MINUTES)
        here = present_members(conn, caller.kiosk_id, members, now, grace) if at_mirror else members
        staff = StaffSessions(conn, caller.kiosk_id, said, min(times), max(times))
        rows, redacted_keys, dropped = [], set(), {}
        kept: dict[tuple[str, str], tuple[CloudEvent, str, dict[str, Any]]] = {}
        for key, event in unique.items():
            data, dropped[key] = allowed_data(event.type, event.data)
            named = data.get("staff_id")
            who = named if isinstance(named, str) else caller.staff_id
            if who is not None and not staff.signed_in(who, min(event.time, now)):
                who = None
            member = data.get("member_id")
            if isinstance(member, str) and not (
                member in here  # at this kiosk, and consent held at receipt and at the event
                and timeline.granted_at(member, now)
                and timeline.granted_at(member, min(event.time, now))
            ):
                data.pop("member_id")
                member = None
                redacted_keys.add(key)
            if isinstance(member, str):
                kept[key] = (event, member, data)
            rows.append(_row(event, caller, now, member, data, who))
        inserted = insert_ignore(conn, t.events, rows, ["source", "event_id"])
        new_keys = {(row[0], row[1]) for row in inserted}
        effects = sorted((kept[k] for k in new_keys if k in kept), key=lambda x: x[0].time)
        for event, member, data in effects:
            _apply(conn, caller, event, member, data, now)
    return EventResult(
        accepted=len(new_keys),
        duplicates=len(batch.events) - len(new_keys),
        redacted=len(new_keys & redacted_keys),
        dropped_fields=sum(dropped[k] for k in new_keys),
    )


def _apply(
    conn: Connection,
    caller: Caller,
    event: CloudEvent,
    member: str,
    data: dict[str, Any],
    now: datetime,
) -> None:
    """What a new event recorded against a consenting member changes: their wishlist or
    their saved looks (in the same transaction as the event itself)."""
    kind, when = event.type, min(event.time, now)
    sku = data.get("sku")
    if kind == "shop.wishlist.added" and isinstance(sku, str):
        if catalog_refs.resolve(conn, [sku]):
            wishlists.add(conn, member, sku, "online", when)
    elif kind == "shop.wishlist.removed" and isinstance(sku, str):
        wishlists.remove(conn, member, sku, wished_by=when)
    elif (kind == "shop.look.tried" and data.get("saved") is True) or kind == "tryon.look.saved":
        given = data.get("look_id")
        member_looks.save(
            conn,
            look=member_looks.look_id(
                caller.kiosk_id, given if isinstance(given, str) else None, event.source, event.id
            ),
            member_id=member,
            channel="online" if kind.startswith("shop.") else "mirror",
            items=member_looks.items_from(data),
            photo_id=member_looks.kept_photo(conn, data.get("photo_id"), caller.kiosk_id, now),
            store_id=None if caller.role == "shop" else caller.store_id,
            kiosk_id=caller.kiosk_id,
            when=when,
        )


def history(conn: Connection, member_id: str) -> MemberHistory:
    e = t.events
    rows = conn.execute(
        select(e.c.sku, e.c.dwell_ms, e.c.time, e.c.store_id, e.c.kiosk_id, e.c.type)
        .where(e.c.member_id == member_id, e.c.type.in_(HISTORY_EVENT_TYPES))
        .order_by(e.c.time.desc(), e.c.event_id)
        .limit(HISTORY_LIMIT)
    ).all()
    return MemberHistory(
        member_id=member_id,
        tryons=[
            TryOn(
                sku=r.sku,
                dwell_ms=r.dwell_ms,
                time=r.time,
                store_id=r.store_id,
                kiosk_id=r.kiosk_id,
                type=r.type,
            )
            for r in rows
        ],
    )
