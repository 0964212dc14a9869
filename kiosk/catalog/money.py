"""Money and its one formatter: every price on screen, in any language, is written here.

Amounts are `Decimal` (what the hub sends as strings: "229.00"), never floats, so a price
never prints as 228.99999. The text follows the shopper's language: the symbol, the digit
grouping and where the currency code goes. The kiosk speaks English and Chinese today;
a language not in the table falls back to English rules rather than failing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# Symbols shoppers read without thinking; any other currency is written with its code.
_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}
_DECIMALS = {"JPY": 0}
# language -> (group separator, decimal separator); both en and zh-CN use 1,299.50.
_SEPARATORS = {"en": (",", "."), "zh": (",", ".")}


@dataclass(frozen=True)
class Money:
    """An amount in a currency (ISO 4217 code)."""

    amount: Decimal
    currency: str

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        """From a number or the hub's decimal string; refuses what is not a finite amount."""
        try:
            value = Decimal(str(amount))
        except (InvalidOperation, ValueError):
            raise ValueError(f"price {amount!r} is not a number") from None
        if not value.is_finite():
            raise ValueError(f"price {amount!r} is not a number")
        if value < 0:
            raise ValueError(f"price {amount!r} is negative")
        if not isinstance(currency, str) or len(currency) != 3 or not currency.isalpha():
            raise ValueError(f"currency {currency!r} is not a three-letter code")
        return cls(value, currency.upper())

    def text(self, language: str = "en") -> str:
        return format_money(self.amount, self.currency, language)


def format_money(amount: Decimal | str | float, currency: str, language: str = "en") -> str:
    """The price as a shopper reads it: "¥1,299.50" (en and zh), "10.00 CHF"."""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}"
    places = _DECIMALS.get(currency, 2)
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    group, point = _SEPARATORS.get(language.split("-")[0].lower(), _SEPARATORS["en"])
    digits = f"{abs(rounded):,.{places}f}".replace(",", "\x00").replace(".", point)
    digits = ("-" if rounded < 0 else "") + digits.replace("\x00", group)
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{digits}" if symbol else f"{digits} {currency}"
