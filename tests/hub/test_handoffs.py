"""Hand-offs: short code -> checkout URL with the cart and attribution; expiry; forgery."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import httpx
from sqlalchemy import select

from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.storeapi.contract import HANDOFF_CODE_PATTERN, Handoff
from tests.hub_server import InProcessHub, RunningHub, start_hub

CART = {
    "items": [{"sku": "LIP-001", "quantity": 2}, {"sku": "TOP-001-S", "quantity": 1}],
    "session_id": "sess-42",
    "staff_id": "staff-7",
}


def _variant_ids(db_url: str) -> dict[str, str]:
    engine = make_engine(db_url, pool_size=1)
    with engine.connect() as conn:
        rows = conn.execute(select(t.variants.c.sku, t.variants.c.online_variant_id)).all()
    engine.dispose()
    return {r.sku: r.online_variant_id for r in rows}


def test_shopify_cart_permalink_with_attribution(client: httpx.Client, hub: RunningHub) -> None:
    # An assisted sale: a stylist signed in on the kiosk with their PIN is credited.
    opened = client.post("/v1/staff/sessions", json={"staff_id": "S-JA-01", "pin": "246810"})
    assert opened.status_code == 201, opened.text
    staff = {"X-Staff-Session": opened.json()["session"]}
    created = client.post("/v1/handoffs", json=CART, headers=staff)
    assert created.status_code == 201, created.text
    handoff = Handoff.model_validate_json(created.content)
    assert handoff.short_url == f"{hub.url}/h/{handoff.code}"
    import re

    assert re.fullmatch(HANDOFF_CODE_PATTERN, handoff.code)
    scan = httpx.get(handoff.short_url)  # no token: this is the shopper's phone
    assert scan.status_code == 302
    target = urlsplit(scan.headers["location"])
    assert f"{target.scheme}://{target.netloc}" == "https://shop.example.com"
    ids = _variant_ids(hub.db_url)
    assert unquote(target.path) == f"/cart/{ids['LIP-001']}:2,{ids['TOP-001-S']}:1"
    query = parse_qs(target.query)
    assert query["attributes[store]"] == ["SH-JINGAN"]
    assert query["attributes[kiosk]"] == [hub.kiosk_id]
    assert query["attributes[staff]"] == ["S-JA-01"]  # the session's, not the body's
    assert query["attributes[session]"] == ["sess-42"]
    assert query["ref"] == ["kiosk"]
    assert httpx.get(handoff.short_url).status_code == 302  # scannable again until expiry
    engine = make_engine(hub.db_url, pool_size=1)
    with engine.connect() as conn:
        scans = (
            conn.execute(
                select(t.handoff_scans.c.outcome).where(t.handoff_scans.c.code == handoff.code)
            )
            .scalars()
            .all()
        )
        counted = conn.execute(
            select(t.handoffs.c.scans).where(t.handoffs.c.code == handoff.code)
        ).scalar_one()
    engine.dispose()
    assert scans == ["redirected", "redirected"] and counted == 2


def test_forged_and_unknown_codes_are_refused(client: httpx.Client, hub: RunningHub) -> None:
    for code in ["AAAAAAAAAAAAA", "short", "x" * 64, "AAAA-AAAA-AAA", "%00"]:
        response = httpx.get(f"{hub.url}/h/{code}", headers={"Accept": "application/json"})
        assert response.status_code in (404, 422), code
        if response.status_code == 404:
            assert response.json()["error"]["code"] in ("handoff_not_found", "not_found")
    page = httpx.get(f"{hub.url}/h/AAAAAAAAAAAAA")
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


def test_handoff_input_errors(client: httpx.Client) -> None:
    unknown = client.post("/v1/handoffs", json={**CART, "items": [{"sku": "NOPE", "quantity": 1}]})
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "body.items.0.sku"
    twice = {**CART, "items": [{"sku": "LIP-001", "quantity": 1}] * 2}
    assert client.post("/v1/handoffs", json=twice).status_code == 422
    empty = client.post("/v1/handoffs", json={**CART, "items": []})
    assert empty.json()["error"]["field"] == "body.items"
    # A member id the kiosk has not seen (no fresh code looked up here): the cart goes, the
    # link does not, and the answer is the same for a real id: no way to probe for members.
    stranger = client.post("/v1/handoffs", json={**CART, "member_id": "M-999999"})
    real = client.post("/v1/handoffs", json={**CART, "member_id": "M-R5J9VL2QFA"})
    assert stranger.status_code == real.status_code == 201
    assert stranger.json().keys() == real.json().keys()
    assert httpx.post(f"{client.base_url}/v1/handoffs", json=CART).status_code == 401


def test_expired_code_is_gone_and_the_scan_is_recorded(timed_hub: InProcessHub) -> None:
    with httpx.Client(base_url=timed_hub.url, headers=timed_hub.headers) as client:
        code = client.post("/v1/handoffs", json=CART).json()["code"]
        timed_hub.clock.advance(minutes=29)
        assert httpx.get(f"{timed_hub.url}/h/{code}").status_code == 302
        timed_hub.clock.advance(minutes=1)
        gone = httpx.get(f"{timed_hub.url}/h/{code}", headers={"Accept": "application/json"})
        assert gone.status_code == 410 and gone.json()["error"]["code"] == "handoff_expired"
        engine = make_engine(timed_hub.db_url, pool_size=1)
        with engine.connect() as conn:
            outcomes = (
                conn.execute(select(t.handoff_scans.c.outcome).order_by(t.handoff_scans.c.scan_id))
                .scalars()
                .all()
            )
        engine.dispose()
        assert outcomes == ["redirected", "expired"]


def test_generic_template_and_public_url(tmp_path: Path) -> None:
    args = ["--checkout-template", "generic", "--shop-url", "https://shop.test/",
            "--public-url", "https://go.example.cn"]  # fmt: skip
    with start_hub(tmp_path, extra_args=args) as hub:
        created = httpx.post(f"{hub.url}/v1/handoffs", json=CART, headers=hub.headers).json()
        assert created["short_url"] == f"https://go.example.cn/h/{created['code']}"
        scan = httpx.get(f"{hub.url}/h/{created['code']}")
    target = urlsplit(scan.headers["location"])
    assert (target.netloc, target.path) == ("shop.test", "/checkout")
    query = parse_qs(target.query)
    assert query["items"] == ["LIP-001:2,TOP-001-S:1"]
    assert query["store"] == ["SH-JINGAN"] and query["session"] == ["sess-42"]
    # Staff come from a staff session, never from the body's free text.
    assert "staff" not in query and query["kiosk"] == [hub.kiosk_id]


def test_a_hub_no_phone_reaches_hands_out_the_cart_itself_and_no_photo_links(
    tmp_path: Path,
) -> None:
    """--handoff-links direct (the kiosk's embedded hub, on loopback): the QR's link is the
    shop's cart with its attribution, empty attributes left out; a photo, which only a hub
    phones reach could serve, is refused with the fix."""
    with start_hub(tmp_path, extra_args=["--handoff-links", "direct"]) as hub:
        created = httpx.post(f"{hub.url}/v1/handoffs", json=CART, headers=hub.headers)
        photo = httpx.post(
            f"{hub.url}/v1/photos", content=b"\xff\xd8\xff\xd9",
            headers={**hub.headers, "Content-Type": "image/jpeg"},
        )  # fmt: skip
        ids = _variant_ids(hub.db_url)
    assert created.status_code == 201, created.text
    link = urlsplit(created.json()["short_url"])
    assert (link.scheme, link.netloc) == ("https", "shop.example.com")
    assert link.path == f"/cart/{ids['LIP-001']}:2,{ids['TOP-001-S']}:1"
    query = parse_qs(link.query)
    assert query["attributes[store]"] == ["SH-JINGAN"] and query["attributes[session]"] == [
        "sess-42"
    ]
    assert query["attributes[kiosk]"] == [hub.kiosk_id] and query["ref"] == ["kiosk"]
    assert "attributes[staff]" not in query  # no staff signed in: left out, not empty
    assert photo.status_code == 409, photo.text
    assert photo.json()["error"]["code"] == "no_public_url" and "--public-url" in photo.text


def test_auto_links_are_direct_where_the_hub_s_own_url_would_not_open_on_a_phone() -> None:
    from kiosk.hub.settings import HubSettings

    assert HubSettings(host="0.0.0.0").direct_links()
    assert HubSettings(host="::").direct_links()
    assert not HubSettings(host="0.0.0.0", public_url="https://hub.brand.example").direct_links()
    assert HubSettings(host="127.0.0.1").direct_links()  # this PC only: no phone opens it
    assert HubSettings(host="localhost").direct_links()
    assert HubSettings(host="169.254.10.2").direct_links()  # link-local
    assert not HubSettings(host="10.0.0.5").direct_links()  # the store's network
    assert not HubSettings(host="127.0.0.1", public_url="https://hub.brand.example").direct_links()
    assert not HubSettings(host="127.0.0.1", handoff_links="short").direct_links()
    assert not HubSettings(host="0.0.0.0", handoff_links="short").direct_links()


def test_empty_query_parameters_are_left_out_of_a_direct_link() -> None:
    from kiosk.hub.checkout import without_empty_params

    assert (
        without_empty_params("https://s/cart/1:1?a=1&b=&c=x%3D&d=")
        == "https://s/cart/1:1?a=1&c=x%3D"
    )
    assert without_empty_params("https://s/cart/1:1?b=") == "https://s/cart/1:1"
    assert without_empty_params("https://s/cart/1:1") == "https://s/cart/1:1"


def test_a_cart_is_credited_to_a_member_only_while_they_are_present(
    client: httpx.Client, hub: RunningHub
) -> None:
    """Chen Jie consented (seed). Before her code is looked up on this kiosk the cart goes
    without her; after it, the cart is hers."""
    member = "M-R5J9VL2QFA"

    def linked(code: str) -> str | None:
        engine = make_engine(hub.db_url, pool_size=1)
        try:
            with engine.connect() as conn:
                return conn.execute(
                    select(t.handoffs.c.member_id).where(t.handoffs.c.code == code)
                ).scalar_one()
        finally:
            engine.dispose()

    before = client.post("/v1/handoffs", json={**CART, "member_id": member}).json()["code"]
    assert linked(before) is None
    seen = client.get("/v1/members/lookup", params={"code": "KMEMBER:1:R5T9V3L8J2QF"})
    assert seen.status_code == 200 and seen.json()["member_id"] == member
    after = client.post("/v1/handoffs", json={**CART, "member_id": member}).json()["code"]
    assert linked(after) == member
