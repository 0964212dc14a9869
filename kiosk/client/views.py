"""What the store side knows about a product, as plain frozen values the UI can use.

Quantities, prices (`Money`), places and times (aware datetimes in UTC), nothing worded:
the words a shopper reads ("Nearby (Jing'an, 2.3 km)", "Last one", "Stock as of 14:02")
are made from these values in one place, `kiosk.session.wording`, in the shopper's
language and time zone. Keeping this module free of wording lets the same values feed a
card in English or Chinese, a staff screen or a log line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.catalog.money import Money
from kiosk.storeapi.contract import (
    ChannelStock,
    Handoff,
    Lookbook,
    Photo,
    Product,
    Reservation,
    StockReport,
    Variant,
)


@dataclass(frozen=True)
class ChannelRow:
    """One channel's stock for a SKU: this store, one nearby store, or online."""

    channel: str  # "this_store" | "nearby" | "online"
    location_id: str
    location_name: str
    available: int  # never below 0
    pickup_time: str | None  # the hub's own words, e.g. "Ready in 2 hours" (Shopify style)
    price: Money
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
    price: Money | None  # this store's price (the first row's); None with no rows
    price_differs: bool  # the channels do not all charge the same
    live: bool
    as_of: datetime
    problem: str | None = None  # why it is not live, in words for a person (None when live)
    etag: str | None = None

    @property
    def available_here(self) -> int:
        return sum(r.available for r in self.rows if r.channel == "this_store")


@dataclass(frozen=True)
class CatalogView:
    """The catalog the carousel shows, live or from the kiosk's cache."""

    products: tuple[Product, ...]
    live: bool
    as_of: datetime
    problem: str | None = None

    def variant(self, sku: str) -> Variant | None:
        return next((v for p in self.products for v in p.variants if v.sku == sku), None)

    def by_barcode(self, ean: str) -> Variant | None:
        return next((v for p in self.products for v in p.variants if v.barcode == ean), None)


@dataclass(frozen=True)
class ReservationView:
    """A hold for pick-up: the code to show and until when it is held."""

    reservation_id: str
    sku: str
    quantity: int
    location_id: str
    location_name: str  # from the stock report when known, else the id
    pickup_code: str
    status: str  # "held" | "cancelled" | "expired" | "collected"
    created_at: datetime
    expires_at: datetime
    at_risk: bool = False  # a sale took units promised to it: staff check before pickup


@dataclass(frozen=True)
class HandoffView:
    """A "Buy online" code: the short URL goes into the QR."""

    code: str
    short_url: str
    expires_at: datetime


@dataclass(frozen=True)
class PhotoView:
    """The shopper's photo on the hub: `url` goes into the QR; the hub deletes it at
    `expires_at`; the kiosk deletes it earlier by `photo_id`."""

    photo_id: str
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class LookbookView:
    """A saved lookbook: `url` goes into the QR until `expires_at`; both None when it went
    to the member's account (no link, kept until deleted)."""

    lookbook_id: str
    url: str | None
    expires_at: datetime | None


def stock_view(
    report: StockReport,
    *,
    live: bool,
    as_of: datetime,
    problem: str | None = None,
    etag: str | None = None,
) -> StockView:
    rows = tuple(_row(c) for c in report.channels)
    prices = {r.price for r in rows}
    return StockView(
        sku=report.sku,
        rows=rows,
        price=rows[0].price if rows else None,
        price_differs=(not report.price_consistent) or len(prices) > 1,
        live=live,
        as_of=as_of,
        problem=None if live else problem,
        etag=etag,
    )


def _row(c: ChannelStock) -> ChannelRow:
    return ChannelRow(
        channel=c.channel,
        location_id=c.location_id,
        location_name=c.location_name,
        available=max(0, c.available),
        pickup_time=c.pickup_time,
        price=Money.of(c.price.amount, c.price.currency),
        distance_km=c.distance_km,
        ship_days=c.ship_days,
        shelf=c.shelf,
        back_room=c.back_room,
    )


def reservation_view(held: Reservation, location_name: str | None = None) -> ReservationView:
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
        at_risk=held.at_risk,
    )


def handoff_view(handoff: Handoff) -> HandoffView:
    return HandoffView(
        code=handoff.code, short_url=handoff.short_url, expires_at=handoff.expires_at
    )


def photo_view(photo: Photo) -> PhotoView:
    return PhotoView(photo_id=photo.photo_id, url=photo.url, expires_at=photo.expires_at)


def lookbook_view(lookbook: Lookbook) -> LookbookView:
    return LookbookView(lookbook.lookbook_id, lookbook.url, lookbook.expires_at)
