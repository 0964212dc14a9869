"""One shopper across channels (issue 18) on the real hub, SQLite and PostgreSQL: the online
shop's events through the events API (consent alone gates its member ids; each credential
posts only its own types), the wishlist and looks shared by the app and the mirror, one
membership (tier, points, member prices) through both credentials, points once per order,
who may reach which of a member's things, and the mirrors' figures untouched by the shop."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from kiosk.hub import tables as t
from kiosk.hub.backoffice_users import add_user
from kiosk.hub.membership import member_price_cents, points_for
from kiosk.hub.policy import POLICY, Action, Principal, Role, Scope
from kiosk.storeapi.contract import MemberLooks, Membership, Wishlist, WishlistItem
from tests.conftest import BACKENDS
from tests.helpers import TESTDATA
from tests.hub.shop import deliver, new_order_id, order_body, shop_hub
from tests.hub.shopper import (
    STORE,
    NewMember,
    grant,
    kiosk,
    mirror_event,
    new_member,
    post_events,
    present,
    rows,
    shop_event,
    shop_headers,
    shop_principal,
    staff,
)
from tests.hub_credentials import headers as credential
from tests.hub_server import RunningHub

LI_NA, LI_NA_CODE = "M-7QX4KZ2RB9", "31415926"  # the demo's: gold, 2680 points, no consent
FACE = TESTDATA / "lips" / "celebamask_0.jpg"


@pytest.fixture(scope="module", params=BACKENDS)
def hub(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningHub]:
    yield from shop_hub(request, tmp_path_factory)


@pytest.fixture
def shop(hub: RunningHub) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=hub.url, headers=shop_headers(hub), timeout=30) as c:
        yield c


# ---- the shop's events ---------------------------------------------------------------------------


def _every_shop_event(member: str | None, look_id: str) -> list[dict[str, Any]]:
    return [
        shop_event("shop.product.viewed", member, sku="LIP-001"),
        shop_event("shop.look.tried", member, sku="LIP-002", look_id=look_id, saved=True,
                   items=[{"sku": "LIP-002", "finish": "matte", "intensity": 0.6},
                          {"sku": "TOP-001", "size": "M"}]),
        shop_event("shop.wishlist.added", member, sku="LIP-004"),
        shop_event("shop.wishlist.added", member, sku="TOP-005"),
        shop_event("shop.wishlist.removed", member, sku="TOP-005"),
        shop_event("shop.order.placed", member, order_id="1001", skus=["LIP-001"],
                   total_cents=22900, name="Li Na"),  # a name is dropped (not allowed)
    ]  # fmt: skip


def test_the_shop_posts_each_event_type_for_a_consenting_member(hub: RunningHub) -> None:
    member = new_member(hub.db_url).member_id
    grant(hub, member)
    batch = _every_shop_event(member, look_id="app-look-1")
    posted = post_events(hub, shop_headers(hub), batch)
    assert posted.status_code == 200, posted.text
    assert posted.json() == {"accepted": 6, "duplicates": 0, "redacted": 0, "dropped_fields": 1}
    stored = rows(hub.db_url, t.events, member_id=member)
    assert sorted(r["type"] for r in stored) == sorted(e["type"] for e in batch)
    assert {(r["kiosk_id"], r["store_id"]) for r in stored} == {(shop_principal(hub), None)}
    assert all("name" not in json.loads(r["data"]) for r in stored)
    wished = rows(hub.db_url, t.wishlist, member_id=member)
    assert [(w["sku"], w["channel"]) for w in wished] == [("LIP-004", "online")]
    looks = rows(hub.db_url, t.member_looks, member_id=member)
    assert len(looks) == 1 and looks[0]["channel"] == "online"
    assert json.loads(looks[0]["items"]) == [
        {"sku": "LIP-002", "finish": "matte", "intensity": 0.6},
        {"sku": "TOP-001", "size": "M"},
    ]
    again = post_events(hub, shop_headers(hub), batch)  # a redelivery
    assert again.json()["duplicates"] == 6
    same_look = [shop_event("shop.look.tried", member, sku="LIP-002", look_id="app-look-1",
                            saved=True)]  # fmt: skip
    assert post_events(hub, shop_headers(hub), same_look).json()["accepted"] == 1
    assert len(rows(hub.db_url, t.member_looks, member_id=member)) == 1  # the same look


def test_an_unconsented_members_shop_events_are_redacted_and_change_nothing(
    hub: RunningHub,
) -> None:
    member = new_member(hub.db_url).member_id
    posted = post_events(hub, shop_headers(hub), _every_shop_event(member, "app-look-2"))
    assert posted.json()["redacted"] == 6
    assert rows(hub.db_url, t.events, member_id=member) == []
    assert rows(hub.db_url, t.wishlist, member_id=member) == []
    assert rows(hub.db_url, t.member_looks, member_id=member) == []
    grant(hub, member)  # agreed now: an event from before the grant is still not theirs
    before = shop_event("shop.wishlist.added", member, datetime.now(UTC) - timedelta(hours=1),
                        sku="LIP-006")  # fmt: skip
    assert post_events(hub, shop_headers(hub), [before]).json()["redacted"] == 1
    assert rows(hub.db_url, t.wishlist, member_id=member) == []


def test_each_credential_posts_only_its_own_event_types(hub: RunningHub) -> None:
    tried = mirror_event("tryon.product.tried", sku="LIP-001", dwell_ms=900)
    viewed = shop_event("shop.product.viewed", sku="LIP-001")
    refused = post_events(hub, hub.headers, [tried, viewed])  # a kiosk posting shop.*
    assert refused.status_code == 403, refused.text
    error = refused.json()["error"]
    assert error["field"] == "body.events.1.type"
    assert "shop.product.viewed" in error["message"] and "tryon." in error["message"]
    assert rows(hub.db_url, t.events, event_id=tried["id"]) == []  # the whole batch
    by_shop = post_events(hub, shop_headers(hub), [viewed, tried])  # the shop posting tryon.*
    assert by_shop.status_code == 403
    assert by_shop.json()["error"]["field"] == "body.events.1.type"
    assert "tryon.product.tried" in by_shop.json()["error"]["message"]
    for role in ("pos", "backoffice"):
        assert post_events(hub, credential(hub.db_url, role), [viewed]).status_code == 403
    assert post_events(hub, shop_headers(hub), [viewed]).status_code == 200
    assert post_events(hub, hub.headers, [tried]).status_code == 200


def test_shop_events_leave_the_mirrors_figures_alone(hub: RunningHub) -> None:
    """The dashboard and the sales report count mirrors' sessions and try-ons only."""
    user = f"office-{uuid.uuid4().hex[:6]}"
    add_user(hub.db_url, user, "Office", "correct horse battery", None)
    office = credential(hub.db_url, "backoffice", "WH-ONLINE")  # head office: every store
    today = datetime.now(UTC).date().isoformat()

    def figures() -> tuple[Any, Any]:
        with httpx.Client(base_url=hub.url, timeout=30) as browser:
            signed = browser.post(
                "/dashboard/login",
                data={"username": user, "password": "correct horse battery", "lang": "en"},
            )
            assert signed.status_code == 303, signed.text
            summary = browser.get("/dashboard/api/summary").json()
        report = httpx.get(
            f"{hub.url}/v1/reports/sales", params={"from": today, "to": today},
            headers=office, timeout=30,
        ).json()  # fmt: skip
        summary.pop("generated_at")
        return summary, report

    before = figures()
    member = new_member(hub.db_url).member_id
    grant(hub, member)
    shop_batch = [
        shop_event(kind, member, sku="LIP-001", session_id="web-figures")
        for kind in ("shop.product.viewed", "shop.wishlist.added")
    ] + [
        shop_event("shop.look.tried", None, sku="LIP-003", session_id="web-figures"),
        shop_event("shop.order.placed", member, order_id="9", skus=["LIP-001"], total_cents=1),
    ]
    assert post_events(hub, shop_headers(hub), shop_batch).json()["accepted"] == 4
    assert figures() == before


