"""A staff member's styling session with a shopper: find products, put them on, keep up to
four looks, note the shopper's size and preferences, and hand the looks over as one
lookbook (to a consenting member's account, or by QR to anyone).

Plain Python (no Qt): the staff panel's bridge (kiosk.ui.styling_panel) shows it. A look is
what the shopper wears at the moment it is kept: the shade with its finish and strength,
and the garment in the size noted for it. The notes (size, preferences) are personal: they
live in this object only (never sent to the hub) and are forgotten with everything else
when the session ends (`clear`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kiosk.catalog.catalog import Catalog, Product
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.shades import ShadeProduct

MAX_LOOKS = 4
MAX_RESULTS = 12
SIZES = ("XS", "S", "M", "L", "XL")
# What staff tap to note what the shopper likes (words for them live in the QML).
PREFERENCES = ("natural", "bold", "matte", "glossy", "warm", "cool", "classic", "trendy")
BARCODE = re.compile(r"^[0-9]{13}$")  # an EAN-13 typed or scanned: looked up at the hub


@dataclass(frozen=True)
class LookItem:
    """One product of a look: a lip shade (with its strength) or a garment (with a size)."""

    sku: str
    kind: str  # "shade" | "garment"
    name: str
    intensity: float | None = None
    finish: str | None = None
    size: str | None = None

    def to_request(self) -> dict[str, object]:
        body: dict[str, object] = {"sku": self.sku}
        if self.intensity is not None:
            body["intensity"] = round(self.intensity, 2)
        if self.finish:
            body["finish"] = self.finish
        if self.size:
            body["size"] = self.size
        return body


@dataclass(frozen=True)
class Look:
    items: tuple[LookItem, ...]

    @property
    def shade(self) -> LookItem | None:
        return next((i for i in self.items if i.kind == "shade"), None)

    @property
    def garment(self) -> LookItem | None:
        return next((i for i in self.items if i.kind == "garment"), None)

    @property
    def title(self) -> str:
        """The look in a few words: its products' names."""
        return " + ".join(item.name for item in self.items)


@dataclass(frozen=True)
class Found:
    """A search result: a product staff can put on the shopper."""

    sku: str  # the shade's SKU, or the garment's product id (sized when worn)
    kind: str
    name: str
    price: str


def worn_look(
    shade: ShadeProduct | None,
    intensity: float,
    garment: GarmentProduct | None,
    size: str | None,
) -> Look | None:
    """The look on the shopper now, or None when they wear nothing."""
    items: list[LookItem] = []
    if shade is not None:
        items.append(
            LookItem(shade.sku, "shade", shade.name, intensity=intensity, finish=shade.shade.finish)
        )
    if garment is not None:
        sku = garment.variant(size).sku if size and size in garment.sizes else garment.product_id
        items.append(LookItem(sku, "garment", garment.name, size=size or None))
    return Look(tuple(items)) if items else None


def sellable_sku(catalog: Catalog, sku: str) -> str | None:
    """A SKU a till can sell for `sku`: itself, or for a garment's product id (no size
    noted) its first size's, so it can be put on; None when the catalog has neither."""
    if catalog.find(sku) is not None:
        return sku
    product = next((g for g in catalog.garments if g.product_id == sku), None)
    return product.variants[0].sku if product is not None and product.variants else None


def search(catalog: Catalog, query: str, limit: int = MAX_RESULTS) -> list[Found]:
    """Products whose name, SKU or product id holds every word of `query` (any case),
    names starting with the query first. An empty query lists nothing."""
    words = query.casefold().split()
    if not words:
        return []
    ranked: list[tuple[int, int, Found]] = []
    for order, product in enumerate(catalog.products):
        haystack = " ".join(
            [product.name, product.product_id, *(v.sku for v in product.variants)]
        ).casefold()
        if all(word in haystack for word in words):
            starts = 0 if product.name.casefold().startswith(words[0]) else 1
            ranked.append((starts, order, _found(product)))
    ranked.sort(key=lambda entry: (entry[0], entry[1]))
    return [found for _, _, found in ranked[:limit]]


def _found(product: Product) -> Found:
    kind = "shade" if isinstance(product, ShadeProduct) else "garment"
    sku = product.sku if isinstance(product, ShadeProduct) else product.product_id
    return Found(sku, kind, product.name, product.price.text())


@dataclass
class Styling:
    """The looks and notes of one styling session."""

    looks: list[Look] = field(default_factory=list)
    size: str | None = None
    preferences: set[str] = field(default_factory=set)

    @property
    def full(self) -> bool:
        return len(self.looks) >= MAX_LOOKS

    def keep(self, look: Look | None) -> int | None:
        """Keep `look`: its index, or None when there is nothing on, it is kept already
        (the same products), or four are kept."""
        if look is None or self.full or any(kept == look for kept in self.looks):
            return None
        self.looks.append(look)
        return len(self.looks) - 1

    def drop(self, index: int) -> bool:
        if 0 <= index < len(self.looks):
            del self.looks[index]
            return True
        return False

    def note_size(self, size: str | None) -> None:
        self.size = size if size in SIZES else None

    def toggle_preference(self, name: str) -> None:
        if name in PREFERENCES:
            self.preferences ^= {name}

    def lookbook_request(self, session_id: str, member_id: str | None) -> dict[str, object]:
        """The hub's POST /v1/lookbooks body: the looks' products. The notes stay on the
        mirror (they size the garments kept in the looks) and end with the session."""
        looks: list[dict[str, object]] = [
            {"items": [item.to_request() for item in look.items]} for look in self.looks
        ]
        body: dict[str, object] = {"session_id": session_id, "looks": looks}
        if member_id is not None:
            body["member_id"] = member_id
        return body

    def clear(self) -> None:
        """The session ended: the looks and the notes are forgotten."""
        self.looks.clear()
        self.size, self.preferences = None, set()
