"""What the kiosk sells: products, and the sellable variants (SKUs) of each.

One vocabulary for every category, the same as the Store API's:
- `product_id` names a product as the shopper thinks of it ("Classic Crew Tee",
  "Crimson Velvet");
- `sku` names one sellable variant of it: the thing that has stock, a barcode and a
  price at the till ("TOP-001-M"; a lipstick shade has exactly one, its own).
Category specifics (a shade's colour model, a garment's image, rig and size chart) live in
the category's own product type; everything the shelf, the card and the records need is
here, so eye and cheek products can join by adding a type, not a code path.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variant:
    """One sellable unit of a product: what stock, reservations and hand-offs are about."""

    sku: str
    product_id: str
    size: str = ""  # a garment's size; "" when the product has no sizes

    @property
    def label(self) -> str:
        return self.size


class OneVariant:
    """A product sold as exactly one variant (a lip shade, an eye, cheek or brow product):
    its SKU is its product id, as the hub's catalog says too."""

    product_id: str

    @property
    def sku(self) -> str:
        return self.product_id

    @property
    def variants(self) -> tuple[Variant, ...]:
        return (Variant(self.product_id, self.product_id),)


def sized_sku(product_id: str, size: str) -> str:
    """A garment's variant SKU for one size (the convention the hub's catalog uses)."""
    return f"{product_id}-{size}"
