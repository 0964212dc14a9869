"""The kiosk's HTTP client for the Store API (blocking; the StoreService runs it off the UI).

Every call has a connect and a read timeout and goes through a circuit breaker. Only calls
that are safe to repeat are retried, with exponential back-off and full jitter: GETs, the
consent PUT and DELETE (repeating one leaves the same decision in force), and the
reservation POST because it carries an Idempotency-Key (the hub answers a repeat with the
same hold, so a retry after a lost answer can never hold twice). Cancel and the hand-off
POST (the hub takes no key for it: a blind repeat would make a second code) are tried once,
and so are the photo upload (a repeat would store the photo twice) and the lookbook POST;
deleting a photo is retried, and so are a wishlist's PUT and DELETE (one entry per product).
Failures become typed KioskErrors with a message a person can act on: `HubUnavailable`
(down, slow, 5xx, unreadable answer, circuit open: show cached data), `HubAuthError` (token
missing or revoked), `NotFound` (`MemberNotFound`), `MemberCodeExpired`, `OutOfStock`,
`RequestRejected`. Request and response bodies are the contract models shared with the hub.
Member ids and codes never reach a log line or an error message (see members.py).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
import pydantic

from kiosk import __version__
from kiosk.client.backoff import Backoff
from kiosk.client.breaker import CircuitBreaker
from kiosk.client.errors import (
    HubAuthError,
    HubUnavailable,
    MemberCodeExpired,
    MemberNotFound,
    NotFound,
    OutOfStock,
    RequestRejected,
    StoreError,
    raise_for_client_error,
)
from kiosk.client.members import (
    MEMBERS_ROUTE,
    STAFF_AUTH_CODES,
    STAFF_HEADER,
    TooManyAttempts,
    lookup_error,
    rate_limited,
    redact_member_urls,
    rejected_locally,
)
from kiosk.client.tls import TRUST_FIX, untrusted_certificate, verify_for
from kiosk.storeapi.contract import (
    MAX_MEMBERSHIP_SKUS,
    PHOTO_MEDIA_TYPE,
    Consent,
    ConsentUpdate,
    FleetConfig,
    Handoff,
    HandoffCreate,
    Health,
    KioskHealthReport,
    Lookbook,
    LookbookCreate,
    Member,
    MemberHistory,
    MemberLooks,
    Membership,
    Photo,
    Product,
    ProductList,
    Reservation,
    StaffSession,
    StaffSessionCreate,
    StockReport,
    Suggestions,
    Variant,
    Wishlist,
    WishlistItem,
)

__all__ = [
    "HubAuthError",
    "HubUnavailable",
    "MemberCodeExpired",
    "MemberNotFound",
    "NotFound",
    "OutOfStock",
    "RequestRejected",
    "StockResult",
    "StoreClient",
    "StoreError",
    "TooManyAttempts",
]
log = logging.getLogger(__name__)
redact_member_urls(logging.getLogger("httpx"))  # httpx logs every request URL at INFO
M = TypeVar("M", bound=pydantic.BaseModel)
T = TypeVar("T")
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_CHECK_HUB = "Check that the store hub is running and reachable; the kiosk retries by itself."


@dataclass(frozen=True)
class StockResult:
    """A stock answer: a fresh report, or `not_modified` when the ETag still matches."""

    report: StockReport | None
    etag: str | None
    not_modified: bool = False


TextSource = str | Callable[[], str]
Params = Mapping[str, str | Sequence[str]]  # a list repeats the name (?sku=A&sku=B)


class StoreClient:
    """Blocking, thread-safe client. `base_url` and `token` may be callables, so an embedded
    hub that restarts on a new port, or a re-issued token, is picked up on the next call."""

    def __init__(
        self,
        base_url: TextSource,
        token: TextSource,
        *,
        connect_timeout_s: float = 2.0,
        read_timeout_s: float = 5.0,
        retries: int = 2,
        breaker: CircuitBreaker | None = None,
        backoff: Backoff | None = None,
        sleep: Callable[[float], object] | None = None,
    ) -> None:
        self._base_url, self._token = base_url, token
        self.retries = retries
        self.breaker = breaker or CircuitBreaker()
        self._backoff = backoff or Backoff()
        self._interrupted = threading.Event()
        # Retry pauses end early when the kiosk shuts down (see interrupt()).
        self._sleep = sleep or self._interrupted.wait
        timeout = httpx.Timeout(read_timeout_s, connect=connect_timeout_s)
        self._staff_session: str | None = None  # a staff member's session (X-Staff-Session)
        self._http = httpx.Client(
            verify=verify_for(base_url),
            timeout=timeout,
            headers={"User-Agent": f"tryon-kiosk/{__version__}", "Accept": "application/json"},
        )

    @property
    def fixed_url(self) -> str | None:
        """The configured base URL, or None when it comes from a provider (embedded hub)."""
        return self._base_url if isinstance(self._base_url, str) else None

    def hub_endpoint(self) -> tuple[Callable[[], str], Callable[[], str]]:
        """Getters for the current base URL and token, read at each use: hand them to another
        component (the event sender) so it follows a hub that moved or a re-issued token."""
        base_url, token = self._base_url, self._token
        return (lambda: _text(base_url)), (lambda: _text(token))

    # -- the Store API ---------------------------------------------------------------------

    def health(self) -> Health:
        return self._call("GET", "/v1/health", _parser(Health), safe=True, auth=False)

    def products(self, kind: str | None = None) -> list[Product]:
        params = {"kind": kind} if kind else None
        found = self._call("GET", "/v1/products", _parser(ProductList), params=params, safe=True)
        return list(found.products)

    def variant(self, sku: str) -> Variant:
        return self._call("GET", f"/v1/variants/{_seg(sku)}", _parser(Variant), safe=True)

    def variant_by_barcode(self, ean: str) -> Variant:
        params = {"barcode": ean}
        return self._call("GET", "/v1/variants", _parser(Variant), params=params, safe=True)

    def stock(self, sku: str, etag: str | None = None, *, retry: bool = True) -> StockResult:
        """Stock of `sku` at every channel for this kiosk's store; pass the last ETag to get a
        cheap `not_modified` answer when nothing changed. A poller that asks again in a
        second anyway passes retry=False, so a dead hub costs it one timeout, not three."""

        def parse(response: httpx.Response) -> StockResult:
            if response.status_code == 304:
                return StockResult(None, response.headers.get("ETag", etag), not_modified=True)
            report = StockReport.model_validate_json(response.content)
            return StockResult(report, response.headers.get("ETag"))

        headers = {"If-None-Match": etag} if etag else None
        return self._call("GET", f"/v1/stock/{_seg(sku)}", parse, headers=headers, safe=retry)

    def fleet_config(self, etag: str | None = None) -> tuple[FleetConfig | None, str | None]:
        """This kiosk's settings overlays from the hub (kiosk.client.fleet), and their ETag;
        (None, etag) when they have not changed since `etag`."""

        def parse(response: httpx.Response) -> tuple[FleetConfig | None, str | None]:
            if response.status_code == 304:
                return None, response.headers.get("ETag", etag)
            found = FleetConfig.model_validate_json(response.content)
            return found, response.headers.get("ETag")

        headers = {"If-None-Match": etag} if etag else None
        return self._call("GET", "/v1/config", parse, headers=headers, safe=True)

    def reserve(
        self,
        sku: str,
        quantity: int,
        idempotency_key: str,
        location_id: str | None = None,
        hold_minutes: int | None = None,
    ) -> Reservation:
        """Hold units for pick-up. Retried like a GET: the key makes a repeat return the same
        hold, so create the key once per shopper action, not once per attempt."""
        body: dict[str, Any] = {"sku": sku, "quantity": quantity}
        if location_id is not None:
            body["location_id"] = location_id
        if hold_minutes is not None:
            body["hold_minutes"] = hold_minutes
        headers = {"Idempotency-Key": idempotency_key}
        return self._call(
            "POST", "/v1/reservations", _parser(Reservation), json=body, headers=headers, safe=True
        )

    def reservation(self, reservation_id: str) -> Reservation:
        path = f"/v1/reservations/{_seg(reservation_id)}"
        return self._call("GET", path, _parser(Reservation), safe=True)

    def cancel(self, reservation_id: str) -> Reservation:
        """Tried once: a POST without an idempotency key is never repeated blindly."""
        path = f"/v1/reservations/{_seg(reservation_id)}/cancel"
        return self._call("POST", path, _parser(Reservation), safe=False)

    # -- issue 7: hand-offs, members, consent -------------------------------------------

    def create_handoff(
        self,
        items: Sequence[tuple[str, int]],
        session_id: str,
        member_id: str | None = None,
        staff_id: str | None = None,
    ) -> Handoff:
        """A short code for the cart (SKU, quantity) that the shopper's phone opens at the
        online checkout. Tried once: the hub takes no idempotency key here, so after a lost
        answer the shopper taps again and gets a fresh code (an unused code just expires).
        A member id is stored by the hub only if the member consented."""
        body = _request(
            HandoffCreate,
            {
                "items": [{"sku": sku, "quantity": quantity} for sku, quantity in items],
                "session_id": session_id,
                "member_id": member_id,
                "staff_id": staff_id,
            },
        )
        # The hub credits the cart to the staff of an open staff session (never to the
        # body's free-text staff_id, which older hubs read).
        return self._call(
            "POST", "/v1/handoffs", _parser(Handoff), json=body, safe=False,
            headers=self._staff_header(),
        )  # fmt: skip

    def lookup_member(
        self, code: str | None = None, number: str | None = None, *, reason: str | None = None
    ) -> Member:
        """The member behind their fresh code (scanned from their app, or its digits typed),
        with their latest consent; the hub then counts them present at this kiosk. A loyalty
        `number` needs a staff session (`open_staff_session`) and a `reason`. Pass exactly
        one of code and number. MemberNotFound / MemberCodeExpired / TooManyAttempts /
        RequestRejected carry a message written for the shopper."""
        if (code is None) == (number is None):
            raise ValueError("pass exactly one of code= or number=")
        params = {"code": code} if code is not None else {"number": str(number)}
        if reason:
            params["reason"] = reason
        try:
            return self._call(
                "GET", "/v1/members/lookup", _parser(Member), params=params, safe=True,
                headers=self._staff_header(),
            )  # fmt: skip
        except TooManyAttempts:
            raise
        except (MemberNotFound, MemberCodeExpired, RequestRejected) as exc:
            message, fix = lookup_error(exc.code, by_code=code is not None)
            raise type(exc)(message, fix, code=exc.code, status=exc.status) from None

    def set_consent(
        self, member_id: str, body: Mapping[str, object], *, reason: str | None = None
    ) -> Consent:
        """Store the member's decision (`ConsentDecision.to_request()`): the member is present
        (their code was looked up on this kiosk), or staff decide for them (`reason`).
        Retried: a repeat records the same decision again, leaving the same consent."""
        sent = _request(ConsentUpdate, body)
        path = f"/v1/members/{_seg(member_id)}/consent"
        return self._call(
            "PUT", path, _parser(Consent), json=sent, safe=True, params=_reason(reason),
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/consent",
        )  # fmt: skip

    def withdraw_consent(
        self, member_id: str, staff_id: str | None = None, *, reason: str | None = None
    ) -> Consent:
        """Withdraw the member's consent (granted=False from now on), with them present or
        by staff (`reason`). `staff_id` is not sent: the hub records the staff member of the
        staff session. Retried."""
        del staff_id  # kept for callers written before staff sessions
        path = f"/v1/members/{_seg(member_id)}/consent"
        return self._call(
            "DELETE", path, _parser(Consent), params=_reason(reason), safe=True,
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/consent",
        )  # fmt: skip

    def member_history(self, member_id: str, *, reason: str | None = None) -> MemberHistory:
        """The member's try-ons recorded with consent, newest first (staff panel; or the
        member present at this kiosk)."""
        path = f"/v1/members/{_seg(member_id)}/history"
        return self._call(
            "GET", path, _parser(MemberHistory), safe=True, params=_reason(reason),
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/history",
        )  # fmt: skip

    # -- issue 18: one shopper across channels ----------------------------------------------

    def wishlist(self, member_id: str, *, reason: str | None = None) -> Wishlist:
        """The member's wishlist from the app and the mirror, newest first (the member
        present at this kiosk, or staff with a `reason`; their consent granted, else
        RequestRejected code `consent_required`)."""
        path = f"/v1/members/{_seg(member_id)}/wishlist"
        return self._call(
            "GET", path, _parser(Wishlist), safe=True, params=_reason(reason),
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/wishlist",
        )  # fmt: skip

    def add_to_wishlist(self, member_id: str, sku: str) -> WishlistItem:
        """Put a product (a variant's SKU, or a garment's product id) on the member's
        wishlist from the mirror (the member present and consenting). Retried: adding it
        again leaves the one entry. NotFound for a SKU the hub does not sell."""
        path = f"/v1/members/{_seg(member_id)}/wishlist/{_seg(sku)}"
        return self._call(
            "PUT", path, _parser(WishlistItem), safe=True, headers=self._staff_header(),
            shown=MEMBERS_ROUTE + "/wishlist/{sku}",
        )  # fmt: skip

    def remove_from_wishlist(self, member_id: str, sku: str) -> None:
        """Take a product off the member's wishlist (retried: removing twice is fine)."""
        path = f"/v1/members/{_seg(member_id)}/wishlist/{_seg(sku)}"
        self._call(
            "DELETE", path, lambda _r: None, safe=True, headers=self._staff_header(),
            shown=MEMBERS_ROUTE + "/wishlist/{sku}",
        )  # fmt: skip

    def member_looks(
        self, member_id: str, channel: str | None = None, *, reason: str | None = None
    ) -> MemberLooks:
        """The looks the member saved at mirrors and in the app (`channel` "mirror" or
        "online" for one of them), newest first; same rules as `wishlist`."""
        params = dict(_reason(reason) or {})
        if channel:
            params["channel"] = channel
        path = f"/v1/members/{_seg(member_id)}/looks"
        return self._call(
            "GET", path, _parser(MemberLooks), safe=True, params=params or None,
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/looks",
        )  # fmt: skip

    def membership(
        self, member_id: str, skus: Sequence[str] = (), *, reason: str | None = None
    ) -> Membership:
        """The member's tier, points and member prices for `skus` (at most 50) in this
        store: the same numbers the online shop shows (the member present; no consent
        needed, nothing is recorded). NotFound for a SKU the hub does not sell."""
        if len(skus) > MAX_MEMBERSHIP_SKUS:
            raise ValueError(f"ask for at most {MAX_MEMBERSHIP_SKUS} SKUs at a time")
        params: dict[str, str | list[str]] = {"sku": list(skus)}
        if reason:
            params["reason"] = reason
        path = f"/v1/members/{_seg(member_id)}/membership"
        return self._call(
            "GET", path, _parser(Membership), safe=True, params=params,
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/membership",
        )  # fmt: skip

    def suggestions(self, member_id: str, k: int = 5, *, reason: str | None = None) -> Suggestions:
        """Up to `k` products for the member, each with its reason in both languages (the
        member present and consenting, else RequestRejected code `consent_required`)."""
        params = {"k": str(k), **(_reason(reason) or {})}
        path = f"/v1/members/{_seg(member_id)}/suggestions"
        return self._call(
            "GET", path, _parser(Suggestions), safe=True, params=params,
            headers=self._staff_header(), shown=MEMBERS_ROUTE + "/suggestions",
        )  # fmt: skip

    # -- issue 13: staff sessions -------------------------------------------------------------

    def open_staff_session(self, staff_id: str, pin: str) -> StaffSession:
        """Sign a staff member in on this kiosk with their PIN; the member calls then carry
        the session until it ends or `close_staff_session`. Tried once (a PIN is not
        repeated blindly). HubAuthError for a wrong PIN, TooManyAttempts when locked."""
        body = _request(StaffSessionCreate, {"staff_id": staff_id, "pin": pin})
        opened = self._call(
            "POST", "/v1/staff/sessions", _parser(StaffSession), json=body, safe=False,
            staff=True,
        )  # fmt: skip
        self._staff_session = opened.session
        return opened

    def close_staff_session(self) -> None:
        """End the staff session at the hub (and forget it here, even if the hub is away)."""
        secret, self._staff_session = self._staff_session, None
        if secret:
            self._call(
                "DELETE", "/v1/staff/sessions/current", lambda _r: None, safe=True,
                headers={STAFF_HEADER: secret}, staff=True,
            )  # fmt: skip

    @property
    def staff_signed_in(self) -> bool:
        return self._staff_session is not None

    def _staff_header(self) -> dict[str, str] | None:
        secret = self._staff_session
        return {STAFF_HEADER: secret} if secret else None

    # -- issue 12: the shopper's photo --------------------------------------------------------

    def upload_photo(self, jpeg: bytes) -> Photo:
        """Store the shopper's photo on the hub for their phone: its URL (for the QR) and
        when the hub deletes it. Tried once: a repeat after a lost answer would store a
        second copy, so the shopper taps again instead (an orphan copy expires anyway).
        RequestRejected when the hub refuses the bytes (not a JPEG, too large)."""
        headers = {"Content-Type": PHOTO_MEDIA_TYPE}
        return self._call(
            "POST", "/v1/photos", _parser(Photo), content=jpeg, headers=headers, safe=False
        )

    def delete_photo(self, photo_id: str) -> None:
        """Delete the photo now (the shopper asked). Retried: deleting twice is fine.
        NotFound when this kiosk has no such photo."""
        path = f"/v1/photos/{_seg(photo_id)}"
        self._call("DELETE", path, lambda _response: None, safe=True, shown="/v1/photos/{id}")

    # -- issue 17: lookbooks ------------------------------------------------------------------

    def create_lookbook(self, body: Mapping[str, object], *, reason: str | None = None) -> Lookbook:
        """Save a styling session's looks (`Styling.lookbook_request()`: session_id, looks,
        member_id?): to the member's account (they are present or staff give a `reason`, and
        they consented; `url` None), else behind a link for the shopper's phone (`url`, for
        the QR, until `expires_at`). Credited to the staff of the open staff session. Tried
        once: the hub takes no idempotency key, so a repeat after a lost answer would save a
        second lookbook (the shopper taps again; an unseen link expires). RequestRejected
        for a refused body, 409 `no_public_url` (no QR to show: this hub is out of phones'
        reach) and 409 `consent_required`; MemberNotFound."""
        sent = _request(LookbookCreate, body)
        return self._call(
            "POST", "/v1/lookbooks", _parser(Lookbook), json=sent, safe=False,
            params=_reason(reason), headers=self._staff_header(),
        )  # fmt: skip

    # -- issue 17: the mirror's health, for the managers' dashboard ---------------------------

    def report_health(self, kiosk_id: str, report: Mapping[str, object]) -> None:
        """Send this kiosk's health (its /healthz body, `HealthSnapshot.as_json()`); the hub
        keeps the latest for the managers' dashboard. `kiosk_id` must be this token's kiosk
        (else 403). Tried once: the next report follows anyway (kiosk.ops.report)."""
        body = _request(KioskHealthReport, report)
        path = f"/v1/kiosks/{_seg(kiosk_id)}/report"
        self._call("PUT", path, lambda _response: None, json=body, safe=False)

    def interrupt(self) -> None:
        """Shutting down: end retry pauses now and start no new retries."""
        self._interrupted.set()

    def close(self) -> None:
        self.interrupt()
        self._http.close()

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- one call: breaker, retries, error mapping ----------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        parse: Callable[[httpx.Response], T],
        *,
        safe: bool,
        auth: bool = True,
        params: Params | None = None,
        json: dict[str, Any] | None = None,
        content: bytes | None = None,
        headers: dict[str, str] | None = None,
        shown: str | None = None,
        staff: bool = False,
    ) -> T:
        """One logical call: `safe` ones are retried on transient failures; the breaker hears
        one success or one failure per call, not per attempt. `shown` is the route as logs and
        messages name it (a template where the real path holds a member id). A call that
        carries a staff session (`staff`, or its header) keeps the kiosk's token usable when
        only the staff session or PIN was refused."""
        staff = staff or STAFF_HEADER in (headers or {})
        base = _text(self._base_url).rstrip("/")  # may raise HubUnavailable (starting)
        route = shown or path
        sent = dict(headers or {})
        if auth:
            sent["Authorization"] = f"Bearer {_text(self._token)}"
        if not self.breaker.allow():
            raise HubUnavailable(
                "The store system kept failing, so the kiosk is not asking it for now "
                f"(next try in {self.breaker.retry_in():.0f} s).",
                _CHECK_HUB,
                code="circuit_open",
            )
        delays = self._backoff.delays(self.retries if safe else 0)
        while True:
            try:
                problem = self._attempt(
                    method, base, path, route, parse, params, json, sent, content, staff
                )
            except HubAuthError as exc:
                if staff and exc.code == "staff_session_expired":
                    self._staff_session = None  # sign in again with the PIN
                raise
            if not isinstance(problem, HubUnavailable):
                return problem
            delay = next(delays, None)
            if delay is None or self._interrupted.is_set():
                self.breaker.record_failure()
                raise problem
            log.info("retrying %s %s in %.2f s: %s", method, route, delay, problem.message)
            self._sleep(delay)

    def _attempt(
        self,
        method: str,
        base: str,
        path: str,
        route: str,
        parse: Callable[[httpx.Response], T],
        params: Params | None,
        body: dict[str, Any] | None,
        headers: dict[str, str],
        content: bytes | None = None,
        staff: bool = False,
    ) -> T | HubUnavailable:
        """The parsed answer, or the transient problem to retry; raises the final 4xx."""
        try:
            response = self._http.request(
                method, base + path, params=params, json=body, content=content, headers=headers
            )
        except httpx.TimeoutException as exc:
            return HubUnavailable(
                f"The store system did not answer in time ({type(exc).__name__} on "
                f"{method} {route}).",
                _CHECK_HUB,
                code="timeout",
            )
        except httpx.TransportError as exc:
            if (why := untrusted_certificate(exc)) is not None:
                return HubUnavailable(
                    f"The store system at {base} has a certificate this kiosk does not "
                    f"trust ({why}).",
                    TRUST_FIX,
                    code="untrusted_certificate",
                )
            return HubUnavailable(
                f"Cannot reach the store system at {base} ({type(exc).__name__}).",
                _CHECK_HUB + " Check hub.url in the kiosk's config.",
                code="unreachable",
            )
        status = response.status_code
        if rate_limited(response):  # too many wrong codes or PINs: wait, do not retry
            self.breaker.record_success()
            raise TooManyAttempts.from_response(response)
        if status in _RETRY_STATUS or status >= 500:
            return HubUnavailable(
                f"The store system had a problem (HTTP {status} on {method} {route}).",
                _CHECK_HUB + " If it persists, look at the hub's log.",
                code="server_error",
                status=status,
            )
        try:
            raise_for_client_error(response)
        except HubAuthError as exc:
            if staff and exc.code in STAFF_AUTH_CODES:
                self.breaker.record_success()  # the token works; the staff session or PIN not
            else:
                self.breaker.record_failure()  # the hub is of no use to us until a new token
            raise
        except StoreError:
            self.breaker.record_success()  # the hub works; the request was wrong
            raise
        try:
            result = parse(response)
        except pydantic.ValidationError as exc:
            return HubUnavailable(
                f"The store system sent an answer the kiosk cannot read ({method} {route}: "
                f"{exc.errors()[0]['msg']}).",
                "Check that the hub and the kiosk run matching versions of the Store API; a "
                "proxy between them may be cutting answers short.",
                code="malformed_response",
                status=status,
            )
        self.breaker.record_success()
        return result


def _parser(model: type[M]) -> Callable[[httpx.Response], M]:
    def parse(response: httpx.Response) -> M:
        return model.model_validate_json(response.content)

    return parse


def _request(model: type[pydantic.BaseModel], body: Mapping[str, object]) -> dict[str, Any]:
    """Check a request body against its contract model before it leaves the kiosk (the hub
    would refuse it anyway); the JSON form without unset optional fields."""
    try:
        checked = model.model_validate(dict(body))
    except pydantic.ValidationError as exc:
        message, fix = rejected_locally(exc)
        raise RequestRejected(message, fix, code="validation_error") from None
    return checked.model_dump(mode="json", exclude_none=True)


def _reason(reason: str | None) -> dict[str, str] | None:
    return {"reason": reason} if reason else None


def _text(source: TextSource) -> str:
    return source() if callable(source) else source


def _seg(value: str) -> str:
    """One URL path segment: a SKU or id with a '/' or '?' must not change the route."""
    return quote(value, safe="")
