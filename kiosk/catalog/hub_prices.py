"""The hub's catalog over the kiosk's own: one price in every channel, the hub's.

The kiosk ships its shades' rendering data (colour, finish, gloss, sparkle...) and its
garments' images and rigs in `assets/`, so it can start and try products on with no hub
at all. What the business sets centrally, the name and the in-store price, comes from
the hub's catalog when it is known (live, or the kiosk's cached copy when the hub is
away), so the shelf and the card never quote a price the till would not charge.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from kiosk.catalog.money import Money
from kiosk.storeapi.contract import Product

P = TypeVar("P", bound=Any)


@dataclass(frozen=True)
class HubPrice:
    name: str
    price: Money


def hub_prices(products: Iterable[Product]) -> dict[str, HubPrice]:
    """In-store name and price by product id (a shade's product id is its one SKU).

    A garment's variants (sizes) share one price on the shelf: its first variant's.
    """
    found: dict[str, HubPrice] = {}
    for product in products:
        for variant in product.variants:
            store = next((p for p in variant.prices if p.channel == "store"), None)
            if store is None or product.product_id in found:
                continue
            try:
                found[product.product_id] = HubPrice(
                    product.name, Money.of(store.amount, store.currency)
                )
            except ValueError:
                continue
    return found


def repriced(items: tuple[P, ...], prices: Mapping[str, HubPrice]) -> tuple[P, ...]:
    """Shipped products (frozen dataclasses with product_id, name and price) with the
    hub's name and price wherever the hub has one for them."""
    out = []
    for item in items:
        hub = prices.get(item.product_id)
        out.append(item if hub is None else replace(item, name=hub.name, price=hub.price))
    return tuple(out)
