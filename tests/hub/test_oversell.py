"""No oversell: 200 concurrent hold attempts against 10 units give exactly 10 holds.

On SQLite (two worker processes on one file), on PostgreSQL, and on PostgreSQL with two
separate hub processes serving the same database at once. The attempts come from 100
kiosks at the store (two each: one kiosk may hold a SKU only 3 times, `holds.reserve`);
the units are counted in by a back-office credential.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from pathlib import Path

import httpx
import pytest
from sqlalchemy import func, select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.tokens import issue_token
from tests.hub_server import RunningHub, fresh_pg_schema, start_hub

ATTEMPTS, UNITS, SKU, KIOSKS = 250, 10, "TOP-004-M", 100


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def _storm(urls: list[str], tokens: list[str]) -> Counter[tuple[int, str]]:
    limits = httpx.Limits(max_connections=ATTEMPTS, max_keepalive_connections=ATTEMPTS)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        start = asyncio.Event()

        async def attempt(i: int) -> tuple[int, str]:
            await start.wait()
            response = await client.post(
                f"{urls[i % len(urls)]}/v1/reservations",
                json={"sku": SKU, "quantity": 1},
                headers={"Idempotency-Key": str(uuid.uuid4()), **_bearer(tokens[i % KIOSKS])},
            )
            body = response.json()
            return response.status_code, body.get("error", {}).get("code", body.get("status"))

        tasks = [asyncio.create_task(attempt(i)) for i in range(ATTEMPTS)]
        start.set()
        return Counter(await asyncio.gather(*tasks))


def _run_storm(hubs: list[RunningHub]) -> None:
    first = hubs[0]
    run = uuid.uuid4().hex[:8]
    office = issue_token(first.db_url, f"office-{run}", "SH-JINGAN", role="backoffice")
    tokens = [issue_token(first.db_url, f"storm-{run}-{i}", "SH-JINGAN") for i in range(KIOSKS)]
    counted = httpx.post(
        f"{first.url}/v1/movements",
        headers=_bearer(office),
        json={"movements": [{"movement_id": f"storm-{uuid.uuid4()}", "kind": "count", "sku": SKU,
                             "location_id": "SH-JINGAN", "quantity": UNITS}]},
    )  # fmt: skip
    assert counted.status_code == 200
    outcome = asyncio.run(_storm([h.url for h in hubs], tokens))
    assert outcome == {(201, "held"): UNITS, (409, "out_of_stock"): ATTEMPTS - UNITS}, outcome
    engine = make_engine(first.db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            holds = conn.execute(
                select(func.count(), func.sum(t.reservations.c.quantity)).where(
                    t.reservations.c.sku == SKU, t.reservations.c.status == "held"
                )
            ).one()
            row = conn.execute(
                select(t.stock).where(t.stock.c.sku == SKU, t.stock.c.location_id == "SH-JINGAN")
            ).one()
    finally:
        engine.dispose()
    assert tuple(holds) == (UNITS, UNITS)
    assert (row.on_hand, row.reserved) == (UNITS, UNITS)


@pytest.mark.slow
def test_no_oversell_on_sqlite_with_two_workers(tmp_path: Path) -> None:
    with start_hub(tmp_path, extra_args=["--workers", "2"]) as hub:
        _run_storm([hub])


def test_no_oversell_on_postgresql(pg_hub: RunningHub) -> None:
    _run_storm([pg_hub])


@pytest.mark.slow
def test_no_oversell_with_two_hub_processes_on_one_postgresql(tmp_path: Path, pg_base: str) -> None:
    with (
        fresh_pg_schema(pg_base) as url,
        start_hub(tmp_path, url) as one,
        start_hub(tmp_path, url) as two,
    ):
        assert one.proc is not None and two.proc is not None
        assert one.proc.pid != two.proc.pid and one.url != two.url
        _run_storm([one, two])  # the tokens work on both: the same database