# ---- looks -----------------------------------------------------------------------------------


def _photo(client: httpx.Client) -> str:
    made = client.post(
        "/v1/photos", content=FACE.read_bytes(), headers={"Content-Type": "image/jpeg"}
    )
    assert made.status_code == 201, made.text
    return str(made.json()["photo_id"])


def test_a_look_saved_at_the_mirror_is_read_through_the_shop_credential(
    hub: RunningHub, shop: httpx.Client
) -> None:
    member = new_member(hub.db_url)
    with kiosk(hub, "looks") as mirror, kiosk(hub, "other") as other:
        present(mirror, member.code)
        consent = {"granted": True, "text_version": "2025-06", "locale": "zh-CN"}
        assert mirror.put(f"/v1/members/{member.member_id}/consent", json=consent).is_success
        kept, not_kept, theirs = _photo(mirror), _photo(mirror), _photo(other)
        items = [{"sku": "LIP-001", "finish": "matte", "intensity": 0.8},
                 {"sku": "TOP-001-M", "size": "M"}]  # fmt: skip
        saved = [
            mirror_event("tryon.look.saved", member.member_id, look_id="look-a", items=items,
                         skus=["LIP-001", "TOP-001-M"], photo_id=kept),
            mirror_event("tryon.look.saved", member.member_id, look_id="look-b",
                         skus=["LIP-005"]),  # an older kiosk: SKUs only, no photo kept
            mirror_event("tryon.look.saved", member.member_id, look_id="look-c",
                         skus=["LIP-006"], photo_id=theirs),  # another kiosk's photo
        ]  # fmt: skip
        as_mirror = {"Authorization": mirror.headers["Authorization"]}
        for event in saved:  # one after the other, as the shopper saves them
            event["time"] = datetime.now(UTC).isoformat()
            assert post_events(hub, as_mirror, [event]).json()["redacted"] == 0
        del not_kept
        got = shop.get(f"/v1/members/{member.member_id}/looks", params={"channel": "mirror"})
        assert got.status_code == 200, got.text
        looks = MemberLooks.model_validate_json(got.content).looks
        assert [len(look.items) for look in looks] == [1, 1, 2]  # newest first
        c, b, a = looks
        assert {x.channel for x in looks} == {"mirror"} and a.store_id == STORE
        lip, top = a.items
        assert (lip.sku, lip.kind, lip.name, lip.finish, lip.intensity, lip.try_on) == (
            "LIP-001", "shade", "Crimson Velvet", "matte", 0.8, "LIP-001")  # fmt: skip
        assert (top.sku, top.kind, top.size, top.try_on) == ("TOP-001-M", "garment", "M", "TOP-001")
        assert b.photo_url is None and c.photo_url is None  # none kept / not that kiosk's
        assert a.photo_url is not None and a.photo_expires_at is not None
        jpeg = shop.get(a.photo_url)
        assert jpeg.status_code == 200 and jpeg.content == FACE.read_bytes()
        assert jpeg.headers["content-type"] == "image/jpeg"
        assert "no-store" in jpeg.headers["cache-control"]
        # The shopper deletes the photo at the mirror: the look stays, without it.
        assert mirror.delete(f"/v1/photos/{kept}").status_code == 204
        again = MemberLooks.model_validate_json(
            shop.get(f"/v1/members/{member.member_id}/looks").content
        )
        assert [x.photo_url for x in again.looks] == [None, None, None]
        assert shop.get(a.photo_url).status_code == 404
        # The member deletes a look in the app: gone in both channels, also from redelivery.
        assert shop.delete(f"/v1/members/{member.member_id}/looks/{b.look_id}").status_code == 204
        assert shop.delete(f"/v1/members/{member.member_id}/looks/{b.look_id}").status_code == 204
        same_look = mirror_event(
            "tryon.look.saved", member.member_id, look_id="look-b", skus=["LIP-005"]
        )  # the kiosk's look id again: no new look
        assert post_events(hub, as_mirror, [saved[1], same_look]).json()["accepted"] == 1
        left = mirror.get(f"/v1/members/{member.member_id}/looks").json()["looks"]
        assert [x["look_id"] for x in left] == [c.look_id, a.look_id]


