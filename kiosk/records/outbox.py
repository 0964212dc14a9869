"""The durable outbox: every try-on event is on disk before anyone tries to send it.

SQLite in WAL mode with synchronous=FULL, so `append` returns only after the commit is
fsync'd: a power cut or a kill -9 right after loses nothing. The sender reads the oldest
events (`take`), posts them, and deletes them (`mark_sent`) only after the hub answered;
a crash in between sends them again and the hub's idempotency (by source and event id)
makes that harmless: at-least-once here + de-duplication there = exactly once in effect.

Bounded: past `max_events` the oldest ANONYMOUS events are deleted in the same
transaction as the append; the number is kept in a persisted counter and logged.
Events recorded against a member are never dropped (the outbox may then exceed its cap).
Several processes may open the same file (the kiosk, a stand-alone sender).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from kiosk.errors import KioskError
from kiosk.records.events import TryonEvent

log = logging.getLogger(__name__)

SCHEMA_VERSION = 1
_SCHEMA = """
CREATE TABLE IF NOT EXISTS outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    member INTEGER NOT NULL,
    body TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS outbox_anonymous ON outbox (member, seq);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO counters (name, value) VALUES
    ('pending', 0), ('dropped_anonymous', 0), ('rejected', 0), ('sent', 0);
CREATE TRIGGER IF NOT EXISTS outbox_count_in AFTER INSERT ON outbox
    BEGIN UPDATE counters SET value = value + 1 WHERE name = 'pending'; END;
CREATE TRIGGER IF NOT EXISTS outbox_count_out AFTER DELETE ON outbox
    BEGIN UPDATE counters SET value = value - 1 WHERE name = 'pending'; END;
