"""The durable outbox on a real SQLite file: order, acknowledgement, the cap, crashes."""

from __future__ import annotations

import logging
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kiosk.errors import KioskError
from kiosk.records.events import EventFactory, TryonEvent
from kiosk.records.outbox import Outbox
from kiosk.session.consent import CONSENT_TEXT_VERSION, ConsentDecision
from kiosk.session.member import MemberSession, SignedInMember
from tests.hub_server import REPO


def anonymous(n: int) -> list[TryonEvent]:
    factory = EventFactory("store", "kiosk")
    return [factory.product_tried("s", "LIP-001", i) for i in range(n)]


def member_events(n: int) -> list[TryonEvent]:
    from datetime import UTC, datetime

    members = MemberSession(b"k" * 32)
    consent = ConsentDecision(True, CONSENT_TEXT_VERSION, "en", datetime.now(UTC))
    members.sign_in(SignedInMember("M-1", "A", "gold"), consent)
    factory = EventFactory("store", "kiosk", members=members)
    return [factory.product_tried("s", "LIP-002", i) for i in range(n)]


def test_wal_and_full_sync(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.sqlite") as outbox:
        assert outbox._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert outbox._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    with sqlite3.connect(tmp_path / "o.sqlite") as db:  # WAL is a property of the file
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_take_is_oldest_first_and_mark_sent_deletes(tmp_path: Path) -> None:
    events = anonymous(5)
    with Outbox(tmp_path / "o.sqlite") as outbox:
        for event in events:
            outbox.append(event)
        first = outbox.take(3)
        assert [i.event_id for i in first] == [e.id for e in events[:3]]
        assert outbox.take(3) == first  # not removed until acknowledged
        assert outbox.mark_sent(first) == 3
        assert outbox.mark_sent(first) == 0
        assert [i.event_id for i in outbox.take(10)] == [e.id for e in events[3:]]
        stats = outbox.stats()
        assert (stats.pending, stats.sent, stats.dropped_anonymous) == (2, 3, 0)


def test_events_survive_reopening(tmp_path: Path) -> None:
    events = anonymous(3) + member_events(2)
    with Outbox(tmp_path / "o.sqlite") as outbox:
        outbox.append_many(events)
    with Outbox(tmp_path / "o.sqlite") as outbox:
        items = outbox.take(10)
    assert [i.event_id for i in items] == [e.id for e in events]
    assert [i.member for i in items] == [False, False, False, True, True]
    assert items[0].body.startswith('{"specversion":"1.0"')


def test_the_same_event_twice_is_stored_once(tmp_path: Path) -> None:
    event = anonymous(1)[0]
    with Outbox(tmp_path / "o.sqlite") as outbox:
        outbox.append(event)
        outbox.append(event.to_json())
        assert outbox.pending() == 1


def test_cap_drops_oldest_anonymous_keeps_members_counts_and_logs(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "kiosk.records.outbox")
    clock = [0.0]
    members = member_events(3)
    anon = anonymous(10)
    order = [anon[0], members[0], anon[1], anon[2], members[1], anon[3], members[2], *anon[4:]]
    with Outbox(tmp_path / "o.sqlite", max_events=5, monotonic=lambda: clock[0]) as outbox:
        for event in order:
            outbox.append(event)
        kept = [i.event_id for i in outbox.take(100)]
        stats = outbox.stats()
    assert kept == [m.id for m in members] + [anon[8].id, anon[9].id]
    assert (stats.pending, stats.pending_member, stats.dropped_anonymous) == (5, 3, 8)
    drops = [r for r in caplog.records if "dropped" in r.getMessage()]
    assert len(drops) == 1  # once a minute, not once per append
    assert "oldest anonymous" in drops[0].getMessage()
    with Outbox(tmp_path / "o.sqlite", max_events=5) as outbox:
        assert outbox.stats().dropped_anonymous == 8  # the counter is persisted


def test_member_events_are_kept_past_the_cap(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, "kiosk.records.outbox")
    with Outbox(tmp_path / "o.sqlite", max_events=3) as outbox:
        outbox.append_many(member_events(5))
        outbox.append(anonymous(1)[0])  # the newest anonymous event is the one dropped
        stats = outbox.stats()
    assert (stats.pending, stats.pending_member, stats.dropped_anonymous) == (5, 5, 1)
    assert "member events" in caplog.text and "they are kept" in caplog.text


def test_reject_sets_an_event_aside(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.sqlite") as outbox:
        outbox.append_many(anonymous(2))
        bad = outbox.take(1)[0]
        outbox.reject(bad, "422: data.sku must be a SKU")
        assert outbox.pending() == 1 and outbox.stats().rejected == 1
        row = outbox._db.execute("SELECT event_id, reason FROM rejected").fetchone()
    assert row == (bad.event_id, "422: data.sku must be a SKU")


def test_threads_append_concurrently(tmp_path: Path) -> None:
    with Outbox(tmp_path / "o.sqlite") as outbox:
        batches = [anonymous(50) for _ in range(4)]
        threads = [
            threading.Thread(target=lambda b=b: [outbox.append(e) for e in b]) for b in batches
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert outbox.pending() == 200
        assert len({i.event_id for i in outbox.take(500)}) == 200


def test_damaged_file_names_the_problem_and_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(KioskError) as info:
        Outbox(path)
    assert str(path) in info.value.message and "move it aside" in info.value.fix


_WRITER = """
import sys
from pathlib import Path
from kiosk.records.events import EventFactory
from kiosk.records.outbox import Outbox
outbox = Outbox(Path(sys.argv[1]))
factory = EventFactory("store", "kiosk")
while True:
    event = factory.product_tried("s", "LIP-001", 1)
    outbox.append(event)
    print(event.id, flush=True)  # only after the fsync'd commit returned
"""


def test_kill_9_loses_no_event_whose_append_returned(tmp_path: Path) -> None:
    path = tmp_path / "o.sqlite"
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRITER, str(path)], cwd=REPO, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    confirmed = [proc.stdout.readline().strip() for _ in range(300)]
    proc.send_signal(signal.SIGKILL)
    confirmed += [line.strip() for line in proc.stdout if line.strip()]
    proc.wait()
    with Outbox(path) as outbox:
        stored = {i.event_id for i in outbox.take(1_000_000)}
        pending = outbox.pending()
    assert set(confirmed) <= stored
    assert pending == len(stored)  # the trigger-kept count survived the crash too
