"""Lipstick shades from the shipped shade file: colour model, name, SKU and price.

Loaded from a JSON file (assets/catalog.json for the demo); every entry is
validated so a typo in a store's catalog names the entry and the field instead
of crashing the kiosk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.catalog.money import Money
from kiosk.catalog.products import Variant
from kiosk.errors import KioskError
from kiosk.render.shade import Shade


@dataclass(frozen=True)
class ShadeProduct:
    """A lipstick shade: one product with one variant, so its `sku` is its `product_id`'s
    only SKU (the hub's catalog says the same)."""

    product_id: str
    name: str
    price: Money
    shade: Shade

    @property
    def sku(self) -> str:
        return self.product_id

    @property
    def variants(self) -> tuple[Variant, ...]:
        return (Variant(self.sku, self.product_id),)


def load_shades(path: Path) -> tuple[ShadeProduct, ...]:
    """The shades of a shade file (assets/catalog.json), every entry validated."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KioskError(
            f"catalog file {path} does not exist", "set catalog.path in config/ to a catalog JSON"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KioskError(f"catalog file {path} cannot be read: {exc}", "fix the JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("shades"), list):
        raise KioskError(f"catalog {path} has no 'shades' list", "see assets/catalog.json")
    currency = str(data.get("currency", "CNY"))
    products = [_product(entry, i, currency, path) for i, entry in enumerate(data["shades"])]
    skus = [p.sku for p in products]
    dupes = sorted({s for s in skus if skus.count(s) > 1})
    if dupes:
        raise KioskError(f"catalog {path} repeats SKU(s) {dupes}", "give every shade its own SKU")
    return tuple(products)


def _product(entry: Any, index: int, currency: str, path: Path) -> ShadeProduct:
    where = f"catalog {path}, shade #{index + 1}"
    if not isinstance(entry, dict):
        raise KioskError(f"{where} is not an object", "write each shade as {...}")
    try:
        # Parameters left out take the finish's defaults (see kiosk.render.shade).
        extra: dict[str, Any] = {
            k: float(entry[k]) for k in ("opacity", "gloss", "sparkle") if k in entry
        }
        extra.update(
            (k, str(entry[k]))
            for k in ("sparkle_color", "liner", "inner_color")
            if entry.get(k) is not None
        )
        shade = Shade(color=str(entry["color"]), finish=str(entry.get("finish", "cream")), **extra)
        return ShadeProduct(
            product_id=str(entry["sku"]),
            name=str(entry["name"]),
            price=Money.of(entry["price"], str(entry.get("currency", currency))),
            shade=shade,
        )
    except KeyError as exc:
        raise KioskError(
            f"{where} lacks the field {exc}", "add sku, name, color and price"
        ) from None
    except (TypeError, ValueError) as exc:
        raise KioskError(f"{where}: {exc}", "correct that field") from None
