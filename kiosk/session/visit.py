"""One shopper's visit to the mirror, as the store's records see it.

The visit starts when the presence tracker greets a shopper and ends when they
walk away. In between it notes which product is on and for how long (a product
counts as *tried* once it has been on for `min_dwell_s`), the hand-offs and
reservations made, and who the shopper is if they sign in, and it turns all of
that into try-on events for the outbox. The member's ID goes into an event only
through the MemberSession's consent gate (kiosk.records.events); at the end of
the visit the member is forgotten.

Plain Python on one thread (the UI's), with the clock passed in, so tests drive
a whole visit without a window or a hub.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.records.events import EventFactory, TryonEvent, new_session_id
from kiosk.session.consent import ConsentDecision
from kiosk.session.member import MemberSession, SignedInMember

log = logging.getLogger(__name__)
MIN_DWELL_S = 1.5  # a shade flicked past on the carousel is not a try-on


@dataclass(frozen=True)
class OnScreen:
    """The product being worn: its SKU and what varies (shade name or garment size)."""

    sku: str
    shade: str | None = None
    size: str | None = None


class Visit:
    def __init__(
        self,
        events: EventFactory,
        record: Callable[[TryonEvent], None],
        members: MemberSession,
        *,
        min_dwell_s: float = MIN_DWELL_S,
        new_id: Callable[[], str] = new_session_id,
    ) -> None:
        self._events, self._record, self.members = events, record, members
        self._min_dwell_s = min_dwell_s
        self._new_id = new_id
        self.session_id: str | None = None
        self._started_s = 0.0
        self._on: OnScreen | None = None
        self._on_since_s = 0.0
        self._tried: set[str] = set()
        self.staff_id: str | None = None

    @property
    def active(self) -> bool:
        return self.session_id is not None

    @property
    def products_tried(self) -> int:
        return len(self._tried)

    def start(self, now_s: float, locale: str, on: OnScreen | None = None) -> str:
        """The shopper was greeted: a new session (an open one is ended first)."""
        if self.session_id is not None:
            self.end(now_s, reason="replaced")
        self.session_id = self._new_id()
        self._started_s = now_s
        self._tried = set()
        self._emit(self._events.session_started(self.session_id, locale))
        self._on, self._on_since_s = on, now_s
        return self.session_id

    def show(self, on: OnScreen | None, now_s: float) -> None:
        """The product on the shopper changed (or was taken off: None)."""
        if on == self._on:
            return
        self._close_dwell(now_s)
        self._on, self._on_since_s = on, now_s

    def end(self, now_s: float, reason: str = "left") -> None:
        """The shopper left: record the last try-on and the session, forget the member."""
        if self.session_id is None:
            self.members.forget()
            return
        self._close_dwell(now_s)
        duration_ms = max(0, round((now_s - self._started_s) * 1000))
        self._emit(
            self._events.session_ended(self.session_id, duration_ms, len(self._tried), reason)
        )
        self.session_id = None
        self._on = None
        self.staff_id = None
        self.members.forget()

    # -- what the shopper did --------------------------------------------------------------

    def handoff_created(self, code: str, items: list[tuple[str, int]]) -> None:
        if self.session_id is not None:
            self._emit(
                self._events.handoff_created(self.session_id, code, items, staff_id=self.staff_id)
            )

    def reservation_made(
        self, reservation_id: str, sku: str, quantity: int, location_id: str | None
    ) -> None:
        if self.session_id is not None:
            made = self._events.reservation_made(
                self.session_id, reservation_id, sku, quantity, location_id, self.staff_id
            )
            self._emit(made)

    def look_saved(self, skus: list[str], items: Sequence[Mapping[str, object]] = ()) -> None:
        """The look saved to the member's account; `items`: how each product was worn."""
        if self.session_id is not None and skus:
            event = self._events.look_saved(
                self.session_id, skus, staff_id=self.staff_id, items=items
            )
            self._emit(event)

    # -- the member --------------------------------------------------------------------------

    def signed_in(self, lookup: object) -> SignedInMember:
        """The hub resolved the shopper's member code or number."""
        member = self.members.sign_in_from_lookup(lookup)
        log.info("member %s signed in", self.members.pseudonym)
        return member

    def consent_decided(self, decision: ConsentDecision) -> None:
        """The hub stored the member's answer: from now on events follow it."""
        self.members.set_consent(decision)
        if self.session_id is None:
            return
        build = self._events.consent_given if decision.granted else self._events.consent_withdrawn
        self._emit(build(self.session_id, decision.text_version, decision.locale, self.staff_id))

    def consent_request(self, granted: bool, locale: str, now: datetime) -> ConsentDecision:
        return self.members.consent_decision(
            granted,
            "zh-CN" if locale == "zh-CN" else "en",
            now,
            staff_id=self.staff_id,
        )

    def sign_out(self) -> None:
        self.members.forget()

    # -- internals ---------------------------------------------------------------------------

    def _close_dwell(self, now_s: float) -> None:
        on, self._on = self._on, None
        if on is None or self.session_id is None:
            return
        dwell_s = now_s - self._on_since_s
        if dwell_s < self._min_dwell_s:
            return
        self._tried.add(on.sku)
        tried = self._events.product_tried(
            self.session_id, on.sku, round(dwell_s * 1000), on.shade, on.size, self.staff_id
        )
        self._emit(tried)

    def _emit(self, event: TryonEvent) -> None:
        try:
            self._record(event)
        except Exception:  # recording must never take the mirror down
            log.exception("could not record a %s event", event.type)
