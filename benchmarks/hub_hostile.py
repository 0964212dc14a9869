"""Slow and hostile clients against a real hub process (SQLite, defaults, `ulimit -n 1024`).

    .venv/bin/python benchmarks/hub_hostile.py

Prints: how long a half-sent request keeps its connection (the header deadline); what
good clients saw (answers, p50/p95 latency) while 1,100 connections each held half a
request; and how long /v1/health takes to answer with the database's write lock held by
another process.
"""

from __future__ import annotations

import contextlib
import functools
import resource
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import httpx  # noqa: E402

from tests.hub_server import start_hub  # noqa: E402

HALF = b"GET /v1/stock/LIP-001 HTTP/1.1\r\nHost: hub\r\n"


def _limit_fds() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, 1024))


def main() -> None:
    original = subprocess.Popen
    subprocess.Popen = functools.partial(original, preexec_fn=_limit_fds)  # type: ignore[misc]
    with tempfile.TemporaryDirectory() as tmp:
        hub = start_hub(Path(tmp))
        subprocess.Popen = original  # type: ignore[misc]
        addr = ("127.0.0.1", hub.port)
        try:
            with socket.create_connection(addr) as sock:
                sock.sendall(HALF)
                start = time.monotonic()
                sock.settimeout(60)
                answer = sock.recv(200)
                while sock.recv(200):
                    pass
                lived = time.monotonic() - start
            print(f"half-sent request: {answer.split(b' ')[1].decode()} after {lived:.2f} s")

            flood = []
            for _ in range(1100):
                sock = socket.socket()
                sock.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    sock.connect(addr)
                flood.append(sock)
            time.sleep(0.5)
            for sock in flood:
                with contextlib.suppress(OSError):
                    sock.send(HALF)
            latencies, failures = [], 0
            deadline = time.monotonic() + 8  # inside the flood's 10 s header deadline
            with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=5) as client:
                while time.monotonic() < deadline:
                    t0 = time.monotonic()
                    try:
                        ok = client.get("/v1/stock/LIP-001").status_code == 200
                    except httpx.HTTPError:
                        ok = False
                    if ok:
                        latencies.append((time.monotonic() - t0) * 1000)
                    else:
                        failures += 1
            for sock in flood:
                sock.close()
            latencies.sort()
            p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
            print(
                f"during 1,100 half-open connections: {len(latencies)} lookups answered, "
                f"{failures} failed; p50 {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms"
            )

            other = sqlite3.connect(hub.db_url.removeprefix("sqlite:///"), isolation_level=None)
            other.execute("BEGIN EXCLUSIVE")
            t0 = time.monotonic()
            health = httpx.get(f"{hub.url}/v1/health", timeout=60)
            took = time.monotonic() - t0
            other.execute("ROLLBACK")
            other.close()
            print(
                f"health with the write lock held elsewhere: {health.status_code} "
                f"{health.json()['status']} in {took * 1000:.0f} ms"
            )
        finally:
            hub.stop()


if __name__ == "__main__":
    main()
