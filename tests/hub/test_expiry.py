"""Holds expire and give their units back: lazily on read, and by the periodic sweep.

The hub runs in this process under uvicorn on a loopback port with a clock the test moves,
so no test waits for wall-clock time.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from tests.hub_credentials import mover
from tests.hub_server import FakeClock, InProcessHub, serve_in_thread


def _setup(hub: InProcessHub, sku: str, units: int) -> httpx.Client:
    client = httpx.Client(base_url=hub.url, headers=hub.headers, timeout=30)
    body = {"movements": [{"movement_id": f"c-{uuid.uuid4()}", "kind": "count", "sku": sku,
                           "location_id": "SH-JINGAN", "quantity": units}]}  # fmt: skip
    counted = client.post("/v1/movements", json=body, headers=mover(hub.db_url, "count"))
    assert counted.status_code == 200, counted.text
    return client


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
    client = _setup(timed_hub, "LIP-015", 3)
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
    client = _setup(timed_hub, "LIP-016", 2)
    held = _hold(client, "LIP-016", 2, minutes=30)
    timed_hub.clock.advance(minutes=31)
    assert client.get(f"/v1/reservations/{held['reservation_id']}").json()["status"] == "expired"
    engine = make_engine(timed_hub.db_url, pool_size=1)
    with engine.connect() as conn:
        row = conn.execute(select(t.stock.c.reserved).where(t.stock.c.sku == "LIP-016",
                           t.stock.c.location_id == "SH-JINGAN")).one()  # fmt: skip
    engine.dispose()
    assert row.reserved == 0


def test_expired_units_can_be_held_again(timed_hub: InProcessHub) -> None:
    client = _setup(timed_hub, "LIP-017", 1)
    _hold(client, "LIP-017", 1, minutes=5)
    timed_hub.clock.advance(minutes=6)
    _hold(client, "LIP-017", 1, minutes=5)  # the expired hold is released first


@pytest.fixture
def sweeping_hub(tmp_path: Path, clock: FakeClock) -> Iterator[InProcessHub]:
    yield from serve_in_thread(tmp_path, clock, sweep_seconds=0.05)


def test_the_sweep_releases_without_any_read(sweeping_hub: InProcessHub) -> None:
    client = _setup(sweeping_hub, "LIP-018", 4)
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
