"""The product card's view model: final texts for a shade and for a garment in a size."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from kiosk.catalog.cosmetics import CosmeticProduct, LookItem, LookProduct
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.money import Money
from kiosk.catalog.shades import ShadeProduct
from kiosk.client.views import ChannelRow, StockView
from kiosk.render.cosmetics import Blush, EyeShadow
from kiosk.render.shade import Shade
from kiosk.session.card import (
    CardView,
    OnCard,
    StockLine,
    StoreSide,
    card_view,
    garment_on_card,
    look_on_card,
    shade_on_card,
)
from kiosk.session.visit import OnScreen
from kiosk.session.wording import Wording
from kiosk.vision.measure import Measurement, SizeAdvice

SHANGHAI = timezone(timedelta(hours=8))
NOW = datetime(2026, 3, 3, 6, 2, tzinfo=UTC)
WORDS = Wording("en", SHANGHAI)
MATTE_RED = Shade("#B0123A", "matte")
CRIMSON = ShadeProduct("LIP-001", "Crimson Velvet", Money.of("229", "CNY"), MATTE_RED)
TEE = GarmentProduct(
    "TOP-001", "Classic Crew Tee", "tee", Money.of("129", "CNY"), Path("tee.png"),
    Path("tee.rig.json"), ("XS", "S", "M", "L", "XL"),
    {"XS": 36.0, "S": 38.0, "M": 40.0, "L": 42.0, "XL": 44.0},
)  # fmt: skip
FIT = (Measurement(42.3, 1.1), SizeAdvice("L", 0.6, "XL"))


def row(channel: str, available: int, price: str = "239.00", **extra: object) -> ChannelRow:
    values: dict[str, object] = {
        "channel": channel, "location_id": "L", "location_name": "Jing'an",
        "available": available, "pickup_time": None, "price": Money.of(price, "CNY"),
        "distance_km": None, "ship_days": None, "shelf": None, "back_room": None,
    }  # fmt: skip
    values.update(extra)
    return ChannelRow(**values)  # type: ignore[arg-type]


def stock(*rows: ChannelRow, live: bool = True, differs: bool = False) -> StockView:
    return StockView("X", rows, rows[0].price, differs, live, NOW - timedelta(minutes=5))


ROWS = (
    row("this_store", 6, pickup_time="Ready now"),
    row("nearby", 5, distance_km=2.8, pickup_time="Ready in 1 hour"),
    row("online", 0, ship_days=2),
)


def test_a_shade_before_stock_is_known() -> None:
    card = card_view(shade_on_card(CRIMSON), StoreSide(), False, WORDS, NOW)
    assert (card.visible, card.sku, card.name, card.detail) == (
        True,
        "LIP-001",
        "Crimson Velvet",
        "Matte",
    )
    assert card.price == "¥229.00" and card.swatch == "#B0123A"  # the shelf's price
    assert not card.stock_known and card.stock_summary == "" and card.rows == ()
    assert card.stock_note == "Checking stock…" and card.price_note == ""
    assert card.actions_visible and card.size_detail == ""
    assert (card.reserve_text, card.reserve_enabled) == ("Reserve here", False)
    assert (card.buy_text, card.buy_enabled, card.buy_visible) == ("Buy online", False, False)
    assert card.save_text == "Save to my account"


def test_a_shade_with_live_stock() -> None:
    card = card_view(shade_on_card(CRIMSON), StoreSide(stock=stock(*ROWS)), False, WORDS, NOW)
    assert card.price == "¥239.00"  # the hub's price once known: one price everywhere
    assert card.stock_known and card.stock_good
    assert card.stock_summary == "On the shelf here  ▾"  # all a shopper needs: it is here
    assert card.rows == (
        StockLine("this_store", "This store", "On the shelf", True),
        StockLine("nearby", "Jing'an · 2.8 km", "5 available · ready in 1 h", True),
        StockLine("online", "Online", "None left", False),
    )
    assert card.stock_less == "▴ Show less" and card.stock_note == ""
    assert card.reserve_enabled
    # nothing can be bought online: Buy online is neither offered nor tappable
    assert not card.buy_enabled and not card.buy_visible


def test_a_garment_in_the_suggested_size() -> None:
    on = garment_on_card(TEE, FIT)
    assert on.sku == "TOP-001-L" and on.on_screen() == OnScreen("TOP-001-L", size="L")
    side = StoreSide(stock=stock(row("this_store", 0), row("online", 3, price="119.00"),
                                 differs=True))  # fmt: skip
    card = card_view(on, side, True, WORDS, NOW)
    assert (card.sku, card.name, card.swatch) == ("TOP-001-L", "Classic Crew Tee", "")
    assert card.detail == "We suggest L; between L and XL"
    assert card.size_detail == "Shoulders about 42 cm"  # one tap away
    assert card.price == "¥239.00" and card.price_note == "Online price: ¥119.00"
    assert card.price_note_kind == "note"  # neutral: the store's default
    assert card.stock_summary == "Not on the shelf here right now · Online  ▾"
    assert not card.stock_good
    assert not card.reserve_enabled  # nothing here to hold
    assert card.buy_enabled and card.buy_visible  # three online
    assert card.save_text == "Save look"  # the member records try-ons


def test_a_garment_before_the_shopper_is_measured_is_in_the_middle_size() -> None:
    on = garment_on_card(TEE, None)
    assert on.sku == "TOP-001-M"
    card = card_view(on, StoreSide(), False, WORDS, NOW)
    assert card.detail == "Finding your size…" and card.price == "¥129.00"
    assert card.size_detail == ""
    odd = (FIT[0], SizeAdvice("XXL", 0.9, None))  # a size the garment does not come in
    assert garment_on_card(TEE, odd).sku == "TOP-001-M"


def test_a_shade_is_recorded_by_name() -> None:
    on = shade_on_card(CRIMSON)
    assert on == OnCard(CRIMSON, CRIMSON.variants[0])
    assert on.on_screen() == OnScreen("LIP-001", shade="Crimson Velvet")


@pytest.mark.parametrize(
    ("side", "note"),
    [
        (StoreSide(stock=stock(*ROWS, live=False)), "Stock as of 13:57"),
        (StoreSide(problem="Stock can't be checked right now."),
         "Stock can't be checked right now."),
        (StoreSide(enabled=False, problem="ignored"), ""),
    ],
)  # fmt: skip
def test_the_stock_note(side: StoreSide, note: str) -> None:
    card = card_view(shade_on_card(CRIMSON), side, False, WORDS, NOW)
    assert card.stock_note == note
    assert card.actions_visible == side.enabled


def test_reserving_says_so_and_cannot_be_tapped_twice() -> None:
    side = StoreSide(stock=stock(*ROWS), reserving=True)
    card = card_view(shade_on_card(CRIMSON), side, False, WORDS, NOW)
    assert (card.reserve_text, card.reserve_enabled) == ("Reserving…", False)


def test_nothing_worn_hides_the_card() -> None:
    assert card_view(None, StoreSide(stock=stock(*ROWS)), True, WORDS, NOW) == CardView()
    assert not CardView().visible


SHADOW = CosmeticProduct(
    "EYE-001", "Warm Taupe", Money.of("310", "CNY"), "eyeshadow",
    EyeShadow(("#8A5A44", "#4A2E2A")),
)  # fmt: skip
BLUSH = CosmeticProduct("CHK-001", "Peach Glow", Money.of("199.50", "CNY"), "blush",
                        Blush("#E08070"))  # fmt: skip
LOOK = LookProduct(
    "LOOK-001", "Evening Glam",
    (LookItem("LIP-001", 0.9), LookItem("EYE-001", 0.7), LookItem("CHK-001", 0.5)),
)  # fmt: skip


def test_a_looks_product_comes_with_the_look_its_products_and_their_total() -> None:
    on = look_on_card(LOOK, (CRIMSON, SHADOW, BLUSH), "CHK-001")
    assert on is not None and on.sku == "CHK-001"
    card = card_view(on, StoreSide(), False, WORDS, NOW)
    # the card is the blush's: its stock, price and ways to buy
    assert (card.sku, card.name, card.detail, card.price) == (
        "CHK-001", "Peach Glow", "Blush", "¥199.50",
    )  # fmt: skip
    assert card.look_name == "Evening Glam"
    assert card.look_total == "3 products · ¥738.50 in all"  # 229 + 310 + 199.50
    lines = [(x.sku, x.name, x.what, x.swatch, x.on_card) for x in card.look_lines]
    assert lines == [
        ("LIP-001", "Crimson Velvet", "Lipstick", "#B0123A", False),
        ("EYE-001", "Warm Taupe", "Eyeshadow", "#8A5A44", False),
        ("CHK-001", "Peach Glow", "Blush", "#E08070", True),
    ]
    # a SKU not in the look (or none yet): its first product
    first = look_on_card(LOOK, (CRIMSON, SHADOW, BLUSH), "")
    assert first is not None and first.sku == "LIP-001"
    assert look_on_card(LOOK, (), "LIP-001") is None
    assert (card.buy_look_text, card.buy_look_visible) == ("Buy the look online", True)
    # without a store side there is nowhere to buy it
    assert not card_view(on, StoreSide(enabled=False), False, WORDS, NOW).buy_look_visible
    # one product alone says nothing of a look
    alone = card_view(shade_on_card(CRIMSON), StoreSide(), False, WORDS, NOW)
    assert alone.look_lines == () and not alone.buy_look_visible


def test_a_look_priced_in_two_currencies_gives_no_total() -> None:
    dollars = CosmeticProduct("CHK-002", "Rose", Money.of("20", "USD"), "blush", Blush("#D9646E"))
    on = look_on_card(LOOK, (CRIMSON, dollars), "LIP-001")
    assert on is not None
    card = card_view(on, StoreSide(), False, WORDS, NOW)
    assert card.look_total == "2 products"  # no sum of yuan and dollars
