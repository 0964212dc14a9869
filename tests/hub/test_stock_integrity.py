"""The stock pool's integrity edges, through real HTTP on SQLite and PostgreSQL: movement
ids scoped per sender with a body check, caps on one kiosk's holds, POS sales that take
units promised to holds, and numbers too large for the database.

Stock is set by a back-office credential and sold by a POS credential (kiosk tokens may
not post movements); holds are made by kiosk tokens bound to SH-JINGAN.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest
from sqlalchemy import select

from kiosk.hub import moves
from kiosk.hub import tables as t
from kiosk.hub.db import make_engine
from kiosk.hub.tokens import issue_token
from kiosk.storeapi.contract import MovementBatch, Reservation
from tests.hub_server import RunningHub

STORE = "SH-JINGAN"


def credential(hub: RunningHub, role: str, name: str | None = None) -> httpx.Client:
    """A client with a fresh token of `role` bound to SH-JINGAN."""
    principal = name or f"{role}-{uuid.uuid4().hex[:8]}"
    token = issue_token(hub.db_url, principal, STORE, role=role)  # type: ignore[arg-type]
    return httpx.Client(base_url=hub.url, headers={"Authorization": f"Bearer {token}"}, timeout=30)


@pytest.fixture
def office(hub: RunningHub) -> Iterator[httpx.Client]:
    with credential(hub, "backoffice") as c:
        yield c


@pytest.fixture
def pos(hub: RunningHub) -> Iterator[httpx.Client]:
    with credential(hub, "pos") as c:
        yield c


@pytest.fixture
def kiosk(hub: RunningHub) -> Iterator[httpx.Client]:
    with credential(hub, "kiosk") as c:
        yield c


def movement(kind: str, sku: str, quantity: int, mid: str | None = None) -> dict[str, object]:
    return {"movement_id": mid or f"{kind}-{uuid.uuid4()}", "kind": kind, "sku": sku,
            "location_id": STORE, "quantity": quantity}  # fmt: skip


def move(
    client: httpx.Client, kind: str, sku: str, quantity: int, mid: str | None = None
) -> httpx.Response:
    return client.post("/v1/movements", json={"movements": [movement(kind, sku, quantity, mid)]})


def stock(client: httpx.Client, sku: str) -> tuple[int, int]:
    """(on hand, reserved) at SH-JINGAN."""
    here = client.get(f"/v1/stock/{sku}").json()["channels"][0]
    assert here["location_id"] == STORE
    return here["on_hand"], here["reserved"]


def hold(
    client: httpx.Client, sku: str, quantity: int = 1, key: str | None = None
) -> httpx.Response:
    return client.post(
        "/v1/reservations",
        json={"sku": sku, "quantity": quantity},
        headers={"Idempotency-Key": key or str(uuid.uuid4())},
    )


def held(client: httpx.Client, sku: str, quantity: int = 1) -> Reservation:
    response = hold(client, sku, quantity)
    assert response.status_code == 201, response.text
    return Reservation.model_validate_json(response.content)


def collect(client: httpx.Client, reservation: Reservation) -> httpx.Response:
    """Collect with the pickup code, as the shopper shows it at the counter."""
    return client.post(
        f"/v1/reservations/{reservation.reservation_id}/collect",
        json={"pickup_code": reservation.pickup_code},
    )


def read(client: httpx.Client, reservation: Reservation) -> Reservation:
    response = client.get(f"/v1/reservations/{reservation.reservation_id}")
    assert response.status_code == 200, response.text
    return Reservation.model_validate_json(response.content)


def error(response: httpx.Response) -> dict[str, str]:
    return dict(response.json()["error"])


# ---- movement idempotency ---------------------------------------------------------------


def test_a_reused_movement_id_with_another_body_is_a_conflict(
    hub: RunningHub, office: httpx.Client, pos: httpx.Client
) -> None:
    sku = "TOP-005-XS"
    assert move(office, "count", sku, 10).status_code == 200
    sale = move(pos, "pos_sale", sku, 3, "sale-1")
    assert sale.json() == {"applied": 1, "duplicates": 0}
    retry = move(pos, "pos_sale", sku, 3, "sale-1")  # the same sale again: a duplicate
    assert retry.status_code == 200 and retry.json() == {"applied": 0, "duplicates": 1}
    assert stock(pos, sku)[0] == 7
    reused = move(pos, "pos_sale", sku, 1, "sale-1")  # another sale under the same id
    assert reused.status_code == 409, reused.text
    assert error(reused)["code"] == "idempotency_conflict"
    assert error(reused)["field"] == "body.movements.0.movement_id"
    assert stock(pos, sku)[0] == 7
    # The whole batch is refused: the good movement before the clash is not applied either.
    batch = {
        "movements": [
            movement("pos_sale", sku, 1, "sale-2"),
            movement("pos_sale", sku, 2, "sale-1"),
        ]
    }
    mixed = pos.post("/v1/movements", json=batch)
    assert mixed.status_code == 409 and error(mixed)["field"] == "body.movements.1.movement_id"
    assert stock(pos, sku)[0] == 7
    assert move(pos, "pos_sale", sku, 1, "sale-2").json() == {"applied": 1, "duplicates": 0}
    # Another POS numbers its sales from 1 too: its sale-1 is its own.
    with credential(hub, "pos") as other:
        theirs = move(other, "pos_sale", sku, 2, "sale-1")
        assert theirs.json() == {"applied": 1, "duplicates": 0}
    assert stock(pos, sku)[0] == 4


def test_a_huge_receipt_is_a_422_not_an_overflow(office: httpx.Client) -> None:
    sku = "TOP-005-S"
    assert move(office, "count", sku, 0).status_code == 200
    statuses = []
    for _ in range(5):  # 5 x 500 million passes PostgreSQL's integer (2,147,483,647)
        big = [movement("receipt", sku, 1_000_000) for _ in range(500)]
        response = office.post("/v1/movements", json={"movements": big})
        statuses.append(response.status_code)
        if response.status_code != 200:
            break
    assert statuses == [200, 200, 422], statuses
    assert error(response)["code"] == "quantity_out_of_range"
    assert error(response)["field"] == "body.movements.0.quantity"
    assert stock(office, sku)[0] == 1_000_000_000  # the refused batch left nothing
    assert move(office, "count", sku, 5).status_code == 200  # the connection still serves


# ---- caps -------------------------------------------------------------------------------


def test_one_kiosk_may_hold_three_of_a_sku(hub: RunningHub, office: httpx.Client) -> None:
    sku = "TOP-005-M"
    assert move(office, "count", sku, 30).status_code == 200
    with credential(hub, "kiosk") as kiosk, credential(hub, "kiosk") as other:
        first = [held(kiosk, sku) for _ in range(3)]
        key = str(uuid.uuid4())
        fourth = hold(kiosk, sku, key=key)
        assert fourth.status_code == 409, fourth.text
        assert error(fourth)["code"] == "hold_limit" and error(fourth)["field"] == "body.sku"
        assert "at most 3" in error(fourth)["message"]
        assert stock(kiosk, sku)[1] == 3  # nothing held by the refusal
        held(other, sku)  # another kiosk is not affected
        assert kiosk.post(f"/v1/reservations/{first[0].reservation_id}/cancel").status_code == 200
        again = hold(kiosk, sku, key=key)  # a hold ends: room again
        assert again.status_code == 201
        retry = hold(kiosk, sku, key=key)  # at the cap, a retry still gets its first answer
        assert retry.status_code == 200 and retry.json() == again.json()


def test_one_kiosk_may_have_twenty_holds(hub: RunningHub, office: httpx.Client) -> None:
    skus = [f"LIP-{n:03d}" for n in range(1, 12)]
    batch = {"movements": [movement("count", sku, 50) for sku in skus]}
    assert office.post("/v1/movements", json=batch).status_code == 200
    with credential(hub, "kiosk") as kiosk:
        for sku in skus[:10]:
            held(kiosk, sku)
            held(kiosk, sku)
        refused = hold(kiosk, skus[10])
        assert refused.status_code == 409 and error(refused)["code"] == "hold_limit"
        assert "20 active holds" in error(refused)["message"]


# ---- POS sales against holds ------------------------------------------------------------


def test_a_sale_of_promised_units_puts_the_newest_holds_at_risk(
    hub: RunningHub, office: httpx.Client, pos: httpx.Client, kiosk: httpx.Client
) -> None:
    sku = "TOP-005-L"
    assert move(office, "count", sku, 5).status_code == 200
    with credential(hub, "kiosk") as second:
        h1, h2, h3 = held(kiosk, sku, 2), held(second, sku, 1), held(kiosk, sku, 2)
    assert not h1.at_risk and stock(pos, sku) == (5, 5)
    assert move(pos, "pos_sale", sku, 2).status_code == 200  # 3 left for 5 promised
    assert [read(pos, h).at_risk for h in (h1, h2, h3)] == [False, False, True]
    assert move(pos, "pos_sale", sku, 2).status_code == 200  # 1 left for 5 promised
    assert [read(pos, h).at_risk for h in (h1, h2, h3)] == [True, True, True]
    # No negative stock: 1 unit cannot hand over a hold of 2, and the hold stays held.
    refused = collect(kiosk, h3)
    assert refused.status_code == 409, refused.text
    assert error(refused)["code"] == "not_enough_on_hand" and "1 of" in error(refused)["message"]
    assert read(kiosk, h3).status == "held" and stock(pos, sku) == (1, 5)
    done = collect(kiosk, h2)  # the unit is there for the hold of 1
    assert done.status_code == 200 and done.json()["status"] == "collected"
    assert stock(pos, sku) == (0, 4)
    # A delivery brings the units back: the holds are covered again, and collect works.
    assert move(office, "receipt", sku, 4).status_code == 200
    assert [read(pos, h).at_risk for h in (h1, h3)] == [False, False]
    assert collect(kiosk, h3).status_code == 200 and stock(pos, sku) == (2, 2)


def test_a_sale_larger_than_on_hand_is_not_a_500(
    office: httpx.Client, pos: httpx.Client, kiosk: httpx.Client
) -> None:
    sku = "TOP-005-XL"
    assert move(office, "count", sku, 3).status_code == 200
    h = held(kiosk, sku, 2)
    sale = move(pos, "pos_sale", sku, 50)  # the till sold what the books did not have
    assert sale.status_code == 200, sale.text
    assert stock(pos, sku) == (0, 2)  # never below zero: the next count corrects the books
    assert read(kiosk, h).at_risk
    assert error(collect(kiosk, h))["code"] == "not_enough_on_hand"
    assert kiosk.post(f"/v1/reservations/{h.reservation_id}/cancel").status_code == 200
    assert stock(pos, sku) == (0, 0)


def test_apply_batch_counts_the_holds_it_put_at_risk(
    hub: RunningHub, office: httpx.Client, kiosk: httpx.Client
) -> None:
    sku = "TOP-006-XS"
    assert move(office, "count", sku, 4).status_code == 200
    held(kiosk, sku, 1)
    held(kiosk, sku, 2)
    sale = {"movements": [movement("pos_sale", sku, 4)]}
    engine = make_engine(hub.db_url, pool_size=1)
    try:
        batch = MovementBatch.model_validate(sale)
        outcome = moves.apply_batch(engine, batch, "pos-direct", datetime.now(UTC))
        assert (outcome.applied, outcome.holds_at_risk) == (1, 2)  # 0 left for 3 promised
        assert outcome.model_dump() == {"applied": 1, "duplicates": 0}  # the answer as before
        with engine.connect() as conn:
            r = t.reservations
            flags = conn.execute(
                select(r.c.quantity, r.c.at_risk).where(r.c.sku == sku).order_by(r.c.quantity)
            ).all()
        assert [tuple(f) for f in flags] == [(1, True), (2, True)]
    finally:
        engine.dispose()
