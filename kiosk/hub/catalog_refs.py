"""What a SKU or product id on a member's wishlist, in a saved look or in a suggestion
refers to: its product, kind, name, and what the mirror puts on for it.

A member's things name products either way: a variant's SKU (LIP-001, TOP-001-M) or a
garment's product id (TOP-001, its size not chosen). The mirror puts a shade on by its SKU
and a garment by its product id (the size is the shopper's choice there), so every answer
carries `try_on`, and the suggestion model works on those same keys (`model_key`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from kiosk.hub import tables as t
from kiosk.storeapi.contract import PriceChannel, ProductKind

_V, _P = t.variants.c, t.products.c
_COLUMNS = (
    _V.sku, _V.product_id, _V.size, _V.position, _V.color_hex, _V.finish, _P.kind, _P.name,
    _P.color_hex.label("product_color"), _P.finish.label("product_finish"),
)  # fmt: skip
_JOINED = t.variants.join(t.products, _P.product_id == _V.product_id)


@dataclass(frozen=True)
class Ref:
    """One SKU or product id as found in the catalog."""

    key: str  # as asked
    product_id: str
    kind: ProductKind
    name: str  # the product's name (what a shopper calls it)
    try_on: str  # the shade's SKU, or the garment's product id
    size: str | None
    color_hex: str | None
    finish: str | None

    @property
    def model_key(self) -> str:
        """The suggestion model's key: a shade's SKU, a garment's product id."""
        return self.try_on


def resolve(conn: Connection, keys: Iterable[str]) -> dict[str, Ref]:
    """The catalog's answer for each of `keys` that is a variant's SKU or a product id
    (a key that is neither is missing from the result)."""
    wanted = {k for k in keys if k}
    if not wanted:
        return {}
    rows = conn.execute(
        select(*_COLUMNS)
        .select_from(_JOINED)
        .where(_V.sku.in_(wanted) | _V.product_id.in_(wanted))
        .order_by(_V.product_id, _V.position, _V.sku)
    ).all()
    found: dict[str, Ref] = {}
    first_of: dict[str, Any] = {}
    for row in rows:
        first_of.setdefault(row.product_id, row)
        if row.sku in wanted:
            found[row.sku] = _ref(row.sku, row, sized=True)
    for product_id, first in first_of.items():
        if product_id in wanted and product_id not in found:
            found[product_id] = _ref(product_id, first, sized=False)
    return found


def _ref(key: str, row: Any, *, sized: bool) -> Ref:
    garment = row.kind == "garment"
    return Ref(
        key=key,
        product_id=row.product_id,
        kind=row.kind,
        name=row.name,
        try_on=row.product_id if garment else row.sku,
        size=row.size if sized else None,
        color_hex=row.color_hex or row.product_color,
        finish=row.finish or row.product_finish,
    )


def model_keys(conn: Connection) -> tuple[dict[str, str], dict[str, Ref]]:
    """(every variant SKU and product id -> its model key, model key -> its Ref): the map
    that turns a member's interactions into the suggestion model's products."""
    rows = conn.execute(
        select(*_COLUMNS).select_from(_JOINED).order_by(_V.product_id, _V.position, _V.sku)
    ).all()
    to_key: dict[str, str] = {}
    refs: dict[str, Ref] = {}
    for row in rows:
        ref = _ref(row.sku, row, sized=False)
        to_key[row.sku] = ref.model_key
        to_key.setdefault(row.product_id, ref.model_key)
        refs.setdefault(ref.model_key, ref)
    return to_key, refs


def on_sale(conn: Connection, channel: PriceChannel) -> set[str]:
    """The model keys with a price in `channel` (what may be suggested there)."""
    v, p, pr = t.variants.c, t.products.c, t.prices.c
    rows = conn.execute(
        select(v.sku, v.product_id, p.kind)
        .select_from(
            t.variants.join(t.products, p.product_id == v.product_id).join(
                t.prices, pr.sku == v.sku
            )
        )
        .where(pr.channel == channel)
        .distinct()
    )
    return {row.product_id if row.kind == "garment" else row.sku for row in rows}
