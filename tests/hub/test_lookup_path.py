"""The stock lookup's fast path says exactly what the slow one did: prebuilt statements on
the DBAPI cursor give the rows `Connection.execute` gives, the report's JSON and ETag are
`StockReport`'s byte for byte (SQLite and PostgreSQL), and a lookup whose database is
locked leaves the event loop for a handler thread instead of stalling it."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import pytest
from sqlalchemy import Engine, update

from kiosk.hub import tables as t
from kiosk.hub.auth import _STAFF, _TOKEN, read_on_loop_or_thread
from kiosk.hub.context import Hub
from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.metrics import Metrics
from kiosk.hub.migrate import prepare_database
from kiosk.hub.prepared import Prepared
from kiosk.hub.settings import HubSettings
from kiosk.hub.stock import _PRICES, _ROWS, etag, read_stock, report_json
from kiosk.hub.tokens import _insert_token, hash_token
from kiosk.storeapi.contract import StockReport
from tests.hub_server import REPO, fresh_pg_schema, pg_url

DEMO = json.loads((REPO / "assets" / "store" / "demo.json").read_text(encoding="utf-8"))
SKUS = sorted({row["sku"] for row in DEMO["stock"]})
STORES = [loc["location_id"] for loc in DEMO["locations"] if loc["kind"] == "store"]
NOW = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'hub.sqlite3'}")
        prepare_database(eng, "demo")
        yield eng
        eng.dispose()
        return
    with fresh_pg_schema(pg_url()) as url:
        eng = make_engine(url)
        prepare_database(eng, "demo")
        yield eng
        eng.dispose()


def test_prepared_statements_read_what_connection_execute_reads(engine: Engine) -> None:
    with write_tx(engine) as conn:
        live = _insert_token(conn, "k-live", None, NOW, "kiosk", NOW + timedelta(days=1))
        gone = _insert_token(conn, "k-gone", "SH-XINTIANDI", NOW, "pos")
        conn.execute(update(t.tokens).where(t.tokens.c.kiosk_id == "k-gone").values(revoked_at=NOW))
    cases = [
        (_TOKEN, {"token_hash": hash_token(live)}),
        (_TOKEN, {"token_hash": hash_token(gone)}),
        (_TOKEN, {"token_hash": "0" * 64}),
        (_STAFF, {"session_hash": "0" * 64, "kiosk_id": "k-live", "now": NOW}),
        *((_PRICES, {"sku": sku, "now": NOW}) for sku in ("LIP-001", "TOP-001-M", "NOPE")),
        *((_ROWS, {"sku": sku}) for sku in ("LIP-001", "JKT-001-L", "NOPE")),
    ]
    stamps = 0
    with engine.connect() as conn:
        for statement, params in cases:
            expected = [tuple(row) for row in conn.execute(statement, params).all()]
            got = [tuple(row) for row in Prepared(statement).all(conn, params)]
            assert got == expected, (statement, params)
            for value in (v for row in got for v in row if isinstance(v, datetime)):
                assert value.tzinfo is not None  # UTCDateTime reads back aware
                stamps += 1
    assert stamps >= 10  # expiry, revocation and updated_at went through the processors


def test_the_lookup_json_and_etag_are_the_contract_models(engine: Engine) -> None:
    with engine.connect() as conn:
        for store in STORES:
            for sku in SKUS:
                report = read_stock(conn, sku, store, NOW, 50.0, 5)
                assert report is not None
                tag, body = report_json(report)
                model = StockReport.model_validate(report)
                assert body == model.model_dump_json().encode(), (store, sku)
                assert tag == etag(model)


def test_a_locked_database_sends_the_lookup_to_a_thread_and_the_loop_runs_on(
    tmp_path: Path,
) -> None:
    """Another connection holds SQLite's lock (exclusive locking mode) for 0.6 s. The
    lookup may not wait for it on the event loop: it goes to a handler thread, which waits
    and then answers, while the loop keeps ticking; later lookups stay off the loop until
    the pause ends. (With the loop's read waiting as a thread's does, the ticker stops.)"""
    db = tmp_path / "hub.sqlite3"
    engine = make_engine(f"sqlite:///{db}")
    prepare_database(engine, "demo")
    with write_tx(engine) as conn:
        token = _insert_token(conn, "k1", "SH-JINGAN", NOW)
    engine.dispose()  # no connection open: the locker can take the file for itself

    locker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    locker.executescript("PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE;")

    def release() -> None:
        locker.execute("COMMIT")
        locker.close()  # exclusive locking mode keeps the lock until the connection closes

    unlock = threading.Timer(0.6, release)

    settings = HubSettings(db_url=f"sqlite:///{db}")
    hub = Hub(settings, make_engine(settings.db_url), Metrics(), anyio.Semaphore(4))
    where: list[bool] = []

    def work(conn: object, caller: object, on_loop: bool) -> dict[str, object] | None:
        where.append(on_loop)
        return read_stock(conn, "LIP-001", "SH-JINGAN", NOW, 50.0, 5)  # type: ignore[arg-type]

    async def main() -> tuple[float, dict[str, object] | None]:
        gaps: list[float] = []

        async def tick() -> None:
            last = time.perf_counter()
            while True:
                await asyncio.sleep(0.01)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0.05)
        unlock.start()
        report = await read_on_loop_or_thread(hub, token, None, work)
        ticker.cancel()
        return max(gaps), report

    try:
        longest_gap, report = asyncio.run(main())
        assert report is not None and report["store_id"] == "SH-JINGAN"
        assert where == [False]  # the loop's read failed at once; the thread's was served
        assert longest_gap < 0.3
        assert asyncio.run(read_on_loop_or_thread(hub, token, None, work)) is not None
        assert where == [False, False]  # paused: still in threads
    finally:
        unlock.cancel()
        if unlock.ident is not None:
            unlock.join()
        hub.engine.dispose()
