"""Lipstick shades from the shipped shade file: colour model, name, SKU and price.

Loaded from a JSON file (assets/catalog.json for the demo); every entry is
validated so a typo in a store's catalog names the entry and the field instead
of crashing the kiosk. A shade may say whom it is made for (`suits`: skin depths and
undertones, the words of `kiosk.vision.skin_tone`), for the anonymous "suits you" shelf.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kiosk.catalog.money import Money
from kiosk.catalog.products import OneVariant
from kiosk.errors import KioskError
from kiosk.render.shade import Shade
from kiosk.vision.skin_tone import DEPTHS, UNDERTONES


@dataclass(frozen=True)
class Suits:
    """The skin a shade is made for (brand data): depths and undertones, in class order."""

    depths: tuple[str, ...]
    undertones: tuple[str, ...]


@dataclass(frozen=True)
class ShadeProduct(OneVariant):
    """A lipstick shade: one product with one variant, so its `sku` is its `product_id`'s
    only SKU (the hub's catalog says the same)."""

    product_id: str
    name: str
    price: Money
    shade: Shade
    suits: Suits | None = field(default=None, compare=False)


def read_catalog_file(path: Path) -> dict[str, Any]:
    """The catalog file's JSON object (shades, eyes, cheeks, brows, looks), or a KioskError
    naming the file and the fix."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KioskError(
            f"catalog file {path} does not exist", "set catalog.path in config/ to a catalog JSON"
        ) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KioskError(f"catalog file {path} cannot be read: {exc}", "fix the JSON") from None
    if not isinstance(data, dict):
        raise KioskError(f"catalog {path} is not a JSON object", "see assets/catalog.json")
    return data


def load_shades(path: Path) -> tuple[ShadeProduct, ...]:
    """The shades of a shade file (assets/catalog.json), every entry validated."""
    data = read_catalog_file(path)
    if not isinstance(data.get("shades"), list):
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
            suits=_suits(entry.get("suits"), f"{where} ({entry.get('sku')})"),
        )
    except KeyError as exc:
        raise KioskError(
            f"{where} lacks the field {exc}", "add sku, name, color and price"
        ) from None
    except (TypeError, ValueError) as exc:
        raise KioskError(f"{where}: {exc}", "correct that field") from None


def _suits(value: Any, where: str) -> Suits | None:
    """The optional `suits` field: {"depths": [...], "undertones": [...]}, each a
    non-empty list of known class names (kept in the classes' own order)."""
    if value is None:
        return None
    example = '"suits": {"depths": ["light", "medium"], "undertones": ["warm"]}'
    if not isinstance(value, dict) or set(value) != {"depths", "undertones"}:
        raise KioskError(
            f"{where}: 'suits' must have exactly 'depths' and 'undertones'",
            f"write it as {example}",
        )
    picked = []
    for key, known in (("depths", DEPTHS), ("undertones", UNDERTONES)):
        names = value[key]
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise KioskError(
                f"{where}: 'suits.{key}' must be a non-empty list of names",
                f"use some of {', '.join(known)}",
            )
        unknown = [n for n in names if n not in known]
        if unknown:
            raise KioskError(
                f"{where}: 'suits.{key}' has unknown name(s) {', '.join(map(repr, unknown))}",
                f"use only {', '.join(known)} (lower case)",
            )
        picked.append(tuple(n for n in known if n in names))
    return Suits(*picked)
