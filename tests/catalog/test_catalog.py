"""One catalog for every category: products, their variants (SKUs), the hub's prices."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from kiosk.catalog.catalog import load_catalog
from kiosk.catalog.garments import default_garments_path, load_garments
from kiosk.catalog.hub_prices import hub_prices
from kiosk.catalog.money import Money
from kiosk.errors import KioskError
from kiosk.paths import assets_dir
from kiosk.storeapi.contract import ProductList


def _demo_hub_products() -> ProductList:
    """The hub's demo catalog, in the contract's shape (as GET /v1/catalog sends it)."""
    seed = json.loads((assets_dir() / "store" / "demo.json").read_text(encoding="utf-8"))
    products = []
    for p in seed["products"]:
        variants = [
            {
                **v,
                "product_id": p["product_id"],
                "prices": [
                    {"channel": ch, "amount": amount, "currency": seed["currency"]}
                    for ch, amount in v["prices"].items()
                ],
            }
            for v in p["variants"]
        ]
        products.append({**p, "variants": variants})
    return ProductList.model_validate({"products": products, "currency": seed["currency"]})


def test_one_catalog_holds_shades_and_garments_with_their_variants() -> None:
    catalog = load_catalog(assets_dir() / "catalog.json", strict=True)
    assert catalog.shades and catalog.garments
    assert catalog.cosmetics and catalog.looks
    assert len(catalog.products) == (
        len(catalog.shades) + len(catalog.cosmetics) + len(catalog.garments)
    )
    tee = catalog.garments[0]
    assert [v.size for v in tee.variants] == list(tee.sizes)
    assert tee.variant("M").sku == f"{tee.product_id}-M"
    product, variant = catalog.find(f"{tee.product_id}-M") or (None, None)
    assert product == tee and variant is not None and variant.size == "M"
    product, variant = catalog.find("LIP-004") or (None, None)
    assert product == catalog.shade("LIP-004") and variant is not None and variant.size == ""
    assert catalog.find("NOPE-1") is None
    with pytest.raises(KioskError, match="size"):
        tee.variant("XXXL")


def test_every_shipped_variant_is_a_sku_the_hub_sells() -> None:
    """The kiosk's SKUs and the hub's are one vocabulary: every variant the shelf can put
    on has stock, a barcode and a price at the hub."""
    catalog = load_catalog(assets_dir() / "catalog.json", strict=True)
    hub = {v.sku for p in _demo_hub_products().products for v in p.variants}
    shipped = {v.sku for p in catalog.products for v in p.variants}
    assert shipped <= hub, sorted(shipped - hub)


def test_hub_prices_rename_and_reprice_every_category() -> None:
    catalog = load_catalog(assets_dir() / "catalog.json", strict=True)
    hub = _demo_hub_products()
    # head office changes a shade's and a garment's in-store price and name
    for p in hub.products:
        if p.product_id in ("LIP-002", catalog.garments[0].product_id):
            p.name = f"{p.name} (new)"
            for v in p.variants:
                for price in v.prices:
                    if price.channel == "store":
                        price.amount = "99.50"
    again = catalog.repriced(hub_prices(hub.products))
    assert again.shade("LIP-002").price == Money(Decimal("99.50"), "CNY")
    assert again.shade("LIP-002").name.endswith("(new)")
    tee = again.garments[0]
    assert tee.price.text() == "¥99.50" and tee.name.endswith("(new)")
    assert again.shade("LIP-001") == catalog.shade("LIP-001")  # unchanged stays as shipped


def test_a_broken_garment_file_hides_only_the_clothes(tmp_path: Path) -> None:
    broken = tmp_path / "garments.json"
    broken.write_text("{", encoding="utf-8")
    catalog = load_catalog(assets_dir() / "catalog.json", broken)
    assert catalog.shades and catalog.garments == ()
    with pytest.raises(KioskError, match="cannot be read"):
        load_catalog(assets_dir() / "catalog.json", broken, strict=True)


def test_garment_files_name_the_product_id_and_still_read_the_old_key(tmp_path: Path) -> None:
    data = json.loads(default_garments_path().read_text(encoding="utf-8"))
    assert all("product_id" in g for g in data["garments"])
    base = default_garments_path().parent
    for g in data["garments"]:
        g["sku"] = g.pop("product_id")
        g["image"], g["rig"] = str(base / g["image"]), str(base / g["rig"])
    old = tmp_path / "garments.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    assert [p.product_id for p in load_garments(old)] == [p.product_id for p in load_garments()]
