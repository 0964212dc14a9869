"""The kiosk's one product catalog: every category's products and their variants.

Built from the files the kiosk ships (`assets/catalog.json` for shades,
`assets/garments/garments.json` for garments: the rendering data only the kiosk has), then
renamed and repriced from the hub's catalog once it is known (see `hub_prices`), so a
shelf and a card ask one object for a product or a SKU, whatever its category.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.catalog.garments import GarmentProduct, load_garments
from kiosk.catalog.hub_prices import HubPrice, repriced
from kiosk.catalog.products import Variant
from kiosk.catalog.shades import ShadeProduct, load_shades
from kiosk.errors import KioskError

log = logging.getLogger(__name__)

Product = ShadeProduct | GarmentProduct


@dataclass(frozen=True)
class Catalog:
    shades: tuple[ShadeProduct, ...]
    garments: tuple[GarmentProduct, ...] = ()

    @property
    def products(self) -> tuple[Product, ...]:
        return (*self.shades, *self.garments)

    def shade(self, sku: str) -> ShadeProduct:
        """The shade sold as `sku`; an unknown SKU names the ones there are."""
        for product in self.shades:
            if product.sku == sku:
                return product
        known = ", ".join(p.sku for p in self.shades[:20])
        raise KioskError(f"unknown SKU {sku!r}", f"use one of the catalog's SKUs: {known}")

    def find(self, sku: str) -> tuple[Product, Variant] | None:
        """The product and variant a SKU (a scanned barcode's, a hand-off's) belongs to."""
        for product in self.products:
            for variant in product.variants:
                if variant.sku == sku:
                    return product, variant
        return None

    def repriced(self, prices: Mapping[str, HubPrice]) -> Catalog:
        """This catalog with the hub's names and in-store prices where it has them."""
        return replace(
            self, shades=repriced(self.shades, prices), garments=repriced(self.garments, prices)
        )


def load_catalog(
    shades_path: Path, garments_path: Path | None = None, *, strict: bool = False
) -> Catalog:
    """Shades (required) and garments. A broken garment file hides the clothes shelf
    (logged), never the kiosk, unless `strict` (for `kiosk doctor` and tests)."""
    shades = load_shades(shades_path)
    try:
        garments = load_garments(garments_path)  # None: shipped + added at the store
    except KioskError as exc:
        if strict:
            raise
        log.warning("no clothes shelf: %s", exc.message)
        garments = ()
    return Catalog(shades, garments)
