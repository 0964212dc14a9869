"""The store side's values for the card: rows, prices as Money, the price flag, times.

No wording here (that is tests/session/test_wording.py): these are the plain values the
wording is made from.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from kiosk.catalog.money import Money
from kiosk.client import views
from kiosk.client.views import handoff_view, reservation_view, stock_view
from kiosk.storeapi.contract import Handoff, Reservation, StockReport

NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)


def channel(
    channel: str, name: str, available: int, amount: str = "229.00", **extra: object
) -> dict:
    row = {
        "channel": channel, "location_id": name.upper(), "location_name": name,
        "kind": "warehouse" if channel == "online" else "store", "on_hand": available + 1,
        "reserved": 1, "committed": 0, "safety_stock": 0, "available": available,
        "price": {"channel": "online" if channel == "online" else "store", "amount": amount,
                  "currency": "CNY"},
        "updated_at": NOW.isoformat(),
    }  # fmt: skip
    row.update(extra)
    return row


def report(*channels: dict, consistent: bool = True) -> StockReport:
    return StockReport.model_validate(
        {"sku": "LIP-001", "store_id": "S1", "as_of": NOW.isoformat(),
         "price_consistent": consistent, "channels": list(channels)}
    )  # fmt: skip


def test_rows_keep_the_hubs_values() -> None:
    view = stock_view(
        report(
            channel("this_store", "Nanjing Rd", 3, shelf=2, back_room=1),
            channel("nearby", "Jing'an", 1, distance_km=2.345, pickup_time="Ready in 2 hours"),
            channel("online", "Online warehouse", -2, ship_days=2),
        ),
        live=True, as_of=NOW,
    )  # fmt: skip
    assert [r.channel for r in view.rows] == ["this_store", "nearby", "online"]
    assert [r.available for r in view.rows] == [3, 1, 0]  # never below zero
    assert [r.in_stock for r in view.rows] == [True, True, False]
    assert view.rows[0].shelf == 2 and view.rows[0].back_room == 1
    assert view.rows[1].pickup_time == "Ready in 2 hours" and view.rows[1].distance_km == 2.345
    assert view.rows[2].ship_days == 2 and view.rows[2].location_name == "Online warehouse"
    assert view.available_here == 3
    assert view.price == Money(Decimal("229.00"), "CNY") and not view.price_differs
    assert view.live and view.problem is None and view.as_of == NOW


def test_price_differs_from_the_hub_flag_or_the_rows() -> None:
    flagged = report(channel("this_store", "A", 1), consistent=False)
    assert stock_view(flagged, live=True, as_of=NOW).price_differs
    rows = report(channel("this_store", "A", 1), channel("online", "W", 5, amount="199.00"))
    view = stock_view(rows, live=True, as_of=NOW)
    assert view.price_differs and view.price == Money.of("229.00", "CNY")
    assert view.rows[1].price == Money.of("199.00", "CNY")


def test_cached_view_keeps_its_age_and_reason() -> None:
    earlier = NOW - timedelta(minutes=30)
    view = stock_view(
        report(channel("this_store", "A", 1)), live=False, as_of=earlier,
        problem="Cannot reach the store system",
    )  # fmt: skip
    assert not view.live and view.as_of == earlier
    assert view.problem == "Cannot reach the store system"
    live = stock_view(report(), live=True, as_of=NOW, problem="ignored when live")
    assert live.problem is None and live.price is None and live.rows == ()


def test_no_view_carries_wording() -> None:
    """The words are kiosk.session.wording's: no text field, no formatter left here."""
    for cls in (views.ChannelRow, views.StockView, views.ReservationView, views.HandoffView):
        names = {f.name for f in dataclasses.fields(cls)}
        assert not {n for n in names if n.endswith("_text") or n == "label"}, cls
    assert not hasattr(views, "price_text") and not hasattr(views, "clock_text")


def test_reservation_view() -> None:
    held = Reservation(
        reservation_id="r1", sku="LIP-001", quantity=1, location_id="S1", pickup_code="7KQ2MX",
        status="held", created_at=NOW, expires_at=NOW + timedelta(hours=2),
    )  # fmt: skip
    view = reservation_view(held, "Nanjing Rd")
    assert view.expires_at == NOW + timedelta(hours=2) and view.status == "held"
    assert view.location_name == "Nanjing Rd" and view.pickup_code == "7KQ2MX"
    assert reservation_view(held).location_name == "S1"  # the id when no name is known


def test_handoff_view() -> None:
    made = Handoff(code="aB3dE5gH7jK9m", short_url="https://hub.example/h/aB3dE5gH7jK9m",
                   expires_at=NOW + timedelta(minutes=30))  # fmt: skip
    view = handoff_view(made)
    assert (view.code, view.short_url, view.expires_at) == (
        made.code,
        made.short_url,
        made.expires_at,
    )
