"""GET /health: can the hub read and write its database, in time? (no token needed)

Two probes, each bounded by `db_read_timeout_s` (1 s): a read (`SELECT` of the schema
version) and a committed write (the schema version set to itself, which takes the write
lock and writes a page). A database that is locked by another process, read-only, full,
or unreachable makes one of them fail or run late, and health answers 503 "degraded" at
once instead of "ok" (or nothing) half a minute later. The probes run on two threads of
their own, never the handlers' pool, so a hub whose handlers are all stuck still answers;
a probe still stuck from an earlier call is not started again, and counts as failed.
"""

from __future__ import annotations

import anyio
from anyio import CapacityLimiter
from fastapi.responses import JSONResponse
from sqlalchemy import Engine, text

from kiosk.hub.context import HubDep
from kiosk.hub.db import read_conn, write_tx
from kiosk.hub.routers import api_router
from kiosk.storeapi.contract import Health

router = api_router("health")
_probes = CapacityLimiter(2)  # per worker: the read and the write probe


def probe_read(engine: Engine) -> None:
    with read_conn(engine) as conn:
        conn.execute(text("SELECT version_num FROM alembic_version")).all()


def probe_write(engine: Engine, timeout_s: float) -> None:
    with write_tx(engine, wait_s=timeout_s) as conn:
        if conn.dialect.name == "postgresql":
            ms = max(1, int(timeout_s * 1000))
            conn.execute(text(f"SET LOCAL lock_timeout = {ms}"))
            conn.execute(text(f"SET LOCAL statement_timeout = {ms}"))
        conn.execute(text("UPDATE alembic_version SET version_num = version_num"))


async def _within(timeout_s: float, func: object, *args: object) -> bool:
    """True when `func(*args)` finished without error within `timeout_s` (waiting for a
    free probe thread included)."""
    with anyio.move_on_after(timeout_s):
        try:
            await anyio.to_thread.run_sync(func, *args, limiter=_probes, abandon_on_cancel=True)  # type: ignore[arg-type]
        except Exception:
            return False
        return True
    return False


@router.get("/health", response_model=Health, responses={503: {"model": Health}})
async def health(hub: HubDep) -> Health | JSONResponse:
    timeout, engine = hub.settings.db_read_timeout_s, hub.engine
    readable = await _within(timeout + 0.5, probe_read, engine)
    writable = readable and await _within(timeout + 0.5, probe_write, engine, timeout)
    if readable and writable:
        return Health(status="ok", db="ok", version=hub.settings.version)
    body = Health(status="degraded", db="down", version=hub.settings.version)
    return JSONResponse(body.model_dump(), status_code=503)
