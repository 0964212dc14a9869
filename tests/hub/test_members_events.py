"""Members, consent, try-on events and history through real HTTP (SQLite and PostgreSQL).

The kiosk reaches a member through their fresh code (which marks them present at the
kiosk); the trust rules themselves (enumeration, rate limits, staff, backdating, the
allow-list) are tested in test_member_trust.py."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import httpx

from kiosk.storeapi.contract import Consent, Member, MemberHistory


def event(member: str | None, when: datetime, sku: str = "LIP-003", **extra: object) -> dict:
    data: dict[str, object] = {"sku": sku, "dwell_ms": 2500}
    if member:
        data["member_id"] = member
    return {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": "urn:kiosk:test",
        "type": "tryon.product.tried",
        "time": when.isoformat(),
        "data": data,
        **extra,
    }


def test_lookup_by_scanned_and_by_typed_code(client: httpx.Client) -> None:
    by_code = client.get("/v1/members/lookup", params={"code": "KMEMBER:1:Q7X4B9ZC2RTA"})
    assert by_code.status_code == 200
    member = Member.model_validate_json(by_code.content)
    assert (member.member_id, member.display_name, member.tier) == ("M-7QX4KZ2RB9", "Li Na", "gold")
    typed = client.get("/v1/members/lookup", params={"code": "31415926"})
    assert typed.json()["member_id"] == "M-7QX4KZ2RB9"
    consented = client.get("/v1/members/lookup", params={"code": "16180339"}).json()
    assert consented["consent"]["granted"] is True
    assert consented["consent"]["text_version"] == "2025-05"
    by_number = client.get("/v1/members/lookup", params={"number": "8800 0010 0013"})
    assert by_number.status_code == 403  # a kiosk alone never looks a number up


def test_unknown_and_expired_member_codes(client: httpx.Client) -> None:
    unknown = client.get("/v1/members/lookup", params={"code": "KMEMBER:1:NOTAREALCODE"})
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "member_not_found"
    expired = client.get("/v1/members/lookup", params={"code": "KMEMBER:1:EXPIRED4U7YS"})
    assert expired.status_code == 410
    assert expired.json()["error"]["code"] == "member_code_expired"
    both = client.get("/v1/members/lookup", params={"code": "x", "number": "1234"})
    neither = client.get("/v1/members/lookup")
    assert both.status_code == neither.status_code == 422
    bad = client.get("/v1/members/lookup", params={"number": "abc"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "query.number"


def test_consent_gates_what_is_recorded_against_the_member(client: httpx.Client) -> None:
    member = "M-Z2C6G4X8WM"
    assert client.get("/v1/members/lookup", params={"code": "14142135"}).status_code == 200
    before = client.post(
        "/v1/events", json={"events": [event(member, datetime.now().astimezone())]}
    )
    assert before.json() == {"accepted": 1, "duplicates": 0, "redacted": 1, "dropped_fields": 0}
    decision = {"granted": True, "text_version": "2025-06", "locale": "zh-CN"}
    put = client.put(f"/v1/members/{member}/consent", json=decision)
    assert put.status_code == 200, put.text
    granted = Consent.model_validate_json(put.content)
    assert granted.granted and granted.locale == "zh-CN" and granted.store_id == "SH-JINGAN"
    t0 = granted.decided_at
    during = [event(member, t0 + timedelta(seconds=1), sku="LIP-005"),
              event(member, t0 - timedelta(seconds=1), sku="LIP-006")]  # fmt: skip
    assert client.post("/v1/events", json={"events": during}).json()["redacted"] == 1
    withdrawn = client.delete(f"/v1/members/{member}/consent", params={"staff_id": "staff-7"})
    assert withdrawn.status_code == 200
    gone = Consent.model_validate_json(withdrawn.content)
    assert gone.granted is False and gone.staff_id is None  # a typed staff id is not taken
    after = event(member, gone.decided_at + timedelta(seconds=1), sku="LIP-007")
    assert client.post("/v1/events", json={"events": [after]}).json()["redacted"] == 1
    history = MemberHistory.model_validate_json(client.get(f"/v1/members/{member}/history").content)
    assert [(h.sku, h.dwell_ms, h.type) for h in history.tryons] == [
        ("LIP-005", 2500, "tryon.product.tried")
    ]
    assert history.tryons[0].store_id == "SH-JINGAN"
    looked_up = client.get("/v1/members/lookup", params={"code": "14142135"}).json()
    assert looked_up["consent"]["granted"] is False


def test_events_are_stored_once(client: httpx.Client) -> None:
    batch = {"events": [event(None, datetime.now().astimezone()) for _ in range(5)]}
    assert client.post("/v1/events", json=batch).json() == {
        "accepted": 5, "duplicates": 0, "redacted": 0, "dropped_fields": 0}  # fmt: skip
    assert client.post("/v1/events", json=batch).json()["duplicates"] == 5
    other_source = {"events": [dict(batch["events"][0], source="urn:kiosk:other")]}
    assert client.post("/v1/events", json=other_source).json()["accepted"] == 1
    repeated = {"events": [batch["events"][1], batch["events"][1]]}
    assert client.post("/v1/events", json=repeated).json()["accepted"] == 0


def test_bad_events_name_the_field(client: httpx.Client) -> None:
    now = datetime.now().astimezone()
    cases = [
        (dict(event(None, now), specversion="0.3"), "body.events.0.specversion"),
        (dict(event(None, now), time="yesterday"), "body.events.0.time"),
        (dict(event(None, now), time="2025-06-01T10:00:00"), "body.events.0.time"),
        (dict(event(None, now), data={"dwell_ms": -1}), "body.events.0"),
        (dict(event(None, now), data={"member_id": 5}), "body.events.0"),
        (dict(event(None, now), foo="bar"), "body.events.0.foo"),
    ]
    for bad, field in cases:
        response = client.post("/v1/events", json={"events": [bad]})
        assert response.status_code == 422, bad
        assert response.json()["error"]["field"] == field, response.json()
    too_many = {"events": [event(None, now)] * 501}
    assert client.post("/v1/events", json=too_many).json()["error"]["field"] == "body.events"


def test_consent_and_history_for_members_not_present(client: httpx.Client) -> None:
    body = {"granted": True, "text_version": "v1", "locale": "en"}
    # Known or not, a member who did not show their code here is out of a kiosk's reach.
    for member in ("M-0", "M-H3W8PD6NTC"):
        assert client.put(f"/v1/members/{member}/consent", json=body).status_code == 403
        assert client.get(f"/v1/members/{member}/history").status_code == 403
        assert client.delete(f"/v1/members/{member}/consent").status_code == 403
    bad_locale = client.put("/v1/members/M-7QX4KZ2RB9/consent", json={**body, "locale": "fr"})
    assert bad_locale.status_code == 422
    assert bad_locale.json()["error"]["field"] == "body.locale"
