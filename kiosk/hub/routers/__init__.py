"""One router module per Store API resource.

Every API router comes from `api_router`, which puts it under the API prefix
(`kiosk.storeapi.contract.API_PREFIX`): route paths in the modules are relative to it,
while each route's own `path` (what metrics and logs name) is the full template. The
hand-off short link (`handoffs.links`, `/h/{code}`) is the one route outside the API.
Every route that takes `CallerDep` or `ReadConn` (kiosk.hub.auth) needs a bearer token.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from kiosk.storeapi.contract import API_PREFIX, ID_PATTERN, ErrorBody

# A member's id in a path, and why staff reach them (the members' routes share these).
MemberId = Annotated[str, Path(pattern=ID_PATTERN)]
Reason = Annotated[
    str | None,
    Query(
        pattern=r"^[ -~]{3,200}$",
        description="why staff reach this member (recorded in the hub's log, without the "
        "member id); needed with a staff session unless the member showed their code here",
    ),
]


def api_router(tag: str) -> APIRouter:
    """A router for one resource of the API, under the API prefix."""
    return APIRouter(prefix=API_PREFIX, tags=[tag])


def member_router(tag: str) -> APIRouter:
    """A router for one of a member's resources (wishlist, looks, ...): included in the
    members' router (`routers.members`), which puts it under the API prefix."""
    return APIRouter(tags=[tag])


_TEXT = {
    304: "Not modified (ETag matched)",
    401: "Missing, unknown or revoked token",
    403: "Forbidden: not for this credential, or not here (kiosk.hub.policy)",
    404: "Not found",
    409: "Conflict",
    410: "Gone (expired)",
    413: "Body too large",
    415: "Unsupported media type",
    422: "Invalid input; the error names the field",
    429: "Too many attempts; see Retry-After",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the JSON errors a route can answer."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in sorted({401, 422, *codes}):
        out[code] = (
            {"description": _TEXT[code]}
            if code == 304
            else {"model": ErrorBody, "description": _TEXT[code]}
        )
    return out
