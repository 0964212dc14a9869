"""What the shopper wears on the eyes, cheeks and brows: the shopper's state, no Qt.

One product of each kind at a time (a second eyeshadow replaces the first, a liner goes
on over it); a tap on the product worn takes it off. A complete look puts all of its
products on at the look's own strengths, and names the lip shade to wear with it. The
shopper's intensity slider scales every strength around the kiosk's default, so a look
keeps its balance (a soft blush under a strong liner) as it is turned up or down. All of
it is forgotten when the session ends (`clear`).
"""

from __future__ import annotations

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.cosmetics import CosmeticProduct, LookProduct
from kiosk.catalog.shades import ShadeProduct
from kiosk.render.cosmetics import SHELF_OF_KIND, FaceMakeup, Worn

DEFAULT_STRENGTH = 0.85  # a product worn on its own, at the slider's default


class MakeupState:
    """The products on the face besides lipstick, their strengths, and the look they
    came from (None once the shopper changes one of them)."""

    def __init__(self) -> None:
        self._worn: dict[str, tuple[CosmeticProduct, float]] = {}  # kind -> (product, strength)
        self._last: dict[str, CosmeticProduct] = {}  # shelf -> the product last put on there
        self.look: LookProduct | None = None
        self.look_focus = ""  # the look's product the card is about ("": its first)

    def products(self) -> tuple[CosmeticProduct, ...]:
        return tuple(product for product, _ in self._worn.values())

    def wears(self, sku: str) -> bool:
        return any(p.sku == sku for p in self.products())

    def on_card(self, shelf: str) -> CosmeticProduct | None:
        """The product of `shelf` the card is about: the last one put on there, if still on."""
        product = self._last.get(shelf)
        return product if product is not None and self.wears(product.sku) else None

    def toggle(self, product: CosmeticProduct) -> bool:
        """Put `product` on (replacing one of its kind), or take it off when it is on;
        True when it is on afterwards."""
        self.look = None
        if self.wears(product.sku):
            del self._worn[product.kind]
            return False
        self._worn[product.kind] = (product, DEFAULT_STRENGTH)
        self._last[SHELF_OF_KIND[product.kind]] = product
        return True

    def wear_look(self, look: LookProduct, catalog: Catalog) -> ShadeProduct | None:
        """Put every product of `look` on at its strength (nothing else stays on the eyes,
        cheeks or brows); the look's lip shade, for the caller to put on (None: none)."""
        self._worn.clear()
        shade: ShadeProduct | None = None
        for item in look.items:
            found = catalog.find(item.sku)
            product = found[0] if found is not None else None
            if isinstance(product, CosmeticProduct):
                self._worn[product.kind] = (product, item.intensity)
                self._last[SHELF_OF_KIND[product.kind]] = product
            elif isinstance(product, ShadeProduct):
                shade = product
        self.look, self.look_focus = look, ""
        return shade

    def clear(self) -> None:
        """The session ended: nothing on the eyes, cheeks or brows for the next shopper."""
        self._worn.clear()
        self._last.clear()
        self.look, self.look_focus = None, ""

    def face_makeup(self, scale: float = 1.0) -> FaceMakeup | None:
        """What to paint, every strength times `scale` (capped at 1); None: nothing on."""
        makeup = FaceMakeup()
        for product, strength in self._worn.values():
            makeup = makeup.wearing(product.product, min(max(strength * scale, 0.0), 1.0))
        return None if makeup.empty else makeup

    def worn(self) -> tuple[Worn, ...]:
        """The products on at their own strengths (for a saved look)."""
        made_up = self.face_makeup()
        return made_up.worn if made_up is not None else ()

    def repriced(self, catalog: Catalog) -> None:
        """The hub's names and prices for the products on (same SKUs)."""
        fresh = {p.sku: p for p in catalog.cosmetics}
        self._worn = {
            kind: (fresh.get(p.sku, p), strength) for kind, (p, strength) in self._worn.items()
        }
        self._last = {shelf: fresh.get(p.sku, p) for shelf, p in self._last.items()}
