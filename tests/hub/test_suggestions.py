"""Suggestions for a consenting member (issue 18) on the real hub, SQLite and PostgreSQL:
products chosen together by consenting members in both channels, each with its one-line
reason in English and Chinese, none the member bought, only what is on sale in the caller's
channel; and the privacy the issue asks for: an unconsented member's data never reaches the
model, and a withdrawn consent takes a member out of it at the very next request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from kiosk.hub import suggestions
from kiosk.hub import tables as t
from kiosk.hub.db import write_tx
from kiosk.storeapi.contract import Suggestions
from tests.conftest import BACKENDS
from tests.hub.shop import deliver, order_body, shop_hub
from tests.hub.shopper import (
    engine,
    grant,
    kiosk,
    new_member,
    post_events,
    present,
    shop_event,
    shop_headers,
    withdraw,
)
from tests.hub_server import RunningHub


@pytest.fixture(scope="module", params=BACKENDS)
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    yield from shop_hub(request, tmp_path_factory)


@pytest.fixture
def shop(hub: RunningHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, headers=shop_headers(hub), timeout=30) as c:
        yield c


def consenting(hub: RunningHub, n: int) -> list[str]:
    members = [new_member(hub.db_url).member_id for _ in range(n)]
    for member in members:
        grant(hub, member)
    return members


def saved_look(hub: RunningHub, member: str, *skus: str) -> None:
    """The member saved a look with `skus` in the app."""
    items = [{"sku": s} for s in skus]
    event = shop_event("shop.look.tried", member, sku=skus[0], saved=True, items=items)
    assert post_events(hub, shop_headers(hub), [event]).json()["redacted"] == 0


def viewed(hub: RunningHub, member: str, *skus: str) -> None:
    events = [shop_event("shop.product.viewed", member, sku=s) for s in skus]
    assert post_events(hub, shop_headers(hub), events).json()["redacted"] == 0


def skus_of(answer: httpx.Response) -> list[str]:
    assert answer.status_code == 200, answer.text
    return [i.sku for i in Suggestions.model_validate_json(answer.content).items]


def fit_now(hub: RunningHub) -> suggestions.Fitted:
    """The model as the hub would fit it from this database now (in this process)."""
    with engine(hub.db_url) as eng, eng.connect() as conn:
        return suggestions.fit(conn, datetime.now(UTC))


def test_products_chosen_together_come_with_their_reason_in_both_languages(
    hub: RunningHub, shop: httpx.Client
) -> None:
    *others, member = new_member(hub.db_url), new_member(hub.db_url), new_member(hub.db_url), \
        new_member(hub.db_url)  # fmt: skip
    for m in (*others, member):
        grant(hub, m.member_id)
    for m in others:  # Cocoa Bean and Ruby Outline, saved together in the app
        saved_look(hub, m.member_id, "LIP-014", "LIP-015")
    viewed(hub, member.member_id, "LIP-014")
    with kiosk(hub, "suggest") as mirror:
        assert mirror.get(f"/v1/members/{member.member_id}/suggestions").status_code == 403
        present(mirror, member.code)
        got = mirror.get(f"/v1/members/{member.member_id}/suggestions", params={"k": 3})
    answer = Suggestions.model_validate_json(got.content)
    first = answer.items[0]
    assert (first.sku, first.kind, first.name, first.reason) == (
        "LIP-015", "shade", "Ruby Outline", "together")  # fmt: skip
    assert (first.because_sku, first.because_name) == ("LIP-014", "Cocoa Bean")
    body = json.loads(got.content)["items"][0]["reason_text"]
    assert body == {"en": "Often chosen with Cocoa Bean", "zh-CN": "常与「Cocoa Bean」一起选择"}
    assert len(answer.items) <= 3
    for item in answer.items:
        if item.reason == "popular":
            assert (item.reason_text.en, item.reason_text.zh_CN) == ("Popular with members",
                                                                      "会员热门之选")  # fmt: skip
            assert item.because_sku is None
    online = shop.get(f"/v1/members/{member.member_id}/suggestions", params={"k": 3})
    assert skus_of(online)[0] == "LIP-015"  # the same in the app
    assert shop.get(f"/v1/members/{member.member_id}/suggestions?k=0").status_code == 422


def test_garments_are_suggested_as_products_and_never_what_was_bought(
    hub: RunningHub, shop: httpx.Client
) -> None:
    a, b, buyer = consenting(hub, 3)
    saved_look(hub, a, "TOP-003-L", "TOP-004-M")  # sizes: the same two products
    saved_look(hub, b, "TOP-003-S", "TOP-004-XL")
    bought = shop_event("shop.order.placed", buyer, order_id="77", skus=["TOP-003-M"],
                        total_cents=22900)  # fmt: skip
    assert post_events(hub, shop_headers(hub), [bought]).json()["redacted"] == 0
    items = Suggestions.model_validate_json(
        shop.get(f"/v1/members/{buyer}/suggestions", params={"k": 20}).content
    ).items
    assert "TOP-003" not in {i.sku for i in items} and "TOP-003-M" not in {i.sku for i in items}
    hoodie = items[0]
    assert (hoodie.sku, hoodie.product_id, hoodie.kind, hoodie.reason) == (
        "TOP-004", "TOP-004", "garment", "together")  # fmt: skip
    assert hoodie.because_name == "Piqué Polo"
    assert hoodie.reason_text.zh_CN == "常与「Piqué Polo」一起选择"


def test_only_products_on_sale_in_the_callers_channel(hub: RunningHub, shop: httpx.Client) -> None:
    with engine(hub.db_url) as eng, write_tx(eng) as conn:  # sold online only
        conn.execute(
            insert(t.products).values(
                product_id="LIP-W18", kind="shade", name="Web Only Wine", images="[]", position=99
            )
        )
        conn.execute(
            insert(t.variants).values(
                sku="LIP-W18", product_id="LIP-W18", barcode="6901234599991", name="Web Only Wine"
            )
        )
        conn.execute(insert(t.prices).values(sku="LIP-W18", channel="online", amount_cents=19900,
                                             currency="CNY"))  # fmt: skip
    a, b, member = new_member(hub.db_url), new_member(hub.db_url), new_member(hub.db_url)
    for m in (a, b, member):
        grant(hub, m.member_id)
    for m in (a, b):
        saved_look(hub, m.member_id, "LIP-011", "LIP-W18")
    viewed(hub, member.member_id, "LIP-011")
    assert skus_of(shop.get(f"/v1/members/{member.member_id}/suggestions"))[0] == "LIP-W18"
    with kiosk(hub, "on-sale") as mirror:
        present(mirror, member.code)
        at_store = skus_of(mirror.get(f"/v1/members/{member.member_id}/suggestions?k=20"))
    assert at_store and "LIP-W18" not in at_store


# ---- privacy ------------------------------------------------------------------------------


def _recorded_without_consent(hub: RunningHub, member: str, skus: list[str]) -> None:
    """Try-ons that name the member in the events table as if a gate had failed (the hub
    never stores them so; the model must hold anyway)."""
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = [
        {"source": "urn:leak", "event_id": f"leak-{member}-{s}", "type": "tryon.product.tried",
         "time": now, "received_at": now, "kiosk_id": "k", "store_id": "SH-JINGAN",
         "member_id": member, "staff_id": None, "session_id": "leak", "sku": s,
         "dwell_ms": 5000, "redacted": False, "data": "{}"}
        for s in skus
    ]  # fmt: skip
    with engine(hub.db_url) as eng, write_tx(eng) as conn:
        conn.execute(insert(t.events), rows)


def test_an_unconsented_members_data_never_reaches_the_model(
    hub: RunningHub, shop: httpx.Client
) -> None:
    customer = 880018001
    stranger = new_member(hub.db_url, shop_customer_id=str(customer)).member_id
    # Everything the hub keeps of them without consent: a wishlist kept in the app, an order
    # (its points), shop events (redacted at ingest), and rows that name them regardless.
    for sku in ("LIP-016", "LIP-017"):
        assert shop.put(f"/v1/members/{stranger}/wishlist/{sku}").status_code == 200
    assert deliver(
        hub, order_body([("LIP-017", 1, "249.00")], customer={"id": customer})
    ).is_success
    redacted = post_events(hub, shop_headers(hub), [
        shop_event("shop.look.tried", stranger, sku="LIP-016", saved=True,
                   items=[{"sku": "LIP-016"}, {"sku": "LIP-017"}])])  # fmt: skip
    assert redacted.json()["redacted"] == 1
    _recorded_without_consent(hub, stranger, ["LIP-016", "LIP-017"])
    fitted = fit_now(hub)
    assert stranger not in fitted.model.members
    assert stranger not in fitted.history
    assert all(i.sku != "LIP-017" for h in fitted.history.values() for i in h)
    assert fitted.model.similar("LIP-016").get("LIP-017") is None
    # A consenting member with one of the stranger's pair is not told about the other.
    member = new_member(hub.db_url)
    grant(hub, member.member_id)
    viewed(hub, member.member_id, "LIP-016")
    with kiosk(hub, "privacy") as mirror:
        present(mirror, member.code)
        got = mirror.get(f"/v1/members/{member.member_id}/suggestions", params={"k": 20})
    answer = Suggestions.model_validate_json(got.content).items
    assert "LIP-017" not in {i.sku for i in answer}
    assert all(i.reason == "popular" for i in answer if i.sku != "LIP-016")
    assert shop.get(f"/v1/members/{stranger}/suggestions").status_code == 403  # nor to them


def test_a_withdrawn_consent_takes_the_member_out_at_the_next_request(
    hub: RunningHub, shop: httpx.Client
) -> None:
    watcher, leaver = consenting(hub, 2)
    viewed(hub, watcher, "LIP-012")
    saved_look(hub, leaver, "LIP-012", "TOP-006-M")
    wishes = shop.put(f"/v1/members/{leaver}/wishlist/TOP-006")
    assert wishes.status_code == 200
    before = Suggestions.model_validate_json(
        shop.get(f"/v1/members/{watcher}/suggestions", params={"k": 20}).content
    ).items
    blouse = next(i for i in before if i.sku == "TOP-006")
    assert (blouse.reason, blouse.because_sku) == ("together", "LIP-012")
    assert leaver in fit_now(hub).model.members
    withdraw(hub, leaver)
    after = skus_of(shop.get(f"/v1/members/{watcher}/suggestions", params={"k": 20}))
    assert "TOP-006" not in after  # the very next request, well within the cache's life
    assert leaver not in fit_now(hub).model.members
    refused = shop.get(f"/v1/members/{leaver}/suggestions")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "consent_required"


def test_the_model_is_cached_and_refitted_when_old_or_a_consent_changed(hub: RunningHub) -> None:
    now = datetime.now(UTC)
    with engine(hub.db_url) as eng:
        with eng.connect() as conn:
            first = suggestions.fitted(eng, conn, now)
            assert suggestions.fitted(eng, conn, now + timedelta(minutes=1)) is first
            later = suggestions.fitted(eng, conn, now + suggestions.CACHE_TTL)
            assert later is not first
        grant(hub, new_member(hub.db_url).member_id)
        with eng.connect() as conn:
            refitted = suggestions.fitted(eng, conn, now + suggestions.CACHE_TTL)
    assert refitted is not later and refitted.mark != later.mark


def test_a_purchase_delivered_as_an_order_and_as_an_event_counts_once(
    hub: RunningHub, shop: httpx.Client
) -> None:
    """The shop's webhook delivers the order and its app posts shop.order.placed for the
    same purchase: the model sees one purchase (by the order's id), not two."""
    customer = 880018077
    buyer = new_member(hub.db_url, shop_customer_id=str(customer)).member_id
    grant(hub, buyer)
    order_id = 5_550_001_234
    body = order_body([("LIP-005", 1, "189.00")], order_id=order_id, customer={"id": customer})
    assert deliver(hub, body).is_success
    event = shop_event(
        "shop.order.placed", buyer, order_id=str(order_id), skus=["LIP-005"], total_cents=18900
    )
    assert post_events(hub, shop_headers(hub), [event]).json()["redacted"] == 0
    other = shop_event(  # another purchase, told by the event alone, still counts
        "shop.order.placed", buyer, order_id="5550009999", skus=["LIP-006"], total_cents=22900
    )
    assert post_events(hub, shop_headers(hub), [other]).json()["redacted"] == 0
    bought = [i.sku for i in fit_now(hub).history[buyer] if i.kind == "bought"]
    assert sorted(bought) == ["LIP-005", "LIP-006"]
