"""Lookbooks: POST /lookbooks and DELETE /lookbooks/{id} (kiosk), a member's saved ones
(GET /members/{id}/lookbooks: the shop for its member, staff at a mirror), and the phone's
page GET /l/{code} (no token: the code is the key), mounted outside the API prefix like the
photo's /p/{code}, so the QR's URL stays short."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Query
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.hub import lookbook_page, lookbooks
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.context import HubDep
from kiosk.hub.errors import ApiError
from kiosk.hub.members import authorize
from kiosk.hub.phone_links import json_error, page_responses, prefers_chinese, wants_json
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.hub.routers.members import MemberId, Reason
from kiosk.storeapi.contract import Lookbook, LookbookCreate, MemberLookbooks

router = api_router("lookbooks")
links = APIRouter(tags=["lookbooks"])  # mounted outside the API prefix: short URLs in QR codes

_PHONE: dict[int | str, dict[str, Any]] = {
    200: {"description": "a page showing the looks, their products and prices"},
    **page_responses("expired or deleted"),
}


@router.post(
    "/lookbooks",
    status_code=201,
    responses=errors(403, 404, 409),
    summary="Save a styling session's looks: to a member's account, or for a QR code",
)
def create_lookbook(
    hub: HubDep, caller: CallerDep, conn: ReadConn, body: LookbookCreate, reason: Reason = None
) -> Lookbook:
    """With `member_id`: the member present at this kiosk (or staff with a `reason`) and
    their consent granted (409 `consent_required`); kept on their account, no link. Without:
    a link for the shopper's phone until `expires_at` (409 `no_public_url` when this hub has
    no address phones reach: the mirror then shows no QR code)."""
    return lookbooks.create(hub.engine, conn, caller, body, hub.settings, hub.clock(), reason)


@router.get(
    "/members/{member_id}/lookbooks",
    responses=errors(403, 404),
    summary="A member's saved lookbooks, newest first",
)
def member_lookbooks(
    hub: HubDep, caller: CallerDep, conn: ReadConn, member_id: MemberId, reason: Reason = None
) -> MemberLookbooks:
    authorize(conn, caller, Action.LOOKBOOK_LIST, member_id, hub.clock(), reason)
    return lookbooks.saved(conn, member_id)


@router.delete(
    "/lookbooks/{lookbook_id}",
    status_code=204,
    responses=errors(403, 404),
    summary="Delete a lookbook now",
)
def delete_lookbook(
    hub: HubDep,
    caller: CallerDep,
    conn: ReadConn,
    lookbook_id: Annotated[str, Path(max_length=64)],
) -> Response:
    """The kiosk that made it, or the shop for the member it belongs to; to any other
    caller it does not exist (404). Again: 204."""
    lookbooks.delete(hub.engine, conn, caller, lookbook_id, hub.clock())
    return Response(status_code=204)


@links.get("/l/{code}", response_class=HTMLResponse, responses=_PHONE)
async def lookbook_page_for_phone(
    hub: HubDep,
    code: Annotated[str, Path(max_length=64)],
    lang: Annotated[
        str | None, Query(max_length=16, description="the page's language switch: en, zh-CN")
    ] = None,
    accept: Annotated[str | None, Header(max_length=1000)] = None,
    accept_language: Annotated[str | None, Header(max_length=1000)] = None,
) -> Response:
    now = hub.clock()
    chinese = prefers_chinese(accept_language, lang)
    try:
        shown = await run_in_threadpool(lookbooks.open_page, hub.engine, code, hub.settings, now)
    except ApiError as exc:
        if wants_json(accept):
            return json_error(exc)
        page, headers = lookbook_page.refusal(exc, chinese)
        return HTMLResponse(page, exc.status, headers=headers)
    page, headers = lookbook_page.lookbook(shown, chinese, now)
    return HTMLResponse(page, headers=headers)
