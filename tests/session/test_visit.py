"""A shopper's visit turned into try-on events, with the member only under consent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.records.events import EventFactory, TryonEvent
from kiosk.session.member import MemberSession
from kiosk.session.visit import OnScreen, Visit

NOW = datetime(2026, 11, 26, 14, 0, tzinfo=UTC)
LOOKUP = {"member_id": "M-7QX4KZ2RB9", "display_name": "Li Na", "tier": "gold", "consent": None}


@pytest.fixture
def visit() -> tuple[Visit, list[TryonEvent]]:
    members = MemberSession(b"s" * 32)
    events: list[TryonEvent] = []
    factory = EventFactory("SH-JINGAN", "kiosk-7", members=members, clock=lambda: NOW)
    ids = iter(f"session-{i}" for i in range(100))
    return Visit(factory, events.append, members, new_id=lambda: next(ids)), events


def types(events: list[TryonEvent]) -> list[str]:
    return [e.type.removeprefix("tryon.") for e in events]


def test_a_visit_records_what_was_tried_for_long_enough(visit) -> None:  # type: ignore[no-untyped-def]
    v, events = visit
    v.start(0.0, "en", OnScreen("LIP-001", shade="Crimson Velvet"))
    v.show(OnScreen("LIP-002", shade="Bare Nude"), 4.0)  # LIP-001 on for 4 s: tried
    v.show(OnScreen("LIP-003", shade="Peony Pink"), 4.5)  # LIP-002 flicked past: not tried
    v.show(OnScreen("TOP-001-M", size="M"), 10.0)
    v.end(12.0)
    assert types(events) == [
        "session.started", "product.tried", "product.tried", "product.tried", "session.ended",
    ]  # fmt: skip
    tried = [e.data for e in events if e.type == "tryon.product.tried"]
    assert [(d["sku"], d["dwell_ms"]) for d in tried] == [
        ("LIP-001", 4000), ("LIP-003", 5500), ("TOP-001-M", 2000),
    ]  # fmt: skip
    assert tried[2]["size"] == "M" and tried[0]["shade"] == "Crimson Velvet"
    ended = events[-1].data
    assert ended["duration_ms"] == 12000 and ended["products_tried"] == 3
    assert len({e.data["session_id"] for e in events}) == 1
    assert not any("member_id" in e.data for e in events)


def test_the_member_is_recorded_only_after_consent(visit) -> None:  # type: ignore[no-untyped-def]
    v, events = visit
    v.start(0.0, "zh-CN", OnScreen("LIP-001"))
    v.signed_in(LOOKUP)
    assert v.members.needs_consent_prompt
    v.show(OnScreen("LIP-004"), 3.0)  # before any answer: anonymous
    v.consent_decided(v.consent_request(True, "zh-CN", NOW))
    v.show(OnScreen("LIP-005"), 6.0)  # after yes: carries the member
    v.consent_decided(v.consent_request(False, "zh-CN", NOW))  # withdrawn
    v.show(None, 9.0)
    v.end(10.0)
    by_sku = {e.data.get("sku"): e.data for e in events if e.type == "tryon.product.tried"}
    assert "member_id" not in by_sku["LIP-001"]
    assert by_sku["LIP-004"]["member_id"] == "M-7QX4KZ2RB9"
    assert "member_id" not in by_sku["LIP-005"]  # closed after the withdrawal
    given = next(e for e in events if e.type == "tryon.consent.given")
    assert given.data["member_id"] == "M-7QX4KZ2RB9" and given.data["locale"] == "zh-CN"
    withdrawn = next(e for e in events if e.type == "tryon.consent.withdrawn")
    assert "member_id" not in withdrawn.data
    assert v.members.member is None, "the member is forgotten when the visit ends"


def test_a_declined_member_is_never_recorded(visit) -> None:  # type: ignore[no-untyped-def]
    v, events = visit
    v.start(0.0, "en", OnScreen("LIP-001"))
    v.signed_in(LOOKUP)
    v.consent_decided(v.consent_request(False, "en", NOW))
    v.handoff_created("AbCdEfGhIjKlM", [("LIP-001", 1)])
    v.reservation_made("R-1", "LIP-001", 1, "SH-JINGAN")
    v.end(5.0)
    assert "handoff.created" in types(events) and "reservation.made" in types(events)
    assert not any("member_id" in e.data for e in events)


def test_recording_failures_do_not_break_the_visit() -> None:
    members = MemberSession(b"s" * 32)

    def broken(_: TryonEvent) -> None:
        raise OSError("disk full")

    v = Visit(EventFactory("S", "k", members=members), broken, members)
    v.start(0.0, "en", OnScreen("LIP-001"))
    v.end(3.0)
    assert not v.active
