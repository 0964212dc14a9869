"""What the links a shopper's phone opens without a token share (a photo's `/p/{code}`, a
lookbook's `/l/{code}`): the code, and how its page answers.

The code is drawn from `secrets` in base62 and is the only key: nothing lists what is behind
it. Only its SHA-256 is stored and looked up, so a lookup's timing says nothing about how
close a guess came and a copy of the database alone opens nothing. A phone's page answers in
Chinese when the phone's first language is Chinese, else in English; it is private (never
cached, no referrer) and a client asking for JSON gets the hub's JSON error instead.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from typing import Any

from fastapi.responses import JSONResponse

from kiosk.hub.errors import ApiError
from kiosk.storeapi.contract import HANDOFF_CODE_ALPHABET, ErrorBody

PRIVATE = {
    "Cache-Control": "private, no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def new_code(length: int) -> str:
    """`length` base62 characters from `secrets` (5.95 bits each)."""
    return "".join(secrets.choice(HANDOFF_CODE_ALPHABET) for _ in range(length))


def code_hash(code: str) -> str:
    """What is stored and looked up instead of the code."""
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def well_formed(code: str, pattern: str) -> bool:
    """Whether `code` can be one at all (anything else is unknown without a lookup)."""
    return re.fullmatch(pattern, code) is not None


def prefers_chinese(accept_language: str | None, lang: str | None = None) -> int:
    """1 for a page in Chinese, else 0 (an index into (English, Chinese) word pairs): the
    page's own language switch (`lang`) when given, else the phone's first language."""
    first = lang or (accept_language or "").split(",")[0]
    return int(first.strip().lower().startswith("zh"))


def wants_json(accept: str | None) -> bool:
    return bool(accept and "application/json" in accept)


def json_error(exc: ApiError, headers: dict[str, str] | None = None) -> JSONResponse:
    """The hub's JSON error for a phone link (a client that asked for JSON)."""
    body = {"error": {"code": exc.code, "message": exc.message, "field": exc.field}}
    return JSONResponse(body, status_code=exc.status, headers=headers or PRIVATE)


def no_public_url(what: str) -> ApiError:
    """409 for a link no phone could open: this hub gives out direct links (no public URL,
    listening where phones cannot reach it), so the kiosk leaves the QR out."""
    return ApiError(
        409,
        "no_public_url",
        f"this hub has no address a phone can reach, so {what} link would not open; "
        "start the hub with --public-url (the address phones reach it at)",
        "body",
    )


def page_responses(gone: str) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` of a phone link's errors (as JSON when `Accept` asks)."""
    return {
        404: {"model": ErrorBody, "description": "unknown or forged code"},
        410: {"model": ErrorBody, "description": gone},
        422: {"model": ErrorBody, "description": "malformed request"},
    }
