"""The kiosk's local memory of the hub: the last catalog and the last stock report per SKU.

When the hub is down the kiosk still starts with the catalog it last saw and shows each
product's last known stock with its age ("as of 14:02"). Payloads are kept as the hub's
JSON text, so this module knows nothing of the schemas and an old row that no longer
parses is simply treated as missing by the caller. One SQLite file (WAL), one connection
guarded by a lock, so the service's threads can share it. A damaged file is moved aside
and a fresh one started: a cache must never stop the kiosk.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS catalog (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    payload TEXT NOT NULL,
    fetched_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS stock (
    sku TEXT PRIMARY KEY,
    payload TEXT NOT NULL,
    etag TEXT,
    fetched_at REAL NOT NULL
);
"""


@dataclass(frozen=True)
class CachedEntry:
    """A payload as the hub sent it, with when the kiosk last confirmed it (UTC)."""

    payload: str
    fetched_at: datetime
    etag: str | None = None


class StoreCache:
    def __init__(self, path: Path | None, clock: Callable[[], float] = time.time) -> None:
        """`path` None keeps the cache in memory (tests, or a read-only disk)."""
        self._clock = clock
        self._lock = threading.Lock()
        self.path = path
        self._db = self._open(path)

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is None:
            return self._connect(":memory:")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return self._connect(str(path))
        except sqlite3.DatabaseError as exc:  # not a database, or damaged
            aside = path.with_name(path.name + f".damaged-{int(self._clock())}")
            log.warning("store cache %s is unreadable (%s); moved to %s", path, exc, aside)
            try:
                path.replace(aside)
                return self._connect(str(path))
            except (OSError, sqlite3.Error) as again:
                log.warning("cannot start a fresh store cache at %s: %s", path, again)
        except (OSError, sqlite3.Error) as exc:
            log.warning("cannot open store cache %s (%s); keeping it in memory", path, exc)
        return self._connect(":memory:")

    @staticmethod
    def _connect(target: str) -> sqlite3.Connection:
        db = sqlite3.connect(target, check_same_thread=False, isolation_level=None, timeout=5)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _now(self) -> float:
        return float(self._clock())

    def _write(self, sql: str, args: tuple[object, ...]) -> None:
        try:
            with self._lock:
                self._db.execute(sql, args)
        except sqlite3.Error as exc:  # a full disk must not take the kiosk down
            log.warning("store cache write failed: %s", exc)

    def _read(self, sql: str, args: tuple[object, ...]) -> tuple[Any, ...] | None:
        try:
            with self._lock:
                row = self._db.execute(sql, args).fetchone()
        except sqlite3.Error as exc:
            log.warning("store cache read failed: %s", exc)
            return None
        return tuple(row) if row is not None else None

    def save_catalog(self, payload: str) -> CachedEntry:
        now = self._now()
        self._write(
            "INSERT INTO catalog (id, payload, fetched_at) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET payload = excluded.payload, "
            "fetched_at = excluded.fetched_at",
            (payload, now),
        )
        return CachedEntry(payload, _utc(now))

    def load_catalog(self) -> CachedEntry | None:
        row = self._read("SELECT payload, fetched_at FROM catalog WHERE id = 1", ())
        return None if row is None else CachedEntry(str(row[0]), _utc(float(row[1])))

    def save_stock(self, sku: str, payload: str, etag: str | None) -> CachedEntry:
        now = self._now()
        self._write(
            "INSERT INTO stock (sku, payload, etag, fetched_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (sku) DO UPDATE SET payload = excluded.payload, "
            "etag = excluded.etag, fetched_at = excluded.fetched_at",
            (sku, payload, etag, now),
        )
        return CachedEntry(payload, _utc(now), etag)

    def touch_stock(self, sku: str) -> CachedEntry | None:
        """The hub said 304 Not Modified: the cached report is confirmed as of now."""
        self._write("UPDATE stock SET fetched_at = ? WHERE sku = ?", (self._now(), sku))
        return self.load_stock(sku)

    def load_stock(self, sku: str) -> CachedEntry | None:
        row = self._read("SELECT payload, etag, fetched_at FROM stock WHERE sku = ?", (sku,))
        if row is None:
            return None
        payload, etag, fetched = row
        return CachedEntry(str(payload), _utc(float(fetched)), None if etag is None else str(etag))

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _utc(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, tz=UTC)
