"""Catalog: products with their variants (SKU, EAN-13, shade or size, price per channel)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Path, Query
from sqlalchemy import Connection, select

from kiosk.hub import policy
from kiosk.hub import tables as t
from kiosk.hub.auth import CallerDep, ReadConn
from kiosk.hub.errors import ApiError
from kiosk.hub.policy import Action
from kiosk.hub.routers import api_router, errors
from kiosk.hub.stock import money
from kiosk.storeapi.contract import (
    SKU_PATTERN,
    Product,
    ProductKind,
    ProductList,
    Variant,
    is_valid_ean13,
)

router = api_router("catalog")


def _variants(conn: Connection, where: Any) -> list[Variant]:
    v, p = t.variants, t.prices
    rows = conn.execute(
        select(v, p.c.channel, p.c.amount_cents, p.c.currency)
        .select_from(v.outerjoin(p, p.c.sku == v.c.sku))
        .where(where)
        .order_by(v.c.product_id, v.c.position, v.c.sku, p.c.channel)
    ).all()
    out: dict[str, Variant] = {}
    for row in rows:
        variant = out.get(row.sku)
        if variant is None:
            variant = out[row.sku] = Variant(
                sku=row.sku,
                barcode=row.barcode,
                product_id=row.product_id,
                name=row.name,
                size=row.size,
                color_hex=row.color_hex,
                finish=row.finish,
                prices=[],
            )
        if row.channel is not None:
            variant.prices.append(money(row.amount_cents, row.currency, row.channel))
    return list(out.values())


@router.get("/products", responses=errors())
def list_products(
    caller: CallerDep,
    conn: ReadConn,
    kind: Annotated[ProductKind | None, Query(description="shade or garment")] = None,
) -> ProductList:
    policy.require(caller, Action.CATALOG_READ)
    query = select(t.products).order_by(t.products.c.position, t.products.c.product_id)
    if kind is not None:
        query = query.where(t.products.c.kind == kind)
    products = conn.execute(query).all()
    ids = [p.product_id for p in products]
    by_product: dict[str, list[Variant]] = {pid: [] for pid in ids}
    for variant in _variants(conn, t.variants.c.product_id.in_(ids)):
        by_product[variant.product_id].append(variant)
    return ProductList(
        products=[
            Product(
                product_id=p.product_id,
                kind=p.kind,
                name=p.name,
                brand=p.brand,
                finish=p.finish,
                color_hex=p.color_hex,
                category=p.category,
                images=json.loads(p.images),
                variants=by_product[p.product_id],
            )
            for p in products
        ]
    )


@router.get("/variants/{sku}", responses=errors(404))
def get_variant(
    caller: CallerDep, conn: ReadConn, sku: Annotated[str, Path(pattern=SKU_PATTERN)]
) -> Variant:
    policy.require(caller, Action.CATALOG_READ)
    return _one_variant(
        conn, t.variants.c.sku == sku, f"SKU {sku!r} is not in the catalog", "path.sku"
    )


@router.get("/variants", responses=errors(404))
def find_variant(
    caller: CallerDep,
    conn: ReadConn,
    barcode: Annotated[str, Query(pattern=r"^[0-9]{13}$", description="EAN-13, as scanned")],
) -> Variant:
    policy.require(caller, Action.CATALOG_READ)
    if not is_valid_ean13(barcode):
        raise ApiError(
            422,
            "validation_error",
            f"barcode {barcode} has a wrong EAN-13 check digit; rescan the product",
            "query.barcode",
        )
    return _one_variant(
        conn, t.variants.c.barcode == barcode, f"no product has barcode {barcode}", "query.barcode"
    )


def _one_variant(conn: Connection, where: Any, missing: str, field: str) -> Variant:
    found = _variants(conn, where)
    if not found:
        raise ApiError(404, "not_found", missing, field)
    return found[0]
