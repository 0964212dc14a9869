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


def test_stock_rows_say_place_then_news() -> None:
    here = row("this_store", 6, "Nanjing Rd")
    near = row("nearby", 3, "Xintiandi", distance_km=2.81, pickup_time="Ready in 1 hour")
    online = row("online", 40, "Online warehouse", ship_days=2)
    assert [WORDS.row_label(r) for r in (here, near, online)] == [
        "This store",
        "Xintiandi · 2.8 km",
        "Online",
    ]
    assert [WORDS.row_detail(r) for r in (here, near, online)] == [
        "On the shelf",
        "3 left · ready in 1 h",
        "Delivered in 2 days",
    ]
    assert WORDS.row_label(row("nearby", 1)) == "Jing'an"  # no distance known
    assert WORDS.row_detail(row("nearby", 0, pickup_time="Ready in 1 hour")) == "None left"
    assert WORDS.row_detail(row("this_store", 1)) == "The last one"
    assert WORDS.row_detail(row("nearby", 9, pickup_time="Usually ready in 24 hours")) == (
        "9 available · ready in 1 day"
    )


@pytest.mark.parametrize(
    ("here", "summary"),
    [
        (12, "On the shelf here"),
        (3, "On the shelf here · 3 left"),
        (1, "On the shelf here · the last one"),
    ],
)
def test_on_the_shelf_here_says_the_count_only_when_few(here: int, summary: str) -> None:
    rows = [row("this_store", here), row("nearby", 5, "Xintiandi", distance_km=2.8)]
    assert WORDS.stock_summary(rows) == summary  # nothing more to say: it is right here


def test_not_here_the_summary_says_where_else() -> None:
    near = row("nearby", 3, "Xintiandi", distance_km=2.8, pickup_time="Ready in 1 hour")
    online = row("online", 17, "W", ship_days=2)
    assert WORDS.stock_summary([row("this_store", 0), near, online]) == (
        "Not on the shelf here right now · 3 at Xintiandi · 2.8 km · ready in 1 h"
        " · Online · delivered in 2 days"
    )
    assert WORDS.nearby(near) == "3 at Xintiandi · 2.8 km · ready in 1 h"
    assert WORDS.nearby(row("nearby", 2, "Jing'an", distance_km=0.42)) == "2 at Jing'an · 400 m"
    assert WORDS.stock_summary([]) == ""


@pytest.mark.parametrize(
    ("days", "line", "detail"),
    [
        (0, "Online · ships today", "Ships today"),
        (1, "Online · delivered in 1 day", "Delivered in 1 day"),
        (3, "Online · delivered in 3 days", "Delivered in 3 days"),
        (None, "Online", "40 available"),
    ],
)
def test_online_delivery_words(days: int | None, line: str, detail: str) -> None:
    online = row("online", 40, ship_days=days)
    assert WORDS.online(online) == line
    assert WORDS.row_detail(online) == detail


def test_sold_out_is_said_kindly_never_as_sold_out_after_a_promise() -> None:
    sold = [row("this_store", 0), row("nearby", 0, distance_km=1.0), row("online", 0, ship_days=2)]
    summary = WORDS.stock_summary(sold)
    assert summary == "All sold for now; staff can tell you when more arrive"
    assert WORDS.online(row("online", 0, ship_days=2)) == "Not available online right now"
    for text in [summary, *(WORDS.row_detail(r) for r in sold)]:
        assert "Sold out" not in text and "ships in" not in text


def test_a_pickup_time_the_kiosk_cannot_read_is_shown_as_the_store_wrote_it() -> None:
    assert WORDS.pickup("Ready in 30 minutes") == "ready in 30 min"
    assert WORDS.pickup("Ready in 48 hours") == "ready in 2 days"
    assert WORDS.pickup("Ask at the desk") == "Ask at the desk"
    assert WORDS.pickup(None) == ""


def test_stock_note_says_the_age_only_when_not_live() -> None:
    assert WORDS.stock_note(stock(row("this_store", 1)), NOW) == ""
    cached = stock(row("this_store", 1), live=False)
    assert WORDS.stock_note(cached, NOW) == "Stock as of 13:02"
    assert WORDS.stock_note(cached, NOW + timedelta(days=2)) == "Stock as of 3 Mar 13:02"


