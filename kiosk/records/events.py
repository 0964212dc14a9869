"""Try-on events as CloudEvents 1.0, with the member ID only under consent.

Every event the kiosk records is built here by `EventFactory`, and `EventFactory._build`
is the one place that ever writes `member_id` into an event: it asks the MemberSession
for `recordable_id`, which is None unless the member has granted consent to the current
text. Builders take no member ID argument and refuse data that smuggles one in, so no
call site can record a member by mistake.

Events are plain JSON-ready dicts (what the outbox stores and POST /v1/events takes),
wrapped in a small frozen dataclass so the outbox can tell member events from anonymous
ones without parsing.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

SPECVERSION = "1.0"
DATACONTENTTYPE = "application/json"

SESSION_STARTED = "tryon.session.started"
PRODUCT_TRIED = "tryon.product.tried"
LOOK_SAVED = "tryon.look.saved"
HANDOFF_CREATED = "tryon.handoff.created"
RESERVATION_MADE = "tryon.reservation.made"
SESSION_ENDED = "tryon.session.ended"
CONSENT_GIVEN = "tryon.consent.given"
CONSENT_WITHDRAWN = "tryon.consent.withdrawn"
EVENT_TYPES = (
    SESSION_STARTED,
    PRODUCT_TRIED,
    LOOK_SAVED,
    HANDOFF_CREATED,
    RESERVATION_MADE,
    SESSION_ENDED,
    CONSENT_GIVEN,
    CONSENT_WITHDRAWN,
)

_ID_PART = re.compile(r"[\w.-]{1,64}")


class ConsentGate(Protocol):
    """What the factory needs from the member session (kiosk.session.member.MemberSession)."""

    @property
    def recordable_id(self) -> str | None: ...


@dataclass(frozen=True)
class TryonEvent:
    """One CloudEvent 1.0; `payload` is exactly what goes over the wire."""

    payload: Mapping[str, Any]

    @property
    def id(self) -> str:
        return str(self.payload["id"])

    @property
    def type(self) -> str:
        return str(self.payload["type"])

    @property
    def data(self) -> Mapping[str, Any]:
        data = self.payload.get("data")
        return data if isinstance(data, Mapping) else {}

    @property
    def has_member(self) -> bool:
        """Recorded against a member: the outbox never drops these."""
        return bool(self.data.get("member_id"))

    def to_json(self) -> dict[str, Any]:
        return {**self.payload, "data": dict(self.data)}


def utc_now() -> datetime:
    return datetime.now(UTC)


def format_time(moment: datetime) -> str:
    """RFC 3339 UTC with milliseconds, e.g. 2025-03-01T14:02:03.120Z."""
    if moment.tzinfo is None:
        raise ValueError("event times must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def event_source(store_id: str, kiosk_id: str) -> str:
    """The CloudEvents source of this kiosk: kiosk/<store>/<kiosk_id>."""
    for name, value in (("store_id", store_id), ("kiosk_id", kiosk_id)):
        if not _ID_PART.fullmatch(value):
            raise ValueError(f"{name} must be 1-64 letters, digits, '.', '_' or '-': {value!r}")
    return f"kiosk/{store_id}/{kiosk_id}"


def new_session_id() -> str:
    """A random ID for one shopper session (ties its events together, names no one)."""
    return uuid.uuid4().hex


class EventFactory:
    """Builds this kiosk's events; clock and ID source are injectable for tests."""

    def __init__(
        self,
        store_id: str,
        kiosk_id: str,
        members: ConsentGate | None = None,
        clock: Callable[[], datetime] = utc_now,
        new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    ) -> None:
        self.source = event_source(store_id or "default", kiosk_id)
        self._members = members
        self._clock = clock
        self._new_id = new_id

    def _build(self, kind: str, data: dict[str, Any]) -> TryonEvent:
        """The one place an event gets its member ID: only when consent is granted."""
        if kind not in EVENT_TYPES:
            raise ValueError(f"unknown event type {kind!r}")
        if "member_id" in data:
            raise ValueError("pass the member through the MemberSession, not in data")
        clean = {k: v for k, v in data.items() if v is not None}
        member_id = self._members.recordable_id if self._members is not None else None
        if member_id:
            clean["member_id"] = member_id
        return TryonEvent(
            {
                "specversion": SPECVERSION,
                "id": self._new_id(),
                "source": self.source,
                "type": kind,
                "time": format_time(self._clock()),
                "datacontenttype": DATACONTENTTYPE,
                "data": clean,
            }
        )

    def session_started(self, session_id: str, locale: str | None = None) -> TryonEvent:
        return self._build(SESSION_STARTED, {"session_id": _text(session_id), "locale": locale})

    def product_tried(
        self,
        session_id: str,
        sku: str,
        dwell_ms: int,
        shade: str | None = None,
        size: str | None = None,
        staff_id: str | None = None,
    ) -> TryonEvent:
        """A product was on the shopper for dwell_ms (shade name or garment size)."""
        data = {
            "session_id": _text(session_id),
            "sku": _text(sku, "sku"),
            "dwell_ms": _count(dwell_ms, "dwell_ms"),
            "shade": shade,
            "size": size,
            "staff_id": staff_id,
        }
        return self._build(PRODUCT_TRIED, data)

    def look_saved(
        self,
        session_id: str,
        skus: Iterable[str],
        look_id: str | None = None,
        staff_id: str | None = None,
        items: Iterable[Mapping[str, object]] = (),
    ) -> TryonEvent:
        """A look saved to the member's account: its SKUs, and per product how it was worn
        (`items`: sku, and a shade's intensity and finish or a garment's size), which the
        online shop shows with the look."""
        listed = [_text(s, "sku") for s in skus]
        if not listed:
            raise ValueError("a saved look needs at least one SKU")
        data: dict[str, object] = {"session_id": _text(session_id), "skus": listed}
        data["look_id"] = look_id
        worn = [{k: v for k, v in i.items() if v is not None} for i in items]
        if worn:
            if any(not isinstance(i.get("sku"), str) for i in worn):
                raise ValueError("every item of a saved look needs its SKU")
            data["items"] = worn
        return self._build(LOOK_SAVED, {**data, "staff_id": staff_id})

    def handoff_created(
        self,
        session_id: str,
        code: str,
        items: Iterable[tuple[str, int]],
        staff_id: str | None = None,
    ) -> TryonEvent:
        lines = [{"sku": _text(s, "sku"), "quantity": _count(q, "quantity")} for s, q in items]
        if not lines:
            raise ValueError("a hand-off needs at least one item")
        data = {"session_id": _text(session_id), "code": _text(code, "code"), "items": lines}
        return self._build(HANDOFF_CREATED, {**data, "staff_id": staff_id})

    def reservation_made(
        self,
        session_id: str,
        reservation_id: str,
        sku: str,
        quantity: int,
        location_id: str | None = None,
        staff_id: str | None = None,
    ) -> TryonEvent:
        data = {
            "session_id": _text(session_id),
            "reservation_id": _text(reservation_id, "reservation_id"),
            "sku": _text(sku, "sku"),
            "quantity": _count(quantity, "quantity"),
            "location_id": location_id,
            "staff_id": staff_id,
        }
        return self._build(RESERVATION_MADE, data)

    def session_ended(
        self, session_id: str, duration_ms: int, products_tried: int, reason: str = "left"
    ) -> TryonEvent:
        data = {
            "session_id": _text(session_id),
            "duration_ms": _count(duration_ms, "duration_ms"),
            "products_tried": _count(products_tried, "products_tried"),
            "reason": reason,
        }
        return self._build(SESSION_ENDED, data)

    def consent_given(
        self, session_id: str, text_version: str, locale: str, staff_id: str | None = None
    ) -> TryonEvent:
        """Build after the MemberSession holds the granted consent, so it names the member."""
        return self._consent(CONSENT_GIVEN, session_id, text_version, locale, staff_id)

    def consent_withdrawn(
        self, session_id: str, text_version: str, locale: str, staff_id: str | None = None
    ) -> TryonEvent:
        """Anonymous by the same rule: after withdrawal nothing names the member."""
        return self._consent(CONSENT_WITHDRAWN, session_id, text_version, locale, staff_id)

    def _consent(
        self, kind: str, session_id: str, version: str, locale: str, staff_id: str | None
    ) -> TryonEvent:
        data = {
            "session_id": _text(session_id),
            "text_version": _text(version, "text_version"),
            "locale": _text(locale, "locale"),
            "staff_id": staff_id,
        }
        return self._build(kind, data)


def _text(value: str, name: str = "session_id") -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string, got {value!r}")
    return value


def _count(value: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} must be a whole number >= 0, got {value!r}")
    return value
