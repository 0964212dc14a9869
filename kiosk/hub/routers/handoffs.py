"""Hand-offs: POST /handoffs (kiosk) and GET /h/{code} (the shopper's phone, no token).

`router` is mounted under the API prefix like every other; `links` is not: short URLs on
phones stay short.
"""

from __future__ import annotations

import html
from typing import Annotated

from fastapi import APIRouter, Header, Path
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from kiosk.hub import handoffs, policy
from kiosk.hub.auth import CallerDep
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.storeapi.contract import ErrorBody, Handoff, HandoffCreate

router = api_router("handoffs")
links = APIRouter(tags=["handoffs"])  # mounted outside the API prefix: short URLs on phones

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>
<body style="font-family:sans-serif;margin:2em"><h1>{title}</h1><p>{text}</p></body></html>"""


@router.post("/handoffs", status_code=201, responses=errors(403, 404))
def create_handoff(hub: HubDep, caller: CallerDep, body: HandoffCreate) -> Handoff:
    policy.require(caller, Action.HANDOFF_CREATE, location=caller.store_id)
    handoff = handoffs.create(hub.engine, caller, body, hub.settings, hub.clock())
    hub.metrics.inc("handoffs_created")
    return handoff


@links.get(
    "/h/{code}",
    response_class=RedirectResponse,
    status_code=302,
    responses={
        302: {"description": "to the online checkout with the cart filled"},
        404: {"model": ErrorBody, "description": "unknown or forged code"},
        410: {"model": ErrorBody, "description": "expired code"},
        422: {"model": ErrorBody, "description": "malformed request"},
    },
)
def follow_handoff(
    hub: HubDep,
    code: Annotated[str, Path(max_length=64)],
    accept: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    try:
        url = handoffs.resolve(hub.engine, code, hub.settings, hub.clock())
    except ApiError as exc:
        if accept and "application/json" in accept:
            body = {"error": {"code": exc.code, "message": exc.message, "field": exc.field}}
            return JSONResponse(body, status_code=exc.status)
        title = "Link expired" if exc.status == 410 else "Link not found"
        page = PAGE.format(title=title, text=html.escape(exc.message))
        return HTMLResponse(page, status_code=exc.status)
    hub.metrics.inc("handoff_scans")
    return RedirectResponse(url, status_code=302, headers={"Cache-Control": "no-store"})
