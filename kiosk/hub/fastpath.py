"""GET /v1/stock/{sku}, the hub's hottest request, answered before the framework's routing.

Kiosks poll stock for the product on screen, so this one route sets the hub's CPU cost.
With the lookup already down to one read on one connection (`kiosk.hub.routers.stock`),
most of what was left was the framework: route matching over every route, dependency
solving, exception middleware. This ASGI middleware sits inside the metrics middleware
(so the request is still timed, size-limited and counted under its route template) and
answers a well-formed stock lookup itself, through the very same code: the same token
check (`authenticate`), the same policy check, the same read, JSON and ETag
(`routers.stock._read`), the same error bodies (`ApiError` -> `error_response`).

Anything it does not handle itself goes on to the app unchanged: another path or method,
a SKU or header FastAPI would refuse (its 422 wording stays FastAPI's), and any error
other than an `ApiError` (a database outage: the route's own handlers answer 503).
`tests/hub/test_fastpath.py` holds both paths to the same answers.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from kiosk.hub.auth import missing_token, read_on_loop_or_thread
from kiosk.hub.errors import ApiError, error_response
from kiosk.hub.routers.stock import SKU_RE, StockAnswer, read_for, router
from kiosk.storeapi.contract import API_PREFIX

PREFIX = f"{API_PREFIX}/stock/"
TEMPLATE = f"{API_PREFIX}/stock/{{sku}}"
ROUTE = next(r for r in router.routes if getattr(r, "path", None) == TEMPLATE)
MAX_HEADER = 200  # the route's If-None-Match / X-Staff-Session limit (longer: FastAPI's 422)


class StockFastPath:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith(PREFIX) or not SKU_RE.fullmatch(sku := path[len(PREFIX) :]):
            await self.app(scope, receive, send)
            return
        wanted = _headers(scope)
        if wanted is None:
            await self.app(scope, receive, send)
            return
        authorization, if_none_match, staff_session = wanted
        hub = scope["app"].state.hub
        scope["route"] = ROUTE  # the metrics and logs name the template
        try:
            token = _bearer(authorization)
            now = hub.clock()
            answer = await read_on_loop_or_thread(
                hub, token, staff_session, read_for(hub, sku, now, if_none_match)
            )
        except ApiError as exc:
            response = error_response(
                exc.status, exc.code, exc.message, exc.field, headers=exc.headers
            )
            await response(scope, receive, send)
            return
        except Exception:  # the route answers it with its own handlers (503, 500)
            await self.app(scope, receive, send)
            return
        if answer is None:
            await self.app(scope, receive, send)
            return
        await _send(send, answer)


def _headers(scope: Scope) -> tuple[str | None, str | None, str | None] | None:
    """(Authorization, If-None-Match, X-Staff-Session), or None when one is over the
    route's limit (FastAPI answers that 422 itself)."""
    authorization = if_none_match = staff = None
    for key, value in scope["headers"]:
        if key == b"authorization":
            authorization = value.decode("latin-1")
        elif key == b"if-none-match":
            if len(value) > MAX_HEADER:
                return None
            if_none_match = value.decode("latin-1")
        elif key == b"x-staff-session":
            if len(value) > MAX_HEADER:
                return None
            staff = value.decode("latin-1")
    return authorization, if_none_match, staff


def _bearer(authorization: str | None) -> str:
    """The token, as FastAPI's HTTPBearer reads it (scheme `Bearer`, any case), or the 401
    every route gives without one."""
    scheme, _, credentials = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not credentials:
        raise missing_token()
    return credentials


async def _send(send: Send, answer: StockAnswer) -> None:
    headers = [(b"etag", answer.tag.encode()), (b"cache-control", b"no-cache")]
    if answer.body is None:
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers += [
        (b"content-length", str(len(answer.body)).encode()),
        (b"content-type", b"application/json"),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})
