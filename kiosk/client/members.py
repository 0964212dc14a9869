"""Member calls: the person-readable wording of their errors, and keeping member data out
of logs.

The hub's member errors are written for integrators ("no member has this code or
number"); the client replaces them with the sentences below, for the people who read an
error's message (logs, staff, the CLI). The shopper's screen words every failure from the
one catalogue instead (`kiosk.session.wording.Wording.failure`), in their language.

Member ids travel in URL paths (`/v1/members/{member_id}/consent`) and scanned codes in
query strings, and httpx logs every request URL at INFO: a filter on the `httpx` logger
replaces them with the route template before a record is written, so the kiosk's log
files never hold a member id or code (the rule: pseudonyms only).
"""

from __future__ import annotations

import logging
import re

import httpx
import pydantic

from kiosk.client.errors import RequestRejected

MEMBERS_ROUTE = "/v1/members/{member_id}"
STAFF_HEADER = "X-Staff-Session"
# 401s about the staff member, not the kiosk's token (which still works).
STAFF_AUTH_CODES = frozenset({"staff_session_expired", "staff_pin_wrong"})


class TooManyAttempts(RequestRejected):
    """Too many wrong member codes or staff PINs from this kiosk (429 rate_limited): wait
    `retry_after_s` seconds. Not retried, and the hub counts as working."""

    def __init__(self, message: str, fix: str = "", retry_after_s: int = 60) -> None:
        super().__init__(message, fix, code="rate_limited", status=429)
        self.retry_after_s = retry_after_s

    @classmethod
    def from_response(cls, response: httpx.Response) -> TooManyAttempts:
        try:
            wait = max(1, int(response.headers.get("Retry-After", "60")))
        except ValueError:
            wait = 60
        return cls(
            "Too many wrong tries from this kiosk for now.",
            f"Wait about {wait} s, then try again (a member shows a fresh code in the app).",
            wait,
        )


def rate_limited(response: httpx.Response) -> bool:
    """A 429 for too many wrong tries (not a hub under load, which is retried)."""
    if response.status_code != 429:
        return False
    try:
        return bool(response.json()["error"]["code"] == "rate_limited")
    except (ValueError, KeyError, TypeError):
        return False


_LOOKUP = {
    ("member_code_expired", True): (
        "This member code has expired. Open the app to show a fresh one.",
        "Open the brand's app and hold the new member code up to the mirror.",
    ),
    ("member_not_found", True): (
        "This member code is not one we know.",
        "Show the member code from the brand's app, or type the code it shows instead.",
    ),
    ("member_not_found", False): (
        "We could not find a member with this number.",
        "Check the number in the brand's app or on the member card and type it again.",
    ),
    ("validation_error", True): (
        "This code is not a member code.",
        "Show the member code from the brand's app, or type the code it shows instead.",
    ),
    ("validation_error", False): (
        "That is not a member number.",
        "Type the digits of the member number; the brand's app and the card show it.",
    ),
    ("forbidden", False): (
        "Looking a member up by number needs a member of staff.",
        "Staff sign in with their PIN and give a reason; members type the code in their app.",
    ),
}
_OTHER = (
    "The kiosk could not sign you in.",
    "Please ask a member of staff, or type the code shown in your member app.",
)


def lookup_error(code: str, *, by_code: bool) -> tuple[str, str]:
    """(message, fix) for a failed member lookup, for the shopper at the mirror."""
    return _LOOKUP.get((code, by_code), _OTHER)


def rejected_locally(exc: pydantic.ValidationError) -> tuple[str, str]:
    """(message, fix) for a request body the contract refuses before it is sent."""
    first = exc.errors()[0]
    field = ".".join(["body", *(str(part) for part in first["loc"])])
    reason = str(first["msg"]).removeprefix("Value error, ")
    return (
        f"The request is not valid: {field}: {reason}.",
        "Correct that field; docs/openapi.json lists the values the Store API accepts.",
    )


_MEMBER_PATH = re.compile(r"/v1/members/(?!lookup\b)[^/?\s\"]+")
_MEMBER_QUERY = re.compile(r"(/v1/members/lookup)\?[^\s\"]*")


def redact(text: str) -> str:
    """A URL or log line with member ids and scanned codes replaced by placeholders."""
    text = _MEMBER_PATH.sub("/v1/members/{member_id}", text)
    return _MEMBER_QUERY.sub(r"\1?{redacted}", text)


class _RedactMemberUrls(logging.Filter):
    """Rewrites the arguments of a log record that mention a member URL."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and any(
            "/v1/members/" in str(arg) for arg in record.args
        ):
            record.args = tuple(
                redact(str(arg)) if "/v1/members/" in str(arg) else arg for arg in record.args
            )
        elif isinstance(record.msg, str) and "/v1/members/" in record.msg:
            record.msg = redact(record.msg)
        return True


_FILTER = _RedactMemberUrls()


def redact_member_urls(logger: logging.Logger) -> None:
    """Install the filter on `logger` (once; repeated calls are harmless)."""
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
