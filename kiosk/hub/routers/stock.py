"""GET /stock/{sku}: one SKU across channels, for the caller's store (ETag / 304)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Header, Path
from fastapi.responses import Response

from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.db import write_tx
from kiosk.hub.routers import api_router, errors
from kiosk.hub.stock import etag, release_expired, stock_report
from kiosk.storeapi.contract import SKU_PATTERN, StockReport

router = api_router("stock")


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
def get_stock(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    sku: Annotated[str, Path(pattern=SKU_PATTERN)],
    if_none_match: Annotated[str | None, Header(alias="If-None-Match", max_length=200)] = None,
) -> Response:
    now = hub.clock()
    settings = hub.settings
    args = (sku, caller.store_id, now, settings.nearby_km, settings.nearby_max)
    report = stock_report(conn, *args)
    if report is None:  # lazy expiry: give the units of expired holds back before showing them
        with write_tx(hub.engine) as tx:
            release_expired(tx, now, sku)
            report = stock_report(tx, *args, check_expiry=False)
        assert report is not None
    tag = etag(report)
    headers = {"ETag": tag, "Cache-Control": "no-cache"}
    if if_none_match is not None and tag in {v.strip() for v in if_none_match.split(",")}:
        return Response(status_code=304, headers=headers)
    return Response(report.model_dump_json(), media_type="application/json", headers=headers)