def test_lookbooks_on_the_account_are_mirror_looks_and_app_looks_are_online(
    hub: RunningHub, shop: httpx.Client
) -> None:
    member = new_member(hub.db_url)
    grant(hub, member.member_id)
    with kiosk(hub, "lookbook") as mirror:
        present(mirror, member.code)
        body = {"session_id": "s18", "member_id": member.member_id,
                "looks": [{"items": [{"sku": "LIP-007", "intensity": 0.5}]},
                          {"items": [{"sku": "JKT-001-L", "size": "L"}]}]}  # fmt: skip
        made = mirror.post("/v1/lookbooks", json=body)
        assert made.status_code == 201, made.text
    app = shop_event("shop.look.tried", member.member_id, look_id="a1", saved=True,
                     items=[{"sku": "LIP-008", "finish": "satin"}])  # fmt: skip
    assert post_events(hub, shop_headers(hub), [app]).json()["accepted"] == 1
    every = shop.get(f"/v1/members/{member.member_id}/looks").json()["looks"]
    book = made.json()["lookbook_id"]
    assert [(x["channel"], x["lookbook_id"]) for x in every] == [
        ("online", None), ("mirror", book), ("mirror", book)]  # fmt: skip
    online = shop.get(f"/v1/members/{member.member_id}/looks", params={"channel": "online"})
    assert [x["items"][0]["sku"] for x in online.json()["looks"]] == ["LIP-008"]
    one_of_book = every[1]["look_id"]
    refused = shop.delete(f"/v1/members/{member.member_id}/looks/{one_of_book}")
    assert (
        refused.status_code == 409 and f"/v1/lookbooks/{book}" in refused.json()["error"]["message"]
    )


