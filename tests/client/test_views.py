"""The card's wording: channel labels, price text, the price flag, 'as of' times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from kiosk.client.views import clock_text, price_text, reservation_view, stock_view
from kiosk.storeapi.contract import Price, Reservation, StockReport

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)  # 14:02 in Shanghai


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


def test_rows_read_like_the_card() -> None:
    view = stock_view(
        report(
            channel("this_store", "Nanjing Rd", 3, shelf=2, back_room=1),
            channel("nearby", "Jing'an", 1, distance_km=2.345, pickup_time="Ready in 2 hours"),
            channel("online", "Online warehouse", 0, ship_days=2),
        ),
        live=True, as_of=NOW, now=NOW, tz=SHANGHAI,
    )  # fmt: skip
    labels = [r.label for r in view.rows]
    assert labels == ["This store", "Nearby (Jing'an, 2.3 km)", "Online (ships in 2 days)"]
    assert [r.available_text for r in view.rows] == ["3 available", "Last one", "Sold out"]
    assert [r.in_stock for r in view.rows] == [True, True, False]
    assert view.rows[0].shelf == 2 and view.rows[0].back_room == 1
    assert view.rows[1].pickup_time == "Ready in 2 hours"
    assert view.available_here == 3
    assert view.price_text == "¥229.00" and not view.price_differs
    assert view.live and view.status_text == "" and view.problem is None
    assert view.as_of_text == "as of 14:02"


def test_price_differs_from_the_hub_flag_or_the_rows() -> None:
    flagged = report(channel("this_store", "A", 1), consistent=False)
    assert stock_view(flagged, live=True, as_of=NOW, now=NOW).price_differs
    rows = report(channel("this_store", "A", 1), channel("online", "W", 5, amount="199.00"))
    assert stock_view(rows, live=True, as_of=NOW, now=NOW).price_differs


def test_cached_view_says_so_with_its_age() -> None:
    earlier = NOW - timedelta(minutes=30)
    view = stock_view(
        report(channel("this_store", "A", 1)), live=False, as_of=earlier, now=NOW,
        problem="Cannot reach the store system", tz=SHANGHAI,
    )  # fmt: skip
    assert not view.live
    assert view.as_of_text == "as of 13:32"
    assert view.status_text == "Stock as of 13:32"
    assert view.problem == "Cannot reach the store system"


def test_clock_text_names_the_day_when_not_today() -> None:
    assert clock_text(NOW, NOW, SHANGHAI) == "14:02"
    assert clock_text(NOW - timedelta(days=2), NOW, SHANGHAI) == "1 Mar 14:02"


def test_online_shipping_words() -> None:
    def label(days: int) -> str:
        row = channel("online", "W", 4, ship_days=days)
        return stock_view(report(row), live=True, as_of=NOW, now=NOW).rows[0].label

    assert label(0) == "Online (ships today)"
    assert label(1) == "Online (ships in 1 day)"


def test_price_text() -> None:
    assert price_text(Price(channel="store", amount="1299.50", currency="CNY")) == "¥1,299.50"
    assert price_text(Price(channel="store", amount="10.00", currency="CHF")) == "10.00 CHF"


def test_reservation_view() -> None:
    held = Reservation(
        reservation_id="r1", sku="LIP-001", quantity=1, location_id="S1", pickup_code="7KQ2MX",
        status="held", created_at=NOW, expires_at=NOW + timedelta(hours=2),
    )  # fmt: skip
    view = reservation_view(held, NOW, "Nanjing Rd", SHANGHAI)
    assert view.expires_text == "Held until 16:02"
    assert view.location_name == "Nanjing Rd" and view.pickup_code == "7KQ2MX"
    gone = reservation_view(held.model_copy(update={"status": "cancelled"}), NOW)
    assert gone.expires_text == "Cancelled" and gone.location_name == "S1"


def test_handoff_view_says_until_when_the_code_works() -> None:
    from kiosk.client.views import handoff_view
    from kiosk.storeapi.contract import Handoff

    made = Handoff(code="aB3dE5gH7jK9m", short_url="https://hub.example/h/aB3dE5gH7jK9m",
                   expires_at=NOW + timedelta(minutes=30))  # fmt: skip
    view = handoff_view(made, NOW, SHANGHAI)
    assert (view.code, view.short_url) == (made.code, made.short_url)
    assert view.expires_at == made.expires_at
    assert view.expires_text == "Valid until 14:32"
    late = handoff_view(made, NOW - timedelta(days=1), SHANGHAI)  # shown on another day
    assert late.expires_text == "Valid until 3 Mar 14:32"
