"""The product card as a plain view model: the product on the shopper in, final texts out.

It lives in `session` because that is the lowest layer that sees both what the shopper
wears (`kiosk.catalog`'s products and variants, the size measured in `sizing`) and what
the store side knows (`kiosk.client.views`), and it needs no Qt: the QML card binds a
thin QObject (`kiosk.ui.card.CardModel`) that copies a `CardView` and decides nothing.
Lipstick and garments go through the same function, so the card has no per-category
branches; a new category (eyes, cheeks) adds a product type, not a card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kiosk.catalog.cosmetics import CosmeticProduct
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.money import Money
from kiosk.catalog.products import Variant
from kiosk.catalog.shades import ShadeProduct
from kiosk.client.views import StockView
from kiosk.session.visit import OnScreen
from kiosk.session.wording import Fit, Wording

Product = ShadeProduct | GarmentProduct | CosmeticProduct


@dataclass(frozen=True)
class OnCard:
    """The product on the shopper, in the variant the card talks about (a garment's size)."""

    product: Product
    variant: Variant
    fit: Fit | None = None  # a garment's size advice; None while measuring, and for shades

    @property
    def sku(self) -> str:
        return self.variant.sku

    def on_screen(self) -> OnScreen:
        """What the visit records: the shade's name, or the garment's size."""
        if isinstance(self.product, ShadeProduct | CosmeticProduct):
            return OnScreen(self.sku, shade=self.product.name)
        return OnScreen(self.sku, size=self.variant.size)


def shade_on_card(product: ShadeProduct) -> OnCard:
    return OnCard(product, product.variants[0])


def cosmetic_on_card(product: CosmeticProduct) -> OnCard:
    return OnCard(product, product.variants[0])


def garment_on_card(product: GarmentProduct, fit: Fit | None) -> OnCard:
    """The garment in the suggested size; the middle size until the shopper is measured."""
    size = fit[1].size if fit is not None else ""
    if size not in product.sizes:
        size = product.sizes[len(product.sizes) // 2]
    return OnCard(product, product.variant(size), fit)


@dataclass(frozen=True)
class StoreSide:
    """What the store side knows about the product on the card."""

    enabled: bool = True  # a store service is configured at all
    stock: StockView | None = None  # None: not known (yet)
    problem: str = ""  # why there is no stock to show, in the shopper's words, if known
    reserving: bool = False


@dataclass(frozen=True)
class StockLine:
    """One line of the card's stock table, worded."""

    channel: str
    label: str  # "Xintiandi · 2.8 km"
    detail: str  # "3 available · ready in 1 h"
    in_stock: bool


@dataclass(frozen=True)
class CardView:
    """Everything the card and its action buttons show, in final wording."""

    visible: bool = False
    sku: str = ""
    name: str = ""
    detail: str = ""  # the finish, or the size advice in plain words ("We suggest S")
    size_detail: str = ""  # the measurement behind the advice, one tap away
    price: str = ""
    member_price: str = ""  # "Member price ¥206.10" for a signed-in member, from the hub
    swatch: str = ""  # "#B0123A" for a shade; "" shows no swatch
    stock_known: bool = False
    stock_summary: str = ""  # one line, with a sign that a tap shows every channel
    stock_good: bool = False  # in stock in this store (the summary reads green)
    rows: tuple[StockLine, ...] = ()
    stock_note: str = ""  # "Stock as of 14:02", or why there is no stock
    stock_less: str = ""
    price_note: str = ""  # "" when one price holds everywhere (or the store hides it)
    price_note_kind: str = ""  # "note" (neutral), "match" (the store matches it), or ""
    actions_visible: bool = False
    reserve_text: str = ""
    reserve_enabled: bool = False
    buy_text: str = ""
    buy_enabled: bool = False
    buy_visible: bool = False  # only where something can be bought online
    save_text: str = ""


def card_view(
    on: OnCard | None,
    store: StoreSide,
    recording: bool,
    words: Wording,
    now: datetime,
    member_price: Money | None = None,
) -> CardView:
    """The card for `on` (None: nothing worn, the card hides); `member_price`, the
    signed-in member's price as the hub quotes it (said only when it is lower)."""
    if on is None:
        return CardView()
    product = on.product
    stock = store.stock
    if isinstance(product, ShadeProduct):
        detail, swatch, size_detail = words.finish(product.shade.finish), product.shade.color, ""
    elif isinstance(product, CosmeticProduct):
        detail, swatch, size_detail = words.cosmetic(product.kind), product.swatch[0], ""
    else:
        detail, swatch, size_detail = words.size_advice(on.fit), "", words.size_detail(on.fit)
    # The hub's price once stock is known: one price in every channel.
    price = stock.price if stock is not None and stock.price is not None else product.price
    if not store.enabled:
        note = ""  # no store side: the card shows the product alone
    else:
        note = words.stock_note(stock, now) if stock is not None else store.problem
        note = note or ("" if stock is not None else words.text("stock.checking"))
    rows = () if stock is None else stock.rows
    summary = words.stock_summary(rows) if stock is not None else ""
    price_note, price_note_kind = words.price_note(stock) if stock is not None else ("", "")
    online = any(r.channel == "online" and r.in_stock for r in rows)
    return CardView(
        visible=True,
        sku=on.sku,
        name=words.product_name(product.name),
        detail=detail,
        size_detail=size_detail,
        price=words.price(price),
        member_price=(
            words.text("card.member_price", price=words.price(member_price))
            if member_price is not None
            and member_price.currency == price.currency
            and member_price.amount < price.amount
            else ""
        ),
        swatch=swatch,
        stock_known=stock is not None,
        stock_summary=words.text("stock.more", summary=summary) if summary else "",
        stock_good=stock is not None and stock.available_here > 0,
        rows=tuple(
            StockLine(r.channel, words.row_label(r), words.row_detail(r), r.in_stock) for r in rows
        ),
        stock_note=note,
        stock_less=words.text("stock.less"),
        price_note=price_note,
        price_note_kind=price_note_kind,
        actions_visible=store.enabled,
        reserve_text=words.text("card.reserving" if store.reserving else "card.reserve"),
        reserve_enabled=stock is not None and stock.available_here > 0 and not store.reserving,
        buy_text=words.text("card.buy_online"),
        buy_enabled=store.enabled and online,
        buy_visible=store.enabled and online,
        save_text=words.text("card.save_look" if recording else "card.save"),
    )