@pytest.mark.parametrize(
    ("mode", "online", "note"),
    [
        ("note", "209.00", ("Online price: ¥209.00", "note")),
        ("note", "249.00", ("Online price: ¥249.00", "note")),
        ("match", "209.00", ("¥209.00 online: we match it here", "match")),
        ("match", "249.00", ("", "")),  # dearer online: nothing to match
        ("hidden", "209.00", ("", "")),
    ],
)
def test_a_channel_price_difference_is_shown_as_the_store_chose(
    mode: wording.PriceDifference, online: str, note: tuple[str, str]
) -> None:
    words = Wording("en", SHANGHAI, price_difference=mode)
    rows = (row("this_store", 1), row("nearby", 1), row("online", 1, price=online))
    assert words.price_note(stock(*rows, differs=True)) == note
    same = stock(row("this_store", 1), row("online", 1))
    assert words.price_note(same) == ("", "")


def test_prices_go_through_the_one_money_formatter() -> None:
    assert WORDS.price(Money.of("1299.5", "CNY")) == "¥1,299.50"
    assert WORDS.price(Money.of("10", "CHF")) == "10.00 CHF"


def test_clock_names_the_day_when_not_today() -> None:
    assert WORDS.clock(NOW, NOW) == "14:02"
    assert WORDS.clock(NOW - timedelta(days=2), NOW) == "1 Mar 14:02"


def test_size_advice_in_plain_words_with_the_measurement_a_tap_away() -> None:
    shoulders = Measurement(40.6, 4.3)
    assert WORDS.size_advice(None) == "Finding your size…" and WORDS.size_detail(None) == ""
    one = (shoulders, SizeAdvice("S", 0.8, None))
    assert WORDS.size_advice(one) == "We suggest S"
    assert WORDS.size_detail(one) == "Shoulders about 41 cm"
    up = (shoulders, SizeAdvice("S", 0.5, "M"))
    assert WORDS.size_advice(up) == "We suggest S; between S and M"
    down = (shoulders, SizeAdvice("M", 0.5, "S"))
    assert WORDS.size_advice(down) == "We suggest M; between S and M"  # small to large
    for fit in (one, up, down):
        assert "±" not in WORDS.size_advice(fit) and "±" not in WORDS.size_detail(fit)


def test_finishes_and_shelves_have_names() -> None:
    assert WORDS.finish("matte") == "Matte" and WORDS.finish("velvet") == "Velvet"
    assert WORDS.category("lips") == "Lipstick" and WORDS.category("clothes") == "Clothes"


def test_reservation_and_handoff_lines() -> None:
    held = ReservationView(
        "r1", "LIP-001", 1, "S1", "Jing'an Kerry Centre", "7KQ2MX", "held",
        NOW, NOW + timedelta(hours=2),
    )  # fmt: skip
    assert WORDS.held_until(held, NOW) == "held until 16:02"
    assert WORDS.reservation(held, NOW) == (
        "Waiting for you at Jing'an Kerry Centre · held until 16:02"
    )
    gone = {
        status: WORDS.held_until(replace(held, status=status, expires_at=NOW), NOW)
        for status in ("expired", "cancelled", "collected", "odd")
    }
    assert gone == {
        "expired": "the hold ended at 14:02",
        "cancelled": "cancelled",
        "collected": "collected",
        "odd": "",  # an unknown status word is never shown
    }
    made = HandoffView("c", "https://hub/h/c", NOW + timedelta(minutes=30))
    assert WORDS.handoff(made, NOW) == "Scan with your phone to buy online · valid until 14:32"
    assert WORDS.handoff(made, NOW - timedelta(days=1)).endswith("valid until 3 Mar 14:32")


def test_a_translate_function_says_it_in_another_language_and_falls_back_to_the_source() -> None:
    table = {"Reserve here": "在本店预留", "{count} available": "有 {count} 件"}

    def translate(context: str, source: str) -> str:
        assert context == wording.CONTEXT
        return table.get(source, "")

    zh = Wording("zh-CN", translate=translate)
    assert zh.text("card.reserve") == "在本店预留"
    assert zh.available(9) == "有 9 件"
    assert zh.text("card.buy_online") == "Buy online"  # "" from the translator: the source


def test_every_message_fills_without_error() -> None:
    values = {
        "size": "M", "low": 6, "high": 20, "cm": 41, "price": "¥1", "place": "p", "km": "1.0",
        "m": 400, "n": 2, "days": 2, "count": 2, "summary": "s", "time": "14:02", "until": "u",
        "name": "Li Na", "day": 3, "month": "Mar", "digits": 8, "tier": "Gold", "points": "1,280",
        "product": "Crimson Velvet", "depth": "medium", "undertone": "warm undertone",
    }  # fmt: skip
    for key in wording.TEXTS:
        text = WORDS.text(key, **values)
        assert text and "{" not in text, key
