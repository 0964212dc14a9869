"""The product catalog the carousel shows: lip shades with SKU and price.

Loaded from a JSON file (assets/catalog.json for the demo); every entry is
validated so a typo in a store's catalog names the entry and the field instead
of crashing the kiosk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import KioskError
from kiosk.render.shade import Shade


@dataclass(frozen=True)
class ShadeProduct:
    sku: str
    name: str
    price: float
    currency: str
    shade: Shade

    @property
    def price_text(self) -> str:
        symbol = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£"}.get(self.currency)
        return f"{symbol}{self.price:,.2f}" if symbol else f"{self.price:,.2f} {self.currency}"


@dataclass(frozen=True)
class Catalog:
    shades: tuple[ShadeProduct, ...]

    def by_sku(self, sku: str) -> ShadeProduct:
        for product in self.shades:
            if product.sku == sku:
                return product
        known = ", ".join(p.sku for p in self.shades[:20])
        raise KioskError(f"unknown SKU {sku!r}", f"use one of the catalog's SKUs: {known}")


def load_catalog(path: Path) -> Catalog:
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
    return Catalog(tuple(products))


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
        price = float(entry["price"])
        if price < 0:
            raise ValueError(f"price {price} is negative")
        return ShadeProduct(
            sku=str(entry["sku"]),
            name=str(entry["name"]),
            price=price,
            currency=str(entry.get("currency", currency)),
            shade=shade,
        )
    except KeyError as exc:
        raise KioskError(
            f"{where} lacks the field {exc}", "add sku, name, color and price"
        ) from None
    except (TypeError, ValueError) as exc:
        raise KioskError(f"{where}: {exc}", "correct that field") from None
