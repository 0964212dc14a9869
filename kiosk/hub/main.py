"""The hub's FastAPI app factory: routers, JSON errors, metrics, migrations and the sweep.

The app keeps no state of its own beyond per-process metrics: everything lives in the
database, so any number of hub processes can serve one PostgreSQL behind a load balancer.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from kiosk import __version__
from kiosk.hub.context import Clock, Hub, utc_now
from kiosk.hub.errors import CrashGuard, install_handlers
from kiosk.hub.fastpath import StockFastPath
from kiosk.hub.metrics import HubMiddleware, Metrics
from kiosk.hub.orders import MAX_BODY_BYTES as ORDER_MAX_BYTES
from kiosk.hub.settings import HubSettings
from kiosk.storeapi.contract import API_PREFIX

log = logging.getLogger("kiosk.hub")

DESCRIPTION = f"""The Store API of the try-on kiosk: catalog, stock across channels,
reservations that never oversell, stock movements, hand-offs to online checkout, shoppers'
photos and lookbooks for their phones, members and consent, and try-on events. Every
endpoint but `{API_PREFIX}/health`, `/h/{{code}}`, `/p/{{code}}` and `/l/{{code}}` needs a token
(`Authorization: Bearer ...`, issued by `kiosk hub token --kiosk ID`).
Errors are JSON: `{{"error": {{"code", "message", "field"}}}}`."""


def create_app(settings: HubSettings | None = None, *, clock: Clock = utc_now) -> FastAPI:
    """The hub app. The database is opened (and migrated) when the app starts serving."""
    from kiosk.hub.routers import (
        catalog,
        dashboard,
        events,
        fleet,
        handoffs,
        health,
        kiosk_reports,
        lookbooks,
        members,
        metrics,
        movements,
        orders,
        photos,
        reports,
        reservations,
        staff,
        stock,
    )

    settings = settings or HubSettings()
    registry = Metrics()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Fewer threads than anyio's default 40: the handlers are short and CPU-bound, and a
        # crowd of threads fighting for the GIL only stretches the latency tail.
        import anyio.to_thread

        from kiosk.hub.db import make_engine
        from kiosk.hub.migrate import prepare_database

        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.threads
        engine = make_engine(
            settings.db_url,
            settings.pool_size,
            read_timeout_s=settings.db_read_timeout_s,
            write_timeout_s=settings.db_write_timeout_s,
        )
        await run_in_threadpool(prepare_database, engine, settings.seed)
        app.state.hub = Hub(
            settings=settings,
            engine=engine,
            metrics=registry,
            request_slots=anyio.Semaphore(request_slots(settings)),
            clock=clock,
        )
        stop_sweeping = asyncio.Event()
        sweeper = asyncio.create_task(_sweep_forever(app.state.hub, stop_sweeping))
        try:
            yield
        finally:
            # Not cancel(): a sweep in flight runs on a worker thread that cancelling cannot
            # stop, and its connection, returned after dispose(), would never be closed.
            stop_sweeping.set()
            await sweeper
            engine.dispose()

    app = FastAPI(
        title="Kiosk Store API",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        # `/v1/health/` is a 404, not a 307 whose Location echoes the request's Host header.
        redirect_slashes=False,
    )
    install_handlers(app)
    if settings.stock_fast_path:
        app.add_middleware(StockFastPath)  # innermost of ours: inside the metrics' timing
    app.add_middleware(
        HubMiddleware,
        metrics=registry,
        max_body=settings.max_body_bytes,
        larger={
            f"{API_PREFIX}/photos": max(settings.max_body_bytes, settings.photo_max_bytes),
            f"{API_PREFIX}/orders/webhook": max(settings.max_body_bytes, ORDER_MAX_BYTES),
        },
    )
    app.add_middleware(CrashGuard)  # added last: outermost of ours (kiosk.hub.errors)
    # The order is the OpenAPI document's.
    for module in (
        health,
        metrics,
        catalog,
        stock,
        reservations,
        movements,
        handoffs,
        photos,
        lookbooks,
        members,
        staff,
        events,
        fleet,
        kiosk_reports,
        orders,
        reports,
        dashboard,  # the managers' pages (a browser's session; not in the OpenAPI document)
    ):
        app.include_router(module.router)
        if module is handoffs:
            app.include_router(handoffs.links)  # GET /h/{code}: the phone's link, no token
        if module is photos:
            app.include_router(photos.links)  # GET /p/{code}: the shopper's photo, no token
        if module is lookbooks:
            app.include_router(lookbooks.links)  # GET /l/{code}: the looks' page, no token
    return app


def request_slots(settings: HubSettings) -> int:
    """How many requests may hold a database connection at once (see kiosk.hub.auth).

    Twice the handler threads keeps every thread busy while requests move between them;
    fewer than the pool's connections leaves one for the others to make progress.
    """
    from kiosk.hub.db import pool_capacity

    return max(1, min(2 * settings.threads, pool_capacity(settings.pool_size) - 1))


async def _sweep_forever(hub: Hub, stop: asyncio.Event) -> None:
    """Release expired holds and delete expired photos every few seconds (a read of either
    after its expiry does the same for that one in between), and prune what the retention
    setting no longer keeps (kiosk.hub.retention). Returns once `stop` is set, after the
    sweep in flight (if any) has finished."""
    from kiosk.hub import photos, retention, stock

    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), hub.settings.sweep_seconds)
        if stop.is_set():
            return
        try:
            released = await run_in_threadpool(stock.sweep, hub.engine, hub.clock())
            if released:
                hub.metrics.inc("reservations_released", released)
            emptied = await run_in_threadpool(photos.sweep, hub.engine, hub.clock())
            if emptied:
                hub.metrics.inc("photos_expired", emptied)
            await run_in_threadpool(
                retention.prune,
                hub.engine,
                hub.clock(),
                hub.settings.retention_days,
                hub.settings.event_retention_days,
            )
        except Exception as exc:  # keep sweeping; the database may be back next time
            log.warning("expiry sweep failed: %s", exc)


def app_from_env() -> FastAPI:
    """uvicorn's factory in worker processes: settings come from the parent's environment.
    A worker of `--workers N` also ties its life to the parent's (kiosk.hub.lifeline)."""
    from kiosk.hub.lifeline import die_with_parent_from_env

    die_with_parent_from_env()
    return create_app(HubSettings.from_env())


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document the hub serves (no database needed)."""
    return create_app(HubSettings(db_url="sqlite:///unused.sqlite3")).openapi()
