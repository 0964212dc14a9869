"""The garment catalog: tops, jackets and dresses with their image, rig, sizes and price.

Loaded from a JSON file (assets/garments/garments.json for the demo)::

    {"version": 1, "currency": "CNY", "garments": [
      {"product_id": "TOP-001", "name": "Classic Crew Tee", "category": "tee",
       "colour": "coral red", "price": 129.0,
       "image": "tee-coral.png", "rig": "tee-coral.png.rig.json",
       "sizes": ["XS", "S", "M", "L", "XL"],
       "size_chart": {"shoulder_width_cm": {"XS": 36.0, "S": 38.0, ...}}}]}

Garments added at the store (`kiosk garments add`) live in a writable folder with a
catalog file of the same format (kiosk.garments.library); `load_garments()` merges them.
Sizes and the size chart live here, not in the rig (a rig is geometry only, see
kiosk.garments.rig). `image` and `rig` are paths relative to the catalog file.
Every entry is validated so a typo names the entry and the field. Each size is a variant
(SKU "TOP-001-M"), as in the hub's catalog.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.catalog.money import Money
from kiosk.catalog.products import Variant, sized_sku
from kiosk.errors import KioskError
from kiosk.garments.library import added_catalog_path
from kiosk.garments.rig import CATEGORIES, Rig
from kiosk.paths import assets_dir

_FIX = "see assets/garments/garments.json and kiosk/catalog/garments.py for the format"


def default_garments_path() -> Path:
    return assets_dir() / "garments" / "garments.json"


@dataclass(frozen=True)
class GarmentProduct:
    """A garment: one product, one variant (SKU) per size."""

    product_id: str
    name: str
    category: str
    price: Money
    image: Path
    rig: Path
    sizes: tuple[str, ...]
    shoulder_width_cm: dict[str, float]
    colour: str = ""

    @property
    def variants(self) -> tuple[Variant, ...]:
        return tuple(Variant(sized_sku(self.product_id, s), self.product_id, s) for s in self.sizes)

    def variant(self, size: str) -> Variant:
        """The variant in `size` (a size the garment comes in)."""
        if size not in self.sizes:
            raise KioskError(
                f"{self.product_id} does not come in size {size!r}",
                f"use one of {', '.join(self.sizes)}",
            )
        return Variant(sized_sku(self.product_id, size), self.product_id, size)

    def load_rig(self) -> Rig:
        return Rig.load(self.rig)


def load_garments(path: Path | None = None) -> tuple[GarmentProduct, ...]:
    """The garments of one catalog file; with no path, the shipped catalog merged with
    the garments added at the store (`kiosk garments add`, kiosk.garments.library),
    where an added garment replaces a shipped one with the same id."""
    if path is not None:
        return _load_file(Path(path))
    shipped = _load_file(default_garments_path())
    added_path = added_catalog_path()
    if not added_path.is_file():
        return shipped
    added = _load_file(added_path)
    ids = {p.product_id for p in added}
    return (*(p for p in shipped if p.product_id not in ids), *added)


def _load_file(path: Path) -> tuple[GarmentProduct, ...]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KioskError(f"garment catalog {path} does not exist", _FIX) from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KioskError(f"garment catalog {path} cannot be read: {exc}", "fix the JSON") from None
    if not isinstance(data, dict) or not isinstance(data.get("garments"), list):
        raise KioskError(f"garment catalog {path} has no 'garments' list", _FIX)
    currency = data.get("currency", "CNY")
    if not isinstance(currency, str) or len(currency) != 3:
        raise KioskError(
            f"garment catalog {path}: field 'currency' {currency!r} is not a code", _FIX
        )
    products = [_product(entry, i, currency, path) for i, entry in enumerate(data["garments"])]
    ids = [p.product_id for p in products]
    dupes = sorted({s for s in ids if ids.count(s) > 1})
    if dupes:
        raise KioskError(
            f"garment catalog {path} repeats product id(s) {dupes}",
            "give every garment its own id",
        )
    return tuple(products)


def _product(entry: Any, index: int, currency: str, path: Path) -> GarmentProduct:
    where = f"garment catalog {path}, garment #{index + 1}"
    if not isinstance(entry, dict):
        raise KioskError(f"{where} is not an object", "write each garment as {...}")
    # "product_id"; older catalog files named it "sku".
    id_field = "sku" if "sku" in entry and "product_id" not in entry else "product_id"
    if isinstance(entry.get(id_field), str) and entry[id_field]:
        where += f" ({entry[id_field]})"

    def bad(name: str, problem: str) -> KioskError:
        return KioskError(f"{where}: field '{name}' {problem}", _FIX)

    def text(name: str, required: bool = True) -> str:
        value = entry.get(name)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise bad(name, "is missing or empty")
        return value

    product_id, name, category = text(id_field), text("name"), text("category")
    if category not in CATEGORIES:
        raise bad("category", f"is {category!r}; use one of {', '.join(CATEGORIES)}")
    price = entry.get("price")
    if (
        isinstance(price, bool)
        or not isinstance(price, (int, float))
        or not math.isfinite(price)
        or price < 0
    ):
        raise bad("price", f"must be a number >= 0, got {price!r}")
    base = path.parent
    image = base / text("image")
    if not image.is_file():
        raise bad("image", f"names {image}, which does not exist")
    rig = base / text("rig")
    if not rig.is_file():
        raise bad("rig", f"names {rig}, which does not exist; run `kiosk garments rig {image}`")
    sizes = entry.get("sizes")
    if not isinstance(sizes, list) or not sizes or not all(isinstance(s, str) and s for s in sizes):
        raise bad("sizes", f"must be a non-empty list of size names, got {sizes!r}")
    if len(set(sizes)) != len(sizes):
        raise bad("sizes", f"repeats a size: {sizes}")
    chart = entry.get("size_chart")
    widths = chart.get("shoulder_width_cm") if isinstance(chart, dict) else None
    if not isinstance(widths, dict):
        raise bad("size_chart", 'must be {"shoulder_width_cm": {size: cm, ...}}')
    cm: dict[str, float] = {}
    for size in sizes:
        value = widths.get(size)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 20 <= value <= 80:
            raise bad(f"size_chart.shoulder_width_cm.{size}", f"must be 20..80 cm, got {value!r}")
        cm[size] = float(value)
    extra = sorted(set(widths) - set(sizes))
    if extra:
        raise bad(f"size_chart.shoulder_width_cm.{extra[0]}", "is not one of the garment's sizes")
    ordered = [cm[s] for s in sizes]
    if ordered != sorted(ordered):
        raise bad("size_chart.shoulder_width_cm", "must grow with the sizes in 'sizes' order")
    return GarmentProduct(
        product_id,
        name,
        category,
        Money.of(price, currency),
        image,
        rig,
        tuple(sizes),
        cm,
        text("colour", False),
    )


def find_garment(
    product_id: str, products: tuple[GarmentProduct, ...] | None = None
) -> GarmentProduct:
    products = load_garments() if products is None else products
    for product in products:
        if product.product_id == product_id:
            return product
    known = ", ".join(p.product_id for p in products)
    raise KioskError(f"unknown garment {product_id!r}", f"use one of: {known}")
