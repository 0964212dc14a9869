"""A hold a POS sale put at risk, as the kiosk sees it: the StoreClient reads `at_risk` from
the real hub (SQLite and PostgreSQL), and the reservation panel tells the shopper to check
with staff, in English and in Chinese."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest

from kiosk.client.store_client import StoreClient
from kiosk.client.views import ReservationView, reservation_view
from kiosk.hub.tokens import issue_token
from kiosk.session.panels import reservation_panel
from kiosk.session.wording import Wording
from kiosk.storeapi.contract import Reservation
from tests.helpers import translate_in
from tests.hub_server import RunningHub

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)  # 14:02 in Shanghai
HELD = ReservationView(
    "r1", "LIP-001", 1, "S1", "Jing'an Kerry Centre", "7KQ2MX", "held",
    NOW, NOW + timedelta(hours=2),
)  # fmt: skip


@pytest.fixture(scope="module")
def hub(backend_hub: RunningHub) -> RunningHub:
    return backend_hub


def _movement(hub: RunningHub, role: str, kind: str, sku: str, quantity: int) -> None:
    token = issue_token(hub.db_url, f"{role}-{uuid.uuid4().hex[:6]}", "SH-JINGAN", role=role)  # type: ignore[arg-type]
    body = {"movements": [{"movement_id": f"m-{uuid.uuid4()}", "kind": kind, "sku": sku,
                           "location_id": "SH-JINGAN", "quantity": quantity}]}  # fmt: skip
    headers = {"Authorization": f"Bearer {token}"}
    response = httpx.post(f"{hub.url}/v1/movements", json=body, headers=headers)
    assert response.status_code == 200, response.text


def test_the_client_reads_a_hold_at_risk(hub: RunningHub) -> None:
    token = issue_token(hub.db_url, f"kiosk-{uuid.uuid4().hex[:6]}", "SH-JINGAN")
    _movement(hub, "backoffice", "count", "LIP-009", 1)
    with StoreClient(hub.url, token, sleep=lambda s: None) as client:
        held = client.reserve("LIP-009", 1, str(uuid.uuid4()))
        assert not held.at_risk
        _movement(hub, "pos", "pos_sale", "LIP-009", 1)  # the till sold the held unit
        again = client.reservation(held.reservation_id)
        assert again.at_risk and again.status == "held"
        assert reservation_view(again).at_risk


def test_an_older_hub_without_the_field_means_not_at_risk() -> None:
    body = {"reservation_id": "r1", "sku": "LIP-001", "quantity": 1, "location_id": "S1",
            "pickup_code": "7KQ2MX", "status": "held", "created_at": NOW.isoformat(),
            "expires_at": (NOW + timedelta(hours=2)).isoformat()}  # fmt: skip
    assert not reservation_view(Reservation.model_validate(body)).at_risk


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "Held at Jing'an Kerry Centre · held until 16:02 · it may have sold out "
               "meanwhile, please check with staff"),
        ("zh-CN", "已在Jing'an Kerry Centre为您预留 · 保留至 16:02 · 商品可能已售出，请向店员确认"),
    ],
)  # fmt: skip
def test_the_panel_tells_the_shopper_to_check_with_staff(language: str, expected: str) -> None:
    words = Wording(language, SHANGHAI, translate=translate_in(language))
    risky = replace(HELD, at_risk=True)
    assert reservation_panel(risky, "", words, NOW).text == expected
    assert reservation_panel(HELD, "", words, NOW).text != expected  # the usual line
    gone = replace(risky, status="collected")  # once collected, the warning is moot
    assert "staff" not in words.reservation(gone, NOW) and "店员" not in words.reservation(
        gone, NOW
    )
