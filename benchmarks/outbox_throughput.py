"""Outbox throughput: fsync'd events/s written, and the catch-up after a 10-minute outage.

1. Write: `Outbox.append` one event per fsync'd transaction (what a kiosk does), bursts
   through `append_many`, and the kiosk's `Recorder` (queue -> writer thread -> outbox).
2. Catch-up: the hub is down for 10 minutes while the kiosk keeps recording at a steady
   rate. The 10 minutes are not waited out: the backlog they produce (rate x 600 s) is
   appended, then the real hub (`kiosk hub` subprocess, SQLite) comes back and the sender
   drains it while new events keep arriving at the same rate. Reported: backlog, drain
   time from the first accepted batch to an empty outbox, drain rate, and the resume
   delay the back-off adds before the first retry reaches the returned hub (drawn, not
   waited: uniform in [0, records.retry_max_s]).

    .venv/bin/python benchmarks/outbox_throughput.py [--rates 1,10] [--batches 50,200,500]

The outbox lives in a temporary folder on the same disk as the project (not tmpfs), so
fsync costs what it costs here.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kiosk.config import RecordsSettings  # noqa: E402
from kiosk.records.events import EventFactory, TryonEvent  # noqa: E402
from kiosk.records.outbox import Outbox  # noqa: E402
from kiosk.records.recorder import Recorder  # noqa: E402
from kiosk.records.sender import EventSender, SenderThread  # noqa: E402
from tests.hub_server import start_hub  # noqa: E402

OUTAGE_S = 600


def make_events(n: int) -> list[TryonEvent]:
    factory = EventFactory("bench", "kiosk-bench")
    return [factory.product_tried("s", f"LIP-{1 + i % 12:03d}", 1000 + i) for i in range(n)]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_writes(folder: Path, n: int) -> list[tuple[str, float, str]]:
    rows = []
    events = make_events(n)
    with Outbox(folder / "single.sqlite") as box:
        lat = []
        start = time.perf_counter()
        for event in events:
            t = time.perf_counter()
            box.append(event)
            lat.append((time.perf_counter() - t) * 1000)
        rate = n / (time.perf_counter() - start)
    med, p95, p99 = statistics.median(lat), pct(lat, 0.95), pct(lat, 0.99)
    detail = f"median {med:.2f} ms, p95 {p95:.2f}, p99 {p99:.2f}"
    rows.append(("append, 1 event per fsync'd commit", rate, detail))
    events = make_events(n)
    with Outbox(folder / "burst.sqlite") as box:
        start = time.perf_counter()
        for i in range(0, n, 20):
            box.append_many(events[i : i + 20])
        rate = n / (time.perf_counter() - start)
    rows.append(("append_many, 20 events per commit", rate, ""))
    events = make_events(n)
    recorder = Recorder(Outbox(folder / "recorder.sqlite"))
    recorder.start()
    start = time.perf_counter()
    calls = []
    for event in events:
        t = time.perf_counter()
        recorder.record(event)
        calls.append((time.perf_counter() - t) * 1e6)
    recorder.flush(60)
    rate = n / (time.perf_counter() - start)
    recorder.stop()
    detail = f"record() call median {statistics.median(calls):.1f} us (the UI thread's cost)"
    rows.append(("Recorder.record -> on disk", rate, detail))
    return rows


def bench_catch_up(folder: Path, rate: float, batch: int) -> dict[str, float]:
    """Backlog of a 10-minute outage at `rate`, then the hub returns; new events keep coming."""
    backlog = int(rate * OUTAGE_S)
    path = folder / f"catchup-{rate:g}-{batch}.sqlite"
    hub = start_hub(folder, kiosk_id="kiosk-bench")
    hub.stop()  # the outage
    outbox = Outbox(path)
    outbox.append_many(make_events(backlog))
    hub.start()
    sender = EventSender.connect(outbox, hub.url, hub.token, batch_size=batch)
    loop = SenderThread(sender, interval_s=RecordsSettings().send_interval_s)
    stop = threading.Event()

    def keep_recording() -> None:  # the shop does not pause while the kiosk catches up
        factory = EventFactory("bench", "kiosk-bench")
        while not stop.wait(1.0 / rate):
            outbox.append(factory.product_tried("s", "LIP-001", 1))

    writer = threading.Thread(target=keep_recording, daemon=True)
    start = time.perf_counter()
    writer.start()
    loop.start()
    while outbox.pending() > 0 and time.perf_counter() - start < 600:
        time.sleep(0.005)  # sampling the drain for the benchmark's clock
    drained = time.perf_counter() - start
    stop.set()
    loop.stop()
    writer.join()
    accepted = loop.status.totals.accepted
    sender.close()
    outbox.close()
    hub.stop()
    return {
        "rate": rate,
        "batch": batch,
        "backlog": backlog,
        "drain_s": drained,
        "drain_rate": accepted / drained,
        "accepted": accepted,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=3000, help="events per write test")
    parser.add_argument("--rates", default="1,10", help="events/s during the outage")
    parser.add_argument("--batches", default="50,200,500", help="batch sizes for the drain")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="outbox-bench-", dir=REPO.parent))
    print(f"outbox folder {folder} (fsync'd, same disk as the project)\n")
    print(f"{'write path':<38} {'events/s':>9}  detail")
    for name, rate, detail in bench_writes(folder, args.events):
        print(f"{name:<38} {rate:>9.0f}  {detail}")
    records = RecordsSettings()
    print(
        f"\ncatch-up after a {OUTAGE_S // 60}-minute outage (hub down, kiosk recording; "
        f"send_interval_s={records.send_interval_s:g}):"
    )
    print(f"{'rate ev/s':>9} {'batch':>5} {'backlog':>7} {'drain s':>8} {'drain ev/s':>10}")
    for rate in (float(r) for r in args.rates.split(",")):
        for batch in (int(b) for b in args.batches.split(",")):
            row = bench_catch_up(folder, rate, batch)
            print(
                f"{row['rate']:>9g} {row['batch']:>5} {row['backlog']:>7} "
                f"{row['drain_s']:>8.2f} {row['drain_rate']:>10.0f}"
            )
    print(
        f"\nresume delay after the hub returns: the sender's next retry is uniform in "
        f"[0, {records.retry_max_s:g}] s once back-off has reached records.retry_max_s "
        f"(mean {records.retry_max_s / 2:g} s); the drain starts then."
    )
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
