"""Try-on records: CloudEvents stored once each (idempotent by source and id).

Defence in depth for consent: an event that names a member who had no granted consent
at the event's time is stored without the member id (and counted), whatever the kiosk
sent. The kiosk should never send one; the hub makes sure it cannot matter.
"""

from __future__ import annotations

import bisect
import json
from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, select

from kiosk.hub import tables as t
from kiosk.hub.auth import Caller
from kiosk.hub.db import write_tx
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


def _row(
    event: CloudEvent, caller: Caller, now: datetime, member: str | None, data: dict[str, Any]
) -> dict[str, Any]:
    dwell = data.get("dwell_ms")
    sku = data.get("sku")
    return {
        "source": event.source,
        "event_id": event.id,
        "type": event.type,
        "time": event.time,
        "received_at": now,
        "kiosk_id": caller.kiosk_id,
        "store_id": caller.store_id,
        "member_id": member,
        "sku": sku if isinstance(sku, str) else None,
        "dwell_ms": dwell if isinstance(dwell, int) else None,
        "redacted": member is None and "member_id" in event.data,
        # ASCII-escaped JSON: no NUL bytes or lone surrogates reach the database
        "data": json.dumps(data, ensure_ascii=True, separators=(",", ":")),
    }


def ingest(engine: Engine, batch: EventBatch, caller: Caller, now: datetime) -> EventResult:
    """Store each new event once; (accepted, duplicates, redacted)."""
    unique: dict[tuple[str, str], CloudEvent] = {}
    for event in batch.events:
        unique.setdefault((event.source, event.id), event)
    members = {
        e.data["member_id"] for e in unique.values() if isinstance(e.data.get("member_id"), str)
    }
    with write_tx(engine) as conn:
        timeline = ConsentTimeline(conn, members)
        rows, redacted_keys = [], set()
        for key, event in unique.items():
            data = dict(event.data)
            member = data.get("member_id")
            if isinstance(member, str) and not timeline.granted_at(member, event.time):
                data.pop("member_id")
                member = None
                redacted_keys.add(key)
            rows.append(_row(event, caller, now, member, data))
        inserted = insert_ignore(conn, t.events, rows, ["source", "event_id"])
    new_keys = {(row[0], row[1]) for row in inserted}
    return EventResult(
        accepted=len(new_keys),
        duplicates=len(batch.events) - len(new_keys),
        redacted=len(new_keys & redacted_keys),
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
