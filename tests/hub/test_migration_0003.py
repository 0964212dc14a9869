"""Migration 0003 carries a running hub's data over: member codes are kept only as their
SHA-256 (with an expiry where they had none), movements keep their rows under their
source, on SQLite and PostgreSQL, and a downgrade goes back."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import text

from kiosk.hub.db import make_engine, write_tx
from kiosk.hub.migrate import alembic_config
from tests.hub_server import fresh_pg_schema

NOW = datetime.now(UTC)


def _at(url: str, revision: str, *, down: bool = False) -> None:
    engine = make_engine(url, pool_size=1)
    try:
        with write_tx(engine) as conn:
            cfg = alembic_config(conn)
            (command.downgrade if down else command.upgrade)(cfg, revision)
    finally:
        engine.dispose()


def _sql(url: str, statement: str, **params: object) -> list[tuple[object, ...]]:
    engine = make_engine(url, pool_size=1)
    try:
        with write_tx(engine) as conn:
            result = conn.execute(text(statement), params)
            return [tuple(r) for r in result] if result.returns_rows else []
    finally:
        engine.dispose()


def _carry_over(url: str) -> None:
    _at(url, "0002")
    _sql(
        url,
        "INSERT INTO members (member_id, member_number, display_name, tier) "
        "VALUES ('M-1', '8800', 'A', 'gold')",
    )
    for code, expires in (("KMEMBER:1:OLD", None), ("KMEMBER:1:DATED", NOW + timedelta(days=2))):
        _sql(
            url,
            "INSERT INTO member_codes (code, member_id, expires_at) VALUES (:c, 'M-1', :e)",
            c=code,
            e=expires,
        )
    _sql(
        url,
        "INSERT INTO movements (movement_id, kind, sku, location_id, quantity, occurred_at, "
        "applied_at, kiosk_id) VALUES ('mv-1', 'pos_sale', 'S', 'L', 3, NULL, :t, 'pos-a')",
        t=NOW,
    )
    _at(url, "head")

    codes = dict(_sql(url, "SELECT code_hash, expires_at FROM member_codes"))
    old = hashlib.sha256(b"KMEMBER:1:OLD").hexdigest()
    dated = hashlib.sha256(b"KMEMBER:1:DATED").hexdigest()
    assert set(codes) == {old, dated}  # only hashes: no code in clear survives
    assert not _sql(url, "SELECT 1 FROM member_codes WHERE code_hash LIKE 'KMEMBER%'")
    # The one without a date got one (30 days); the dated one kept its own.
    expiries = {
        k: v if isinstance(v, datetime) else datetime.fromisoformat(str(v))
        for k, v in codes.items()
    }
    assert timedelta(days=29) < expiries[old].replace(tzinfo=UTC) - NOW < timedelta(days=31)
    assert abs(expiries[dated].replace(tzinfo=UTC) - (NOW + timedelta(days=2))) < timedelta(
        seconds=1
    )
    moved = _sql(url, "SELECT source, movement_id, quantity, kiosk_id FROM movements")
    assert moved == [("pos-a", "mv-1", 3, "pos-a")]

    _at(url, "0002", down=True)
    assert _sql(url, "SELECT movement_id, quantity FROM movements") == [("mv-1", 3)]
    assert _sql(url, "SELECT count(*) FROM member_codes") == [(0,)]  # hashes cannot go back


def test_0003_carries_codes_and_movements_over_on_sqlite(tmp_path: Path) -> None:
    _carry_over(f"sqlite:///{tmp_path / 'm.sqlite3'}")


def test_0003_carries_codes_and_movements_over_on_postgresql(pg_base: str) -> None:
    with fresh_pg_schema(pg_base) as url:
        _carry_over(url)
