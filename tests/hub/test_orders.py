"""Credit for the sale (issue 17): the online shop's signed order webhook, credited to the
store, kiosk, staff member and session the cart started at, on the real hub (SQLite and
PostgreSQL); a forged or missing signature stores nothing; a redelivery is stored once;
attributes are believed only as far as the hub can check them. Reservations and events
made in a staff session carry the staff id the hub vouches for."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.orders import sign
from kiosk.hub.tokens import issue_token
from tests.conftest import BACKENDS
from tests.hub.shop import (
    PII,
    SECRET,
    cart_attributes,
    deliver,
    landing_site,
    new_order_id,
    online_price,
    order_body,
    shop_hub,
    stored_order,
)
from tests.hub.test_fuzz import JSON, _paths
from tests.hub_credentials import headers as credential
from tests.hub_server import RunningHub

STAFF, PIN = "S-JA-01", "246810"
CHEN, CHEN_TYPED = "M-R5J9VL2QFA", "16180339"  # consent granted in the demo seed


@pytest.fixture(scope="module", params=BACKENDS)
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    yield from shop_hub(request, tmp_path_factory)


@pytest.fixture
def kiosk(hub: RunningHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, headers=hub.headers, timeout=30) as c:
        yield c


def staff_session(client: httpx.Client, staff_id: str = STAFF, pin: str = PIN) -> dict[str, str]:
    opened = client.post("/v1/staff/sessions", json={"staff_id": staff_id, "pin": pin})
    assert opened.status_code == 201, opened.text
    return {"X-Staff-Session": opened.json()["session"]}


def handoff(
    hub: RunningHub, client: httpx.Client, items: list[tuple[str, int]], **extra: Any
) -> tuple[str, str, str]:
    """A hand-off made at the kiosk; (code, session id, the cart URL a phone is sent to)."""
    session = f"sess-{uuid.uuid4().hex[:12]}"
    body: dict[str, Any] = {
        "items": [{"sku": s, "quantity": q} for s, q in items],
        "session_id": session,
    }
    headers = extra.pop("headers", {})
    made = client.post("/v1/handoffs", json={**body, **extra}, headers=headers)
    assert made.status_code == 201, made.text
    code = made.json()["code"]
    scan = httpx.get(f"{hub.url}/h/{code}")  # the shopper's phone
    assert scan.status_code == 302
    return code, session, scan.headers["location"]


def rows(db_url: str, table: Any, **where: Any) -> list[dict[str, Any]]:
    engine = make_engine(db_url, pool_size=1)
    try:
        with engine.connect() as conn:
            clause = [table.c[k] == v for k, v in where.items()]
            return [dict(r._mapping) for r in conn.execute(select(table).where(*clause))]
    finally:
        engine.dispose()


def counter(hub: RunningHub, name: str) -> int:
    text = httpx.get(
        f"{hub.url}/v1/metrics", headers=credential(hub.db_url, "backoffice"), timeout=30
    ).text
    line = next(x for x in text.splitlines() if x.startswith(f"kiosk_hub_{name}_total{{"))
    return int(float(line.rsplit(" ", 1)[1]))


# ---- a sale started at a mirror, in a staff session ------------------------------------------


def test_a_signed_order_is_credited_to_the_staff_member_of_the_handoff(
    hub: RunningHub, kiosk: httpx.Client
) -> None:
    """Zhou Min (S-JA-01) signs in at the mirror in Jing'an, the member Chen Jie shows her
    code, the cart goes to Chen's phone; the shop's order webhook then credits the sale to
    that store, kiosk, staff member and session, and to Chen (from the hand-off)."""
    staff = staff_session(kiosk)
    assert kiosk.get("/v1/members/lookup", params={"code": CHEN_TYPED}).status_code == 200
    items = [("LIP-001", 2), ("TOP-001-S", 1)]
    code, session, cart = handoff(hub, kiosk, items, headers=staff, member_id=CHEN)
    assert cart_attributes(cart)["staff"] == STAFF
    lines = [(sku, q, online_price(kiosk, sku)) for sku, q in items]
    body = order_body(lines, attributes=cart_attributes(cart), landing=landing_site(cart))
    before = counter(hub, "orders_stored")

    got = deliver(hub, body)

    assert got.status_code == 201, got.text
    receipt = got.json()
    assert receipt["outcome"] == "stored" and receipt["order_id"] == str(body["id"])
    assert receipt["credited"] == {
        "store_id": "SH-JINGAN", "kiosk_id": hub.kiosk_id, "staff_id": STAFF,
        "session_id": session, "verified": True,
    }  # fmt: skip
    order, stored_lines = stored_order(hub.db_url, body["id"])
    assert order is not None
    assert (order["store_id"], order["kiosk_id"], order["staff_id"], order["session_id"]) == (
        "SH-JINGAN", hub.kiosk_id, STAFF, session,
    )  # fmt: skip
    assert order["handoff_code"] == code and order["member_id"] == CHEN
    assert order["source"] == "shopify" and order["currency"] == "CNY"
    cents = [round(float(p) * 100) for _, _, p in lines]
    assert order["total_cents"] == sum(q * c for (_, q, _), c in zip(lines, cents, strict=True))
    assert [(x["sku"], x["quantity"], x["unit_price_cents"]) for x in stored_lines] == [
        (sku, q, c) for (sku, q, _), c in zip(lines, cents, strict=True)
    ]
    assert order["placed_at"] == datetime.fromisoformat(body["created_at"])
    kept = json.dumps([order, stored_lines], default=str)
    assert not any(p in kept for p in PII)  # nothing of the shop's customer
    assert counter(hub, "orders_stored") == before + 1


def test_a_redelivery_is_stored_once_and_an_edit_replaces_the_lines(
    hub: RunningHub, kiosk: httpx.Client
) -> None:
    staff = staff_session(kiosk)
    _, session, cart = handoff(hub, kiosk, [("LIP-002", 1)], headers=staff)
    body = order_body([("LIP-002", 1, "229.00")], attributes=cart_attributes(cart))
    raw = json.dumps(body).encode()
    assert deliver(hub, raw).status_code == 201
    again = deliver(hub, raw)  # Shopify retries when it missed our answer
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    assert again.json()["credited"]["staff_id"] == STAFF
    respaced = json.dumps(body, indent=2, sort_keys=True).encode()  # same order, other bytes
    assert deliver(hub, respaced).json()["outcome"] == "duplicate"
    assert len(rows(hub.db_url, t.orders, order_id=str(body["id"]))) == 1
    assert len(rows(hub.db_url, t.order_lines, order_id=str(body["id"]))) == 1

    edited = {**body, "total_price": "458.00"}
    edited["line_items"] = [{**body["line_items"][0], "quantity": 2}]
    changed = deliver(hub, edited)
    assert changed.status_code == 200 and changed.json()["outcome"] == "updated"
    assert changed.json()["credited"]["session_id"] == session  # the credit stays
    order, lines = stored_order(hub.db_url, body["id"])
    assert order is not None and order["total_cents"] == 45800 and order["staff_id"] == STAFF
    assert [(x["sku"], x["quantity"]) for x in lines] == [("LIP-002", 2)]


def test_a_forged_or_missing_signature_is_refused_and_nothing_is_stored(hub: RunningHub) -> None:
    body = order_body(
        [("LIP-003", 1, "189.00")],
        attributes={"store": "SH-JINGAN", "kiosk": hub.kiosk_id, "staff": STAFF},
    )
    raw = json.dumps(body).encode()
    tampered = raw.replace(b'"189.00"', b'"1.00"')
    before = counter(hub, "orders_refused")
    attempts = [
        deliver(hub, raw, signature=""),  # none at all
        deliver(hub, raw, secret="not-the-shops-secret"),
        deliver(hub, raw, signature=sign(SECRET, raw + b" ")),  # another body's
        deliver(hub, tampered, signature=sign(SECRET, raw)),  # the body changed in transit
        deliver(hub, raw, signature="not base64 at all \u00e9"),
        deliver(hub, raw, signature=sign(SECRET, raw).lower()),
        deliver(hub, raw, headers={"Authorization": f"Bearer {hub.token}"}, signature=""),
    ]
    for got in attempts:
        assert got.status_code == 401, got.text
        error = got.json()["error"]
        assert error["code"] == "signature_invalid"
        assert error["field"] == "header.X-Shopify-Hmac-Sha256"
        assert SECRET not in got.text
    assert stored_order(hub.db_url, body["id"]) == (None, [])
    assert counter(hub, "orders_refused") == before + len(attempts)
    assert SECRET not in hub.log_text()
    # A malformed body is looked at only once it is signed: unsigned, it is a 401 too.
    assert deliver(hub, b"{not json", signature="").status_code == 401
    assert deliver(hub, raw).status_code == 201  # the genuine delivery still goes in


def test_signed_but_malformed_orders_and_test_orders_store_nothing(hub: RunningHub) -> None:
    for bad in (
        b"{not json",
        json.dumps(order_body([("LIP-003", 1, "-1.00")])).encode(),
        json.dumps(order_body([("LIP-003", 1, "1.005")])).encode(),
        json.dumps({**order_body([("LIP-003", 1, "1.00")]), "currency": "yuan"}).encode(),
        json.dumps({**order_body([("LIP-003", 1, "1.00")]), "created_at": "yesterday"}).encode(),
    ):
        got = deliver(hub, bad)
        assert got.status_code == 422, got.text
        assert got.json()["error"]["code"] == "validation_error"
        assert got.json()["error"]["field"].startswith("body")
    trial = order_body([("LIP-003", 1, "1.00")], test=True)
    got = deliver(hub, trial)
    assert got.status_code == 200 and got.json()["outcome"] == "ignored"
    assert stored_order(hub.db_url, trial["id"]) == (None, [])


# ---- what the attributes alone can and cannot do ----------------------------------------------


def test_attributes_are_believed_only_as_far_as_they_check_out(
    hub: RunningHub, kiosk: httpx.Client
) -> None:
    def credit(attributes: dict[str, str], **kw: Any) -> dict[str, Any]:
        got = deliver(hub, order_body([("LIP-004", 1, "209.00")], attributes=attributes, **kw))
        assert got.status_code == 201, got.text
        return dict(got.json()["credited"])

    ja = {"store": "SH-JINGAN", "kiosk": hub.kiosk_id, "session": "typed-session"}
    # Another store's staff member named on a Jing'an cart: the store and kiosk check out,
    # Xu Ying (S-XTD-01, Xintiandi) is not credited.
    assert credit({**ja, "staff": "S-XTD-01"}) == {
        "store_id": "SH-JINGAN", "kiosk_id": hub.kiosk_id, "staff_id": None,
        "session_id": "typed-session", "verified": False,
    }  # fmt: skip
    # The same store's staff member, no hand-off to check against: the attributes alone.
    assert credit({**ja, "staff": "S-JA-02"})["staff_id"] == "S-JA-02"
    # A staff id nobody has, a store that is none, a warehouse, a kiosk of another store.
    assert credit({**ja, "staff": "S-NOBODY"})["staff_id"] is None
    nothing = {"store_id": None, "kiosk_id": None, "staff_id": None, "session_id": None,
               "verified": False}  # fmt: skip
    assert credit({**ja, "store": "SH-NOWHERE", "staff": STAFF}) == nothing
    assert credit({**ja, "store": "WH-ONLINE", "staff": STAFF}) == nothing
    issue_token(hub.db_url, "xtd-mirror", "SH-XINTIANDI")
    elsewhere = credit({**ja, "kiosk": "xtd-mirror", "staff": STAFF})
    assert (elsewhere["kiosk_id"], elsewhere["session_id"], elsewhere["staff_id"]) == (
        None, None, STAFF,
    )  # fmt: skip
    assert credit({}) == nothing  # an online sale that did not start at a mirror
    # The hand-off decides over the attributes: made by S-JA-01, a cart edited to name
    # S-JA-02 still credits S-JA-01; a hand-off made with nobody signed in credits nobody.
    _, session, cart = handoff(hub, kiosk, [("LIP-004", 1)], headers=staff_session(kiosk))
    claimed = {**cart_attributes(cart), "staff": "S-JA-02"}
    assert credit(claimed) == {
        "store_id": "SH-JINGAN", "kiosk_id": hub.kiosk_id, "staff_id": STAFF,
        "session_id": session, "verified": True,
    }  # fmt: skip
    _, alone, cart = handoff(hub, kiosk, [("LIP-004", 1)])
    assert "staff" not in cart_attributes(cart) or not cart_attributes(cart)["staff"]
    assert credit({**cart_attributes(cart), "staff": STAFF})["staff_id"] is None
    # Only the landing page's query (no note attributes): read the same way.
    assert credit({}, landing=landing_site(cart))["session_id"] == alone


def test_the_handoff_code_anywhere_in_the_order_finds_the_handoff(
    hub: RunningHub, kiosk: httpx.Client
) -> None:
    """An operator's template that carries {code} (an attribute or ?ref=): the code alone
    credits the hand-off, whatever the other attributes say."""
    code, session, _ = handoff(hub, kiosk, [("LIP-005", 1)], headers=staff_session(kiosk))
    for attributes, extra in (({"handoff": code}, {}), ({}, {"landing_site_ref": code})):
        claimed = {"store": "SH-XINTIANDI", "staff": "S-XTD-01", **attributes}
        body = order_body([("LIP-005", 1, "189.00")], attributes=claimed, **extra)
        got = deliver(hub, body)
        assert got.status_code == 201, got.text
        assert got.json()["credited"]["staff_id"] == STAFF
        assert got.json()["credited"]["session_id"] == session
        assert stored_order(hub.db_url, body["id"])[0]["handoff_code"] == code  # type: ignore[index]


def test_an_order_from_a_lookbook_link_is_credited_as_the_lookbook(hub: RunningHub) -> None:
    """A lookbook page's "Buy this look online" carries the lookbook's store, kiosk, staff,
    session and id (as `{code}`): the lookbook the hub stored decides, member included."""
    lookbook_id, session = uuid.uuid4().hex, f"lb-{uuid.uuid4().hex[:8]}"
    engine = make_engine(hub.db_url, pool_size=1)
    try:
        with engine.begin() as conn:
            conn.execute(
                t.lookbooks.insert().values(
                    lookbook_id=lookbook_id, code_hash=None, store_id="SH-JINGAN",
                    kiosk_id=hub.kiosk_id, staff_id="S-JA-02", session_id=session,
                    member_id=CHEN, looks="[]", created_at=datetime.now(UTC),
                    expires_at=None, deleted_at=None,
                )
            )  # fmt: skip
    finally:
        engine.dispose()
    said = {"store": "SH-JINGAN", "kiosk": hub.kiosk_id, "staff": STAFF, "session": session}
    for attributes in ({**said, "code": lookbook_id}, said):
        body = order_body([("LIP-008", 1, "189.00")], attributes=attributes)
        got = deliver(hub, body)
        assert got.status_code == 201, got.text
        assert got.json()["credited"] == {
            "store_id": "SH-JINGAN", "kiosk_id": hub.kiosk_id, "staff_id": "S-JA-02",
            "session_id": session, "verified": True,
        }  # fmt: skip
        order, _ = stored_order(hub.db_url, body["id"])
        assert order is not None
        assert (order["member_id"], order["handoff_code"]) == (CHEN, lookbook_id)


def test_concurrent_deliveries_of_one_order_store_it_once(hub: RunningHub) -> None:
    from concurrent.futures import ThreadPoolExecutor

    body = order_body([("LIP-006", 3, "99.50")], order_id=new_order_id())
    raw = json.dumps(body).encode()
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: deliver(hub, raw), range(8)))
    outcomes = sorted(a.json()["outcome"] for a in answers)
    assert outcomes == ["duplicate"] * 7 + ["stored"], [a.text for a in answers]
    assert len(rows(hub.db_url, t.order_lines, order_id=str(body["id"]))) == 1


# ---- staff ids on reservations and events ------------------------------------------------------


def test_a_reservation_and_events_in_a_staff_session_carry_the_staff_id(
    hub: RunningHub, kiosk: httpx.Client
) -> None:
    staff = staff_session(kiosk)
    key = {"Idempotency-Key": str(uuid.uuid4())}
    held = kiosk.post(
        "/v1/reservations", json={"sku": "LIP-007", "quantity": 1}, headers={**staff, **key}
    )
    assert held.status_code == 201, held.text
    alone = kiosk.post(
        "/v1/reservations",
        json={"sku": "LIP-007", "quantity": 1},
        headers={"Idempotency-Key": str(uuid.uuid4())},
    )
    assert alone.status_code == 201, alone.text

    def staff_of(reservation: httpx.Response) -> str | None:
        found = rows(
            hub.db_url, t.reservations, reservation_id=reservation.json()["reservation_id"]
        )
        return found[0]["staff_id"]  # type: ignore[no-any-return]

    assert (staff_of(held), staff_of(alone)) == (STAFF, None)
    for made in (held, alone):
        kiosk.post(f"/v1/reservations/{made.json()['reservation_id']}/cancel")

    now = datetime.now(UTC)
    session = f"sess-{uuid.uuid4().hex[:8]}"

    def event(when: datetime, **data: Any) -> dict[str, Any]:
        body = {"session_id": session, "sku": "LIP-007", "dwell_ms": 900, **data}
        return {"specversion": "1.0", "id": str(uuid.uuid4()), "source": "urn:kiosk:credit",
                "type": "tryon.product.tried", "time": when.isoformat(), "data": body}  # fmt: skip

    in_session = event(now)  # posted in the staff session, nothing in its data
    typed = event(now, staff_id="S-XTD-01")  # another store's, never signed in here
    before = event(now - timedelta(hours=1))  # from before the staff member signed in
    posted = kiosk.post("/v1/events", json={"events": [in_session, typed, before]}, headers=staff)
    assert posted.status_code == 200 and posted.json()["accepted"] == 3, posted.text
    # Sent by the outbox after the staff member signed out: vouched by their session then.
    assert kiosk.delete("/v1/staff/sessions/current", headers=staff).status_code == 204
    late = event(now, staff_id=STAFF)
    unsigned = event(now)
    assert kiosk.post("/v1/events", json={"events": [late, unsigned]}).json()["accepted"] == 2

    def column(e: dict[str, Any]) -> tuple[str | None, str | None, dict[str, Any]]:
        row = rows(hub.db_url, t.events, event_id=e["id"])[0]
        return row["staff_id"], row["session_id"], json.loads(row["data"])

    assert column(in_session)[:2] == (STAFF, session)
    assert column(typed)[0] is None and column(typed)[2]["staff_id"] == "S-XTD-01"
    assert column(before)[0] is None
    assert column(late)[0] == STAFF
    assert column(unsigned)[0] is None


# ---- signed nonsense: never a 500 -------------------------------------------------------------

# test_fuzz's JSON values (extreme numbers and dates, NUL, lone surrogates, nesting), and
# what an order's links and money could hold.
VALUES = JSON | st.sampled_from(
    ["http://[", "/cart/1:1?attributes%5Bstore%5D=%00", "9" * 40, "-1.00", "1.005", "1e9"]
)


@pytest.mark.slow
def test_signed_mutated_orders_get_4xx_or_are_stored_never_500(hub: RunningHub) -> None:
    """Every field of a valid signed order (the attributes and landing page too) replaced
    by any JSON value: a 4xx or a stored order, never a 500."""
    valid = order_body(
        [("LIP-009", 1, "189.00")],
        attributes={"store": "SH-JINGAN", "kiosk": hub.kiosk_id, "staff": STAFF, "session": "s"},
        landing="/cart/1:1?attributes%5Bstore%5D=SH-JINGAN&ref=kiosk",
    )

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(where=st.sampled_from(_paths(valid)), new=VALUES)
    def check(where: tuple[Any, ...], new: Any) -> None:
        body = json.loads(json.dumps(valid))
        target = body
        for key in where[:-1]:
            target = target[key]
        if where:
            target[where[-1]] = new
        else:
            body = new
        body_id = body.get("id") if isinstance(body, dict) else None
        if isinstance(body, dict) and isinstance(body_id, int) and body_id == valid["id"]:
            body["id"] = new_order_id()  # each a new order, so the store path runs each time
        got = deliver(hub, json.dumps(body).encode())
        assert got.status_code < 500, (json.dumps(body)[:300], got.text[:300])
        assert got.status_code in (200, 201, 422), got.text[:300]

    check()
