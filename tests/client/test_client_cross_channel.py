"""Issue-18 calls of the StoreClient and StoreService against the real hub (SQLite and
PostgreSQL): the signed-in member's wishlist, looks from the app, membership and
suggestions, as the mirror asks for them (the member present, consent where it is needed,
or staff with a reason), and no member id in the kiosk's log."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.client.cache import StoreCache
from kiosk.client.service import StoreService
from kiosk.client.store_client import NotFound, RequestRejected, StoreClient
from tests.hub_server import RunningHub

LI_NA, LI_NA_CODE = "M-7QX4KZ2RB9", "31415926"  # demo: gold, a wishlist and an app look
CHEN = "M-R5J9VL2QFA"  # consent granted in the demo data
STAFF, PIN = "S-JA-01", "246810"
DEADLINE_S = 15.0
CONSENT = {"granted": True, "text_version": "2025-06", "locale": "en"}


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    return backend_hub


@pytest.fixture
def client(hub: RunningHub) -> Iterator[StoreClient]:
    with StoreClient(hub.url, hub.token, sleep=lambda s: None) as c:
        yield c


def test_a_signed_in_member_sees_their_shelves_membership_and_suggestions(
    hub: RunningHub, client: StoreClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client.lookup_member(code=LI_NA_CODE)  # she is at this mirror now
    membership = client.membership(LI_NA, ["LIP-004", "TOP-001-M"])
    assert (membership.tier, membership.tier_name.zh_CN, membership.discount_bp) == (
        "gold", "金卡会员", 1000)  # fmt: skip
    assert [p.member_price.amount for p in membership.prices] == ["206.10", "116.10"]
    with pytest.raises(RequestRejected) as refused:  # not before she agrees
        client.wishlist(LI_NA)
    assert (refused.value.status, refused.value.code) == (403, "consent_required")
    client.set_consent(LI_NA, CONSENT)
    shelf = client.wishlist(LI_NA)
    assert {i.kind for i in shelf.items} == {"shade", "garment"}
    assert all(i.try_on for i in shelf.items)
    looks = client.member_looks(LI_NA, "online")
    assert len(looks.looks) == 1 and looks.looks[0].channel == "online"
    added = client.add_to_wishlist(LI_NA, "LIP-001")
    assert (added.sku, added.channel, added.name) == ("LIP-001", "mirror", "Crimson Velvet")
    assert client.add_to_wishlist(LI_NA, "LIP-001").added_at == added.added_at  # retried: one
    with pytest.raises(NotFound):
        client.add_to_wishlist(LI_NA, "LIP-999")
    client.remove_from_wishlist(LI_NA, "LIP-001")
    assert "LIP-001" not in {i.sku for i in client.wishlist(LI_NA).items}
    picks = client.suggestions(LI_NA, k=3)
    assert picks.member_id == LI_NA and len(picks.items) <= 3
    assert all(i.reason_text.en and i.reason_text.zh_CN for i in picks.items)
    client.withdraw_consent(LI_NA)
    with pytest.raises(RequestRejected):
        client.suggestions(LI_NA)
    assert LI_NA not in caplog.text  # the routes are logged as templates


def test_staff_reach_a_members_things_with_a_reason(client: StoreClient) -> None:
    with pytest.raises(RequestRejected) as alone:
        client.member_looks(CHEN)  # a kiosk alone: she is not here
    assert alone.value.status == 403
    client.open_staff_session(STAFF, PIN)
    try:
        assert client.member_looks(CHEN, reason="styling appointment").member_id == CHEN
        assert client.wishlist(CHEN, reason="styling appointment").items == []
        assert client.membership(CHEN, reason="styling appointment").tier == "platinum"
        assert client.suggestions(CHEN, 2, reason="styling appointment").member_id == CHEN
    finally:
        client.close_staff_session()


def test_the_service_answers_on_its_threads(
    hub: RunningHub, client: StoreClient, tmp_path: Path
) -> None:
    with StoreService(client, StoreCache(tmp_path / "cache.sqlite")) as service:
        service.lookup_member(code=LI_NA_CODE).result(DEADLINE_S)
        assert service.membership(LI_NA, ["LIP-001"]).result(DEADLINE_S).points >= 2680
        service.set_consent(LI_NA, CONSENT).result(DEADLINE_S)
        try:
            assert service.wishlist(LI_NA).result(DEADLINE_S).items
            assert service.member_looks(LI_NA, "online").result(DEADLINE_S).looks
            item = service.add_to_wishlist(LI_NA, "TOP-002").result(DEADLINE_S)
            assert (item.kind, item.try_on) == ("garment", "TOP-002")
            service.remove_from_wishlist(LI_NA, "TOP-002").result(DEADLINE_S)
            assert service.suggestions(LI_NA, 2).result(DEADLINE_S).member_id == LI_NA
        finally:
            service.withdraw_consent(LI_NA).result(DEADLINE_S)
        with pytest.raises(RequestRejected):
            service.wishlist(LI_NA).result(DEADLINE_S)
