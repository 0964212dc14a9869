"""Stock lookups under load: 50 concurrent clients against a real hub process on loopback.

    .venv/bin/python benchmarks/hub_load.py                 # SQLite (+ PostgreSQL if
    .venv/bin/python benchmarks/hub_load.py --pg URL        #  KIOSK_TEST_PG_URL or --pg)

Two modes per configuration:
- closed: each client sends its next request as soon as the last answer arrives, so the
  figure is the hub's saturation throughput (latency then is mostly queueing:
  latency ~= clients / throughput).
- paced: the clients together offer a fixed rate (default 500 lookups/s, 10/s per kiosk,
  far above what kiosks really ask); latency is measured from each request's scheduled
  time, so a stalled hub cannot hide its queue (no coordinated omission).
The load generator speaks raw HTTP/1.1 keep-alive on asyncio so that it costs the shared
2-core machine as little CPU as possible; it still runs on the same cores as the hub.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.hub_lookups import Conn  # noqa: E402  (its one keep-alive HTTP/1.1 reader)
from tests.hub_server import fresh_pg_schema, start_hub  # noqa: E402


@dataclass
class Result:
    label: str
    mode: str
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    seconds: float = 0.0

    def row(self) -> str:
        lat = sorted(self.latencies)
        n = len(lat)
        if not n:
            return f"| {self.label} | {self.mode} | 0 | {self.errors} | - | - | - | - |"
        p = lambda q: lat[min(n - 1, int(q * n))] * 1000  # noqa: E731
        return (
            f"| {self.label} | {self.mode} | {n} | {self.errors} | {n / self.seconds:,.0f} "
            f"| {p(0.5):.1f} | {p(0.95):.1f} | {p(0.99):.1f} |"
        )


async def _client(
    host: str,
    port: int,
    requests: list[bytes],
    start: float,
    stop: float,
    rate: float | None,
    offset: int,
    result: Result,
) -> None:
    conn = Conn(*await asyncio.open_connection(host, port))
    i = offset
    scheduled = start + (offset % 97) / 97 / rate if rate else start
    try:
        while True:
            now = time.perf_counter()
            if rate:
                if scheduled > now:
                    await asyncio.sleep(scheduled - now)
                t0 = scheduled
                scheduled += 1.0 / rate
            else:
                t0 = now
            if t0 >= stop:
                return
            status = await conn.get(requests[i % len(requests)])
            i += 1
            done = time.perf_counter()
            if t0 >= start:
                if status == 200:
                    result.latencies.append(done - t0)
                else:
                    result.errors += 1
    finally:
        conn.writer.close()


async def _load(
    url: str, token: str, clients: int, seconds: float, rate: float | None, result: Result
) -> None:
    host, port = url.removeprefix("http://").rsplit(":", 1)
    skus = ["LIP-001", "LIP-002", "LIP-004", "LIP-009", "TOP-001-M", "DRS-001-S", "JKT-001-L"]
    requests = [
        (
            f"GET /v1/stock/{sku} HTTP/1.1\r\nHost: {host}\r\n"
            f"Authorization: Bearer {token}\r\nAccept: application/json\r\n\r\n"
        ).encode()
        for sku in skus
    ]
    warmup = 1.0
    start = time.perf_counter() + warmup
    stop = start + seconds
    per_client = rate / clients if rate else None
    await asyncio.gather(
        *(
            _client(host, int(port), requests, start, stop, per_client, i, result)
            for i in range(clients)
        )
    )
    result.seconds = seconds


def run_case(url: str, token: str, label: str, args: argparse.Namespace) -> list[Result]:
    out = []
    for mode, rate in (("closed", None), (f"paced {args.rate:.0f}/s", args.rate)):
        result = Result(label, mode)
        asyncio.run(_load(url, token, args.clients, args.seconds, rate, result))
        out.append(result)
        print(result.row(), flush=True)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=500.0, help="offered rate, paced mode")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--pg", default=os.environ.get("KIOSK_TEST_PG_URL"))
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL runs only")
    args = parser.parse_args()
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(f"{args.clients} clients, {args.seconds:.0f} s per run, {os.cpu_count()} cores")
    print("| database, workers | mode | lookups | errors | lookups/s | p50 ms | p95 ms | p99 ms |")
    print("|---|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for workers in [] if args.no_sqlite else args.workers:
            extra = ["--workers", str(workers)]
            with start_hub(Path(tmp), extra_args=extra) as hub:
                run_case(hub.url, hub.token, f"SQLite, {workers}", args)
        if args.pg:
            for workers in args.workers:
                extra = ["--workers", str(workers)]
                with fresh_pg_schema(args.pg) as url, start_hub(Path(tmp), url, extra) as hub:
                    run_case(hub.url, hub.token, f"PostgreSQL, {workers}", args)
    print(json.dumps({"python": sys.version.split()[0]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
