"""The shopper's words: stock lines, the summary, prices, times, reservation and hand-off."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest

from kiosk.catalog.money import Money
from kiosk.client.views import ChannelRow, HandoffView, ReservationView, StockView
from kiosk.session import wording
from kiosk.session.wording import Wording
from kiosk.vision.measure import Measurement, SizeAdvice

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)  # 14:02 in Shanghai
WORDS = Wording("en", SHANGHAI)


def row(
    channel: str,
    available: int,
    name: str = "Jing'an",
    price: str = "229.00",
    **extra: object,
) -> ChannelRow:
    values: dict[str, object] = {
        "channel": channel, "location_id": name.upper(), "location_name": name,
        "available": available, "pickup_time": None, "price": Money.of(price, "CNY"),
        "distance_km": None, "ship_days": None, "shelf": None, "back_room": None,
    }  # fmt: skip
    values.update(extra)
    return ChannelRow(**values)  # type: ignore[arg-type]


def stock(*rows: ChannelRow, live: bool = True, differs: bool = False) -> StockView:
    return StockView(
        "LIP-001", rows, rows[0].price if rows else None, differs, live, NOW - timedelta(hours=1)
    )


def test_channel_lines_read_like_the_card() -> None:
    here = row("this_store", 3, "Nanjing Rd")
    near = row("nearby", 1, distance_km=2.345, pickup_time="Ready in 2 hours")
    online = row("online", 0, "Online warehouse", ship_days=2)
    assert [WORDS.channel(r) for r in (here, near, online)] == [
        "This store",
        "Nearby (Jing'an, 2.3 km)",
        "Online (ships in 2 days)",
    ]
    assert [WORDS.row_detail(r) for r in (here, near, online)] == [
        "3 available",
        "Last one · Ready in 2 hours",
        "Sold out",
    ]
    assert WORDS.channel(row("nearby", 1)) == "Nearby (Jing'an)"  # no distance known
    assert WORDS.row_detail(row("nearby", 0, pickup_time="Ready in 1 hour")) == "Sold out"


@pytest.mark.parametrize(
    ("days", "label", "summary"),
    [
        (0, "Online (ships today)", "Online, ships in 0 days"),
        (1, "Online (ships in 1 day)", "Online, ships in 1 day"),
        (3, "Online (ships in 3 days)", "Online, ships in 3 days"),
        (None, "Online", "Online"),
    ],
)
def test_online_shipping_words(days: int | None, label: str, summary: str) -> None:
    online = row("online", 4, ship_days=days)
    assert WORDS.channel(online) == label
    assert WORDS.stock_summary([online]) == summary


def test_summary_names_here_the_nearest_store_that_has_it_and_online() -> None:
    rows = [
        row("this_store", 6, "Nanjing Rd"),
        row("nearby", 0, "Jing'an", distance_km=1.0),  # sold out: skipped
        row("nearby", 5, "Xintiandi", distance_km=2.8),
        row("online", 17, "W", ship_days=2),
    ]
    assert WORDS.stock_summary(rows) == (
        "6 in this store · 5 at Xintiandi (2.8 km) · Online, ships in 2 days"
    )
    sold = [row("this_store", 0), row("online", 0)]
    assert WORDS.stock_summary(sold) == "Sold out here · Online: sold out"
    assert WORDS.stock_summary([]) == ""


def test_stock_note_says_the_age_only_when_not_live() -> None:
    assert WORDS.stock_note(stock(row("this_store", 1)), NOW) == ""
    cached = stock(row("this_store", 1), live=False)
    assert WORDS.stock_note(cached, NOW) == "Stock as of 13:02"
    assert WORDS.stock_note(cached, NOW + timedelta(days=2)) == "Stock as of 3 Mar 13:02"


def test_price_note_names_the_channels_that_charge_differently() -> None:
    same = stock(row("this_store", 1), row("online", 1))
    assert WORDS.price_note(same) == ""
    rows = (row("this_store", 1), row("nearby", 1), row("online", 1, price="209.00"))
    assert WORDS.price_note(stock(*rows, differs=True)) == "Price differs: Online ¥209.00"


def test_prices_go_through_the_one_money_formatter() -> None:
    assert WORDS.price(Money.of("1299.5", "CNY")) == "¥1,299.50"
    assert WORDS.price(Money.of("10", "CHF")) == "10.00 CHF"


def test_clock_names_the_day_when_not_today() -> None:
    assert WORDS.clock(NOW, NOW) == "14:02"
    assert WORDS.clock(NOW - timedelta(days=2), NOW) == "1 Mar 14:02"


def test_size_advice() -> None:
    shoulders = Measurement(40.1, 2.3)
    assert WORDS.size_advice(None) == "Measuring for your size…"
    one = (shoulders, SizeAdvice("M", 0.8, None))
    assert WORDS.size_advice(one) == "Suggested size M (shoulders 40.1 ± 2.3 cm)"
    two = (shoulders, SizeAdvice("M", 0.5, "L"))
    assert WORDS.size_advice(two) == "Suggested size M or L (shoulders 40.1 ± 2.3 cm)"


def test_finishes_and_shelves_have_names() -> None:
    assert WORDS.finish("matte") == "Matte" and WORDS.finish("velvet") == "Velvet"
    assert WORDS.category("lips") == "Lipstick" and WORDS.category("clothes") == "Clothes"


def test_reservation_and_handoff_lines() -> None:
    held = ReservationView(
        "r1", "LIP-001", 1, "S1", "Jing'an Kerry Centre", "7KQ2MX", "held",
        NOW, NOW + timedelta(hours=2),
    )  # fmt: skip
    assert WORDS.held_until(held, NOW) == "Held until 16:02"
    assert WORDS.reservation(held, NOW) == "Held for you at Jing'an Kerry Centre · Held until 16:02"
    gone = {
        status: WORDS.held_until(replace(held, status=status, expires_at=NOW), NOW)
        for status in ("expired", "cancelled", "collected", "odd")
    }
    assert gone == {
        "expired": "Expired at 14:02",
        "cancelled": "Cancelled",
        "collected": "Collected",
        "odd": "Odd",
    }
    made = HandoffView("c", "https://hub/h/c", NOW + timedelta(minutes=30))
    assert WORDS.handoff(made, NOW) == "Scan with your phone to buy online · Valid until 14:32"
    assert WORDS.handoff(made, NOW - timedelta(days=1)).endswith("Valid until 3 Mar 14:32")


def test_another_language_is_a_table_and_missing_keys_fall_back_to_english(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    table = {"card.reserve": "在本店预留", "stock.available": "有货 {count} 件"}
    monkeypatch.setitem(wording.MESSAGES, "zh-CN", table)
    zh = Wording("zh-CN")
    assert zh.text("card.reserve") == "在本店预留"
    assert zh.available(3) == "有货 3 件"
    assert zh.text("card.buy_online") == "Buy online"  # not translated yet: English
    assert Wording("fr").text("card.reserve") == "Reserve here"  # no table: English
    assert Wording("zh").text("card.reserve") == "Reserve here"  # "zh" is not "zh-CN"


def test_every_english_message_fills_without_error() -> None:
    values = {
        "size": "M", "also": "L", "shoulders": "40.1 ± 2.3", "others": "x", "place": "p",
        "km": "1.0", "days": 2, "count": 2, "summary": "s", "time": "14:02", "until": "u",
        "reason": "r", "low": 6, "high": 20, "name": "Li Na", "day": 3, "month": "Mar",
        "available": "a", "pickup": "p",
    }  # fmt: skip
    for key in wording.MESSAGES["en"]:
        text = WORDS.text(key, **values)
        assert text and "{" not in text, key
