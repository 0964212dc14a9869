"""Eye, cheek and brow products, and complete looks, from the shipped catalog file.

The products sit beside the lip shades in assets/catalog.json, one top-level list per
shelf ("eyes", "cheeks", "brows"), so a store edits one file for its whole beauty counter
and the kiosk can try everything on with no hub. Each entry is a product's data as
`kiosk.render.cosmetics` models it (colours, finish, a few numbers) plus what selling it
needs (SKU, name, price, whom it suits). A "looks" list then combines a lip shade and
those products at chosen strengths into one shelf item: a counter artist's complete look.

Every entry is validated and a mistake names the entry and the fix, as the shades do: a
catalog is edited by hand in a store, and a typo must say where it is, not crash the
mirror. What a broken section costs is the caller's choice (`skip`): the catalog drops a
broken shelf or look and keeps the rest on a live kiosk, `kiosk doctor` refuses it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any

from kiosk.catalog.money import Money
from kiosk.catalog.products import OneVariant
from kiosk.catalog.shades import ShadeProduct, Suits, read_catalog_file
from kiosk.catalog.shades import _suits as suits_of
from kiosk.errors import KioskError
from kiosk.render.cosmetics import KINDS, SHELF_OF_KIND, Cosmetic, EyeShadow, cosmetic_from_entry

# The catalog file's lists for these products, in shelf order (the kiosk's tabs).
SECTIONS = ("eyes", "cheeks", "brows")
# The fields every product entry has besides its kind's own (kiosk.render.cosmetics).
_COMMON = ("sku", "name", "names", "kind", "price", "currency", "suits")
_LOOK_FIELDS = ("id", "name", "names", "items", "description")
_ITEM_FIELDS = ("sku", "intensity")
LIP_KIND = "lipstick"  # a look item's kind when it is a lip shade

# Called with each problem instead of raising it: the entry or section is then left out.
Skip = Callable[[KioskError], None]


@dataclass(frozen=True)
class CosmeticProduct(OneVariant):
    """An eye, cheek or brow product: like a lip shade, one product with one variant, so
    its `sku` is its `product_id` (the hub's catalog says the same)."""

    product_id: str
    name: str
    price: Money
    kind: str  # a key of kiosk.render.cosmetics.KINDS
    product: Cosmetic
    suits: Suits | None = field(default=None, compare=False)

    @property
    def shelf(self) -> str:
        """The shelf it sits on: "eyes", "cheeks" or "brows"."""
        return SHELF_OF_KIND[self.kind]

    @property
    def swatch(self) -> tuple[str, ...]:
        """The colours a tile shows (#RRGGBB): a shadow's one to three, else its one."""
        item = self.product
        if isinstance(item, EyeShadow):
            return item.colors
        return (item.color,)


@dataclass(frozen=True)
class LookItem:
    """One product of a look and the strength (0..1) the look wears it at."""

    sku: str
    intensity: float


@dataclass(frozen=True)
class LookProduct:
    """A complete look: a lip shade and eye, cheek and brow products, put on together.

    At most one lip shade and one product of each cosmetic kind, since a face wears one of
    each (`FaceMakeup`); the catalog checks that every SKU is one it sells.
    """

    look_id: str
    name: str
    items: tuple[LookItem, ...]
    description: str = ""

    @property
    def sku(self) -> str:
        """The look's id, so a shelf can key looks and products alike."""
        return self.look_id

    @property
    def skus(self) -> tuple[str, ...]:
        return tuple(item.sku for item in self.items)

    def intensity_of(self, sku: str) -> float | None:
        """How strongly the look wears `sku` (None: not in the look)."""
        return next((i.intensity for i in self.items if i.sku == sku), None)


@dataclass(frozen=True)
class Cosmetics:
    """What a catalog file holds besides its lip shades."""

    products: tuple[CosmeticProduct, ...] = ()
    looks: tuple[LookProduct, ...] = ()


def load_cosmetics(
    path: Path, shades: Iterable[ShadeProduct] = (), *, skip: Skip | None = None
) -> Cosmetics:
    """The eye, cheek and brow products and the looks of a catalog file (`load_shades`
    reads its shades; `shades` are what the looks may name for the lips).

    With `skip` None any problem raises. With a `skip`, each problem is handed to it and
    only its part is left out: a broken shelf (section) loses that shelf, a broken look
    that look, so one typo never costs the whole counter.
    """
    data = read_catalog_file(path)
    shades = tuple(shades)
    currency = str(data.get("currency", "CNY"))
    taken: dict[str, str] = {p.sku: "shades" for p in shades}
    products: list[CosmeticProduct] = []
    for section in SECTIONS:
        try:
            found = _section(data, section, currency, path, taken)
        except KioskError as exc:
            if skip is None:
                raise
            skip(exc)
            continue
        taken.update((p.sku, section) for p in found)
        products.extend(found)
    kinds: dict[str, str] = {p.sku: LIP_KIND for p in shades}
    kinds.update((p.sku, p.kind) for p in products)
    looks = _looks(data, path, kinds, skip)
    return Cosmetics(tuple(products), looks)


def _section(
    data: Mapping[str, Any], section: str, currency: str, path: Path, taken: Mapping[str, str]
) -> tuple[CosmeticProduct, ...]:
    """One shelf's list (absent: an empty shelf); SKUs must be new to the whole file."""
    entries = data.get(section, [])
    if not isinstance(entries, list):
        raise KioskError(
            f"catalog {path}: '{section}' is not a list", f'write it as "{section}": [{{...}}, ...]'
        )
    kinds = [k for k, shelf in SHELF_OF_KIND.items() if shelf == section]
    seen = dict(taken)
    out = []
    for index, entry in enumerate(entries):
        product = _product(entry, f"catalog {path}, {section} #{index + 1}", kinds, currency)
        if product.sku in seen:
            raise KioskError(
                f"catalog {path}, {section} #{index + 1} repeats SKU {product.sku!r} "
                f"(already in '{seen[product.sku]}')",
                "give every product in the file its own SKU",
            )
        seen[product.sku] = section
        out.append(product)
    return tuple(out)


def _product(entry: Any, where: str, kinds: list[str], currency: str) -> CosmeticProduct:
    if not isinstance(entry, dict):
        raise KioskError(f"{where} is not an object", "write each product as {...}")
    sku = entry.get("sku")
    if isinstance(sku, str):
        where = f"{where} ({sku})"
    for key in ("sku", "name", "kind", "price"):
        if key not in entry:
            raise KioskError(
                f"{where} lacks the field {key!r}",
                "add sku, name, kind, price and the product's own fields",
            )
    kind = entry["kind"]
    if kind not in kinds:
        home = SHELF_OF_KIND.get(kind) if isinstance(kind, str) else None
        fix = (
            f"move it to the '{home}' list"
            if home is not None
            else f"use kind {' or '.join(map(repr, kinds))} here"
        )
        raise KioskError(f"{where}: kind {kind!r} does not belong on this shelf", fix)
    own = fields(KINDS[kind])
    allowed = {*_COMMON, *(f.name for f in own)}
    unknown = sorted(k for k in entry if k not in allowed)
    if unknown:
        raise KioskError(
            f"{where}: unknown field(s) {', '.join(map(repr, unknown))} for a {kind}",
            f"use only {', '.join(sorted(allowed))}",
        )
    needed = [f.name for f in own if f.default is MISSING and f.default_factory is MISSING]
    for name in needed:
        if name not in entry:
            raise KioskError(f"{where} lacks the field {name!r}", f"a {kind} needs {name}")
    if not isinstance(sku, str) or not sku or not isinstance(entry["name"], str):
        raise KioskError(f"{where}: sku and name must be text", 'e.g. "sku": "EYE-001"')
    try:
        product = cosmetic_from_entry(kind, entry)
        price = Money.of(entry["price"], str(entry.get("currency", currency)))
    except (TypeError, ValueError) as exc:
        raise KioskError(f"{where}: {exc}", "correct that field") from None
    return CosmeticProduct(
        product_id=sku,
        name=entry["name"],
        price=price,
        kind=kind,
        product=product,
        suits=suits_of(entry.get("suits"), where),
    )


def _looks(
    data: Mapping[str, Any], path: Path, kinds: Mapping[str, str], skip: Skip | None
) -> tuple[LookProduct, ...]:
    entries = data.get("looks", [])
    if not isinstance(entries, list):
        problem = KioskError(f"catalog {path}: 'looks' is not a list", 'write "looks": [{...}]')
        if skip is None:
            raise problem
        skip(problem)
        return ()
    out: list[LookProduct] = []
    for index, entry in enumerate(entries):
        try:
            look = _look(entry, f"catalog {path}, look #{index + 1}", kinds)
            if look.look_id in kinds or any(o.look_id == look.look_id for o in out):
                raise KioskError(
                    f"catalog {path}, look #{index + 1} ({look.look_id}): the id "
                    f"{look.look_id!r} is taken (by another look or a SKU)",
                    "give every look an id of its own (LOOK-001...), unlike any SKU",
                )
        except KioskError as exc:
            if skip is None:
                raise
            skip(exc)
            continue
        out.append(look)
    return tuple(out)


def _look(entry: Any, where: str, kinds: Mapping[str, str]) -> LookProduct:
    example = '{"id": "LOOK-001", "name": "...", "items": [{"sku": "LIP-002", "intensity": 0.7}]}'
    if not isinstance(entry, dict):
        raise KioskError(f"{where} is not an object", f"write each look as {example}")
    if isinstance(entry.get("id"), str):
        where = f"{where} ({entry['id']})"
    unknown = sorted(k for k in entry if k not in _LOOK_FIELDS)
    if unknown:
        raise KioskError(
            f"{where}: unknown field(s) {', '.join(map(repr, unknown))}",
            f"use only {', '.join(_LOOK_FIELDS)}",
        )
    for key in ("id", "name"):
        if not isinstance(entry.get(key), str) or not entry[key]:
            raise KioskError(f"{where} lacks the text field {key!r}", f"write it as {example}")
    description = entry.get("description", "")
    if not isinstance(description, str):
        raise KioskError(f"{where}: 'description' must be text", "write it as one sentence")
    items = entry.get("items")
    if not isinstance(items, list) or not items:
        raise KioskError(f"{where} has no 'items' list", f"write it as {example}")
    picked: list[LookItem] = []
    by_kind: dict[str, str] = {}
    for n, item in enumerate(items):
        spot = f"{where}, item #{n + 1}"
        picked.append(_look_item(item, spot))
        sku = picked[-1].sku
        kind = kinds.get(sku)
        if kind is None:
            raise KioskError(
                f"{spot} names unknown SKU {sku!r}",
                "use a SKU from the file's shades, eyes, cheeks or brows",
            )
        if kind in by_kind:
            raise KioskError(
                f"{where} has two {_plural(kind)} ({by_kind[kind]} and {sku})",
                "a face wears one of each: keep one lip shade and one product of each kind",
            )
        by_kind[kind] = sku
    return LookProduct(entry["id"], entry["name"], tuple(picked), description)


def _look_item(item: Any, where: str) -> LookItem:
    if not isinstance(item, dict) or set(item) != set(_ITEM_FIELDS):
        raise KioskError(
            f"{where} must have exactly 'sku' and 'intensity'",
            'write it as {"sku": "EYE-001", "intensity": 0.8}',
        )
    sku, value = item["sku"], item["intensity"]
    if not isinstance(sku, str) or not sku:
        raise KioskError(f"{where}: 'sku' must be text", 'e.g. "sku": "EYE-001"')
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise KioskError(f"{where}: intensity {value!r} is not a number", "use 0..1")
    if not 0.0 <= value <= 1.0:
        raise KioskError(f"{where}: intensity {value} is outside 0..1", "use 0..1")
    return LookItem(sku, float(value))


def _plural(kind: str) -> str:
    return {"lashes": "lashes", "brow": "brow products", LIP_KIND: "lip shades"}.get(
        kind, f"{kind}s"
    )
