"""Which shelf is open at the bottom of the mirror: lipstick, eyes, cheeks, brows, looks, clothes,
and the shelves made for the shopper (what suits them, their wishlist, their app looks).

The open shelf is the shopper's state, not the screen's: a tap on a tab and a product
barcode held up to the mirror change it the same way, through `ShelfState.show`, and the
card follows it (the product on the card is the open product shelf's; on a made-for-you
shelf, the product last put on from it).
"""

from __future__ import annotations

from kiosk.catalog.cosmetics import CosmeticProduct
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.shades import ShadeProduct
from kiosk.session.for_you import FOR_YOU

# Every shelf the kiosk knows, in the order its tabs show.
CATEGORIES: tuple[str, ...] = ("lips", "eyes", "cheeks", "brows", "looks", "clothes")
MAKEUP_SHELVES = ("eyes", "cheeks", "brows", "looks")


def category_of(product: ShadeProduct | GarmentProduct | CosmeticProduct) -> str:
    """The shelf a product sits on."""
    if isinstance(product, ShadeProduct):
        return "lips"
    if isinstance(product, CosmeticProduct):
        return product.shelf
    return "clothes"


class ShelfState:
    """The shelves this kiosk offers (clothes need the pose model), the made-for-you
    shelves the shopper has now, the open one, and the product shelf whose product the
    card shows (`worn`: the open one, or the last one worn from a made-for-you shelf)."""

    def __init__(self, available: tuple[str, ...]) -> None:
        unknown = [c for c in available if c not in CATEGORIES]
        if unknown or not available:
            raise ValueError(f"shelves must be some of {CATEGORIES}, got {available}")
        self.products = tuple(c for c in CATEGORIES if c in available)
        self.categories = self.products
        self.current = self.categories[0]
        self.worn = self.current

    def set_for_you(self, shelves: tuple[str, ...]) -> bool:
        """The made-for-you shelves with something on them now; False when unchanged. An
        open one that went (a sign-out) gives way to the first product shelf."""
        unknown = [c for c in shelves if c not in FOR_YOU]
        if unknown:
            raise ValueError(f"made-for-you shelves must be some of {FOR_YOU}, got {shelves}")
        # After the product tabs: a tab that appears mid-session moves none under a finger
        # (the row scrolls to show it, `Shelves.categoryIndex`, only when it is opened).
        categories = self.products + tuple(c for c in FOR_YOU if c in shelves)
        if categories == self.categories:
            return False
        self.categories = categories
        if self.current not in categories:
            self.current = self.products[0]
            self.worn = self.current
        return True

    def wore(self, category: str) -> None:
        """A product of product shelf `category` was put on from a made-for-you shelf."""
        if category in self.products:
            self.worn = category

    def show(self, category: str) -> bool:
        """Open `category`; False (and nothing changes) when it is open or not offered."""
        if category == self.current or category not in self.categories:
            return False
        self.current = category
        if category in self.products:
            self.worn = category
        return True
