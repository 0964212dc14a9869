"""Retention: what the hub no longer needs is deleted, `retention_days` (30) after it ended.

Run by the periodic sweep (kiosk.hub.main). Kept until then, so a late visit hears
"expired" rather than "unknown" and an audit can look back a month: hand-offs and their
scan rows (by expiry / scan time), closed reservations (cancelled, collected, expired: by
`closed_at`), staff sessions, member presence and member codes (by expiry). Deleted in
small batches, one short write transaction each, so a sweep never holds SQLite's write
lock for long; what a sweep leaves over (more than `MAX_BATCHES` batches) goes next time.
Try-on records (events) are kept longer, `event_retention_days` (400) from their arrival,
for year-on-year dashboards. Shoppers' photos have their own rule (kiosk.hub.photos).
Lookbooks: an anonymous one's looks are emptied when its link expires, a deleted one's at
once; the row goes `retention_days` after either (a member's is kept until deleted).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Column, ColumnElement, Engine, Table, delete, select, tuple_

from kiosk.hub import lookbooks
from kiosk.hub import tables as t
from kiosk.hub.db import write_tx

BATCH = 500
MAX_BATCHES = 20  # per kind and sweep


def prune(
    engine: Engine, now: datetime, retention_days: int, event_retention_days: int | None = None
) -> dict[str, int]:
    """Delete what ended more than `retention_days` before `now`, and try-on records that
    arrived more than `event_retention_days` before it (None: kept); counts by table."""
    cutoff = now - timedelta(days=retention_days)
    r, lb = t.reservations, t.lookbooks
    done = {
        "lookbooks_emptied": lookbooks.empty_expired(engine, now),
        "lookbooks": _delete(
            engine, lb, lb.c.lookbook_id, (lb.c.expires_at < cutoff) | (lb.c.deleted_at < cutoff)
        ),
        "handoff_scans": _delete(
            engine, t.handoff_scans, t.handoff_scans.c.scan_id,
            t.handoff_scans.c.scanned_at < cutoff,
        ),
        "handoffs": _delete_handoffs(engine, cutoff),
        "reservations": _delete(
            engine, r, r.c.reservation_id, (r.c.status != "held") & (r.c.closed_at < cutoff)
        ),
        "staff_sessions": _delete(
            engine, t.staff_sessions, t.staff_sessions.c.session_hash,
            t.staff_sessions.c.expires_at < cutoff,
        ),
        "member_presence": _delete(
            engine, t.member_presence, t.member_presence.c.presence_id,
            t.member_presence.c.expires_at < cutoff,
        ),
        "member_codes": _delete(
            engine, t.member_codes, t.member_codes.c.code_hash,
            t.member_codes.c.expires_at < cutoff,
        ),
    }  # fmt: skip
    if event_retention_days is not None:
        done["events"] = _delete_events(engine, now - timedelta(days=event_retention_days))
    return {name: n for name, n in done.items() if n}


def _delete_events(engine: Engine, cutoff: datetime) -> int:
    """Try-on records that arrived before `cutoff` (keyed by source and id together)."""
    e = t.events
    total = 0
    for _ in range(MAX_BATCHES):
        with write_tx(engine) as conn:
            keys = [
                (row.source, row.event_id)
                for row in conn.execute(
                    select(e.c.source, e.c.event_id).where(e.c.received_at < cutoff).limit(BATCH)
                )
            ]
            if keys:
                conn.execute(delete(e).where(tuple_(e.c.source, e.c.event_id).in_(keys)))
        total += len(keys)
        if len(keys) < BATCH:
            break
    return total


def _delete(engine: Engine, table: Table, key: Column[object], old: ColumnElement[bool]) -> int:
    total = 0
    for _ in range(MAX_BATCHES):
        with write_tx(engine) as conn:
            keys = list(conn.execute(select(key).where(old).limit(BATCH)).scalars())
            if keys:
                conn.execute(delete(table).where(key.in_(keys)))
        total += len(keys)
        if len(keys) < BATCH:
            break
    return total


def _delete_handoffs(engine: Engine, cutoff: datetime) -> int:
    """Expired hand-offs with whatever scan rows they still have."""
    h, s = t.handoffs, t.handoff_scans
    total = 0
    for _ in range(MAX_BATCHES):
        with write_tx(engine) as conn:
            codes = list(
                conn.execute(select(h.c.code).where(h.c.expires_at < cutoff).limit(BATCH)).scalars()
            )
            if codes:
                conn.execute(delete(s).where(s.c.code.in_(codes)))
                conn.execute(delete(h).where(h.c.code.in_(codes)))
        total += len(codes)
        if len(codes) < BATCH:
            break
    return total
