"""Member data needs the member (or staff): the attacks of issue 13 against the real hub.

Rate limits and expiry use the in-process hub whose clock the test moves (`timed_hub`,
SQLite); presence, consent, backdating and the allow-list also run on both databases
(`hub`). A kiosk "present" for a member is one where the member's code was looked up.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.pins import hash_secret
from kiosk.hub.tokens import issue_token
from tests.hub_server import InProcessHub, RunningHub

LI_NA, LI_NA_TYPED, LI_NA_QR = "M-7QX4KZ2RB9", "31415926", "KMEMBER:1:Q7X4B9ZC2RTA"
WANG, WANG_TYPED = "M-H3W8PD6NTC", "27182818"
CHEN, CHEN_TYPED = "M-R5J9VL2QFA", "16180339"  # consent granted in the seed
ALEX, ALEX_TYPED = "M-Z2C6G4X8WM", "14142135"
NAMES = ("Li Na", "Wang Fang", "Chen Jie", "Alex Morgan", "gold", "silver", "platinum")
CONSENT = {"granted": True, "text_version": "2025-05", "locale": "en"}
STAFF, PIN = "S-JA-01", "246810"


def event(member: str | None, when: datetime, kind: str = "tryon.product.tried", **data: object):
    body: dict[str, object] = {"session_id": "s1", "sku": "LIP-003", "dwell_ms": 2500, **data}
    if member:
        body["member_id"] = member
    return {
        "specversion": "1.0", "id": str(uuid.uuid4()), "source": "urn:kiosk:trust",
        "type": kind, "time": when.isoformat(), "data": body,
    }  # fmt: skip


def stored(db_url: str, event_id: str) -> tuple[str | None, dict[str, object]]:
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            row = conn.execute(
                select(t.events.c.member_id, t.events.c.data).where(t.events.c.event_id == event_id)
            ).one()
    finally:
        engine.dispose()
    return row.member_id, json.loads(row.data)


@pytest.fixture
def kiosk(timed_hub: InProcessHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=timed_hub.url, headers=timed_hub.headers, timeout=30) as c:
        yield c


def other(hub: InProcessHub | RunningHub, principal: str, **kw: object) -> httpx.Client:
    token = issue_token(hub.db_url, principal, **kw)  # type: ignore[arg-type]
    return httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


def staff_headers(client: httpx.Client, staff_id: str = STAFF, pin: str = PIN) -> dict[str, str]:
    opened = client.post("/v1/staff/sessions", json={"staff_id": staff_id, "pin": pin})
    assert opened.status_code == 201, opened.text
    return {"X-Staff-Session": opened.json()["session"]}


# ---- enumeration and rate limits ---------------------------------------------------------


def test_guessing_members_with_a_kiosk_token_gets_nothing(kiosk: httpx.Client) -> None:
    answers = []
    for i in range(50):
        number = f"8800001{i:05d}"
        answers.append(kiosk.get("/v1/members/lookup", params={"number": number}))
        answers.append(kiosk.get("/v1/members/lookup", params={"code": f"{31415900 + i}"}))
        member = f"M-{100001 + i}" if i % 2 else [LI_NA, WANG, CHEN, ALEX][i % 4]
        answers.append(kiosk.get(f"/v1/members/{member}/history"))
        answers.append(kiosk.put(f"/v1/members/{member}/consent", json=CONSENT))
    statuses = {a.status_code for a in answers}
    assert statuses <= {403, 404, 429}, statuses
    assert 429 in statuses  # the code guesses ran into the limit
    assert not any(name in a.text for a in answers for name in NAMES)
    # Every 404 reads the same: nothing tells a real number from a made-up one.
    assert len({a.json()["error"]["message"] for a in answers if a.status_code == 404}) == 1
    # Real member ids and made-up ones answer alike (403) for consent and history.
    by_id = {a.status_code for a in answers if "/v1/members/M-" in str(a.request.url)}
    assert by_id == {403}


def test_failed_lookups_are_limited_per_credential_and_address(
    timed_hub: InProcessHub, kiosk: httpx.Client
) -> None:
    for i in range(10):
        miss = kiosk.get("/v1/members/lookup", params={"code": f"9999{i:04d}"})
        assert miss.status_code == 404
    limited = kiosk.get("/v1/members/lookup", params={"code": LI_NA_TYPED})  # right, but late
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited.headers["Retry-After"]) <= 60
    with other(timed_hub, "kiosk-b", store_id="SH-JINGAN") as b:  # same address
        assert b.get("/v1/members/lookup", params={"code": LI_NA_TYPED}).status_code == 429
    timed_hub.clock.advance(seconds=61)
    assert kiosk.get("/v1/members/lookup", params={"code": LI_NA_TYPED}).status_code == 200


def test_successful_lookups_do_not_count(kiosk: httpx.Client) -> None:
    for _ in range(15):
        assert kiosk.get("/v1/members/lookup", params={"code": LI_NA_QR}).status_code == 200


# ---- member codes ------------------------------------------------------------------------


def test_shop_issues_short_lived_codes_kept_only_hashed(
    timed_hub: InProcessHub, kiosk: httpx.Client
) -> None:
    assert kiosk.post(f"/v1/members/{WANG}/codes").status_code == 403
    with other(timed_hub, "shop-1", role="shop") as shop:
        issued = shop.post(f"/v1/members/{WANG}/codes")
        assert issued.status_code == 201, issued.text
        assert shop.post("/v1/members/M-NOPE/codes").status_code == 404
    code, qr = issued.json()["code"], issued.json()["qr"]
    assert len(code) == 8 and code.isdigit() and qr.startswith("KMEMBER:1:")
    engine = make_engine(timed_hub.db_url, pool_size=1)
    with engine.connect() as conn:
        rows = conn.execute(select(t.member_codes)).all()
    engine.dispose()
    every_value = " ".join(str(v) for row in rows for v in row)
    assert code not in every_value and qr not in every_value and LI_NA_TYPED not in every_value
    assert hash_secret(code) in every_value and hash_secret(qr) in every_value
    assert kiosk.get("/v1/members/lookup", params={"code": code}).json()["member_id"] == WANG
    timed_hub.clock.advance(minutes=5)
    expired = kiosk.get("/v1/members/lookup", params={"code": qr})
    assert expired.status_code == 410 and expired.json()["error"]["code"] == "member_code_expired"


def test_code_issue_is_rate_limited(timed_hub: InProcessHub) -> None:
    with other(timed_hub, "shop-2", role="shop") as shop:
        statuses = [shop.post(f"/v1/members/{ALEX}/codes").status_code for _ in range(11)]
    assert statuses == [201] * 10 + [429]


# ---- presence and consent ----------------------------------------------------------------


def test_consent_needs_the_member_present_at_this_kiosk(
    timed_hub: InProcessHub, kiosk: httpx.Client
) -> None:
    put = f"/v1/members/{ALEX}/consent"
    refused = kiosk.put(put, json=CONSENT)
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert kiosk.get("/v1/members/lookup", params={"code": ALEX_TYPED}).status_code == 200
    assert kiosk.put(put, json=CONSENT).status_code == 200
    assert kiosk.get(f"/v1/members/{ALEX}/history").status_code == 200
    with other(timed_hub, "kiosk-b", store_id="SH-XINTIANDI") as b:  # present at A, not B
        assert b.put(put, json=CONSENT).status_code == 403
        assert b.delete(put).status_code == 403
    typed_staff = kiosk.put(put, json={**CONSENT, "staff_id": "staff-7"})
    assert (
        typed_staff.status_code == 403 and typed_staff.json()["error"]["field"] == "body.staff_id"
    )
    timed_hub.clock.advance(minutes=30)
    assert kiosk.put(put, json=CONSENT).status_code == 403  # the presence has ended


def test_staff_reach_members_by_number_with_a_reason(
    timed_hub: InProcessHub, kiosk: httpx.Client
) -> None:
    headers = staff_headers(kiosk)
    lookup = "/v1/members/lookup"
    no_reason = kiosk.get(lookup, params={"number": "880000100021"}, headers=headers)
    assert no_reason.status_code == 403
    found = kiosk.get(
        lookup, params={"number": "880000100021", "reason": "member forgot phone"}, headers=headers
    )
    assert found.status_code == 200 and found.json()["member_id"] == WANG
    put = f"/v1/members/{CHEN}/consent"
    assert kiosk.put(put, json=CONSENT, headers=headers).status_code == 403  # no reason
    withdrawn = kiosk.delete(put, params={"reason": "asked at the till"}, headers=headers)
    assert withdrawn.status_code == 200
    assert withdrawn.json()["staff_id"] == STAFF and withdrawn.json()["granted"] is False
    given = kiosk.put(
        put, json={**CONSENT, "staff_id": STAFF}, params={"reason": "on paper"}, headers=headers
    )
    assert given.status_code == 200 and given.json()["staff_id"] == STAFF
    with other(timed_hub, "shop-3", role="shop") as shop:
        assert shop.get(lookup, params={"number": "880000100021"}).status_code == 200
        assert shop.get(f"/v1/members/{CHEN}/history").status_code == 200


# ---- staff sessions ----------------------------------------------------------------------


def test_staff_pin_signs_in_and_out(timed_hub: InProcessHub, kiosk: httpx.Client) -> None:
    wrong = kiosk.post("/v1/staff/sessions", json={"staff_id": STAFF, "pin": "000000"})
    unknown = kiosk.post("/v1/staff/sessions", json={"staff_id": "S-NOBODY", "pin": PIN})
    elsewhere = kiosk.post("/v1/staff/sessions", json={"staff_id": "S-XTD-01", "pin": "112358"})
    assert wrong.status_code == unknown.status_code == elsewhere.status_code == 401
    assert wrong.json() == unknown.json() == elsewhere.json()
    opened = kiosk.post("/v1/staff/sessions", json={"staff_id": STAFF, "pin": PIN})
    assert opened.status_code == 201
    body = opened.json()
    assert body["staff_id"] == STAFF and body["store_id"] == "SH-JINGAN"
    secret = body["session"]
    engine = make_engine(timed_hub.db_url, pool_size=1)
    with engine.connect() as conn:
        hashes = conn.execute(select(t.staff_sessions.c.session_hash)).scalars().all()
    engine.dispose()
    assert hashes == [hash_secret(secret)]
    headers = {"X-Staff-Session": secret}
    reason = {"number": "880000100013", "reason": "demo"}
    assert kiosk.get("/v1/members/lookup", params=reason, headers=headers).status_code == 200
    with other(timed_hub, "kiosk-b", store_id="SH-JINGAN") as b:  # not this kiosk's session
        assert b.get("/v1/members/lookup", params=reason, headers=headers).status_code == 401
    assert kiosk.delete("/v1/staff/sessions/current", headers=headers).status_code == 204
    ended = kiosk.get("/v1/members/lookup", params=reason, headers=headers)
    assert ended.status_code == 401 and ended.json()["error"]["code"] == "staff_session_expired"
    later = staff_headers(kiosk)
    timed_hub.clock.advance(minutes=15)
    assert kiosk.get("/v1/members/lookup", params=reason, headers=later).status_code == 401


def test_wrong_pins_lock_the_staff_id_then_the_kiosk(
    timed_hub: InProcessHub, kiosk: httpx.Client
) -> None:
    tries = [
        kiosk.post("/v1/staff/sessions", json={"staff_id": STAFF, "pin": f"00000{i}"})
        for i in range(5)
    ]
    assert [r.status_code for r in tries] == [401] * 5
    locked = kiosk.post("/v1/staff/sessions", json={"staff_id": STAFF, "pin": PIN})
    assert locked.status_code == 429 and int(locked.headers["Retry-After"]) <= 300
    # Another staff member on the same kiosk still gets in, until the kiosk's own limit.
    assert (
        kiosk.post("/v1/staff/sessions", json={"staff_id": "S-JA-02", "pin": "135790"}).status_code
        == 201
    )
    more = [
        kiosk.post("/v1/staff/sessions", json={"staff_id": f"S-GUESS-{i}", "pin": "123456"})
        for i in range(6)
    ]
    assert [r.status_code for r in more] == [401] * 5 + [429]
    timed_hub.clock.advance(minutes=5)
    assert kiosk.post("/v1/staff/sessions", json={"staff_id": STAFF, "pin": PIN}).status_code == 201


# ---- events: the hub's clock, presence, and the allow-list -------------------------------


def test_backdated_event_after_withdrawal_carries_no_member(
    hub: RunningHub, client: httpx.Client
) -> None:
    assert client.get("/v1/members/lookup", params={"code": CHEN_TYPED}).status_code == 200
    before = client.get(f"/v1/members/{CHEN}/history").json()
    granted = client.put(f"/v1/members/{CHEN}/consent", json=CONSENT).json()
    ok = event(CHEN, datetime.fromisoformat(granted["decided_at"]) + timedelta(seconds=1))
    assert client.post("/v1/events", json={"events": [ok]}).json()["redacted"] == 0
    gone = client.delete(f"/v1/members/{CHEN}/consent").json()
    backdated = event(CHEN, datetime.fromisoformat(gone["decided_at"]) - timedelta(seconds=30))
    result = client.post("/v1/events", json={"events": [backdated]}).json()
    assert result["accepted"] == 1 and result["redacted"] == 1
    assert stored(hub.db_url, backdated["id"])[0] is None
    after = client.get(f"/v1/members/{CHEN}/history").json()
    assert len(after["tryons"]) == len(before["tryons"]) + 1  # `ok`, not the backdated one


def test_events_from_a_kiosk_the_member_is_not_at_carry_no_member(
    hub: RunningHub, client: httpx.Client
) -> None:
    assert client.get("/v1/members/lookup", params={"code": ALEX_TYPED}).status_code == 200
    assert client.put(f"/v1/members/{ALEX}/consent", json=CONSENT).status_code == 200
    later = datetime.now().astimezone() + timedelta(seconds=1)
    with other(hub, "kiosk-elsewhere", store_id="SH-XINTIANDI") as b:
        smuggled = event(ALEX, later)
        assert b.post("/v1/events", json={"events": [smuggled]}).json()["redacted"] == 1
    assert stored(hub.db_url, smuggled["id"])[0] is None


def test_event_data_is_an_allow_list(hub: RunningHub, client: httpx.Client) -> None:
    now = datetime.now().astimezone()
    extra = event(
        None, now, name="Li Na", phone="+86 138 0000 0000", member_number="880000100013",
        shade="Coral", size="M",
    )  # fmt: skip
    handoff = event(None, now, kind="tryon.handoff.created", code="ABC",
                    items=[{"sku": "LIP-001", "quantity": 1, "name": "Li Na"}])  # fmt: skip
    unknown_type = event(None, now, kind="tryon.custom.thing")
    result = client.post("/v1/events", json={"events": [extra, handoff, unknown_type]}).json()
    assert result["accepted"] == 3
    _, data = stored(hub.db_url, extra["id"])
    assert data == {"session_id": "s1", "sku": "LIP-003", "dwell_ms": 2500,
                    "shade": "Coral", "size": "M"}  # fmt: skip
    _, kept = stored(hub.db_url, handoff["id"])
    assert set(kept) == {"session_id", "code"}  # sku/dwell_ms and the bad items went
    assert stored(hub.db_url, unknown_type["id"])[1] == {}
    assert result["dropped_fields"] == 3 + 3 + 3
    assert "Li Na" not in json.dumps([data, kept])


def test_every_field_the_kiosk_sends_is_kept(hub: RunningHub, client: httpx.Client) -> None:
    from kiosk.records.events import EventFactory

    f = EventFactory("SH-JINGAN", hub.kiosk_id)
    built = [
        f.session_started("s", "zh-CN"),
        f.product_tried("s", "LIP-001", 1200, shade="Coral", size="M", staff_id="S-JA-01"),
        f.look_saved("s", ["LIP-001", "LIP-002"], look_id="L1", staff_id="S-JA-01"),
        f.handoff_created("s", "ABCDEF", [("LIP-001", 2)], staff_id="S-JA-01"),
        f.reservation_made("s", "R-1", "LIP-001", 1, "SH-JINGAN", staff_id="S-JA-01"),
        f.session_ended("s", 60000, 3, "left"),
        f.consent_given("s", "2025-05", "en", staff_id="S-JA-01"),
        f.consent_withdrawn("s", "2025-05", "en"),
    ]
    result = client.post("/v1/events", json={"events": [e.to_json() for e in built]}).json()
    assert result["accepted"] == len(built) and result["dropped_fields"] == 0
    for e in built:
        assert stored(hub.db_url, e.payload["id"])[1] == e.data


def test_presence_grace_for_late_events(timed_hub: InProcessHub, kiosk: httpx.Client) -> None:
    assert kiosk.get("/v1/members/lookup", params={"code": CHEN_TYPED}).status_code == 200
    start = timed_hub.clock()
    timed_hub.clock.advance(minutes=55)  # presence ended at 30, grace until 60
    late = event(CHEN, start + timedelta(minutes=10))
    assert kiosk.post("/v1/events", json={"events": [late]}).json()["redacted"] == 0
    timed_hub.clock.advance(minutes=6)
    too_late = event(CHEN, start + timedelta(minutes=11))
    assert kiosk.post("/v1/events", json={"events": [too_late]}).json()["redacted"] == 1
