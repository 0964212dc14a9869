"""Stock lookups at a fixed rate: latency from the schedule and the hub's CPU per lookup.

    .venv/bin/python benchmarks/hub_lookups.py                       # SQLite, 500/s, 20 s
    .venv/bin/python benchmarks/hub_lookups.py --rate 800 --seconds 30
    .venv/bin/python benchmarks/hub_lookups.py --db postgresql://kiosk:kiosk@127.0.0.1/kiosk_test
    .venv/bin/python benchmarks/hub_lookups.py --closed               # + saturation throughput

It starts a real hub (`python -m kiosk hub`, demo seed, one worker unless --workers) on
loopback and sends `GET /v1/stock/{sku}` with a kiosk token on an open-loop schedule:
request i is due at start + i / rate whatever happened to the ones before it, goes out on
the first idle keep-alive connection, and its latency runs from its due time. A hub that
falls behind therefore shows its queue in the percentiles instead of slowing the load
down (no coordinated omission).

The hub's CPU per lookup is its process's own CPU time (utime + stime from /proc, all its
threads; workers' too with --workers > 1) over the measured window divided by the lookups
answered. That figure holds on a shared machine, where wall-clock latency does not: the
load average over the run is printed beside the percentiles. The load generator (raw
HTTP/1.1 on asyncio, uvloop when installed) runs on the same cores; its own CPU is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hub_server import fresh_pg_schema, start_hub  # noqa: E402

SKUS = ("LIP-001", "LIP-002", "LIP-004", "LIP-009", "TOP-001-M", "DRS-001-S", "JKT-001-L")
TICK = os.sysconf("SC_CLK_TCK")


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of `pid` and of its live child processes (the workers of --workers N)."""
    total = 0.0
    for p in [pid, *_children(pid)]:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK  # utime, stime
    return total


def _children(pid: int) -> list[int]:
    out: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return out


@dataclass
class Run:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    seconds: float = 0.0
    hub_cpu: float = 0.0
    gen_cpu: float = 0.0
    load: tuple[float, float] = (0.0, 0.0)

    def percentile(self, q: float) -> float:
        lat = sorted(self.latencies)
        return lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")

    def summary(self, label: str) -> str:
        n = len(self.latencies)
        served = n + self.errors
        cpu = self.hub_cpu / served * 1000 if served else float("nan")
        return (
            f"{label}: {n} ok, {self.errors} errors {self.statuses or ''}, "
            f"{n / self.seconds:,.0f}/s achieved | p50 {self.percentile(0.5):.2f} ms, "
            f"p95 {self.percentile(0.95):.2f} ms, p99 {self.percentile(0.99):.2f} ms, "
            f"max {self.percentile(1.0):.1f} ms | hub CPU {cpu:.3f} ms/lookup "
            f"({self.hub_cpu / self.seconds * 100:.0f}% of a core), load generator "
            f"{self.gen_cpu / self.seconds * 100:.0f}% of a core | loadavg "
            f"{self.load[0]:.2f} -> {self.load[1]:.2f}"
        )