# ---- the wishlist ------------------------------------------------------------------------------


def test_a_wish_in_the_app_is_on_the_mirror_after_sign_in(
    hub: RunningHub, shop: httpx.Client
) -> None:
    """The issue's 'done when': wished for in the app, found at the mirror once the member
    signed in there and agreed."""
    member = new_member(hub.db_url)
    mid = member.member_id
    wished = shop.put(f"/v1/members/{mid}/wishlist/LIP-013")  # a shade
    assert wished.status_code == 200, wished.text
    item = WishlistItem.model_validate_json(wished.content)
    assert (item.kind, item.name, item.try_on, item.channel) == (
        "shade", "Fuchsia Pop", "LIP-013", "online")  # fmt: skip
    assert shop.put(f"/v1/members/{mid}/wishlist/DRS-001").json()["try_on"] == "DRS-001"
    assert shop.put(f"/v1/members/{mid}/wishlist/LIP-013").status_code == 200  # again: one
    unknown = shop.put(f"/v1/members/{mid}/wishlist/LIP-999")
    assert unknown.status_code == 404 and "LIP-999" in unknown.json()["error"]["message"]
    with kiosk(hub, "wish") as mirror:
        assert mirror.get(f"/v1/members/{mid}/wishlist").status_code == 403  # not here yet
        present(mirror, member.code)
        no_consent = mirror.get(f"/v1/members/{mid}/wishlist")
        assert no_consent.status_code == 403
        assert no_consent.json()["error"]["code"] == "consent_required"
        decision = {"granted": True, "text_version": "2025-06", "locale": "en"}
        assert mirror.put(f"/v1/members/{mid}/consent", json=decision).is_success
        shelf = Wishlist.model_validate_json(mirror.get(f"/v1/members/{mid}/wishlist").content)
        assert [(i.sku, i.kind, i.try_on) for i in shelf.items] == [
            ("DRS-001", "garment", "DRS-001"), ("LIP-013", "shade", "LIP-013")]  # fmt: skip
        # 'Add to wishlist' at the mirror, seen in the app
        added = mirror.put(f"/v1/members/{mid}/wishlist/TOP-002-S")
        assert added.status_code == 200 and added.json()["channel"] == "mirror"
        assert added.json()["product_id"] == "TOP-002" and added.json()["size"] == "S"
    in_app = shop.get(f"/v1/members/{mid}/wishlist").json()["items"]
    assert (in_app[0]["sku"], in_app[0]["channel"]) == ("TOP-002-S", "mirror")
    assert shop.delete(f"/v1/members/{mid}/wishlist/LIP-013").status_code == 204
    assert shop.delete(f"/v1/members/{mid}/wishlist/LIP-013").status_code == 204
    left = {i["sku"] for i in shop.get(f"/v1/members/{mid}/wishlist").json()["items"]}
    assert left == {"DRS-001", "TOP-002-S"}


