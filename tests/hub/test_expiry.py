"""Holds expire and give their units back: lazily on read, and by the periodic sweep.

The hub runs in this process under uvicorn on a loopback port with a clock the test moves,
so no test waits for wall-clock time.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from tests.hub_credentials import mover
from tests.hub_server import FakeClock, InProcessHub, serve_in_thread


@contextlib.contextmanager
def _setup(hub: InProcessHub, sku: str, units: int) -> Iterator[httpx.Client]:
    """A kiosk client (closed after the test) with `units` of `sku` counted in."""
    with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=30) as client:
        body = {"movements": [{"movement_id": f"c-{uuid.uuid4()}", "kind": "count", "sku": sku,
                               "location_id": "SH-JINGAN", "quantity": units}]}  # fmt: skip
        counted = client.post("/v1/movements", json=body, headers=mover(hub.db_url, "count"))
        assert counted.status_code == 200, counted.text
        yield client


def _available(client: httpx.Client, sku: str) -> int:
    return int(client.get(f"/v1/stock/{sku}").json()["channels"][0]["available"])


def _hold(client: httpx.Client, sku: str, n: int, minutes: int) -> dict[str, str]:
    response = client.post(
        "/v1/reservations",
        json={"sku": sku, "quantity": n, "hold_minutes": minutes},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_expired_hold_is_released_when_stock_is_read(timed_hub: InProcessHub) -> None:
    with _setup(timed_hub, "LIP-015", 3) as client:
        held = _hold(client, "LIP-015", 3, minutes=5)
        assert _available(client, "LIP-015") == 0
        timed_hub.clock.advance(minutes=4, seconds=59)
        assert _available(client, "LIP-015") == 0
        timed_hub.clock.advance(seconds=1)
        assert _available(client, "LIP-015") == 3
        read = client.get(f"/v1/reservations/{held['reservation_id']}").json()
        assert read["status"] == "expired"
        cancel = client.post(f"/v1/reservations/{held['reservation_id']}/cancel")
        assert cancel.status_code == 409 and "expired" in cancel.json()["error"]["message"]
        assert _available(client, "LIP-015") == 3  # released once, not twice


def test_expired_hold_is_released_when_the_reservation_is_read(timed_hub: InProcessHub) -> None:
    with _setup(timed_hub, "LIP-016", 2) as client:
        held = _hold(client, "LIP-016", 2, minutes=30)
        timed_hub.clock.advance(minutes=31)
        assert (
            client.get(f"/v1/reservations/{held['reservation_id']}").json()["status"] == "expired"
        )
        engine = make_engine(timed_hub.db_url, pool_size=1)
        with engine.connect() as conn:
            row = conn.execute(select(t.stock.c.reserved).where(t.stock.c.sku == "LIP-016",
                               t.stock.c.location_id == "SH-JINGAN")).one()  # fmt: skip
        engine.dispose()
        assert row.reserved == 0


def test_expired_units_can_be_held_again(timed_hub: InProcessHub) -> None:
    with _setup(timed_hub, "LIP-017", 1) as client:
        _hold(client, "LIP-017", 1, minutes=5)
        timed_hub.clock.advance(minutes=6)
        _hold(client, "LIP-017", 1, minutes=5)  # the expired hold is released first


@pytest.fixture
def sweeping_hub(tmp_path: Path, clock: FakeClock) -> Iterator[InProcessHub]:
    yield from serve_in_thread(tmp_path, clock, sweep_seconds=0.05)


def test_the_sweep_releases_without_any_read(sweeping_hub: InProcessHub) -> None:
    with _setup(sweeping_hub, "LIP-018", 4) as client:
        held = _hold(client, "LIP-018", 4, minutes=5)
        sweeping_hub.clock.advance(minutes=10)
        engine = make_engine(sweeping_hub.db_url, pool_size=1)
        r = t.reservations
        deadline = time.monotonic() + 20
        status = "held"
        while status == "held" and time.monotonic() < deadline:  # the sweep runs on its own
            with engine.connect() as conn:
                status = conn.execute(
                    select(r.c.status).where(r.c.reservation_id == held["reservation_id"])
                ).scalar_one()
            time.sleep(0.02)
        with engine.connect() as conn:
            reserved = conn.execute(select(t.stock.c.reserved).where(t.stock.c.sku == "LIP-018",
                                    t.stock.c.location_id == "SH-JINGAN")).scalar_one()  # fmt: skip
        engine.dispose()
        assert status == "expired" and reserved == 0


def test_a_stopping_hub_waits_for_the_sweep_in_flight_before_closing_its_pool(
    tmp_path: Path,
) -> None:
    """The sweep runs on a worker thread that cancelling cannot stop: a hub that disposed its
    pool under it left that connection open for ever (psycopg's "deleted while still open").
    Here a hold has expired and another process holds the write lock, so the sweep that
    would release it waits in flight while the hub stops; the lock goes half a second later."""
    from kiosk.hub.main import create_app
    from kiosk.hub.settings import HubSettings

    db = tmp_path / "hub.sqlite3"
    settings = HubSettings(db_url=f"sqlite:///{db}", sweep_seconds=0.02, db_write_timeout_s=10)
    app = create_app(settings)
    expired = (
        "INSERT INTO reservations (reservation_id, sku, location_id, quantity, pickup_code,"
        " status, created_at, expires_at, kiosk_id, idempotency_key, request_hash, at_risk)"
        " VALUES ('r-1', 'LIP-001', 'SH-JINGAN', 1, 'AB12CD34', 'held', '2020-01-01 00:00:00',"
        " '2020-01-01 00:05:00', 'k', 'i', 'h', 0)"
    )

    async def run_and_stop() -> Any:
        async with app.router.lifespan_context(app):
            pool = app.state.hub.engine.pool
            locker = sqlite3.connect(db, isolation_level=None)
            locker.execute("BEGIN IMMEDIATE")
            locker.execute(expired)
            locker.execute("COMMIT")
            locker.execute("BEGIN IMMEDIATE")  # the write lock, until the rollback
            await asyncio.sleep(0.3)  # a sweep has found the hold and waits for the lock
            assert pool.checkedout() == 1
            asyncio.get_running_loop().call_later(0.5, locker.rollback)
        locker.close()
        return pool

    pool = asyncio.run(run_and_stop())
    assert pool.checkedout() == 0
