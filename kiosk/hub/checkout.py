"""Checkout URL templates: where a hand-off's short URL sends the shopper's phone.

`shopify` follows Shopify's cart permalink (`/cart/{variant_id}:{qty},...` with cart
attributes and `ref`), `generic` a plain query string; an operator may pass their own
template using the same placeholders. Every value is URL-encoded; attribution (store,
kiosk, staff, session) rides along so the store is credited. No member id goes into the
URL: it would end up in browser histories and shop logs.
"""

from __future__ import annotations

import string
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

TEMPLATES = {
    "shopify": (
        "{shop}/cart/{cart}?attributes[store]={store}&attributes[kiosk]={kiosk}"
        "&attributes[staff]={staff}&attributes[session]={session}&ref=kiosk"
    ),
    "generic": (
        "{shop}/checkout?items={items}&store={store}&kiosk={kiosk}&staff={staff}&session={session}"
    ),
}
PLACEHOLDERS = ("shop", "cart", "items", "store", "kiosk", "staff", "session", "code")


@dataclass(frozen=True)
class CartLine:
    sku: str
    online_variant_id: str | None  # the online shop's variant id (Shopify: numeric)
    quantity: int


def check_template(template: str) -> None:
    """Refuse a template with unknown placeholders or no cart, naming them."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ValueError(f"checkout template {template!r} is malformed: {exc}") from None
    unknown = sorted(names - set(PLACEHOLDERS))
    if unknown:
        raise ValueError(
            f"checkout template uses unknown placeholder(s) {unknown}; "
            f"use shopify, generic, or a template with {{{'}, {'.join(PLACEHOLDERS)}}}"
        )
    if not names & {"cart", "items"}:
        raise ValueError(
            "checkout template has neither {cart} nor {items}: the cart would be empty"
        )


def checkout_url(
    template: str,
    shop: str,
    lines: Sequence[CartLine],
    *,
    store: str | None,
    kiosk: str,
    staff: str | None,
    session: str,
    code: str,
) -> str:
    """The checkout URL for a hand-off's cart and attribution."""

    def enc(value: str | None) -> str:
        return quote(value or "", safe="")

    cart = ",".join(f"{enc(line.online_variant_id or line.sku)}:{line.quantity}" for line in lines)
    items = ",".join(f"{enc(line.sku)}:{line.quantity}" for line in lines)
    return template.format(
        shop=shop.rstrip("/"),
        cart=cart,
        items=items,
        store=enc(store),
        kiosk=enc(kiosk),
        staff=enc(staff),
        session=enc(session),
        code=enc(code),
    )


def without_empty_params(url: str) -> str:
    """`url` with its empty query parameters left out (`attributes[staff]=` with no staff):
    a link drawn as a QR code is shorter, so its modules are bigger. The other parameters
    stay exactly as they were written (each already URL-encoded)."""
    head, sep, query = url.partition("?")
    if not sep:
        return url
    kept = [part for part in query.split("&") if part and not part.endswith("=")]
    return f"{head}?{'&'.join(kept)}" if kept else head