def test_the_demo_shopper_finds_her_app_wishlist_and_look_once_she_agrees(
    hub: RunningHub,
) -> None:
    with kiosk(hub, "demo") as mirror:
        present(mirror, LI_NA_CODE)
        assert mirror.get(f"/v1/members/{LI_NA}/wishlist").status_code == 403  # no consent yet
        decision = {"granted": True, "text_version": "2025-06", "locale": "zh-CN"}
        assert mirror.put(f"/v1/members/{LI_NA}/consent", json=decision).is_success
        shelf = mirror.get(f"/v1/members/{LI_NA}/wishlist").json()["items"]
        assert {i["kind"] for i in shelf} == {"shade", "garment"}
        looks = mirror.get(f"/v1/members/{LI_NA}/looks", params={"channel": "online"}).json()
        assert len(looks["looks"]) == 1 and len(looks["looks"][0]["items"]) == 2
        assert mirror.delete(f"/v1/members/{LI_NA}/consent").is_success  # as the seed had it


# ---- membership and points ---------------------------------------------------------------------


def test_member_price_is_rounded_half_up_to_the_cent() -> None:
    assert member_price_cents(22900, 1000) == 20610
    assert member_price_cents(22900, 500) == 21755
    assert member_price_cents(101, 5000) == 51  # 50.5 -> 51
    assert member_price_cents(12345, 500) == 11728  # 11727.75
    assert member_price_cents(0, 1500) == 0 and member_price_cents(999, 0) == 999
    assert points_for(45899, 2) == 916 and points_for(99, 3) == 0


def test_the_mirror_and_the_shop_show_one_membership(hub: RunningHub, shop: httpx.Client) -> None:
    skus = {"sku": ["LIP-004", "TOP-001-M"]}  # LIP-004: 229.00 in stores, 209.00 online
    online = Membership.model_validate_json(
        shop.get(f"/v1/members/{LI_NA}/membership", params=skus).content
    )
    with kiosk(hub, "membership") as mirror:
        assert mirror.get(f"/v1/members/{LI_NA}/membership").status_code == 403  # not here
        present(mirror, LI_NA_CODE)  # no consent needed: it is her own membership
        got = mirror.get(f"/v1/members/{LI_NA}/membership", params=skus)
        assert got.status_code == 200, got.text
        store = Membership.model_validate_json(got.content)
    same = ("tier", "tier_name", "rank", "points", "discount_bp", "points_per_yuan")
    assert store.model_dump(include=set(same)) == online.model_dump(include=set(same))
    assert (store.tier, store.tier_name.en, store.tier_name.zh_CN) == (
        "gold",
        "Gold Member",
        "金卡会员",
    )
    assert store.discount_bp == 1000 and store.points >= 2680
    assert json.loads(got.content)["tier_name"] == {"en": "Gold Member", "zh-CN": "金卡会员"}
    assert [(p.sku, p.price.amount, p.member_price.amount) for p in store.prices] == [
        ("LIP-004", "229.00", "206.10"), ("TOP-001-M", "129.00", "116.10")]  # fmt: skip
    assert [(p.price.amount, p.member_price.amount) for p in online.prices] == [
        ("209.00", "188.10"), ("129.00", "116.10")]  # fmt: skip
    assert {p.price.channel for p in store.prices} == {"store"}
    assert {p.price.channel for p in online.prices} == {"online"}
    unknown = shop.get(f"/v1/members/{LI_NA}/membership", params={"sku": ["LIP-001", "X-1"]})
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "query.sku.1"
    many = shop.get(f"/v1/members/{LI_NA}/membership", params={"sku": ["LIP-001"] * 51})
    assert many.status_code == 200  # the same SKU once
    too_many = [f"LIP-{n:03d}" for n in range(51)]
    assert shop.get(f"/v1/members/{LI_NA}/membership", params={"sku": too_many}).status_code == 422


