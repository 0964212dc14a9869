"""What the product card shows, as plain frozen values the UI can bind without thinking.

The UI adapter turns these into Qt properties and list models; it makes no decisions of
its own. So the wording ("This store", "Nearby (Jing'an, 2.3 km)", "Online (ships in
2 days)", "as of 14:02"), the price text and the "price differs" flag are decided here,
once, where tests can check them. Times are aware datetimes in UTC; texts are in the
kiosk's local time (or the `tz` given, for tests).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal, InvalidOperation

from kiosk.storeapi.contract import (
    ChannelStock,
    Handoff,
    Price,
    Product,
    Reservation,
    StockReport,
    Variant,
)

_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "HKD": "HK$"}
_TITLES = {"this_store": "This store", "nearby": "Nearby", "online": "Online"}


def price_text(price: Price) -> str:
    """'¥229.00' (or '229.00 XYZ' for a currency without a symbol)."""
    try:
        amount = f"{Decimal(price.amount):,.2f}"
    except InvalidOperation:
        amount = price.amount
    symbol = _SYMBOLS.get(price.currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {price.currency}"


def clock_text(when: datetime, now: datetime, tz: tzinfo | None = None) -> str:
    """'14:02' today, '3 Mar 14:02' on another day (both in local time)."""
    local, today = when.astimezone(tz), now.astimezone(tz)
    if local.date() == today.date():
        return local.strftime("%H:%M")
    return f"{local.day} {local.strftime('%b %H:%M')}"


@dataclass(frozen=True)
class ChannelRow:
    """One line of the card's stock table."""

    channel: str  # "this_store" | "nearby" | "online"
    label: str  # "This store" | "Nearby (Jing'an, 2.3 km)" | "Online (ships in 2 days)"
    location_id: str
    location_name: str
    available: int
    available_text: str  # "3 available" | "Last one" | "Sold out"
    pickup_time: str | None  # "Ready in 2 hours" (Shopify storeAvailability style)
    price_text: str
    distance_km: float | None
    ship_days: int | None
    shelf: int | None
    back_room: int | None

    @property
    def in_stock(self) -> bool:
        return self.available > 0


@dataclass(frozen=True)
class StockView:
    """A product's stock at every channel; `live` False means the hub could not be asked and
    this is the last known report, `as_of` being when the kiosk last confirmed it."""

    sku: str
    rows: tuple[ChannelRow, ...]
    price_text: str  # this store's price (the first row's)
    price_differs: bool  # the channels do not all charge the same
    live: bool
    as_of: datetime
    as_of_text: str  # "as of 14:02"
    problem: str | None = None  # why it is not live, in words for a person (None when live)
    etag: str | None = None

    @property
    def available_here(self) -> int:
        return sum(r.available for r in self.rows if r.channel == "this_store")

    @property
    def status_text(self) -> str:
        """'In stock now' wording is the UI's; this is the freshness line: '' or
        'Stock as of 14:02'."""
        return "" if self.live else f"Stock {self.as_of_text}"


@dataclass(frozen=True)
class CatalogView:
    """The catalog the carousel shows, live or from the kiosk's cache."""

    products: tuple[Product, ...]
    live: bool
    as_of: datetime
    as_of_text: str
    problem: str | None = None

    def variant(self, sku: str) -> Variant | None:
        return next((v for p in self.products for v in p.variants if v.sku == sku), None)

    def by_barcode(self, ean: str) -> Variant | None:
        return next((v for p in self.products for v in p.variants if v.barcode == ean), None)


@dataclass(frozen=True)
class ReservationView:
    """A hold for pick-up, ready for the card: code to show, expiry in words."""

    reservation_id: str
    sku: str
    quantity: int
    location_id: str
    location_name: str  # from the stock report when known, else the id
    pickup_code: str
    status: str  # "held" | "cancelled" | "expired" | "collected"
    created_at: datetime
    expires_at: datetime
    expires_text: str  # "Held until 16:02"


@dataclass(frozen=True)
class HandoffView:
    """A "Buy online" code: the short URL goes into the QR, the text under it."""

    code: str
    short_url: str
    expires_at: datetime
    expires_text: str  # "Valid until 16:32"


def stock_view(
    report: StockReport,
    *,
    live: bool,
    as_of: datetime,
    now: datetime,
    problem: str | None = None,
    etag: str | None = None,
    tz: tzinfo | None = None,
) -> StockView:
    rows = tuple(_row(c) for c in report.channels)
    prices = {(c.price.amount, c.price.currency) for c in report.channels}
    return StockView(
        sku=report.sku,
        rows=rows,
        price_text=rows[0].price_text if rows else "",
        price_differs=(not report.price_consistent) or len(prices) > 1,
        live=live,
        as_of=as_of,
        as_of_text=f"as of {clock_text(as_of, now, tz)}",
        problem=None if live else problem,
        etag=etag,
    )


def _row(c: ChannelStock) -> ChannelRow:
    label = _TITLES.get(c.channel, c.location_name)
    if c.channel == "nearby":
        far = f", {c.distance_km:.1f} km" if c.distance_km is not None else ""
        label = f"Nearby ({c.location_name}{far})"
    elif c.channel == "online" and c.ship_days is not None:
        days = "today" if c.ship_days == 0 else f"in {c.ship_days} day{'s' * (c.ship_days != 1)}"
        label = f"Online (ships {days})"
    available = max(0, c.available)
    words = "Sold out" if available == 0 else "Last one" if available == 1 else "available"
    return ChannelRow(
        channel=c.channel,
        label=label,
        location_id=c.location_id,
        location_name=c.location_name,
        available=available,
        available_text=f"{available} available" if available > 1 else words,
        pickup_time=c.pickup_time,
        price_text=price_text(c.price),
        distance_km=c.distance_km,
        ship_days=c.ship_days,
        shelf=c.shelf,
        back_room=c.back_room,
    )


def reservation_view(
    held: Reservation, now: datetime, location_name: str | None = None, tz: tzinfo | None = None
) -> ReservationView:
    when = clock_text(held.expires_at, now, tz)
    text = {"held": f"Held until {when}", "expired": f"Expired at {when}"}.get(
        held.status, held.status.capitalize()
    )
    return ReservationView(
        reservation_id=held.reservation_id,
        sku=held.sku,
        quantity=held.quantity,
        location_id=held.location_id,
        location_name=location_name or held.location_id,
        pickup_code=held.pickup_code,
        status=held.status,
        created_at=held.created_at,
        expires_at=held.expires_at,
        expires_text=text,
    )


def handoff_view(handoff: Handoff, now: datetime, tz: tzinfo | None = None) -> HandoffView:
    return HandoffView(
        code=handoff.code,
        short_url=handoff.short_url,
        expires_at=handoff.expires_at,
        expires_text=f"Valid until {clock_text(handoff.expires_at, now, tz)}",
    )
