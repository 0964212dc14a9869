"""GET /reports/sales: sales started at mirrors per store, staff member and day (back office:
its own store; head office, bound to a warehouse, every store or one)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from sqlalchemy import select

from kiosk.hub import policy, report
from kiosk.hub import tables as t
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import ID_PATTERN, SalesReport

router = api_router("reports")
Day = Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]


_STORE = "one store (default: the credential's own; head office: every store)"


@router.get("/reports/sales", responses=errors(403, 404))
def sales_report(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    first: Annotated[Day, Query(alias="from", description="first day (default: to - 6)")] = None,
    last: Annotated[Day, Query(alias="to", description="last day (default: today)")] = None,
    store: Annotated[str | None, Query(pattern=ID_PATTERN, description=_STORE)] = None,
    tz: Annotated[str, Query(max_length=64, description="IANA time zone of the days")] = "UTC",
) -> SalesReport:
    """Orders credited to mirrors (the shop's webhook), units, revenue per currency,
    try-on sessions and hand-offs, per local day, store and staff member."""
    loc = t.locations
    home_kind = conn.execute(
        select(loc.c.kind).where(loc.c.location_id == caller.store_id)
    ).scalar_one_or_none()
    if store is None and home_kind != "warehouse":
        store = caller.store_id  # a store's back office: its own store
    try:
        policy.require(caller, Action.REPORT_READ, location=store, home_kind=home_kind)
    except ApiError as exc:
        raise ApiError(exc.status, exc.code, exc.message, "query.store") from None
    when = report.period(first, last, tz, hub.clock())
    if store is not None and not report.is_store(conn, store):
        raise ApiError(404, "not_found", f"{store!r} is not a store of this hub", "query.store")
    return report.sales(conn, when, store)
