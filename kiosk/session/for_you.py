"""The shelves made for the shopper at the mirror: their wishlist and looks from the app
(a signed-in member who consented), and what suits them (suggestions with a reason).

Plain Python (no Qt): `kiosk.ui.for_you_panel` fills it from the hub's answers and the
skin-tone reading and shows it. Everything here is about one shopper and lives in memory
for their session only: `forget()` at the session's end (or a sign-out) empties it, so
nothing reaches the next shopper. A pick whose product this kiosk's catalog does not
carry is left out (it could not be put on).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.shades import ShadeProduct
from kiosk.session.member import field_of
from kiosk.session.styling import sellable_sku

# The made-for-you shelves, in tab order after the kiosk's product shelves.
FOR_YOU: tuple[str, ...] = ("suits", "wishlist", "app_looks")
Why = Literal["wishlist", "app_look", "together", "popular", "tone"]
MAX_PICKS = 12


@dataclass(frozen=True)
class Wear:
    """One product to put on: the SKU the shelves wear, and a shade's strength."""

    sku: str
    kind: Literal["shade", "garment"]
    intensity: float | None = None


@dataclass(frozen=True)
class Pick:
    """One tile of a made-for-you shelf: what it shows and what a tap puts on.

    `why` and `about` say the one-line reason: "together" about the product it was chosen
    with, "tone" about the skin reading's words (depth, undertone), "popular", or where
    it came from ("wishlist", "app_look")."""

    key: str  # unique on its shelf (a SKU, or a look's id)
    name: str  # the product's (a look's: its first product's), as the catalog names it
    swatch: str  # a shade's colour ("#B0123A"), "" for a garment
    image: str  # a garment's picture (a local file), "" for a shade
    wears: tuple[Wear, ...]
    why: Why
    about: tuple[str, ...] = ()
    more: int = 0  # a look's products besides the one it is named after ("Classic Red + 2")


def _product_of(catalog: Catalog, sku: str) -> tuple[ShadeProduct | GarmentProduct, str] | None:
    """The catalog product for a shade SKU, a garment variant SKU or a garment's product
    id, with the SKU the shelves put on; None when this kiosk does not carry it."""
    sellable = sellable_sku(catalog, sku)
    found = catalog.find(sellable) if sellable is not None else None
    if found is None or sellable is None:
        return None
    product = found[0]
    if isinstance(product, ShadeProduct | GarmentProduct):
        return product, sellable
    return None


def _tile(product: ShadeProduct | GarmentProduct) -> tuple[str, str]:
    if isinstance(product, ShadeProduct):
        return product.shade.color, ""
    return "", str(product.image)


def _wear(product: ShadeProduct | GarmentProduct, sku: str, intensity: Any = None) -> Wear:
    if isinstance(product, ShadeProduct):
        strength = float(intensity) if isinstance(intensity, int | float) else None
        return Wear(product.sku, "shade", strength)
    return Wear(sku, "garment")


def product_pick(catalog: Catalog, sku: str, why: Why, about: Sequence[str] = ()) -> Pick | None:
    """A tile for one product (a wished-for or suggested one)."""
    found = _product_of(catalog, sku)
    if found is None:
        return None
    product, sellable = found
    swatch, image = _tile(product)
    return Pick(sku, product.name, swatch, image, (_wear(product, sellable),), why, tuple(about))


def look_pick(catalog: Catalog, look: Any) -> Pick | None:
    """A tile for a look saved in the app: its products, the shade at its strength; named
    after its first product (and how many more). None when nothing in it is carried here."""
    wears: list[Wear] = []
    names: list[str] = []
    tile = ("", "")
    for item in field_of(look, "items", []):
        found = _product_of(catalog, str(field_of(item, "sku", "")))
        if found is None:
            continue
        product, sellable = found
        if any(
            w.kind == ("shade" if isinstance(product, ShadeProduct) else "garment") for w in wears
        ):
            continue  # one shade and one garment at a time on the mirror
        wears.append(_wear(product, sellable, field_of(item, "intensity")))
        names.append(product.name)
        if not any(tile):
            tile = _tile(product)
    if not wears:
        return None
    key = str(field_of(look, "look_id", "") or "+".join(w.sku for w in wears))
    return Pick(key, names[0], tile[0], tile[1], tuple(wears), "app_look", more=len(names) - 1)


@dataclass
class ForYou:
    """The shopper's made-for-you shelves. The member's part and the anonymous part (from
    the skin-tone reading) are kept apart so a sign-out drops only the member's."""

    wishlist: tuple[Pick, ...] = ()
    app_looks: tuple[Pick, ...] = ()
    member_suggestions: tuple[Pick, ...] = ()
    tone_suggestions: tuple[Pick, ...] = ()
    skipped: int = field(default=0)  # products from the hub this kiosk does not carry

    def shelf(self, name: str) -> tuple[Pick, ...]:
        if name == "wishlist":
            return self.wishlist
        if name == "app_looks":
            return self.app_looks
        if name == "suits":  # not again what the wishlist shelf shows
            wished = {p.key for p in self.wishlist}
            member = tuple(p for p in self.member_suggestions if p.key not in wished)
            seen = wished | {p.key for p in member}
            tone = tuple(p for p in self.tone_suggestions if p.key not in seen)
            return (member + tone)[:MAX_PICKS]
        return ()

    def available(self) -> tuple[str, ...]:
        """The made-for-you shelves with something on them, in tab order."""
        return tuple(name for name in FOR_YOU if self.shelf(name))

    def set_wishlist(self, catalog: Catalog, items: Iterable[Any]) -> None:
        picks = [product_pick(catalog, str(field_of(i, "sku", "")), "wishlist") for i in items]
        self.wishlist = self._kept(picks)

    def set_app_looks(self, catalog: Catalog, looks: Iterable[Any]) -> None:
        self.app_looks = self._kept([look_pick(catalog, look) for look in looks])

    def set_member_suggestions(self, catalog: Catalog, items: Iterable[Any]) -> None:
        picks: list[Pick | None] = []
        for item in items:
            reason = str(field_of(item, "reason", "popular"))
            because = field_of(item, "because_sku")
            about: tuple[str, ...] = ()
            if reason == "together" and because:
                found = _product_of(catalog, str(because))
                name = found[0].name if found else field_of(item, "because_name", "")
                about = (str(name),) if name else ()
            why: Why = "together" if about else "popular"
            picks.append(product_pick(catalog, str(field_of(item, "sku", "")), why, about))
        self.member_suggestions = self._kept(picks)

    def set_tone_suggestions(
        self, catalog: Catalog, matches: Iterable[tuple[str, Sequence[str]]]
    ) -> None:
        """Shades matched to the shopper's skin reading: (SKU, the reason's words: how it
        matches, the reading's depth and undertone) each."""
        picks = [product_pick(catalog, sku, "tone", about) for sku, about in matches]
        self.tone_suggestions = self._kept(picks)

    def forget_member(self) -> None:
        """A sign-out: the member's shelves go; what suits the shopper's skin stays."""
        self.wishlist = self.app_looks = self.member_suggestions = ()

    def forget(self) -> None:
        """The session ended: nothing about this shopper is kept."""
        self.forget_member()
        self.tone_suggestions = ()
        self.skipped = 0

    def _kept(self, picks: Sequence[Pick | None]) -> tuple[Pick, ...]:
        kept: list[Pick] = []
        for pick in picks:
            if pick is None:
                self.skipped += 1
            elif all(p.key != pick.key for p in kept):
                kept.append(pick)
        return tuple(kept[:MAX_PICKS])
