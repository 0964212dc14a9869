"""The kiosk's StoreClient against the real hub process on loopback, demo seed, on SQLite and
on PostgreSQL (`backend_hub` in conftest.py; PostgreSQL needs KIOSK_TEST_PG_URL)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from kiosk.client.store_client import (
    HubAuthError,
    HubUnavailable,
    NotFound,
    OutOfStock,
    RequestRejected,
    StoreClient,
)
from kiosk.storeapi.contract import is_valid_ean13
from tests.client.faultproxy import LOSE, FaultProxy
from tests.hub_credentials import mover
from tests.hub_server import RunningHub


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    return backend_hub


@pytest.fixture
def client(hub: RunningHub) -> Iterator[StoreClient]:
    with StoreClient(hub.url, hub.token, sleep=lambda s: None) as c:
        yield c


def move(hub: RunningHub, kind: str, sku: str, location: str, quantity: int) -> None:
    """Another channel (a till, the web shop) reports a movement to the hub."""
    body = {"movements": [{"movement_id": f"m-{uuid.uuid4()}", "kind": kind, "sku": sku,
                           "location_id": location, "quantity": quantity}]}  # fmt: skip
    who = mover(hub.db_url, kind, location)  # a till, back office or the shop
    response = httpx.post(f"{hub.url}/v1/movements", json=body, headers=who)
    assert response.status_code == 200, response.text


def test_health_needs_no_token(hub: RunningHub) -> None:
    with StoreClient(hub.url, "not-a-token") as anonymous:
        assert anonymous.health().status == "ok"


def test_catalog(client: StoreClient) -> None:
    products = client.products()
    kinds = {p.kind for p in products}
    assert kinds == {"shade", "garment"}
    variants = [v for p in products for v in p.variants]
    assert len({v.sku for v in variants}) == len(variants)
    assert all(is_valid_ean13(v.barcode) for v in variants)
    assert all(v.prices for v in variants)
    garments = client.products("garment")
    assert garments and all(p.kind == "garment" for p in garments)
    assert any(v.size for p in garments for v in p.variants)


def test_variant_and_barcode_lookup(client: StoreClient) -> None:
    variant = client.variant("LIP-001")
    assert client.variant_by_barcode(variant.barcode) == variant
    with pytest.raises(NotFound) as info:
        client.variant_by_barcode("4006381333931")  # a valid EAN-13 the shop does not sell
    assert info.value.status == 404 and info.value.message and info.value.fix


def test_stock_channels_quantities_and_price_flag(client: StoreClient) -> None:
    result = client.stock("LIP-004")
    report = result.report
    assert report is not None and result.etag
    channels = [c.channel for c in report.channels]
    assert channels[0] == "this_store" and channels[-1] == "online"
    assert set(channels[1:-1]) == {"nearby"}
    nearby = [c.distance_km for c in report.channels if c.channel == "nearby"]
    assert nearby == sorted(nearby)  # nearest first
    for c in report.channels:
        expected = max(0, c.on_hand - c.reserved - c.committed - c.safety_stock)
        assert c.available == expected
    assert report.price_consistent is False  # LIP-004: online 209.00, store 229.00
    assert client.stock("LIP-001").report.price_consistent is True  # type: ignore[union-attr]


def test_not_modified_then_changed(hub: RunningHub, client: StoreClient) -> None:
    first = client.stock("LIP-003")
    again = client.stock("LIP-003", first.etag)
    assert again.not_modified and again.report is None and again.etag == first.etag
    move(hub, "receipt", "LIP-003", "SH-JINGAN", 2)
    changed = client.stock("LIP-003", first.etag)
    assert not changed.not_modified and changed.etag != first.etag
    here = changed.report.channels[0]  # type: ignore[union-attr]
    assert here.on_hand == first.report.channels[0].on_hand + 2  # type: ignore[union-attr]


def test_unknown_sku(client: StoreClient) -> None:
    with pytest.raises(NotFound):
        client.stock("NOPE-404")
    with pytest.raises(NotFound):  # a '/' stays inside the path segment, not a new route
        client.stock("LIP-001/../../health")


def test_reserve_is_idempotent_and_cancel_releases(client: StoreClient) -> None:
    before = client.stock("LIP-005").report.channels[0]  # type: ignore[union-attr]
    key = f"test-{uuid.uuid4()}"
    held = client.reserve("LIP-005", 2, key)
    assert held.status == "held" and held.quantity == 2 and held.location_id == "SH-JINGAN"
    assert len(held.pickup_code) == 6 and not set(held.pickup_code) & set("01OI")
    assert held.expires_at > held.created_at
    assert client.reserve("LIP-005", 2, key) == held  # a retry: the same hold, not a second
    during = client.stock("LIP-005").report.channels[0]  # type: ignore[union-attr]
    assert during.reserved == before.reserved + 2
    assert during.available == max(0, before.available - 2)
    assert client.reservation(held.reservation_id) == held
    with pytest.raises(RequestRejected) as info:
        client.reserve("LIP-005", 3, key)  # same key, different request
    assert info.value.code == "idempotency_conflict"
    cancelled = client.cancel(held.reservation_id)
    assert cancelled.status == "cancelled" and cancelled.reservation_id == held.reservation_id
    after = client.stock("LIP-005").report.channels[0]  # type: ignore[union-attr]
    assert after.reserved == before.reserved


def test_reserve_retry_after_a_lost_answer_holds_once(hub: RunningHub) -> None:
    """The hub made the hold but its answer never arrived: the retry returns that hold."""
    with (
        FaultProxy(("127.0.0.1", hub.port)) as proxy,
        StoreClient(proxy.url, hub.token, sleep=lambda s: None, retries=2) as client,
    ):
        before = client.stock("LIP-007").report.channels[0].reserved  # type: ignore[union-attr]
        proxy.set_mode(LOSE, times=1)
        held = client.reserve("LIP-007", 1, f"test-{uuid.uuid4()}")
        assert proxy.requests == 3  # stock, the lost reserve, the retried reserve
        after = client.stock("LIP-007").report.channels[0].reserved  # type: ignore[union-attr]
        assert after == before + 1
        assert client.reservation(held.reservation_id).status == "held"


def test_out_of_stock_and_bad_quantity(client: StoreClient) -> None:
    with pytest.raises(OutOfStock) as info:
        client.reserve("LIP-009", 1, f"test-{uuid.uuid4()}")  # sold out everywhere
    assert info.value.code == "out_of_stock" and "another store" in info.value.fix
    with pytest.raises(RequestRejected) as bad:
        client.reserve("LIP-001", 11, f"test-{uuid.uuid4()}")
    assert bad.value.status == 422 and "quantity" in bad.value.message


def test_wrong_token(hub: RunningHub) -> None:
    client = StoreClient(hub.url, "kh_wrong", sleep=lambda s: None)
    with client, pytest.raises(HubAuthError) as info:
        client.stock("LIP-001")
    assert info.value.status == 401 and "kiosk hub token" in info.value.fix
    assert client.breaker.failures == 1  # a hub that refuses us is of no use: it counts


def test_nothing_listening_is_a_typed_error_with_a_fix() -> None:
    client = StoreClient("http://127.0.0.1:9", "t", retries=1, sleep=lambda s: None)
    with client, pytest.raises(HubUnavailable) as info:
        client.products()
    assert info.value.code == "unreachable" and "hub.url" in info.value.fix
