"""Reservations and movements through real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid

import httpx

from kiosk.storeapi.contract import PICKUP_CODE_ALPHABET, Reservation, StockReport
from tests.hub_credentials import headers, mover
from tests.hub_server import RunningHub


def here(client: httpx.Client, sku: str) -> dict[str, int]:
    report = StockReport.model_validate_json(client.get(f"/v1/stock/{sku}").content)
    c = report.channels[0]
    return {"on_hand": c.on_hand, "reserved": c.reserved, "available": c.available}


def count(hub: RunningHub, sku: str, units: int, location: str = "SH-JINGAN") -> None:
    """Back office counts the shelf (a kiosk may not post stock movements)."""
    body = {"movements": [{"movement_id": f"count-{uuid.uuid4()}", "kind": "count", "sku": sku,
                           "location_id": location, "quantity": units}]}  # fmt: skip
    moved = httpx.post(f"{hub.url}/v1/movements", json=body,
                       headers=mover(hub.db_url, "count", location))  # fmt: skip
    assert moved.status_code == 200, moved.text


def reserve(client: httpx.Client, key: str, **body: object) -> httpx.Response:
    return client.post("/v1/reservations", json=body, headers={"Idempotency-Key": key})


def test_hold_is_idempotent_and_takes_units(client: httpx.Client, hub: RunningHub) -> None:
    count(hub, "TOP-002-M", 5)
    key = str(uuid.uuid4())
    first = reserve(client, key, sku="TOP-002-M", quantity=2)
    assert first.status_code == 201
    held = Reservation.model_validate_json(first.content)
    assert held.status == "held" and held.location_id == "SH-JINGAN"
    assert len(held.pickup_code) == 6 and set(held.pickup_code) <= set(PICKUP_CODE_ALPHABET)
    assert (held.expires_at - held.created_at).total_seconds() == 120 * 60
    retry = reserve(client, key, sku="TOP-002-M", quantity=2)
    assert retry.status_code in (200, 201) and retry.json() == first.json()
    assert here(client, "TOP-002-M") == {"on_hand": 5, "reserved": 2, "available": 3}
    clash = reserve(client, key, sku="TOP-002-M", quantity=3)
    assert clash.status_code == 409 and clash.json()["error"]["code"] == "idempotency_conflict"
    read = client.get(f"/v1/reservations/{held.reservation_id}")
    assert read.status_code == 200 and read.json() == first.json()


def test_out_of_stock_names_what_is_left(client: httpx.Client, hub: RunningHub) -> None:
    count(hub, "TOP-002-L", 1)
    refused = reserve(client, str(uuid.uuid4()), sku="TOP-002-L", quantity=2)
    assert refused.status_code == 409
    error = refused.json()["error"]
    assert error["code"] == "out_of_stock" and error["field"] == "body.quantity"
    assert "only 1" in error["message"]
    assert here(client, "TOP-002-L")["reserved"] == 0


def test_cancel_releases_and_is_repeatable(client: httpx.Client, hub: RunningHub) -> None:
    count(hub, "TOP-002-XL", 3)
    held = reserve(client, str(uuid.uuid4()), sku="TOP-002-XL", quantity=3).json()
    assert here(client, "TOP-002-XL")["available"] == 0
    url = f"/v1/reservations/{held['reservation_id']}/cancel"
    cancelled = client.post(url)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    assert here(client, "TOP-002-XL") == {"on_hand": 3, "reserved": 0, "available": 3}
    assert client.post(url).json() == cancelled.json()  # a retried cancel changes nothing
    code = {"pickup_code": held["pickup_code"]}
    collect = client.post(f"/v1/reservations/{held['reservation_id']}/collect", json=code)
    assert collect.status_code == 409
    assert collect.json()["error"]["code"] == "reservation_not_active"


def test_collect_takes_the_units_out_of_the_store(client: httpx.Client, hub: RunningHub) -> None:
    count(hub, "TOP-002-XS", 4)
    held = reserve(client, str(uuid.uuid4()), sku="TOP-002-XS", quantity=1).json()
    done = client.post(
        f"/v1/reservations/{held['reservation_id']}/collect",
        json={"pickup_code": held["pickup_code"].lower()},  # as staff might type it
    )
    assert done.status_code == 200 and done.json()["status"] == "collected"
    assert here(client, "TOP-002-XS") == {"on_hand": 3, "reserved": 0, "available": 3}


def test_reservation_input_errors_name_the_field(client: httpx.Client, hub: RunningHub) -> None:
    cases = [
        ({"sku": "LIP-001", "quantity": 11}, "body.quantity", 422),
        ({"sku": "LIP-001", "quantity": 0}, "body.quantity", 422),
        ({"sku": "LIP-001", "quantity": True}, "body.quantity", 422),
        ({"sku": "LIP-001", "quantity": 1, "hold_minutes": 4}, "body.hold_minutes", 422),
        ({"sku": "LIP-001", "quantity": 1, "extra": 1}, "body.extra", 422),
        ({"quantity": 1}, "body.sku", 422),
        ({"sku": "NOPE-1", "quantity": 1}, "body.sku", 404),
    ]
    for body, field, status in cases:
        response = reserve(client, str(uuid.uuid4()), **body)
        assert response.status_code == status, (body, response.text)
        assert response.json()["error"]["field"] == field, body
    # The shop may hold anywhere, so where is judged as input: a kiosk gets 403 there
    # (tests/hub/test_authz_matrix.py).
    shop = headers(hub.db_url, "shop", "WH-ONLINE")
    for where, status in [("WH-ONLINE", 422), ("NOWHERE", 404)]:
        body = {"sku": "LIP-001", "quantity": 1, "location_id": where}
        response = client.post(
            "/v1/reservations", headers={**shop, "Idempotency-Key": where}, json=body
        )
        assert response.status_code == status, (where, response.text)
        assert response.json()["error"]["field"] == "body.location_id"
    no_key = client.post("/v1/reservations", json={"sku": "LIP-001", "quantity": 1})
    assert no_key.status_code == 422
    assert no_key.json()["error"]["field"] == "header.Idempotency-Key"
    assert client.get("/v1/reservations/R0000000000000000").status_code == 404
    assert client.get("/v1/reservations/garbage").status_code == 422


def test_movements_apply_once_and_show_at_once(client: httpx.Client, hub: RunningHub) -> None:
    count(hub, "TOP-003-M", 6)
    sale = {"movements": [
        {"movement_id": "mv-sale-1", "kind": "pos_sale", "sku": "TOP-003-M",
         "location_id": "SH-JINGAN", "quantity": 2, "occurred_at": "2025-06-01T10:00:00+08:00"},
    ]}  # fmt: skip
    till = mover(hub.db_url, "pos_sale")
    first = client.post("/v1/movements", json=sale, headers=till)
    assert first.json() == {"applied": 1, "duplicates": 0}
    assert here(client, "TOP-003-M") == {"on_hand": 4, "reserved": 0, "available": 4}
    again = client.post("/v1/movements", json=sale, headers=till)
    assert again.json() == {"applied": 0, "duplicates": 1}
    assert here(client, "TOP-003-M")["on_hand"] == 4
    online = online_stock(client, "TOP-003-M")
    shop = mover(hub.db_url, "online_order")
    order = {"movements": [{"movement_id": "mv-order-1", "kind": "online_order",
                            "sku": "TOP-003-M", "location_id": "WH-ONLINE",
                            "quantity": 1}]}  # fmt: skip
    assert client.post("/v1/movements", json=order, headers=shop).json()["applied"] == 1
    assert online_stock(client, "TOP-003-M") == {**online, "available": online["available"] - 1}
    pick = {"movements": [{"movement_id": "mv-pick-1", "kind": "pick", "sku": "TOP-003-M",
                           "location_id": "WH-ONLINE", "quantity": 1}]}  # fmt: skip
    assert client.post("/v1/movements", json=pick, headers=shop).json()["applied"] == 1
    picked = {"on_hand": online["on_hand"] - 1, "available": online["available"] - 1}
    assert online_stock(client, "TOP-003-M") == picked
    oversold = {"movements": [{"movement_id": "mv-sale-big", "kind": "pos_sale", "sku": "TOP-003-M",
                               "location_id": "SH-JINGAN", "quantity": 50}]}  # fmt: skip
    client.post("/v1/movements", json=oversold, headers=till)
    assert here(client, "TOP-003-M")["on_hand"] == 0  # never below zero


def online_stock(client: httpx.Client, sku: str) -> dict[str, int]:
    report = StockReport.model_validate_json(client.get(f"/v1/stock/{sku}").content)
    c = next(c for c in report.channels if c.channel == "online")
    return {"on_hand": c.on_hand, "available": c.available}


def test_a_bad_movement_rejects_the_whole_batch(client: httpx.Client, hub: RunningHub) -> None:
    count(hub, "TOP-003-L", 2)
    batch = {"movements": [
        {"movement_id": "mv-ok-2", "kind": "receipt", "sku": "TOP-003-L",
         "location_id": "SH-JINGAN", "quantity": 5},
        {"movement_id": "mv-bad-2", "kind": "receipt", "sku": "NOPE-1",
         "location_id": "SH-JINGAN", "quantity": 5},
    ]}  # fmt: skip
    office = mover(hub.db_url, "receipt")
    response = client.post("/v1/movements", json=batch, headers=office)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "body.movements.1.sku"
    assert here(client, "TOP-003-L")["on_hand"] == 2
    too_many = {"movements": [batch["movements"][0]] * 501}
    refused = client.post("/v1/movements", json=too_many, headers=office)
    assert refused.json()["error"]["field"] == "body.movements"
    zero = {"movements": [dict(batch["movements"][0], quantity=0)]}
    assert client.post("/v1/movements", json=zero, headers=office).status_code == 422