def test_a_tier_the_hub_does_not_know_still_answers(hub: RunningHub, shop: httpx.Client) -> None:
    member = new_member(hub.db_url, tier="diamond", points=5).member_id
    got = shop.get(f"/v1/members/{member}/membership", params={"sku": "LIP-001"}).json()
    assert got["tier_name"] == {"en": "diamond", "zh-CN": "diamond"}
    assert (got["discount_bp"], got["points"]) == (0, 5)
    assert got["prices"][0]["member_price"]["amount"] == "229.00"


def _points(shop: httpx.Client, member: str) -> int:
    return int(shop.get(f"/v1/members/{member}/membership").json()["points"])


def test_an_order_earns_points_once_by_customer_id(hub: RunningHub, shop: httpx.Client) -> None:
    customer = str(uuid.uuid4().int % 10**12)
    member = new_member(hub.db_url, tier="gold", points=100, shop_customer_id=customer).member_id
    number = new_order_id()
    body = order_body([("LIP-001", 2, "229.00")], order_id=number, customer={"id": int(customer)})
    assert deliver(hub, body).json()["outcome"] == "stored"
    assert _points(shop, member) == 100 + 458 * 2  # gold: 2 points a yuan
    assert deliver(hub, body).json()["outcome"] == "duplicate"
    assert _points(shop, member) == 100 + 916
    edited = dict(body, total_price="199.99")  # an edit: the order's points follow
    assert deliver(hub, edited).json()["outcome"] == "updated"
    assert _points(shop, member) == 100 + 199 * 2
    ledger = rows(hub.db_url, t.points_ledger, member_id=member)
    assert [(r["source"], r["ref"]) for r in ledger] == [("order", f"shopify:{number}")]
    stranger = order_body([("LIP-001", 1, "229.00")], customer={"id": 1})  # no such member
    assert deliver(hub, stranger).json()["outcome"] == "stored"
    assert rows(hub.db_url, t.points_ledger, ref=f"shopify:{stranger['id']}") == []
    odd = order_body([("LIP-001", 1, "229.00")], customer={"id": "not a number"})
    assert deliver(hub, odd).json()["outcome"] == "stored"  # an odd customer: no points, kept


def test_a_purchase_started_at_the_mirror_earns_the_member_points(
    hub: RunningHub, shop: httpx.Client
) -> None:
    member = new_member(hub.db_url, tier="silver")
    grant(hub, member.member_id)
    with kiosk(hub, "handoff") as mirror:
        present(mirror, member.code)
        body = {"items": [{"sku": "LIP-010", "quantity": 1}], "session_id": "s-points",
                "member_id": member.member_id}  # fmt: skip
        code = mirror.post("/v1/handoffs", json=body).json()["code"]
    order = order_body([("LIP-010", 1, "249.00")], attributes={"ref": code})
    order["customer"] = {"id": 424242}  # the shop's guest: the mirror's credit decides
    assert deliver(hub, order).json()["credited"]["verified"] is True
    assert _points(shop, member.member_id) == 249  # silver: 1 point a yuan


# ---- who may reach a member's things -------------------------------------------------------------

ROUTES = {  # action -> (method, path template, the status when allowed)
    Action.WISHLIST_READ: ("GET", "/v1/members/{m}/wishlist", 200),
    Action.WISHLIST_WRITE: ("PUT", "/v1/members/{m}/wishlist/LIP-011", 200),
    Action.LOOKS_READ: ("GET", "/v1/members/{m}/looks", 200),
    Action.LOOKS_DELETE: ("DELETE", "/v1/members/{m}/looks/no-such-look", 404),
    Action.MEMBERSHIP_READ: ("GET", "/v1/members/{m}/membership?sku=LIP-001", 200),
    Action.SUGGESTIONS_READ: ("GET", "/v1/members/{m}/suggestions", 200),
}
SITUATIONS: tuple[tuple[Principal, bool, bool], ...] = (  # (who, member here, a reason)
    ("kiosk", False, False), ("kiosk", True, False),
    ("kiosk+staff", False, False), ("kiosk+staff", False, True), ("kiosk+staff", True, False),
    ("pos", False, False), ("backoffice", False, False), ("shop", False, False),
)  # fmt: skip


