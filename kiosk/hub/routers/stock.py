"""GET /stock/{sku}: one SKU across channels, for the caller's store (ETag / 304).

The hub's hottest request, so it is built for the CPU it costs (benchmarks/hub_lookups.py,
docs/hub.md "Throughput"): the token check, the stock read, the JSON and the ETag all run
on one read connection, on SQLite on the event loop itself, elsewhere in one handler thread
(`kiosk.hub.auth.read_on_loop_or_thread`), from prebuilt statements on the DBAPI cursor to
bytes, without a model in between. The token is checked before the input, as on every
route: the lookup is a dependency, which FastAPI runs before it validates the path, and it
reads no stock for a SKU that will be refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Header, Path, Request, Security
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials
from sqlalchemy import Connection

from kiosk.hub.auth import (
    Caller,
    NeedsThread,
    StaffSession,
    bearer,
    bearer_token,
    read_on_loop_or_thread,
)
from kiosk.hub.context import Hub
from kiosk.hub.db import write_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action, require
from kiosk.hub.routers import api_router, errors
from kiosk.hub.stock import read_stock, release_expired, report_json
from kiosk.storeapi.contract import SKU_PATTERN, StockReport

router = api_router("stock")
SKU_RE = re.compile(SKU_PATTERN)


@dataclass(frozen=True)
class StockAnswer:
    tag: str
    body: bytes | None  # None: the client's ETag matched (304)


def _read(
    conn: Connection,
    caller: Caller,
    on_loop: bool,
    hub: Hub,
    sku: str,
    now: datetime,
    if_none_match: str | None,
) -> StockAnswer | None:
    """After the token check, on the event loop (SQLite) or in a handler thread."""
    require(caller, Action.STOCK_READ)
    if not SKU_RE.fullmatch(sku):
        return None  # FastAPI answers 422 for the path next
    settings = hub.settings
    args = (sku, caller.store_id, now, settings.nearby_km, settings.nearby_max)
    report = read_stock(conn, *args)
    if report is None:  # lazy expiry: give the units of expired holds back before showing them
        if on_loop:
            raise NeedsThread  # a write waits for the lock: not on the event loop
        # A write on the side of a read: a lock held elsewhere gives a quick 503, not 30 s.
        with write_tx(hub.engine, wait_s=settings.db_read_timeout_s) as tx:
            release_expired(tx, now, sku)
            report = read_stock(tx, *args, check_expiry=False)
        assert report is not None
    tag, body = report_json(report)
    if if_none_match is not None and tag in {v.strip() for v in if_none_match.split(",")}:
        return StockAnswer(tag, None)
    return StockAnswer(tag, body)


async def _lookup(
    request: Request,
    creds: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
    staff_session: StaffSession = None,
) -> StockAnswer | None:
    """`Token` and `HubDep` inline (the same checks, two dependency solves fewer)."""
    token = await bearer_token(creds)
    hub: Hub = request.app.state.hub
    sku = request.path_params.get("sku", "")
    if_none_match = request.headers.get("if-none-match")
    now = hub.clock()
    return await read_on_loop_or_thread(
        hub, token, staff_session, read_for(hub, sku, now, if_none_match)
    )


def read_for(
    hub: Hub, sku: str, now: datetime, if_none_match: str | None
) -> Callable[[Connection, Caller, bool], StockAnswer | None]:
    """The lookup's work for `read_on_loop_or_thread` (the route and kiosk.hub.fastpath)."""
    return lambda conn, caller, on_loop: _read(conn, caller, on_loop, hub, sku, now, if_none_match)


@router.get(
    "/stock/{sku}",
    response_model=StockReport,
    responses={
        200: {
            "headers": {
                "ETag": {"description": "validator for If-None-Match", "schema": {"type": "string"}}
            }
        },
        **errors(304, 404),
    },
)
async def get_stock(
    answer: Annotated[StockAnswer | None, Depends(_lookup)],
    sku: Annotated[str, Path(pattern=SKU_PATTERN)],
    if_none_match: Annotated[str | None, Header(alias="If-None-Match", max_length=200)] = None,
) -> Response:
    if answer is None:  # only if FastAPI and `SKU_RE` ever disagree on a SKU
        raise ApiError(
            422,
            "validation_error",
            f"path.sku: {sku!r} is not a SKU; use letters, digits, . _ -",
            "path.sku",
        )
    headers = {"ETag": answer.tag, "Cache-Control": "no-cache"}
    if answer.body is None:
        return Response(status_code=304, headers=headers)
    return Response(answer.body, media_type="application/json", headers=headers)
