"""Soak: every try-on event reaches the hub exactly once, whatever gets killed.

Three real processes: a WRITER appends events to the outbox (some recorded against a
consenting member, most anonymous) at a steady rate; the SENDER process
(`python -m kiosk.records.sender`) posts them to the real HUB (`kiosk hub` on loopback,
SQLite). Every cycle the sender is killed with SIGKILL at a random moment and restarted;
in some cycles the hub is also killed (SIGKILL) or stopped (SIGTERM) and brought back
after a random outage, so the sender meets a dead hub and must back off and resume.
At the end the writer stops, a last sender drains the outbox, and the hub's own database
is read directly: every id the writer wrote must be there exactly once.

    .venv/bin/python benchmarks/outbox_soak.py --cycles 50
    .venv/bin/python benchmarks/outbox_soak.py --cycles 3 --json   # the suite's short run

The writer prints each event id only after its fsync'd append returned, so "written"
means durably in the outbox. "lost" = written but not at the hub; "duplicated" = ids
stored more than once at the hub; "resends" = events the sender posted again after a
kill (the hub answered "duplicate"), counted from the sender's report lines (a lower
bound: a killed sender's last line may not have been printed).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.hub_server import RunningHub, start_hub  # noqa: E402

MEMBER_CODE = "KMEMBER:1:Q7X4B9ZC2RTA"  # demo member M-7QX4KZ2RB9
SOURCE_STORE, KIOSK = "soak", "kiosk-soak"


# --- the writer process ------------------------------------------------------------------


def run_writer(outbox_path: Path, ids_path: Path, rate: float, member_share: float) -> int:
    """Append events at `rate`/s until SIGTERM; print each id once its append returned."""
    from datetime import UTC, datetime

    from kiosk.records.events import EventFactory
    from kiosk.records.outbox import Outbox
    from kiosk.session.consent import CONSENT_TEXT_VERSION, ConsentDecision
    from kiosk.session.member import MemberSession, SignedInMember

    stop = False

    def on_term(*_: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_term)
    members = MemberSession(os.urandom(32))
    consent = ConsentDecision(True, CONSENT_TEXT_VERSION, "en", datetime.now(UTC))
    members.sign_in(SignedInMember("M-7QX4KZ2RB9", "", ""), consent)
    as_member = EventFactory(SOURCE_STORE, KIOSK, members=members)
    anonymous = EventFactory(SOURCE_STORE, KIOSK)
    rng = random.Random()
    outbox = Outbox(outbox_path, max_events=10_000_000)
    period, next_at, n = 1.0 / rate, time.monotonic(), 0
    with ids_path.open("a", encoding="utf-8") as ids:
        while not stop:
            factory = as_member if rng.random() < member_share else anonymous
            event = factory.product_tried("soak-session", f"LIP-{1 + n % 12:03d}", 500 + n % 9000)
            outbox.append(event)
            ids.write(f"{event.id} {int(event.has_member)}\n")
            ids.flush()
            n += 1
            next_at += period
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)  # pacing a load generator, not waiting for a state
    outbox.close()
    return 0


# --- the harness ---------------------------------------------------------------------------


@dataclass
class SoakResult:
    cycles: int = 0
    sender_kills: int = 0
    hub_kills: int = 0
    hub_stops: int = 0
    written: int = 0
    written_member: int = 0
    at_hub: int = 0
    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0  # at the hub but never written (must be 0)
    member_ids_at_hub: int = 0
    redacted: int = 0
    resends: int = 0
    dropped_by_cap: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


class Soak:
    def __init__(self, workdir: Path, rate: float, member_share: float, seed: int) -> None:
        self.workdir = workdir
        self.outbox = workdir / "outbox.sqlite"
        self.ids = workdir / "written.txt"
        self.rate, self.member_share = rate, member_share
        self.rng = random.Random(seed)
        self.hub: RunningHub | None = None
        self.sender: subprocess.Popen[bytes] | None = None
        self.senders = 0
        self.result = SoakResult()

    def start_hub(self) -> RunningHub:
        hub = start_hub(self.workdir, kiosk_id=KIOSK)
        import httpx

        with httpx.Client(base_url=hub.url, headers=hub.headers) as api:
            from kiosk.session.consent import CONSENT_TEXT_VERSION

            # The member shows their code at this kiosk (the hub counts them present there),
            # then consents: events naming them need both.
            api.get("/v1/members/lookup", params={"code": MEMBER_CODE}).raise_for_status()
            api.put(
                "/v1/members/M-7QX4KZ2RB9/consent",
                json={"granted": True, "text_version": CONSENT_TEXT_VERSION, "locale": "en"},
            ).raise_for_status()
        return hub

    def start_sender(self, drain: bool = False) -> subprocess.Popen[bytes]:
        assert self.hub is not None
        self.senders += 1
        log = (self.workdir / f"sender-{self.senders}.jsonl").open("wb")
        cmd = [sys.executable, "-m", "kiosk.records.sender", "--outbox", str(self.outbox),
               "--hub", self.hub.url, "--interval", "0.05", "--retry-initial", "0.05",
               "--retry-max", "0.5", "--batch-size", "200", "--report"]  # fmt: skip
        if drain:
            cmd.append("--drain")
        env = {**os.environ, "KIOSK_HUB_TOKEN": self.hub.token}
        return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=log, stderr=subprocess.DEVNULL)

    def kill_sender(self) -> None:
        if self.sender is not None and self.sender.poll() is None:
            self.sender.send_signal(signal.SIGKILL)
            self.sender.wait()
            self.result.sender_kills += 1

    def run(self, cycles: int, quiet: bool) -> SoakResult:
        started = time.monotonic()
        self.hub = self.start_hub()
        writer = subprocess.Popen(
            [sys.executable, __file__, "--role", "writer", "--outbox", str(self.outbox),
             "--ids", str(self.ids), "--rate", str(self.rate),
             "--member-share", str(self.member_share)],
            cwd=REPO,
        )  # fmt: skip
        try:
            self.sender = self.start_sender()
            for cycle in range(cycles):
                self.cycle(cycle, quiet)
            self.result.cycles = cycles
        finally:
            writer.send_signal(signal.SIGTERM)
            writer.wait(60)
        self.kill_sender()
        if self.hub.proc is None or self.hub.proc.poll() is not None:
            self.hub.start()
        self.sender = self.start_sender(drain=True)
        code = self.sender.wait(300)
        if code != 0:
            self.result.notes.append(f"the draining sender exited with {code}")
        self.hub.stop()
        self.result.seconds = time.monotonic() - started
        self.verify()
        return self.result

    def cycle(self, cycle: int, quiet: bool) -> None:
        assert self.hub is not None
        time.sleep(self.rng.uniform(0.1, 1.2))  # let it run; the kill lands anywhere
        self.kill_sender()
        outage = self.rng.random() < 0.4
        what = "sender killed"
        if outage:
            if self.rng.random() < 0.5:
                self.hub.kill()
                self.result.hub_kills += 1
                what += ", hub killed"
            else:
                self.hub.stop()
                self.result.hub_stops += 1
                what += ", hub stopped"
            what += ", sender killed while draining"
            self.sender = self.start_sender()  # it meets a dead hub and backs off
            time.sleep(self.rng.uniform(0.2, 1.0))
            self.hub.start()
            # the backlog now drains in full batches: kill again while it does (a kill
            # between the hub's commit and the outbox delete forces a resend)
            time.sleep(self.rng.uniform(0.0, 0.3))
            self.kill_sender()
            self.sender = self.start_sender()  # also follows the hub if its port changed
        else:
            self.sender = self.start_sender()
        if not quiet:
            print(f"cycle {cycle + 1}: {what}", flush=True)

    def verify(self) -> None:
        r = self.result
        written: dict[str, int] = {}
        for line in self.ids.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 2:
                written[parts[0]] = int(parts[1])
        assert self.hub is not None
        path = self.hub.db_url.removeprefix("sqlite:///")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT event_id, COUNT(*), MAX(member_id IS NOT NULL), MAX(redacted) "
                "FROM events WHERE source = ? GROUP BY event_id",
                (f"kiosk/{SOURCE_STORE}/{KIOSK}",),
            ).fetchall()
        at_hub = {eid: (count, member, redacted) for eid, count, member, redacted in rows}
        r.written, r.written_member = len(written), sum(written.values())
        r.at_hub = len(at_hub)
        r.lost = sum(1 for eid in written if eid not in at_hub)
        r.duplicated = sum(1 for count, _, _ in at_hub.values() if count > 1)
        r.unexpected = sum(1 for eid in at_hub if eid not in written)
        r.member_ids_at_hub = sum(member for _, member, _ in at_hub.values())
        r.redacted = sum(redacted for _, _, redacted in at_hub.values())
        r.resends = sum(_last_report(p).get("duplicates", 0) for p in self._sender_logs())
        from kiosk.records.outbox import Outbox

        with Outbox(self.outbox) as box:
            stats = box.stats()
        r.dropped_by_cap = stats.dropped_anonymous
        if stats.pending:
            r.notes.append(f"{stats.pending} events still in the outbox")

    def _sender_logs(self) -> list[Path]:
        return sorted(self.workdir.glob("sender-*.jsonl"))


def _last_report(path: Path) -> dict[str, int]:
    last: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            last = json.loads(line)
        except ValueError:
            continue  # a line cut short by SIGKILL
    return last


def print_table(r: SoakResult) -> None:
    rows = [
        ("cycles", r.cycles),
        ("sender SIGKILLs", r.sender_kills),
        ("hub SIGKILLs / SIGTERMs", f"{r.hub_kills} / {r.hub_stops}"),
        ("events written (fsync'd)", r.written),
        ("  of them member events", r.written_member),
        ("events at the hub", r.at_hub),
        ("lost", r.lost),
        ("duplicated at the hub", r.duplicated),
        ("at the hub but never written", r.unexpected),
        ("member ids kept at the hub", f"{r.member_ids_at_hub} (redacted {r.redacted})"),
        ("resends the hub de-duplicated", f">= {r.resends}"),
        ("dropped by the outbox cap", r.dropped_by_cap),
        ("wall time", f"{r.seconds:.0f} s"),
    ]
    width = max(len(k) for k, _ in rows)
    print(f"{'what':<{width}}  value")
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    for note in r.notes:
        print(f"note: {note}")
    ok = r.lost == 0 and r.duplicated == 0 and r.unexpected == 0 and not r.notes
    print("RESULT:", "every event at the hub exactly once" if ok else "FAILED")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cycles", type=int, default=50)
    parser.add_argument("--rate", type=float, default=150.0, help="events/s the writer appends")
    parser.add_argument("--member-share", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--json", action="store_true", help="print the result as one JSON line")
    parser.add_argument("--role", choices=("harness", "writer"), default="harness")
    parser.add_argument("--outbox", type=Path)
    parser.add_argument("--ids", type=Path)
    args = parser.parse_args(argv)
    if args.role == "writer":
        return run_writer(args.outbox, args.ids, args.rate, args.member_share)
    import tempfile

    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="outbox-soak-"))
    workdir.mkdir(parents=True, exist_ok=True)
    soak = Soak(workdir, args.rate, args.member_share, seed)
    result = soak.run(args.cycles, quiet=args.json)
    if args.json:
        print(json.dumps({**asdict(result), "seed": seed}))
    else:
        print(f"seed {seed}, rate {args.rate:g} events/s, work folder {workdir}")
        print_table(result)
    bad = result.lost or result.duplicated or result.unexpected or result.notes
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
