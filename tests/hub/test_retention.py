"""Retention: scan rows are capped per code (and none for unknown codes), and what ended
more than `retention_days` ago is pruned: scan rows, expired hand-offs, closed
reservations, staff sessions, member presence and member codes. Driven by the hub's clock."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import httpx
from sqlalchemy import func, insert, select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.retention import prune
from tests.helpers import eventually
from tests.hub_server import FakeClock, InProcessHub, serve_in_thread

CART = {"items": [{"sku": "LIP-001", "quantity": 1}], "session_id": "s-ret"}


def _count(db_url: str, table: object, *where: object) -> int:
    engine = make_engine(db_url, pool_size=1)
    with engine.connect() as conn:
        query = select(func.count()).select_from(table)  # type: ignore[arg-type]
        n = int(conn.execute(query.where(*where)).scalar_one())  # type: ignore[arg-type]
    engine.dispose()
    return n


def test_scan_rows_are_capped_per_code_and_none_for_unknown_codes(
    timed_hub: InProcessHub,
) -> None:
    with httpx.Client(base_url=timed_hub.url, headers=timed_hub.headers) as client:
        code = client.post("/v1/handoffs", json=CART).json()["code"]
        for _ in range(60):
            assert client.get(f"/h/{code}").status_code == 302
        timed_hub.clock.advance(minutes=31)  # expired: still counted, still capped
        for _ in range(5):
            assert client.get(f"/h/{code}").status_code == 410
        for _ in range(20):
            assert client.get("/h/AAAAAAAAAAAAA").status_code == 404
    scans = t.handoff_scans
    assert _count(timed_hub.db_url, scans, scans.c.code == code) == 50
    assert _count(timed_hub.db_url, scans, scans.c.code != code) == 0
    engine = make_engine(timed_hub.db_url, pool_size=1)
    with engine.connect() as conn:
        row = conn.execute(select(t.handoffs).where(t.handoffs.c.code == code)).one()
    engine.dispose()
    assert row.scans == 65


def test_prune_keeps_what_is_recent_and_drops_what_ended_long_ago(
    timed_hub: InProcessHub,
) -> None:
    clock, url = timed_hub.clock, timed_hub.db_url
    with httpx.Client(base_url=timed_hub.url, headers=timed_hub.headers) as client:

        def handoff_scanned() -> str:
            code = str(client.post("/v1/handoffs", json=CART).json()["code"])
            assert client.get(f"/h/{code}").status_code == 302
            return code

        def hold_cancelled() -> str:
            held = client.post(
                "/v1/reservations",
                json={"sku": "LIP-001", "quantity": 1},
                headers={"Idempotency-Key": str(uuid.uuid4())},
            ).json()
            rid = str(held["reservation_id"])
            assert client.post(f"/v1/reservations/{rid}/cancel").status_code == 200
            return rid

        old_code, old_hold = handoff_scanned(), hold_cancelled()
        live = client.post(
            "/v1/reservations",
            json={"sku": "LIP-001", "quantity": 1, "hold_minutes": 2880},
            headers={"Idempotency-Key": str(uuid.uuid4())},
        ).json()["reservation_id"]
        _personal_rows(url, clock(), "old")
        clock.advance(days=31)
        new_code, new_hold = handoff_scanned(), hold_cancelled()
        _personal_rows(url, clock(), "new")

    engine = make_engine(url, pool_size=1)
    try:
        pruned = prune(engine, clock(), retention_days=30)
    finally:
        engine.dispose()
    # The demo seed's expired member code stays: it expired an hour before the (real) seeding
    # time, after this fake clock's 2025, so the demo's "expired code" case survives sweeps.
    assert pruned == {
        "handoff_scans": 1,
        "handoffs": 1,
        "reservations": 1,
        "staff_sessions": 1,
        "member_presence": 1,
        "member_codes": 1,
    }
    h, r = t.handoffs, t.reservations
    assert _count(url, h, h.c.code == old_code) == 0
    assert _count(url, h, h.c.code == new_code) == 1
    assert _count(url, t.handoff_scans) == 1
    assert _count(url, r, r.c.reservation_id == old_hold) == 0
    assert _count(url, r, r.c.reservation_id == new_hold) == 1
    # The long hold expired 2 days in; released by the clock-driven read or the sweep,
    # it closed 29 days ago or is still held: either way it stays.
    assert _count(url, r, r.c.reservation_id == live) == 1
    for table in (t.staff_sessions, t.member_presence):
        assert _count(url, table) == 1, table.name
    codes = t.member_codes.c.code_hash
    assert _count(url, t.member_codes, codes == f"{'old':1>64}") == 0
    assert _count(url, t.member_codes, codes == f"{'new':1>64}") == 1


def _personal_rows(db_url: str, now: object, tag: str) -> None:
    """A staff session, a presence and a member code that expire within the hour."""
    from datetime import datetime

    assert isinstance(now, datetime)
    soon = now + timedelta(hours=1)
    engine = make_engine(db_url, pool_size=1)
    with write_tx(engine) as conn:
        staff_id = conn.execute(select(t.staff.c.staff_id).limit(1)).scalar_one()
        member_id = conn.execute(select(t.members.c.member_id).limit(1)).scalar_one()
        conn.execute(
            insert(t.staff_sessions).values(
                session_hash=f"{tag:0>64}",
                staff_id=staff_id,
                store_id="SH-JINGAN",
                kiosk_id="clock-kiosk",
                created_at=now,
                expires_at=soon,
            )
        )
        conn.execute(
            insert(t.member_presence).values(
                member_id=member_id, kiosk_id="clock-kiosk", created_at=now, expires_at=soon
            )
        )
        conn.execute(
            insert(t.member_codes).values(
                code_hash=f"{tag:1>64}", member_id=member_id, created_at=now, expires_at=soon
            )
        )
    engine.dispose()


def test_try_on_records_are_kept_their_own_longer_time(tmp_path: Path) -> None:
    """Events go `event_retention_days` after they arrived, in batches, the rest stay."""
    clock = FakeClock()
    for hub in serve_in_thread(tmp_path, clock):
        engine = make_engine(hub.db_url, pool_size=1)
        try:
            old, new = clock() - timedelta(days=401), clock() - timedelta(days=399)
            with write_tx(engine) as conn:
                for i, when in enumerate([old] * 3 + [new] * 2):
                    conn.execute(
                        insert(t.events).values(
                            source="urn:kiosk:ret", event_id=f"e{i}", type="tryon.viewed",
                            time=when, received_at=when, kiosk_id="ret", data="{}",
                        )
                    )  # fmt: skip
            assert prune(engine, clock(), 30) == {}  # no event retention given: all kept
            assert prune(engine, clock(), 30, event_retention_days=400) == {"events": 3}
        finally:
            engine.dispose()
        ids = {row for row in _event_ids(hub.db_url)}
        assert ids == {"e3", "e4"}


def _event_ids(db_url: str) -> list[str]:
    engine = make_engine(db_url, pool_size=1)
    with engine.connect() as conn:
        found = list(conn.execute(select(t.events.c.event_id)).scalars())
    engine.dispose()
    return found


def test_the_periodic_sweep_prunes(tmp_path: Path) -> None:
    clock = FakeClock()
    for hub in serve_in_thread(tmp_path, clock, sweep_seconds=0.2, retention_days=1):
        with httpx.Client(base_url=hub.url, headers=hub.headers) as client:
            code = client.post("/v1/handoffs", json=CART).json()["code"]
        h = t.handoffs
        assert _count(hub.db_url, h, h.c.code == code) == 1
        clock.advance(days=2)
        gone = h.c.code == code
        eventually(
            lambda url=hub.db_url, gone=gone: _count(url, t.handoffs, gone) == 0,  # type: ignore[misc]
            "the sweep pruned the old hand-off",
            timeout=20,
        )
