"""The typed errors of the Store API client, and how a hub's 4xx answer maps onto them.

All are KioskErrors (a message for a person and a fix) that also carry the hub's machine
`code` and the HTTP `status`. The UI shows `.message`, never a traceback.
"""

from __future__ import annotations

import httpx

from kiosk.errors import KioskError


class StoreError(KioskError):
    """Anything that went wrong talking to the hub; `code` is the hub's machine code."""

    def __init__(self, message: str, fix: str = "", code: str = "", status: int = 0) -> None:
        super().__init__(message, fix)
        self.code, self.status = code, status


class HubUnavailable(StoreError):
    """The hub cannot be used right now (down, slow, failing, circuit open): show the cache."""


class HubAuthError(StoreError):
    """The hub refused this kiosk's token (missing, unknown or revoked)."""


class NotFound(StoreError):
    """No such product, barcode or reservation."""


class OutOfStock(StoreError):
    """Not enough units available to hold."""


class RequestRejected(StoreError):
    """The hub refused the request as invalid (a 4xx other than the above)."""


class MemberNotFound(NotFound):
    """No member has this code, number or id (404 member_not_found)."""


class MemberCodeExpired(StoreError):
    """The scanned member code is an old one (410 member_code_expired): show a fresh one."""


_FIXES = {
    "unauthorized": "Issue a token with `kiosk hub token --kiosk ID` and set hub.token.",
    "token_revoked": "This kiosk's token was revoked: issue a new one with `kiosk hub token "
    "--kiosk ID` on the hub and set hub.token.",
    "not_found": "Check the SKU, barcode or reservation; the catalog may have changed.",
    "out_of_stock": "Offer another store, online delivery, or a smaller quantity.",
    "idempotency_conflict": "Start a new reservation (a new key) for a changed request.",
    "member_not_found": "Sign the member in again (scan their code or type their number).",
    "member_code_expired": "Open the brand's app to show a fresh member code.",
}


def raise_for_client_error(response: httpx.Response) -> None:
    """Raise the typed error for a 4xx answer (nothing for 2xx/3xx)."""
    status = response.status_code
    if status < 400:
        return
    code, message = f"http_{status}", f"The store system refused the request (HTTP {status})."
    try:
        error = response.json()["error"]
        code, message = str(error["code"]), str(error["message"])
    except (ValueError, KeyError, TypeError):
        pass
    fix = _FIXES.get(code, "Check the request; the hub's message names the field to fix.")
    kind: type[StoreError] = RequestRejected
    if status == 401:
        kind = HubAuthError
    elif code == "member_not_found":
        kind = MemberNotFound
    elif code == "member_code_expired":
        kind = MemberCodeExpired
    elif status == 404:
        kind = NotFound
    elif code == "out_of_stock":
        kind = OutOfStock
    raise kind(message, fix, code=code, status=status)
