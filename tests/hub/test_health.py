"""Health tells the truth, quickly: a database another process holds locked, a full disk,
a locked table on PostgreSQL give "degraded" within about a second (not "ok" after half a
minute); reads do not queue behind the lock (a quick 503 `db_unavailable` with Retry-After
when the file itself is locked)."""

from __future__ import annotations

import resource
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.hub_server import RunningHub, fresh_pg_schema, pg_url, start_hub


def _timed_get(url: str, headers: dict[str, str] | None = None) -> tuple[httpx.Response, float]:
    start = time.monotonic()
    answer = httpx.get(url, headers=headers, timeout=60)
    return answer, time.monotonic() - start


@pytest.fixture
def sqlite_hub(tmp_path: Path) -> Iterator[RunningHub]:
    with start_hub(tmp_path) as hub:
        yield hub


def _sqlite_path(hub: RunningHub) -> str:
    return hub.db_url.removeprefix("sqlite:///")


def test_health_is_ok_when_it_is(sqlite_hub: RunningHub) -> None:
    answer, _ = _timed_get(f"{sqlite_hub.url}/v1/health")
    assert answer.status_code == 200
    assert answer.json()["status"] == "ok" and answer.json()["db"] == "ok"


def test_a_writer_lock_held_elsewhere_is_degraded_and_reads_go_on(
    sqlite_hub: RunningHub,
) -> None:
    """Another connection holds `BEGIN EXCLUSIVE` (in WAL: the write lock)."""
    other = sqlite3.connect(_sqlite_path(sqlite_hub), isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        answer, took = _timed_get(f"{sqlite_hub.url}/v1/health")
        assert answer.status_code == 503, answer.text
        assert answer.json()["status"] == "degraded"
        assert took < 5, took
        lookup, took = _timed_get(f"{sqlite_hub.url}/v1/stock/LIP-001", sqlite_hub.headers)
        assert lookup.status_code == 200  # WAL readers do not wait for the writer
        assert took < 2, took
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert _timed_get(f"{sqlite_hub.url}/v1/health")[0].status_code == 200


def test_reads_give_up_quickly_on_a_file_locked_elsewhere(tmp_path: Path) -> None:
    """A process that holds the whole file (`locking_mode=EXCLUSIVE`, a backup or
    maintenance tool) blocks even WAL readers: a read gives up after the read timeout (1 s
    by default), which the hub answers as 503 `db_unavailable`, instead of 30 s."""
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from kiosk.hub.db import make_engine

    path = tmp_path / "locked.sqlite3"
    setup = make_engine(f"sqlite:///{path}", pool_size=1)
    with setup.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    setup.dispose()
    other = sqlite3.connect(path, isolation_level=None)
    engine = make_engine(f"sqlite:///{path}", pool_size=1, read_timeout_s=0.5)
    try:
        other.execute("PRAGMA locking_mode=EXCLUSIVE")
        other.execute("BEGIN EXCLUSIVE")
        other.execute("INSERT INTO t VALUES (1)")
        start = time.monotonic()
        with pytest.raises(OperationalError), engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM t")).all()
        took = time.monotonic() - start
        assert took < 3, took
    finally:
        other.execute("ROLLBACK")
        other.close()
        engine.dispose()


def test_a_full_disk_is_degraded(sqlite_hub: RunningHub) -> None:
    """The hub may write no byte more (RLIMIT_FSIZE: every write fails as on a full disk)."""
    assert sqlite_hub.proc is not None
    pid = sqlite_hub.proc.pid
    before = resource.prlimit(pid, resource.RLIMIT_FSIZE)
    resource.prlimit(pid, resource.RLIMIT_FSIZE, (1, before[1]))
    try:
        answer, took = _timed_get(f"{sqlite_hub.url}/v1/health")
        assert answer.status_code == 503, answer.text
        assert answer.json()["status"] == "degraded"
        assert took < 5, took
    finally:
        resource.prlimit(pid, resource.RLIMIT_FSIZE, before)
    assert _timed_get(f"{sqlite_hub.url}/v1/health")[0].status_code == 200


def test_postgresql_locked_is_degraded_quickly(tmp_path: Path) -> None:
    import psycopg

    with fresh_pg_schema(pg_url()) as url, start_hub(tmp_path, url) as hub:
        admin = url.replace("postgresql+psycopg://", "postgresql://")
        with psycopg.connect(admin) as other:
            other.execute("LOCK TABLE alembic_version IN ACCESS EXCLUSIVE MODE")
            answer, took = _timed_get(f"{hub.url}/v1/health")
            assert answer.status_code == 503 and answer.json()["status"] == "degraded"
            assert took < 5, took
            other.rollback()
        assert _timed_get(f"{hub.url}/v1/health")[0].status_code == 200
