"""The kiosk's one product catalog: every category's products and their variants.

Built from the files the kiosk ships (`assets/catalog.json` for shades, eye, cheek and
brow products and complete looks, `assets/garments/garments.json` for garments: the
rendering data only the kiosk has), then renamed and repriced from the hub's catalog once
it is known (see `hub_prices`), so a shelf and a card ask one object for a product or a
SKU, whatever its category. A look is no product of its own: it names products here.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from kiosk.catalog.cosmetics import CosmeticProduct, LookProduct, load_cosmetics
from kiosk.catalog.garments import GarmentProduct, default_garments_path, load_garments
from kiosk.catalog.hub_prices import HubPrice, repriced
from kiosk.catalog.names import FrozenNames, catalog_names, frozen, thawed
from kiosk.catalog.products import Variant
from kiosk.catalog.shades import ShadeProduct, load_shades
from kiosk.errors import KioskError
from kiosk.garments.library import added_catalog_path
from kiosk.render.cosmetics import FaceMakeup

log = logging.getLogger(__name__)

Product = ShadeProduct | GarmentProduct | CosmeticProduct


def swatch_of(product: Product) -> str:
    """The colour a product shows on a tile, a chip or the card (#RRGGBB): a shade's, a
    cosmetic's first; "" for a garment (it shows its picture)."""
    if isinstance(product, ShadeProduct):
        return product.shade.color
    if isinstance(product, CosmeticProduct):
        return product.swatch[0]
    return ""


@dataclass(frozen=True)
class Catalog:
    shades: tuple[ShadeProduct, ...]
    garments: tuple[GarmentProduct, ...] = ()
    cosmetics: tuple[CosmeticProduct, ...] = ()  # eye, cheek and brow products
    looks: tuple[LookProduct, ...] = ()  # complete looks: not sold, made of products
    names: FrozenNames = ()  # the products' names in the screen's languages (`names`)

    def names_in(self, language: str) -> dict[str, str]:
        """{name: the name in `language`} for the products that have one."""
        return thawed(self.names).get(language, {})

    @property
    def products(self) -> tuple[Product, ...]:
        """Everything sold (a look is not: its products are)."""
        return (*self.shades, *self.cosmetics, *self.garments)

    def shade(self, sku: str) -> ShadeProduct:
        """The shade sold as `sku`; an unknown SKU names the ones there are."""
        for product in self.shades:
            if product.sku == sku:
                return product
        known = ", ".join(p.sku for p in self.shades[:20])
        raise KioskError(f"unknown SKU {sku!r}", f"use one of the catalog's SKUs: {known}")

    def cosmetic(self, sku: str) -> CosmeticProduct:
        """The eye, cheek or brow product sold as `sku`; an unknown SKU names the ones
        there are."""
        for product in self.cosmetics:
            if product.sku == sku:
                return product
        known = ", ".join(p.sku for p in self.cosmetics[:20]) or "none in this catalog"
        raise KioskError(
            f"unknown eye, cheek or brow SKU {sku!r}", f"use one of the catalog's: {known}"
        )

    def look(self, look_id: str) -> LookProduct:
        """The complete look `look_id`; an unknown id names the looks there are."""
        for look in self.looks:
            if look.look_id == look_id:
                return look
        known = ", ".join(f"{lk.look_id} ({lk.name})" for lk in self.looks) or "none"
        raise KioskError(f"unknown look {look_id!r}", f"use one of the catalog's looks: {known}")

    def look_makeup(self, look: LookProduct | str) -> tuple[ShadeProduct | None, FaceMakeup]:
        """What to paint for a look: its lip shade (None: bare lips) and its eye, cheek and
        brow products at the look's strengths, as the pipeline's `Look(shade=...,
        makeup=...)` takes them (the lips' strength: `look.intensity_of(shade.sku)`).

        The loader has checked every SKU against this file; a catalog built by hand may
        not have been, so a missing product still names itself.
        """
        if isinstance(look, str):
            look = self.look(look)
        shade: ShadeProduct | None = None
        makeup = FaceMakeup()
        cosmetics = {p.sku: p for p in self.cosmetics}
        for item in look.items:
            if item.sku in cosmetics:
                makeup = makeup.wearing(cosmetics[item.sku].product, item.intensity)
            else:
                shade = self.shade(item.sku)
        return shade, makeup

    def look_products(self, look: LookProduct) -> tuple[tuple[Product, float], ...]:
        """A look's products in its order, each with the strength the look wears it at
        (what a card lists and a bag takes)."""
        out: list[tuple[Product, float]] = []
        for item in look.items:
            found = self.find(item.sku)
            if found is None:
                raise KioskError(
                    f"look {look.look_id} names unknown SKU {item.sku!r}",
                    "fix the look in the catalog file",
                )
            out.append((found[0], item.intensity))
        return tuple(out)

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
            self,
            shades=repriced(self.shades, prices),
            garments=repriced(self.garments, prices),
            cosmetics=repriced(self.cosmetics, prices),
        )


def load_catalog(
    shades_path: Path, garments_path: Path | None = None, *, strict: bool = False
) -> Catalog:
    """Shades (required), eye, cheek and brow products and looks (from the shades' file),
    and garments. A broken garment file hides the clothes shelf, a broken eyes, cheeks or
    brows list that shelf and a broken look that look (each logged), never the lips or the
    kiosk, unless `strict` (for `kiosk doctor` and tests)."""
    shades = load_shades(shades_path)

    def dropped(problem: KioskError) -> None:
        log.warning("left out of the beauty shelves: %s (fix: %s)", problem.message, problem.fix)

    extra = load_cosmetics(shades_path, shades, skip=None if strict else dropped)
    try:
        garments = load_garments(garments_path)  # None: shipped + added at the store
    except KioskError as exc:
        if strict:
            raise
        log.warning("no clothes shelf: %s", exc.message)
        garments = ()
    garment_files = [garments_path] if garments_path is not None else [
        default_garments_path(), added_catalog_path()
    ]  # fmt: skip
    names = frozen(catalog_names(shades_path, garment_files))
    return Catalog(shades, garments, extra.products, extra.looks, names)
