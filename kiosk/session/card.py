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
from decimal import Decimal

from kiosk.catalog.catalog import Product, swatch_of
from kiosk.catalog.cosmetics import CosmeticProduct, LookProduct
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.money import Money
from kiosk.catalog.products import Variant
from kiosk.catalog.shades import ShadeProduct
from kiosk.client.views import StockView
from kiosk.session.visit import OnScreen
from kiosk.session.wording import Fit, Wording


@dataclass(frozen=True)
class LookOnCard:
    """The complete look the card's product is one of: the card names the look, lists its
    products (one tap brings each to the card, with its own stock and ways to buy) and
    says what the whole look costs."""

    look: LookProduct
    products: tuple[Product, ...]  # in the look's order


@dataclass(frozen=True)
class OnCard:
    """The product on the shopper, in the variant the card talks about (a garment's size)."""

    product: Product
    variant: Variant
    fit: Fit | None = None  # a garment's size advice; None while measuring, and for shades
    look: LookOnCard | None = None  # the look worn, when the card is about one of its products

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


def look_on_card(look: LookProduct, products: tuple[Product, ...], sku: str) -> OnCard | None:
    """The look's product sold as `sku` on the card (its first product when `sku` is not
    one of them), the look beside it; None for a look with no product."""
    if not products:
        return None
    product = next((p for p in products if p.variants[0].sku == sku), products[0])
    return OnCard(product, product.variants[0], look=LookOnCard(look, products))


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
class LookLine:
    """One product of the look on the card, worded: a tap brings it to the card."""

    sku: str
    name: str
    what: str  # what it is, short ("Lipstick", "Mascara"): a chip's label
    swatch: str  # "" when the product has no colour to show
    on_card: bool  # the product the card is about now


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
    look_name: str = ""  # the look the product is one of ("" when it is not a look's)
    look_total: str = ""  # "5 products · ¥1,096.00 in all"
    look_lines: tuple[LookLine, ...] = ()
    buy_look_text: str = ""  # one cart with the whole look, where a look is on the card
    buy_look_visible: bool = False


def _what(product: Product, words: Wording) -> str:
    if isinstance(product, CosmeticProduct):
        return words.cosmetic(product.kind)
    return words.category("lips" if isinstance(product, ShadeProduct) else "clothes")


def _look_part(
    look: LookOnCard | None, sku: str, words: Wording
) -> tuple[str, str, tuple[LookLine, ...]]:
    """The card's look fields: the look's name, its products and their total (the
    catalog's prices, which are the hub's once it has been heard from; no total when
    they are in different currencies)."""
    if look is None:
        return "", "", ()
    prices = [p.price for p in look.products]
    count = len(look.products)
    if len({p.currency for p in prices}) == 1:
        total = Money(sum((p.amount for p in prices), Decimal(0)), prices[0].currency)
        said = words.text("card.look_total", count=count, price=words.price(total))
    else:
        said = words.text("card.look_count", count=count)
    lines = tuple(
        LookLine(
            p.variants[0].sku,
            words.product_name(p.name),
            _what(p, words),
            swatch_of(p),
            p.variants[0].sku == sku,
        )
        for p in look.products
    )
    return words.product_name(look.look.name), said, lines


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
    swatch = swatch_of(product)
    if isinstance(product, ShadeProduct):
        detail, size_detail = words.finish(product.shade.finish), ""
    elif isinstance(product, CosmeticProduct):
        detail, size_detail = words.cosmetic(product.kind), ""
    else:
        detail, size_detail = words.size_advice(on.fit), words.size_detail(on.fit)
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
    look_name, look_total, look_lines = _look_part(on.look, on.sku, words)
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
        look_name=look_name,
        look_total=look_total,
        look_lines=look_lines,
        buy_look_text=words.text("card.buy_look"),
        buy_look_visible=store.enabled and bool(look_lines),
    )
