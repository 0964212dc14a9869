"""One router module per Store API resource."""

from __future__ import annotations

from typing import Any

from kiosk.storeapi.contract import ErrorBody

_TEXT = {
    304: "Not modified (ETag matched)",
    401: "Missing, unknown or revoked token",
    404: "Not found",
    409: "Conflict",
    410: "Gone (expired)",
    413: "Body too large",
    422: "Invalid input; the error names the field",
}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for the JSON errors a route can answer."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in (401, 422, *codes):
        out[code] = (
            {"description": _TEXT[code]}
            if code == 304
            else {"model": ErrorBody, "description": _TEXT[code]}
        )
    return out
