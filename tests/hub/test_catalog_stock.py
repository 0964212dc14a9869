"""Catalog and stock through real HTTP against the hub process, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx

from kiosk.paths import assets_dir
from kiosk.storeapi.contract import ProductList, StockReport, Variant, is_valid_ean13
from tests.hub_credentials import headers, mover
from tests.hub_server import RunningHub


def test_health_needs_no_token(client: httpx.Client) -> None:
    response = httpx.get(f"{client.base_url}/v1/health")
    assert response.status_code == 200
    assert response.json()["status"] == "ok" and response.json()["db"] == "ok"


def test_every_demo_shade_and_garment_size_is_a_variant(client: httpx.Client) -> None:
    products = ProductList.model_validate_json(client.get("/v1/products").content).products
    skus = {v.sku: v for p in products for v in p.variants}
    shades = json.loads((assets_dir() / "catalog.json").read_text())["shades"]
    garments = json.loads((assets_dir() / "garments" / "garments.json").read_text())["garments"]
    for shade in shades:
        variant = skus[shade["sku"]]
        assert variant.color_hex == shade["color"] and variant.finish == shade["finish"]
        assert variant.size is None
    for garment in garments:
        for size in garment["sizes"]:
            assert skus[f"{garment['product_id']}-{size}"].size == size
    assert all(is_valid_ean13(v.barcode) for v in skus.values())
    assert len({v.barcode for v in skus.values()}) == len(skus)
    kinds = {p.kind for p in ProductList.model_validate_json(
        client.get("/v1/products", params={"kind": "garment"}).content).products}  # fmt: skip
    assert kinds == {"garment"}


def test_variant_by_sku_and_by_barcode(client: httpx.Client) -> None:
    variant = Variant.model_validate_json(client.get("/v1/variants/LIP-001").content)
    assert {p.channel for p in variant.prices} == {"store", "online"}
    again = client.get("/v1/variants", params={"barcode": variant.barcode})
    assert again.status_code == 200 and again.json()["sku"] == "LIP-001"
    unknown = client.get("/v1/variants/NOPE-999")
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "path.sku"
    wrong_digit = variant.barcode[:12] + str((int(variant.barcode[12]) + 1) % 10)
    bad = client.get("/v1/variants", params={"barcode": wrong_digit})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "query.barcode"
    assert "check digit" in bad.json()["error"]["message"]


def test_stock_lists_this_store_then_nearby_by_distance_then_online(client: httpx.Client) -> None:
    report = StockReport.model_validate_json(client.get("/v1/stock/LIP-002").content)
    channels = [c.channel for c in report.channels]
    assert channels[0] == "this_store" and channels[-1] == "online"
    assert set(channels[1:-1]) == {"nearby"}
    distances = [c.distance_km for c in report.channels if c.channel == "nearby"]
    assert distances == sorted(distances) and all(d is not None and d > 0 for d in distances)
    here = report.channels[0]
    assert here.location_id == report.store_id == "SH-JINGAN"
    assert here.shelf is not None and here.back_room is not None
    assert here.shelf + here.back_room == here.on_hand
    online = report.channels[-1]
    assert online.kind == "warehouse" and online.ship_days == 2 and online.distance_km is None
    for c in report.channels:
        assert c.available == max(0, c.on_hand - c.reserved - c.committed - c.safety_stock)
    # Suzhou is ~80 km away: beyond the 50 km "nearby" radius
    assert "SZ-GUANQIAN" not in {c.location_id for c in report.channels}


def test_sold_out_here_but_nearby_and_sold_out_everywhere(client: httpx.Client) -> None:
    here_out = StockReport.model_validate_json(client.get("/v1/stock/TOP-001-M").content)
    assert here_out.channels[0].available == 0
    assert any(c.available > 0 for c in here_out.channels if c.channel == "nearby")
    everywhere = StockReport.model_validate_json(client.get("/v1/stock/LIP-009").content)
    assert all(c.available == 0 for c in everywhere.channels)
    safety = StockReport.model_validate_json(client.get("/v1/stock/LIP-006").content)
    assert safety.channels[0].on_hand == 2 and safety.channels[0].available == 0


def test_price_consistency_flag(client: httpx.Client) -> None:
    promo = StockReport.model_validate_json(client.get("/v1/stock/LIP-004").content)
    assert promo.price_consistent is False
    prices = {c.channel: c.price.amount for c in promo.channels}
    assert prices["this_store"] == "229.00" and prices["online"] == "209.00"
    same = StockReport.model_validate_json(client.get("/v1/stock/LIP-001").content)
    assert same.price_consistent is True


def test_etag_gives_304_until_the_stock_changes(client: httpx.Client, hub: RunningHub) -> None:
    first = client.get("/v1/stock/LIP-014")
    tag = first.headers["ETag"]
    assert client.get("/v1/stock/LIP-014", headers={"If-None-Match": tag}).status_code == 304
    moved = client.post(
        "/v1/movements",
        json={"movements": [{"movement_id": "etag-1", "kind": "receipt", "sku": "LIP-014",
                             "location_id": "SH-JINGAN", "quantity": 1}]},
        headers=mover(hub.db_url, "receipt"),
    )  # fmt: skip
    assert moved.status_code == 200
    after = client.get("/v1/stock/LIP-014", headers={"If-None-Match": tag})
    assert after.status_code == 200 and after.headers["ETag"] != tag


def test_unknown_sku_and_bad_path(client: httpx.Client) -> None:
    missing = client.get("/v1/stock/NOPE-1")
    assert missing.status_code == 404
    assert missing.json()["error"] == {
        "code": "not_found",
        "message": "SKU 'NOPE-1' is not in the catalog",
        "field": "path.sku",
    }
    bad = client.get("/v1/stock/" + "x" * 300)
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "path.sku"
    assert client.get("/v1/nothing-here").json()["error"]["code"] == "not_found"
    assert client.delete("/v1/stock/LIP-001").status_code == 405


def test_metrics_are_prometheus_text(client: httpx.Client, hub: RunningHub) -> None:
    client.get("/v1/stock/LIP-001")
    text = client.get("/v1/metrics", headers=headers(hub.db_url, "backoffice")).text
    assert "kiosk_hub_requests_total{" in text and 'route="/v1/stock/{sku}"' in text
    assert "# TYPE kiosk_hub_request_seconds histogram" in text
    assert "kiosk_hub_reservations_held " in text


def test_oversized_bodies_are_refused_with_413(client: httpx.Client) -> None:
    big = b'{"events": [' + b" " * 1_100_000 + b"]}"
    sized = client.post("/v1/events", content=big, headers={"content-type": "application/json"})
    assert sized.status_code == 413 and sized.json()["error"]["code"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"events": ['
        for _ in range(20):
            yield b" " * 65_536
        yield b"]}"

    chunked = client.post(
        "/v1/events", content=chunks(), headers={"content-type": "application/json"}
    )
    assert chunked.status_code == 413
    assert client.get("/v1/health").status_code == 200
