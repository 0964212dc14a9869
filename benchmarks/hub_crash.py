"""kill -9 in the middle of a burst of holds and till sales, then the clients' retries:
nothing lost, nothing doubled.

A real hub process (SQLite, or PostgreSQL with --db) takes concurrent holds from many kiosk
tokens (each with its Idempotency-Key) and sales from a till (each with its movement id).
Partway through, the hub is killed with SIGKILL; it is started again on the same database
and every client retries every request it made, as the kiosk and a POS integration do
after a lost answer. Then the database must agree with itself: each key made at most one
hold, each movement id was applied once, `reserved` equals the units of the holds still
held, `on_hand` equals the count less the sales applied, and nothing is promised beyond
stock. Prints the figures; exits 1 if any check fails.

    .venv/bin/python benchmarks/hub_crash.py [--rounds 3] [--db postgresql://...]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from sqlalchemy import func, select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.tokens import issue_token
from tests.hub_server import RunningHub, fresh_pg_schema, start_hub

STORE, SKUS, UNITS, KIOSKS, HOLDS, SALES = "SH-JINGAN", ("TOP-004-S", "TOP-004-L"), 60, 60, 240, 120


Job = tuple[str, dict[str, str], dict[str, object]]


async def _burst(url: str, jobs: list[Job], answers: list[int] | None = None) -> int:
    """Send every job at once; how many got an answer (the rest died with the hub).
    `answers` gets a 1 per answer as it arrives (for whoever waits to pull the plug)."""
    limits = httpx.Limits(max_connections=len(jobs))
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:

        async def one(path: str, headers: dict[str, str], body: dict[str, object]) -> bool:
            try:
                response = await client.post(path, json=body, headers=headers)
            except httpx.HTTPError:
                return False
            if answers is not None:
                answers.append(1)
            return response.status_code < 500

        done = await asyncio.gather(*(one(*job) for job in jobs))
    return sum(done)


def _jobs(db_url: str, run: str) -> list[Job]:
    kiosks = [issue_token(db_url, f"crash-{run}-{i}", STORE) for i in range(KIOSKS)]
    till = issue_token(db_url, f"till-{run}", STORE, role="pos")
    jobs: list[Job] = []
    for i in range(HOLDS):
        headers = {"Authorization": f"Bearer {kiosks[i % KIOSKS]}", "Idempotency-Key": f"k{i}"}
        jobs.append(("/v1/reservations", headers, {"sku": SKUS[i % 2], "quantity": 1}))
    for i in range(SALES):
        move = {"movement_id": f"sale-{run}-{i}", "kind": "pos_sale", "sku": SKUS[i % 2],
                "location_id": STORE, "quantity": 1}  # fmt: skip
        jobs.append(("/v1/movements", {"Authorization": f"Bearer {till}"}, {"movements": [move]}))
    return jobs


def _check(db_url: str, run: str) -> list[str]:
    engine = make_engine(db_url, pool_size=1)
    problems: list[str] = []
    try:
        with engine.connect() as conn:
            r, m, s = t.reservations, t.movements, t.stock
            for sku in SKUS:
                held = conn.execute(
                    select(func.coalesce(func.sum(r.c.quantity), 0)).where(
                        r.c.sku == sku, r.c.location_id == STORE, r.c.status == "held"
                    )
                ).scalar_one()
                sold = conn.execute(
                    select(func.coalesce(func.sum(m.c.quantity), 0)).where(
                        m.c.sku == sku,
                        m.c.kind == "pos_sale",
                        m.c.movement_id.like(f"sale-{run}-%"),
                    )
                ).scalar_one()
                row = conn.execute(
                    select(s.c.on_hand, s.c.reserved).where(
                        s.c.sku == sku, s.c.location_id == STORE
                    )
                ).one()
                if row.reserved != held:
                    problems.append(f"{sku}: reserved {row.reserved} but holds held {held}")
                if row.on_hand != max(0, UNITS - sold):
                    problems.append(f"{sku}: on hand {row.on_hand}, expected {UNITS} - {sold}")
            keys = conn.execute(
                select(r.c.kiosk_id, r.c.idempotency_key, func.count())
                .where(r.c.kiosk_id.like(f"crash-{run}-%"))
                .group_by(r.c.kiosk_id, r.c.idempotency_key)
                .having(func.count() > 1)
            ).all()
            if keys:
                problems.append(f"{len(keys)} idempotency keys made more than one hold")
    finally:
        engine.dispose()
    return problems


def _counted(hub: RunningHub, run: str) -> None:
    office = issue_token(hub.db_url, f"office-{run}", STORE, role="backoffice")
    for sku in SKUS:
        move = {"movement_id": f"count-{run}-{sku}", "kind": "count", "sku": sku,
                "location_id": STORE, "quantity": UNITS}  # fmt: skip
        httpx.post(f"{hub.url}/v1/movements", json={"movements": [move]},
                   headers={"Authorization": f"Bearer {office}"}).raise_for_status()  # fmt: skip


async def _burst_then_kill(hub: RunningHub, jobs: list[Job], share: float) -> int:
    """The burst, and SIGKILL for the hub once `share` of it has been answered."""
    answers: list[int] = []
    task = asyncio.create_task(_burst(hub.url, jobs, answers))
    while len(answers) < share * len(jobs) and not task.done():
        await asyncio.sleep(0.002)
    hub.kill()
    return await task


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--db", help="postgresql://... (default: SQLite in a temporary dir)")
    parser.add_argument(
        "--kill-at", type=float, default=0.2, help="the share of answers received at the kill"
    )
    args = parser.parse_args()
    failures = 0
    for round_no in range(args.rounds):
        run = uuid.uuid4().hex[:6]
        with contextlib.ExitStack() as stack:
            tmp = stack.enter_context(tempfile.TemporaryDirectory())
            db = stack.enter_context(fresh_pg_schema(args.db)) if args.db else None
            hub = stack.enter_context(start_hub(Path(tmp), db))
            _counted(hub, run)
            jobs = _jobs(hub.db_url, run)
            t0 = time.perf_counter()
            answered = asyncio.run(_burst_then_kill(hub, jobs, args.kill_at))
            hub.start()
            retried = asyncio.run(_burst(hub.url, jobs))
            problems = _check(hub.db_url, run)
            failures += bool(problems)
            print(
                f"round {round_no + 1}: {len(jobs)} requests, {answered} answered before "
                f"kill -9, {retried} answered on retry "
                f"({time.perf_counter() - t0:.1f} s): "
                + ("consistent (0 lost, 0 doubled)" if not problems else "; ".join(problems))
            )
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
