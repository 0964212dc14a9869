"""Apply the Alembic migrations (and the demo seed) at start, safely from many processes.

PostgreSQL: a transaction-scoped advisory lock makes concurrent hub starts on one
database take turns; SQLite: `BEGIN IMMEDIATE` does the same. Migrations run inside
that transaction (both databases have transactional DDL), so a failed start leaves the
schema as it was.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from kiosk.errors import KioskError
from kiosk.hub.db import write_tx

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# pg_advisory_xact_lock key: "kiosk hub migrate" folded into a bigint.
ADVISORY_LOCK_KEY = 0x6B696F736B687562


def alembic_config(connection: Connection | None = None) -> Config:
    """A programmatic Alembic config (no alembic.ini needed at runtime)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def prepare_database(engine: Engine, seed: str = "none") -> None:
    """Bring the schema to head and seed it if asked and empty: one locked transaction."""
    try:
        with write_tx(engine) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": ADVISORY_LOCK_KEY})
            command.upgrade(alembic_config(conn), "head")
            if seed == "demo":
                from kiosk.hub.seed import seed_demo

                seed_demo(conn)
    except OperationalError as exc:
        raise KioskError(
            f"cannot open the hub database {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig}",
            "check --db (the path is writable, or PostgreSQL is running and the role may log in)",
        ) from None
