"""CloudEvents built by the kiosk: shape, the hub's own schema, and the consent gate."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from kiosk.records.events import (
    EVENT_TYPES,
    EventFactory,
    TryonEvent,
    event_source,
    format_time,
    new_session_id,
)
from kiosk.session.consent import CONSENT_TEXT_VERSION, ConsentDecision
from kiosk.session.member import MemberSession, SignedInMember
from kiosk.storeapi import contract

NOW = datetime(2025, 3, 1, 14, 2, 3, 120000, tzinfo=UTC)
SECRET = b"s" * 32


def every_event(factory: EventFactory) -> list[TryonEvent]:
    s = "sess-1"
    return [
        factory.session_started(s, locale="zh-CN"),
        factory.product_tried(s, "LIP-001", 4200, shade="Crimson Velvet"),
        factory.product_tried(s, "TOP-001-M", 9000, size="M", staff_id="staff-7"),
        factory.look_saved(s, ["LIP-001", "TOP-001-M"], look_id="look-1"),
        factory.handoff_created(s, "AbCdEfGhIjKlM", [("LIP-001", 1), ("TOP-001-M", 2)]),
        factory.reservation_made(s, "res-1", "LIP-001", 1, location_id="store-sh-01"),
        factory.consent_given(s, CONSENT_TEXT_VERSION, "en"),
        factory.consent_withdrawn(s, CONSENT_TEXT_VERSION, "en", staff_id="staff-7"),
        factory.session_ended(s, duration_ms=61_000, products_tried=2),
    ]


def member_session(consent: ConsentDecision | None) -> MemberSession:
    members = MemberSession(SECRET)
    members.sign_in(SignedInMember("M-7QX4KZ2RB9", "Li Na", "gold"), consent)
    return members


def decision(granted: bool, version: str = CONSENT_TEXT_VERSION) -> ConsentDecision:
    return ConsentDecision(granted, version, "en", NOW - timedelta(days=1))


def test_every_type_is_built_and_the_hub_schema_accepts_it() -> None:
    events = every_event(EventFactory("store-sh-01", "kiosk-1", clock=lambda: NOW))
    assert {e.type for e in events} == set(EVENT_TYPES) == set(contract.EVENT_TYPES)
    batch = contract.EventBatch.model_validate({"events": [e.to_json() for e in events]})
    assert len(batch.events) == len(events)


def test_cloudevent_envelope() -> None:
    factory = EventFactory("store-sh-01", "kiosk-1", clock=lambda: NOW)
    event = factory.product_tried("sess-1", "LIP-001", 4200, shade="Crimson Velvet")
    body = event.to_json()
    assert body["specversion"] == "1.0"
    assert body["source"] == "kiosk/store-sh-01/kiosk-1"
    assert body["type"] == "tryon.product.tried"
    assert body["time"] == "2025-03-01T14:02:03.120Z"
    assert body["datacontenttype"] == "application/json"
    assert uuid.UUID(body["id"]).version == 4
    assert body["data"] == {
        "session_id": "sess-1",
        "sku": "LIP-001",
        "dwell_ms": 4200,
        "shade": "Crimson Velvet",
    }


def test_ids_are_unique() -> None:
    factory = EventFactory("s", "k")
    ids = {factory.session_started("x").id for _ in range(2000)}
    assert len(ids) == 2000


def test_time_is_utc_and_needs_a_timezone() -> None:
    shanghai = datetime(2025, 3, 1, 22, 2, 3, tzinfo=UTC).astimezone(
        datetime.now().astimezone().tzinfo
    )
    assert format_time(shanghai) == "2025-03-01T22:02:03.000Z"
    with pytest.raises(ValueError, match="timezone"):
        format_time(datetime(2025, 3, 1))


def test_empty_store_becomes_default_and_bad_ids_are_refused() -> None:
    assert EventFactory("", "kiosk-1").source == "kiosk/default/kiosk-1"
    with pytest.raises(ValueError, match="kiosk_id"):
        event_source("store", "kiosk 1")
    with pytest.raises(ValueError, match="store_id"):
        event_source("a/b", "k")


@pytest.mark.parametrize(
    ("call", "needle"),
    [
        (lambda f: f.product_tried("s", "", 10), "sku"),
        (lambda f: f.product_tried("s", "LIP-001", -1), "dwell_ms"),
        (lambda f: f.product_tried("s", "LIP-001", True), "dwell_ms"),
        (lambda f: f.product_tried("s", "LIP-001", 1.5), "dwell_ms"),
        (lambda f: f.product_tried("", "LIP-001", 1), "session_id"),
        (lambda f: f.look_saved("s", []), "at least one SKU"),
        (lambda f: f.handoff_created("s", "code", []), "at least one item"),
        (lambda f: f.reservation_made("s", "r", "LIP-001", -2), "quantity"),
    ],
)
def test_bad_input_is_refused(call: Any, needle: str) -> None:
    with pytest.raises(ValueError, match=needle):
        call(EventFactory("s", "k"))


def test_data_cannot_smuggle_a_member_id() -> None:
    factory = EventFactory("s", "k", members=member_session(decision(True)))
    with pytest.raises(ValueError, match="MemberSession"):
        factory._build("tryon.product.tried", {"member_id": "M-9", "sku": "LIP-001"})


def test_dwell_above_the_hub_limit_is_refused_by_the_hub_schema() -> None:
    event = EventFactory("s", "k").product_tried("s", "LIP-001", contract.MAX_DWELL_MS + 1)
    with pytest.raises(ValueError, match="dwell_ms"):
        contract.CloudEvent.model_validate(event.to_json())


# --- the consent gate: the ONLY way a member id gets into an event ------------------------


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (None, None),  # no member session at all
        (MemberSession(SECRET), None),  # nobody signed in
        (member_session(None), None),  # signed in, never asked
        (member_session(decision(False)), None),  # said no
        (member_session(decision(True, "tryon-records-2019.1")), None),  # old text
        (member_session(decision(True)), "M-7QX4KZ2RB9"),  # said yes to today's text
    ],
    ids=["no-session", "signed-out", "no-consent", "declined", "old-text", "granted"],
)
def test_member_id_only_with_granted_consent(
    members: MemberSession | None, expected: str | None
) -> None:
    factory = EventFactory("store", "kiosk", members=members)
    for event in every_event(factory):
        if event.type == "tryon.consent.withdrawn":
            continue  # built while consent is granted here; covered below
        assert event.data.get("member_id") == expected, event.type
        assert event.has_member is (expected is not None)


def test_withdrawal_and_forget_stop_the_member_id_at_once() -> None:
    members = member_session(decision(True))
    factory = EventFactory("store", "kiosk", members=members)
    assert (
        factory.consent_given("s", CONSENT_TEXT_VERSION, "en").data["member_id"] == "M-7QX4KZ2RB9"
    )
    members.set_consent(decision(False))
    withdrawn = factory.consent_withdrawn("s", CONSENT_TEXT_VERSION, "en", staff_id="staff-7")
    assert "member_id" not in withdrawn.data
    assert "member_id" not in factory.product_tried("s", "LIP-001", 10).data
    members.set_consent(decision(True))
    assert factory.product_tried("s", "LIP-001", 10).data["member_id"] == "M-7QX4KZ2RB9"
    members.forget()
    assert "member_id" not in factory.session_ended("s", 10, 1).data


def test_session_ids_are_random() -> None:
    assert len({new_session_id() for _ in range(100)}) == 100
