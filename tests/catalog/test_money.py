"""The one money formatter: every price text on screen comes from here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kiosk.catalog.money import Money, format_money


@pytest.mark.parametrize(
    ("amount", "currency", "language", "text"),
    [
        ("229.00", "CNY", "en", "¥229.00"),
        ("229", "CNY", "zh", "¥229.00"),
        ("1299.5", "CNY", "zh-CN", "¥1,299.50"),
        ("1299.505", "CNY", "en", "¥1,299.51"),  # half up, as a till rounds
        ("10.00", "CHF", "en", "10.00 CHF"),
        ("1500", "JPY", "en", "¥1,500"),
        ("12.5", "USD", "xx", "$12.50"),  # an unknown language falls back to English rules
    ],
)
def test_price_texts(amount: str, currency: str, language: str, text: str) -> None:
    assert format_money(Decimal(amount), currency, language) == text
    assert Money.of(amount, currency).text(language) == text


def test_money_refuses_what_is_not_a_price() -> None:
    for bad in ("abc", "NaN", "-1", "inf"):
        with pytest.raises(ValueError):
            Money.of(bad, "CNY")
    with pytest.raises(ValueError, match="currency"):
        Money.of("1", "yuan")
    assert Money.of(229.0, "cny") == Money(Decimal("229.0"), "CNY")