def _allowed(scope: Scope | None, here: bool, reason: bool) -> bool:
    """This test's reading of the scopes (docs/hub.md), not `require`'s."""
    return {
        None: False,
        Scope.MEMBER_PRESENT: here,
        Scope.STAFF_FOR_MEMBER: here or reason,
        Scope.MEMBER: True,
    }[scope]


def _caller(
    stack: contextlib.ExitStack,
    hub: RunningHub,
    principal: Principal,
    member: NewMember,
    here: bool,
) -> httpx.Client:
    """An HTTP client for `principal`; a kiosk of its own, where the member is present if
    `here`."""
    if principal in ("kiosk", "kiosk+staff"):
        client = stack.enter_context(kiosk(hub, f"acl-{principal.replace('+', '-')}"))
        if principal == "kiosk+staff":
            client.headers.update(staff(client))
        if here:
            present(client, member.code)
        return client
    role: Role = "shop" if principal == "shop" else "pos" if principal == "pos" else "backoffice"
    home = "WH-ONLINE" if role == "shop" else STORE
    return stack.enter_context(
        httpx.Client(base_url=hub.url, headers=credential(hub.db_url, role, home), timeout=30)
    )


def test_access_to_a_members_things_follows_the_table(hub: RunningHub) -> None:
    assert set(ROUTES) == {a for a in Action if a.value.split(".")[0] in
                           ("wishlist", "looks", "membership", "suggestions")}  # fmt: skip
    member = new_member(hub.db_url)
    grant(hub, member.member_id)
    seen = []
    for principal, here, reason in SITUATIONS:
        with contextlib.ExitStack() as stack:
            client = _caller(stack, hub, principal, member, here)
            for action, (method, path, ok) in ROUTES.items():
                url = path.format(m=member.member_id)
                if reason:
                    url += ("&" if "?" in url else "?") + "reason=styling+request"
                got = client.request(method, url)
                want = ok if _allowed(POLICY[action].get(principal), here, reason) else 403
                seen.append(got.status_code)
                assert got.status_code == want, (principal, here, reason, action.value, got.text)
                if want == 403:
                    assert got.json()["error"]["code"] == "forbidden", got.text
    assert set(seen) == {200, 403, 404}


def test_a_mirror_shows_nothing_kept_without_consent_but_the_membership(
    hub: RunningHub, shop: httpx.Client
) -> None:
    member = new_member(hub.db_url)
    mid = member.member_id
    with kiosk(hub, "consent") as mirror:
        present(mirror, member.code)
        for path in ("wishlist", "looks", "suggestions"):
            got = mirror.get(f"/v1/members/{mid}/{path}")
            assert got.status_code == 403, (path, got.text)
            error = got.json()["error"]
            assert error["code"] == "consent_required" and "consent" in error["message"]
        assert mirror.put(f"/v1/members/{mid}/wishlist/LIP-001").status_code == 403
        assert mirror.get(f"/v1/members/{mid}/membership").status_code == 200
    for path in ("wishlist", "looks", "membership"):  # the app keeps the member's own things
        assert shop.get(f"/v1/members/{mid}/{path}").status_code == 200, path
    assert shop.get(f"/v1/members/{mid}/suggestions").json()["error"]["code"] == "consent_required"
    assert rows(hub.db_url, t.wishlist, member_id=mid) == []
    with kiosk(hub, "probe") as stranger:  # no presence: 403 whether the member exists or not
        for who in (mid, "M-NOBODY"):
            assert stranger.get(f"/v1/members/{who}/membership").status_code == 403
    assert shop.get("/v1/members/M-NOBODY/wishlist").status_code == 404
