"""The managers' dashboard (`/dashboard`): pages for a browser, behind a back-office sign-in.

    GET  /dashboard/login           the sign-in form (English or Chinese)
    POST /dashboard/login           username and password -> a session cookie, 303 /dashboard
    POST /dashboard/logout          ends the session, 303 /dashboard/login
    GET  /dashboard                 the dashboard (303 to the form when not signed in)
    GET  /dashboard/api/summary     the figures the page draws, as JSON (polled every 3 s)
    GET  /dashboard/static/{name}   the page's own script and style sheet

None takes a bearer token, and none is part of the Store API's OpenAPI document: the pages
and their JSON are the hub's own UI (kiosk.hub.dashboard).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from kiosk.hub import ratelimit, report
from kiosk.hub.backoffice_users import (
    MAX_PASSWORD,
    SESSION_HOURS,
    User,
    check_password,
    end_session,
    open_session,
)
from kiosk.hub.context import Hub, HubDep
from kiosk.hub.dashboard import auth, pages, queries
from kiosk.hub.db import read_conn, read_tx
from kiosk.hub.errors import ApiError
from kiosk.hub.phone_links import prefers_chinese
from kiosk.storeapi.contract import ID_PATTERN

router = APIRouter(prefix="/dashboard", tags=["dashboard"], include_in_schema=False)
MAX_FORM_BYTES = 4096
Lang = Annotated[str | None, Query(pattern=r"^(en|zh-CN)$")]
AcceptLanguage = Annotated[str | None, Header(max_length=1000)]
Day = Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
Id = Annotated[str | None, Query(pattern=ID_PATTERN)]


def _html(body: str, status: int = 200, *, script: bool = False) -> HTMLResponse:
    return HTMLResponse(body, status, headers=pages.page_headers(script))


def _lang_query(chinese: int) -> str:
    return "?lang=zh-CN" if chinese else "?lang=en"


# ---- signing in and out ----------------------------------------------------------------------


@router.get("/login")
def login_form(accept_language: AcceptLanguage = None, lang: Lang = None) -> HTMLResponse:
    return _html(pages.login_page(prefers_chinese(accept_language, lang)))


@router.post("/login")
async def login(request: Request, hub: HubDep) -> Response:
    """A form post (`application/x-www-form-urlencoded`: username, password, lang)."""
    raw = await request.body()
    try:
        form = parse_qs(raw[:MAX_FORM_BYTES].decode("utf-8", "replace"), max_num_fields=10)
    except ValueError:  # more fields than the form has: not the form
        form = {}
    username = (form.get("username") or [""])[0].strip()[:128]
    password = (form.get("password") or [""])[0][: MAX_PASSWORD + 1]
    lang = (form.get("lang") or [""])[0]
    chinese = prefers_chinese(request.headers.get("accept-language"), lang or None)
    w = pages.words(chinese)
    if not auth.same_origin(request, hub):
        return _html(pages.login_page(chinese, w["cross_site"]), 403)
    if len(raw) > MAX_FORM_BYTES:
        return _html(pages.login_page(chinese, w["wrong"], username), 413)
    limits = ratelimit.limits_for(request)
    keys_user = ["user:" + username.lower()]
    keys_address = [ratelimit.client_address(request)]
    now = hub.clock()
    try:
        ratelimit.check(limits.login_user, keys_user, now, "wrong passwords for this user")
        ratelimit.check(limits.login_address, keys_address, now, "wrong passwords from here")
    except ApiError as exc:
        wait = (exc.headers or {}).get("Retry-After", "60")
        page = pages.login_page(chinese, w["locked"].format(n=wait), username)
        response = _html(page, 429)
        response.headers["Retry-After"] = wait
        return response
    user = await run_in_threadpool(_check, hub, username, password)
    if user is None:
        ratelimit.record(limits.login_user, keys_user, now)
        ratelimit.record(limits.login_address, keys_address, now)
        return _html(pages.login_page(chinese, w["wrong"], username), 401)
    secret, _expires = await run_in_threadpool(open_session, hub.engine, user, now)
    signed_in = RedirectResponse("/dashboard" + _lang_query(chinese), status_code=303)
    signed_in.set_cookie(
        auth.COOKIE,
        secret,
        max_age=SESSION_HOURS * 3600,
        path=auth.COOKIE_PATH,
        secure=auth.is_https(request, hub),
        httponly=True,
        samesite="strict",
    )
    signed_in.headers["Cache-Control"] = "no-store"
    return signed_in


def _check(hub: Hub, username: str, password: str) -> User | None:
    with read_conn(hub.engine) as conn:
        return check_password(conn, username, password)


@router.post("/logout")
async def logout(request: Request, hub: HubDep) -> Response:
    if not auth.same_origin(request, hub):
        raise auth.cross_site()
    secret = auth.session_secret(request)
    if secret is not None:
        await run_in_threadpool(end_session, hub.engine, secret, hub.clock())
    response = RedirectResponse("/dashboard/login", status_code=303)
    response.delete_cookie(
        auth.COOKIE,
        path=auth.COOKIE_PATH,
        secure=auth.is_https(request, hub),
        httponly=True,
        samesite="strict",
    )
    return response


# ---- the page and its figures ------------------------------------------------------------------


@router.get("")
def dashboard(
    request: Request, hub: HubDep, accept_language: AcceptLanguage = None, lang: Lang = None
) -> Response:
    chinese = prefers_chinese(accept_language, lang)
    try:
        user = auth.user_of(request, hub)
    except ApiError:
        return RedirectResponse("/dashboard/login" + _lang_query(chinese), status_code=303)
    return _html(pages.dashboard_page(chinese, user), script=True)


@router.get("/api/summary")
def summary(
    request: Request,
    hub: HubDep,
    store: Id = None,
    kiosk: Id = None,
    staff: Id = None,
    first: Annotated[Day, Query(alias="from")] = None,
    last: Annotated[Day, Query(alias="to")] = None,
    tz: Annotated[str, Query(max_length=64)] = "UTC",
) -> JSONResponse:
    """The figures for the signed-in user's stores (see kiosk.hub.dashboard.queries)."""
    user = auth.user_of(request, hub)
    visible = (user.store_id,) if user.store_id is not None else None
    stores = auth.visible_stores(user, store)
    now: datetime = hub.clock()
    when = report.period(first, last, tz, now)
    filters = queries.Filters(stores, kiosk, staff, when)
    with read_tx(hub.engine) as conn:
        if store is not None and not report.is_store(conn, store):
            raise ApiError(404, "not_found", f"{store!r} is not a store of this hub", "query.store")
        body = queries.summary(conn, filters, visible, now)
    body["user"] = {"name": user.display_name, "store": user.store_id}
    return JSONResponse(body, headers={"Cache-Control": "private, no-store"})


@router.get("/static/{name}")
def static(name: str) -> Response:
    if name not in pages.STATIC:
        raise ApiError(404, "not_found", f"no dashboard file {name!r}", "path.name")
    kind = pages.TYPES[name[name.rindex(".") :]]
    return Response(
        pages.static_file(name),
        media_type=kind,
        headers={
            "Cache-Control": "public, max-age=86400",
            "X-Content-Type-Options": "nosniff",
        },
    )