CREATE TABLE IF NOT EXISTS rejected (
    event_id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    reason TEXT NOT NULL,
    rejected_at REAL NOT NULL
);
"""
_DROP_LOG_EVERY_S = 60.0


@dataclass(frozen=True)
class OutboxItem:
    """One stored event: `body` is its CloudEvent JSON text, sent as-is."""

    seq: int
    event_id: str
    member: bool
    body: str


@dataclass(frozen=True)
class OutboxStats:
    pending: int
    pending_member: int
    dropped_anonymous: int  # all-time, persisted
    rejected: int  # refused by the hub as invalid, kept aside in the `rejected` table
    sent: int  # all-time, persisted


def _as_item(event: TryonEvent | Mapping[str, Any]) -> tuple[str, int, str]:
    tryon = event if isinstance(event, TryonEvent) else TryonEvent(event)
    body = json.dumps(tryon.to_json(), ensure_ascii=False, separators=(",", ":"))
    return tryon.id, int(tryon.has_member), body


class Outbox:
    """A SQLite outbox file; one connection per instance, safe to share between threads."""

    def __init__(
        self,
        path: Path,
        max_events: int = 100_000,
        busy_timeout_s: float = 30.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if max_events < 1:
            raise ValueError("max_events must be at least 1")
        self.path = Path(path)
        self.max_events = max_events
        self._monotonic = monotonic
        self._lock = threading.Lock()
        self._last_drop_log = -float("inf")
        self._unlogged_drops = 0
        self._warned_member_overflow = False
        self._db = self._open(busy_timeout_s)

    def _open(self, busy_timeout_s: float) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
            mode = db.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            db.execute("PRAGMA synchronous=FULL")  # fsync the WAL at every commit
            # one transaction, so two processes opening a new file together do not race
            db.executescript(
                f"BEGIN IMMEDIATE;{_SCHEMA}PRAGMA user_version={SCHEMA_VERSION};COMMIT;"
            )
        except sqlite3.DatabaseError as exc:
            raise KioskError(
                f"the outbox {self.path} cannot be opened: {exc}",
                "check the folder is writable; if the file is damaged, move it aside "
                "(its unsent events are lost) or set records.outbox_path",
            ) from None
        except OSError as exc:
            raise KioskError(
                f"cannot create the outbox folder {self.path.parent}: {exc}",
                "make it writable or set records.outbox_path",
            ) from None
        if str(mode).lower() != "wal":
            log.warning("outbox %s: journal mode %s, not WAL", self.path, mode)
        return db

    # --- writing ---------------------------------------------------------------------

    def append(self, event: TryonEvent | Mapping[str, Any]) -> None:
        """Store one event durably (fsync'd) before returning; the same id twice is kept once."""
        self.append_many([event])

    def append_many(self, events: Iterable[TryonEvent | Mapping[str, Any]]) -> None:
        """Store several events in one fsync'd transaction."""
        rows = [_as_item(e) for e in events]
        if not rows:
            return
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(
                    "INSERT OR IGNORE INTO outbox (event_id, member, body) VALUES (?, ?, ?)", rows
                )
                dropped, pending = self._enforce_cap(db)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if dropped:
            self._log_drops(dropped, pending)

    def _enforce_cap(self, db: sqlite3.Connection) -> tuple[int, int]:
        pending = self._counter(db, "pending")
        over = pending - self.max_events
        if over <= 0:
            return 0, pending
        cursor = db.execute(
            "DELETE FROM outbox WHERE seq IN "
            "(SELECT seq FROM outbox WHERE member = 0 ORDER BY seq LIMIT ?)",
            (over,),
        )
        dropped = max(cursor.rowcount, 0)
        if dropped:
            db.execute(
                "UPDATE counters SET value = value + ? WHERE name = 'dropped_anonymous'",
                (dropped,),
            )
        if dropped < over and not self._warned_member_overflow:
            self._warned_member_overflow = True
            log.warning(
                "outbox %s holds %d member events, more than its cap of %d; they are kept",
                self.path,
                pending - dropped,
                self.max_events,
            )
        return dropped, pending - dropped

    def _log_drops(self, dropped: int, pending: int) -> None:
        """Log drops at most once a minute (a long outage drops on every append)."""
        self._unlogged_drops += dropped
        now = self._monotonic()
        if now - self._last_drop_log >= _DROP_LOG_EVERY_S:
            self._last_drop_log = now
            log.warning(
                "outbox full (%d events, cap %d): dropped the %d oldest anonymous events "
                "(%d dropped since this kiosk's outbox was created); is the hub reachable?",
                pending,
                self.max_events,
                self._unlogged_drops,
                self.stats().dropped_anonymous,
            )
            self._unlogged_drops = 0

    # --- reading and acknowledging ------------------------------------------------------

    def take(self, limit: int) -> list[OutboxItem]:
        """The oldest `limit` events, still stored until mark_sent."""
        with self._lock:
            rows = self._db.execute(
                "SELECT seq, event_id, member, body FROM outbox ORDER BY seq LIMIT ?", (limit,)
            ).fetchall()
        return [OutboxItem(seq, eid, bool(member), body) for seq, eid, member, body in rows]

    def mark_sent(self, items: Sequence[OutboxItem]) -> int:
        """The hub has these (accepted or already had them): delete them. Returns rows deleted."""
        return self._remove(items, "sent")

    def reject(self, item: OutboxItem, reason: str) -> None:
        """The hub refused this event as invalid: set it aside so it cannot block the rest."""
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                db.execute(
                    "INSERT OR REPLACE INTO rejected (event_id, body, reason, rejected_at) "
                    "VALUES (?, ?, ?, ?)",
                    (item.event_id, item.body, reason[:2000], time.time()),
                )
                db.execute("UPDATE counters SET value = value + 1 WHERE name = 'rejected'")
                db.execute("DELETE FROM outbox WHERE seq = ?", (item.seq,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        log.error("the hub refused event %s (set aside in the outbox): %s", item.event_id, reason)

    def _remove(self, items: Sequence[OutboxItem], counter: str) -> int:
        if not items:
            return 0
        with self._lock:
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                cursor = db.executemany(
                    "DELETE FROM outbox WHERE seq = ?", [(item.seq,) for item in items]
                )
                removed = max(cursor.rowcount, 0)
                db.execute(
                    "UPDATE counters SET value = value + ? WHERE name = ?", (removed, counter)
                )
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        return removed

    # --- status ------------------------------------------------------------------------

    def pending(self) -> int:
        with self._lock:
            return self._counter(self._db, "pending")

    def stats(self) -> OutboxStats:
        with self._lock:
            db = self._db
            counters = dict(db.execute("SELECT name, value FROM counters").fetchall())
            (member,) = db.execute("SELECT COUNT(*) FROM outbox WHERE member = 1").fetchone()
        return OutboxStats(
            pending=int(counters["pending"]),
            pending_member=int(member),
            dropped_anonymous=int(counters["dropped_anonymous"]),
            rejected=int(counters["rejected"]),
            sent=int(counters["sent"]),
        )

    @staticmethod
    def _counter(db: sqlite3.Connection, name: str) -> int:
        row = db.execute("SELECT value FROM counters WHERE name = ?", (name,)).fetchone()
        return int(row[0]) if row else 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
