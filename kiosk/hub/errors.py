"""JSON errors: every 4xx names the problem, the field and the fix; nothing leaks a traceback.

Shape: {"error": {"code", "message", "field", "details"?}} (contract.ErrorBody).

Logs name the error class and the route template, never the SQL or its parameters (a
member id can be one); the traceback goes out at DEBUG only. An unexpected error is
answered by `CrashGuard` rather than Starlette's outermost handler, which re-raises after
answering, so uvicorn logged the traceback and closed the connection (the client's next
request on it got ECONNRESET).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DataError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

log = logging.getLogger("kiosk.hub")


class ApiError(Exception):
    """An error a caller caused or must handle, with its HTTP status and machine code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers


def error_response(
    status: int,
    code: str,
    message: str,
    field: str | None = None,
    details: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message, "field": field}
    if details:
        body["details"] = details
    return JSONResponse({"error": body}, status_code=status, headers=headers)


def field_name(loc: Sequence[Any]) -> str | None:
    """('body', 'movements', 3, 'sku') -> 'body.movements.3.sku'; headers keep their case."""
    if not loc:
        return None
    parts = [str(p) for p in loc]
    if parts[0] == "header" and len(parts) > 1:
        parts[1] = "-".join(w.capitalize() for w in parts[1].replace("_", "-").split("-"))
    if parts[0] == "body" and len(parts) > 1 and parts[1].isdigit():
        return "body"  # a JSON syntax error carries the character position, not a field
    return ".".join(parts)


def _describe(err: dict[str, Any]) -> str:
    field = field_name(err.get("loc", ())) or "request"
    kind = err.get("type", "")
    if kind == "json_invalid":
        return f"the request body is not valid JSON ({err.get('ctx', {}).get('error', 'syntax')})"
    if kind == "missing" and field == "body":
        return "the request needs a JSON body; send Content-Type: application/json"
    if kind == "missing":
        return f"{field} is required; add it"
    if kind == "extra_forbidden":
        return f"{field} is not a known field; remove it (see /openapi.json)"
    text = str(err.get("msg", "is invalid")).removeprefix("Value error, ")
    given = err.get("input")
    short_text = isinstance(given, str) and len(given) <= 40 and given.isprintable()
    if isinstance(given, bool | int | float) or short_text:
        return f"{field}: {text} (got {given!r})"
    return f"{field}: {text}"


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.field, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        details = [{"field": field_name(e.get("loc", ())), "message": _describe(e)} for e in errors]
        first = details[0] if details else {"field": None, "message": "the request is invalid"}
        more = f" (and {len(details) - 1} more problem(s), see details)" if len(details) > 1 else ""
        return error_response(
            422, "validation_error", str(first["message"]) + more, first["field"], details
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 404:
            return error_response(
                404,
                "not_found",
                f"no endpoint {request.method} {request.url.path}; see /openapi.json",
            )
        if exc.status_code == 405:
            return error_response(
                405,
                "method_not_allowed",
                f"{request.method} is not allowed on {request.url.path}; see /openapi.json",
                headers=dict(exc.headers or {}),
            )
        if exc.status_code == 400:  # the body could not be parsed at all (e.g. nested too deep)
            return error_response(
                400,
                "bad_request",
                f"the request body could not be read: {exc.detail}; send a JSON object",
                "body",
            )
        return error_response(exc.status_code, "http_error", str(exc.detail))

    @app.exception_handler(OperationalError)
    async def _database_down(request: Request, exc: OperationalError) -> JSONResponse:
        log.warning(
            "database unavailable on %s %s: %s",
            request.method,
            _route(request.scope),
            _first_line(exc.orig),
        )
        log.debug("database error detail", exc_info=exc)
        return error_response(
            503,
            "db_unavailable",
            "the hub's database is busy or unavailable right now; retry shortly",
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(DataError)
    async def _out_of_range(request: Request, exc: DataError) -> JSONResponse:
        # PostgreSQL refuses a value its column cannot hold (on hand past 2^31 - 1 after
        # many receipts): the request asked for it, so it is the caller's 422, not a 500.
        log.info(
            "value out of range on %s %s: %s",
            request.method,
            _route(request.scope),
            type(exc.orig).__name__,
        )
        log.debug("data error detail", exc_info=exc)
        return error_response(
            422,
            "value_out_of_range",
            "a quantity in this request would take a stored total beyond what the hub can "
            "hold; send smaller quantities or a count",
        )


def _route(scope: Scope) -> str:
    """The matched route's template (never the raw path: it can hold a member id)."""
    return str(getattr(scope.get("route"), "path", None) or "(unmatched)")


def _first_line(exc: BaseException | None) -> str:
    """A database error's first line: its message, without SQL or parameters."""
    return str(exc).strip().splitlines()[0][:200] if exc is not None and str(exc) else "?"


class CrashGuard:
    """The safety net around the app (outside the metrics): an unexpected error becomes a
    JSON 500, logged by class and route (traceback at DEBUG), and the connection stays
    usable for the next request. When the answer had already started, the error is logged
    and the connection closed (nothing else can end half an answer)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, send_tracked)
        except ClientDisconnect:
            return  # the client went away (or its body timed out): nobody to answer
        except Exception as exc:
            log.error(
                "unhandled %s on %s %s", type(exc).__name__, scope.get("method"), _route(scope)
            )
            log.debug("unhandled error detail", exc_info=exc)
            if started:
                raise  # half an answer is on the wire: only closing the connection ends it
            response = error_response(
                500,
                "internal_error",
                "the hub failed on this request; the operator can see the log",
            )
            await response(scope, receive, send)
