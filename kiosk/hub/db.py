"""Database engines for SQLite (WAL) and PostgreSQL (psycopg 3), and write transactions.

SQLite: WAL journal, a busy timeout, and `BEGIN IMMEDIATE` for writes, so concurrent
writers queue on the lock instead of failing with "database is locked" when a read
transaction tries to upgrade. Writers wait up to `write_timeout_s` (30 s) for the lock;
reads wait only `read_timeout_s` (1 s): WAL readers never wait for a writer of this hub,
but another process holding the file locked (`PRAGMA locking_mode=EXCLUSIVE`, a backup
tool) blocks them, and a read that stalls 30 s is worse than a quick 503 with Retry-After.
PostgreSQL: READ COMMITTED; the stock updates are single conditional statements, which
PostgreSQL re-checks after a concurrent commit.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Engine, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.pool import StaticPool
from sqlalchemy.types import TypeDecorator

from kiosk.errors import KioskError

SQLITE_BUSY_MS = 30_000  # writers' default wait for the write lock
SQLITE_READ_BUSY_MS = 1_000  # readers' default wait for a lock held by another process
OVERFLOW_FACTOR = 2  # connections beyond pool_size: pool_size * OVERFLOW_FACTOR


def pool_capacity(pool_size: int) -> int:
    """How many connections an engine from `make_engine(url, pool_size)` opens at most."""
    return pool_size * (1 + OVERFLOW_FACTOR)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as UTC (naive text on SQLite, timestamptz on PostgreSQL), read aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC time")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def normalise_url(url: str) -> str:
    """`postgresql://` means psycopg 3 here; SQLite URLs pass through."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url if isinstance(engine_or_url, str) else str(engine_or_url.url)
    return url.startswith("sqlite")


def redact_url(url: str) -> str:
    """The URL with its password replaced by ***, for messages (also when unparseable)."""
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", url)


def make_engine(
    url: str,
    pool_size: int = 10,
    *,
    read_timeout_s: float = SQLITE_READ_BUSY_MS / 1000,
    write_timeout_s: float = SQLITE_BUSY_MS / 1000,
) -> Engine:
    """An engine for `url`, with the connection set-up each database needs."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except Exception:
        raise KioskError(
            f"--db {redact_url(url)!r} is not a database URL",
            "use sqlite:///path/to/hub.sqlite3 or postgresql://user:pass@host/dbname",
        ) from None
    if parsed.drivername.startswith("sqlite"):
        return _sqlite_engine(
            url, parsed.database, pool_size, int(read_timeout_s * 1000), int(write_timeout_s * 1000)
        )
    if parsed.drivername.startswith("postgresql"):
        return create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size * OVERFLOW_FACTOR,
            pool_pre_ping=True,
            pool_recycle=1800,
            connect_args={"connect_timeout": 5},
        )
    raise KioskError(
        f"database {parsed.drivername!r} is not supported", "use sqlite:/// or postgresql://"
    )


def _sqlite_engine(
    url: str, database: str | None, pool_size: int, read_ms: int, write_ms: int
) -> Engine:
    if not database or database == ":memory:":
        raise KioskError(
            "the hub needs a SQLite file, not an in-memory database",
            "pass --db sqlite:///path/to/hub.sqlite3",
        )
    path = Path(database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KioskError(
            f"cannot create {path.parent}: {exc}", "pick a writable --db path"
        ) from None
    engine = create_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size * OVERFLOW_FACTOR,
        connect_args={"check_same_thread": False, "timeout": read_ms / 1000},
    )
    wal = False  # WAL is kept in the file: set once per engine (it needs the write lock)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, record: Any) -> None:
        nonlocal wal
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        if not wal:  # asking costs no lock; switching takes the write lock (a new file)
            if str(cur.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                cur.execute(f"PRAGMA busy_timeout={write_ms}")
                cur.execute("PRAGMA journal_mode=WAL")
            wal = True
        cur.execute(f"PRAGMA busy_timeout={read_ms}")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()
        record.info["busy_ms"] = read_ms

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        options = conn.get_execution_options()
        write = bool(options.get("kiosk_write"))
        busy = int(options.get("kiosk_busy_ms") or (write_ms if write else read_ms))
        info = conn.connection.info
        if info.get("busy_ms") != busy:  # switch only when it changes (reads stay 1 round)
            conn.exec_driver_sql(f"PRAGMA busy_timeout={busy}")
            info["busy_ms"] = busy
        conn.exec_driver_sql(f"BEGIN {'IMMEDIATE' if write else 'DEFERRED'}")

    return engine


def loop_read_engine(engine: Engine) -> Engine | None:
    """SQLite: an engine of one read-only connection that never waits, for reads on the
    event loop's thread (`kiosk.hub.auth.read_on_loop_or_thread`); None for PostgreSQL.

    A small indexed read costs SQLite microseconds, less than handing it to a thread and
    back. It may run on the loop only because it cannot stall it: busy timeout 0 (a locked
    or recovering database answers SQLITE_BUSY at once and the caller retries in a handler
    thread, which waits as every read does) and `query_only` (it cannot take the write
    lock). One connection, used by one thread: StaticPool, so a checkout never waits."""
    if engine.dialect.name != "sqlite":
        return None
    reader = create_engine(
        engine.url,
        poolclass=StaticPool,
        connect_args={"check_same_thread": False, "timeout": 0},
    )

    @event.listens_for(reader, "connect")
    def _connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # autocommit: each SELECT reads the last commit
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA busy_timeout=0")
        cur.execute("PRAGMA query_only=ON")
        cur.close()

    return reader


@contextmanager
def write_tx(engine: Engine, *, wait_s: float | None = None) -> Iterator[Connection]:
    """A write transaction: takes SQLite's write lock up front; commits on success.

    `wait_s` bounds the wait for SQLite's write lock (default: the engine's write timeout,
    30 s). A write a read request does on the side (lazy expiry before a stock lookup)
    passes the read timeout, so a lock held elsewhere gives a quick 503, not a 30 s stall."""
    with engine.connect() as conn:
        options: dict[str, Any] = {"kiosk_write": True}
        if wait_s is not None:
            options["kiosk_busy_ms"] = max(1, int(wait_s * 1000))
        conn.execution_options(**options)
        with conn.begin():
            yield conn


def open_read(engine: Engine) -> Connection:
    """A connection for reads; the caller closes it. PostgreSQL: autocommit, which saves the
    BEGIN and ROLLBACK round trips on the hot path (each statement reads committed data);
    SQLite: a deferred transaction, which costs no round trip. Closing it does no I/O on
    either (nothing to roll back on PostgreSQL, a local rollback of a read on SQLite)."""
    conn = engine.connect()
    if conn.dialect.name == "postgresql":
        try:
            conn.execution_options(isolation_level="AUTOCOMMIT")
        except BaseException:
            conn.close()
            raise
    return conn


@contextmanager
def read_conn(engine: Engine) -> Iterator[Connection]:
    """A connection for reads (`open_read`), closed at the end of the block."""
    with open_read(engine) as conn:
        yield conn


@contextmanager
def read_tx(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (one consistent snapshot)."""
    with engine.connect() as conn, conn.begin():
        yield conn