class Conn:
    """One keep-alive HTTP/1.1 connection speaking just enough of the protocol."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    async def get(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        if length:
            await self.reader.readexactly(length)
        return status


async def _open(host: str, port: int) -> Conn:
    return Conn(*await asyncio.open_connection(host, port))


async def paced(url: str, token: str, rate: float, seconds: float, conns: int, pid: int) -> Run:
    """Open loop: request i due at start + i / rate on the first idle connection."""
    host, port_text = url.removeprefix("http://").rsplit(":", 1)
    port = int(port_text)
    requests = [_request(host, token, sku) for sku in SKUS]
    idle: asyncio.Queue[Conn] = asyncio.Queue()
    for c in await asyncio.gather(*(_open(host, port) for _ in range(conns))):
        idle.put_nowait(c)
    run = Run()
    warmup = min(2.0, seconds / 4)
    total = int((warmup + seconds) * rate)
    first_measured = int(warmup * rate)
    clock = time.perf_counter  # uvloop's loop.time() counts whole milliseconds
    start = clock() + 0.1
    marks: dict[str, float] = {}

    async def one(i: int, due: float) -> None:
        conn = await idle.get()  # waiting for a free connection counts: it is queueing
        try:
            status = await conn.get(requests[i % len(requests)])
        except (OSError, asyncio.IncompleteReadError):
            status = 0
            conn = await _open(host, port)
        done = clock()
        idle.put_nowait(conn)
        if i < first_measured:
            return
        if status == 200:
            run.latencies.append(done - due)
        else:
            run.errors += 1
            run.statuses[status] = run.statuses.get(status, 0) + 1

    tasks = []
    for i in range(total):
        due = start + i / rate
        if i == first_measured:
            marks["cpu0"], marks["gen0"] = process_cpu_seconds(pid), _own_cpu()
            marks["t0"] = time.perf_counter()
        delay = due - clock()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(one(i, due)))
    await asyncio.gather(*tasks)
    run.seconds = time.perf_counter() - marks["t0"]
    run.hub_cpu = process_cpu_seconds(pid) - marks["cpu0"]
    run.gen_cpu = _own_cpu() - marks["gen0"]
    for c in [idle.get_nowait() for _ in range(idle.qsize())]:
        c.writer.close()
    return run


async def closed(url: str, token: str, seconds: float, clients: int, pid: int) -> Run:
    """Closed loop: each client sends its next lookup when the last one is answered."""
    host, port_text = url.removeprefix("http://").rsplit(":", 1)
    conns = await asyncio.gather(*(_open(host, int(port_text)) for _ in range(clients)))
    requests = [_request(host, token, sku) for sku in SKUS]
    run = Run()
    stop = time.perf_counter() + seconds

    async def client(k: int, conn: Conn) -> None:
        i = k
        while (t0 := time.perf_counter()) < stop:
            status = await conn.get(requests[i % len(requests)])
            i += 1
            if status == 200:
                run.latencies.append(time.perf_counter() - t0)
            else:
                run.errors += 1

    cpu0, gen0, t0 = process_cpu_seconds(pid), _own_cpu(), time.perf_counter()
    await asyncio.gather(*(client(k, c) for k, c in enumerate(conns)))
    run.seconds = time.perf_counter() - t0
    run.hub_cpu, run.gen_cpu = process_cpu_seconds(pid) - cpu0, _own_cpu() - gen0
    for c in conns:
        c.writer.close()
    return run


PATH = "/v1/stock/{sku}"


def _request(host: str, token: str, sku: str) -> bytes:
    return (
        f"GET {PATH.format(sku=sku)} HTTP/1.1\r\nHost: {host}\r\n"
        f"Authorization: Bearer {token}\r\nAccept: application/json\r\n\r\n"
    ).encode()


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(url: str, token: str, pid: int, args: argparse.Namespace) -> None:
    load0 = os.getloadavg()[0]
    run = asyncio.run(paced(url, token, args.rate, args.seconds, args.connections, pid))
    run.load = (load0, os.getloadavg()[0])
    print(run.summary(f"paced {args.rate:.0f}/s for {args.seconds:.0f} s"), flush=True)
    if args.closed:
        load0 = os.getloadavg()[0]
        run = asyncio.run(closed(url, token, min(args.seconds, 10.0), args.clients, pid))
        run.load = (load0, os.getloadavg()[0])
        print(run.summary(f"closed loop, {args.clients} clients"), flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=500.0, help="lookups per second offered")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds")
    parser.add_argument("--connections", type=int, default=32, help="keep-alive connections")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--db", help="postgresql://... (default: SQLite in a temporary dir)")
    parser.add_argument("--closed", action="store_true", help="also a closed-loop run")
    parser.add_argument("--clients", type=int, default=16, help="closed-loop clients")
    parser.add_argument(
        "--hub", nargs=3, metavar=("URL", "TOKEN", "PID"), help="load a hub already running"
    )
    parser.add_argument("--path", default=PATH, help="the URL to load, {sku} filled in")
    args = parser.parse_args()
    globals()["PATH"] = args.path
    try:
        import uvloop

        uvloop.install()
    except ImportError:
        pass
    print(f"{os.cpu_count()} cores, python {sys.version.split()[0]}, {args.workers} worker(s)")
    if args.hub:
        url, token, pid = args.hub
        measure(url, token, int(pid), args)
        return 0
    extra = ["--workers", str(args.workers)]
    with tempfile.TemporaryDirectory() as tmp:
        if args.db:
            with fresh_pg_schema(args.db) as url, start_hub(Path(tmp), url, extra) as hub:
                assert hub.proc is not None
                print(f"PostgreSQL, hub pid {hub.proc.pid}")
                measure(hub.url, hub.token, hub.proc.pid, args)
        else:
            with start_hub(Path(tmp), extra_args=extra) as hub:
                assert hub.proc is not None
                print(f"SQLite, hub pid {hub.proc.pid}")
                measure(hub.url, hub.token, hub.proc.pid, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
