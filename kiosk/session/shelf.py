"""Which shelf is open at the bottom of the mirror: lipstick, clothes (eyes, cheeks later).

The open shelf is the shopper's state, not the screen's: a tap on a tab and a product
barcode held up to the mirror change it the same way, through `ShelfState.show`, and the
card follows it (the product on the card is the open shelf's).
"""

from __future__ import annotations

from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.shades import ShadeProduct

# Every shelf the kiosk knows, in the order its tabs show.
CATEGORIES: tuple[str, ...] = ("lips", "clothes")


def category_of(product: ShadeProduct | GarmentProduct) -> str:
    """The shelf a product sits on."""
    return "lips" if isinstance(product, ShadeProduct) else "clothes"


class ShelfState:
    """The shelves this kiosk offers (clothes need the pose model) and the open one."""

    def __init__(self, available: tuple[str, ...]) -> None:
        unknown = [c for c in available if c not in CATEGORIES]
        if unknown or not available:
            raise ValueError(f"shelves must be some of {CATEGORIES}, got {available}")
        self.categories = tuple(c for c in CATEGORIES if c in available)
        self.current = self.categories[0]

    def show(self, category: str) -> bool:
        """Open `category`; False (and nothing changes) when it is open or not offered."""
        if category == self.current or category not in self.categories:
            return False
        self.current = category
        return True
