"""Eye, cheek and brow products and complete looks: the shipped range, the loader's
messages for each mistake a store can make, looks into what to paint, find and prices."""

from __future__ import annotations

import json
import logging
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from kiosk.catalog.catalog import load_catalog
from kiosk.catalog.cosmetics import CosmeticProduct, load_cosmetics
from kiosk.catalog.hub_prices import HubPrice
from kiosk.catalog.money import Money
from kiosk.catalog.shades import load_shades
from kiosk.errors import KioskError
from kiosk.paths import assets_dir
from kiosk.render.cosmetics import (
    SHELF_OF_KIND,
    Blush,
    BrowTint,
    EyeLiner,
    EyeShadow,
    FaceMakeup,
    Lashes,
)
from kiosk.vision.skin_tone import DEPTHS, UNDERTONES

SHIPPED = assets_dir() / "catalog.json"


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return data


def test_the_shipped_range_is_a_whole_beauty_counter() -> None:
    catalog = load_catalog(SHIPPED, strict=True)
    by_kind: dict[str, list[CosmeticProduct]] = {}
    for p in catalog.cosmetics:
        by_kind.setdefault(p.kind, []).append(p)
    shadows = [p.product for p in by_kind["eyeshadow"]]
    assert len(shadows) >= 5 and all(isinstance(s, EyeShadow) for s in shadows)
    shapes = {(len(s.colors), s.finish) for s in shadows if isinstance(s, EyeShadow)}
    assert {(1, "matte"), (1, "shimmer"), (2, "matte"), (3, "metallic"), (3, "shimmer")} <= shapes
    liners = [p.product for p in by_kind["eyeliner"]]
    assert len(liners) == 3 and all(isinstance(x, EyeLiner) for x in liners)
    assert any(isinstance(x, EyeLiner) and x.wing > 0.5 for x in liners)  # a winged one
    assert len(by_kind["lashes"]) == 2 and isinstance(by_kind["lashes"][0].product, Lashes)
    blushes = [p.product for p in by_kind["blush"]]
    assert len(blushes) == 4 and {b.finish for b in blushes if isinstance(b, Blush)} == {
        "matte",
        "shimmer",
    }
    assert len(by_kind["brow"]) == 3 and isinstance(by_kind["brow"][0].product, BrowTint)
    for p in catalog.cosmetics:
        assert p.shelf == SHELF_OF_KIND[p.kind]
        assert p.sku == p.product_id and [v.sku for v in p.variants] == [p.sku]
        assert p.price.currency == "CNY" and p.price.amount > 0
        assert p.suits is not None and set(p.suits.depths) <= set(DEPTHS)
        assert set(p.suits.undertones) <= set(UNDERTONES)
        prefix = {"eyeshadow": "EYE-", "eyeliner": "LNR-", "lashes": "LSH-"}
        prefix |= {"blush": "BLS-", "brow": "BRW-"}
        assert p.sku.startswith(prefix[p.kind])
    # every SKU in the file once, across the shelves
    skus = [v.sku for p in catalog.products for v in p.variants]
    assert len(skus) == len(set(skus))


def test_a_tile_shows_a_shadows_colours_and_anyone_elses_one() -> None:
    catalog = load_catalog(SHIPPED, strict=True)
    raw = {e["sku"]: e for section in ("eyes", "cheeks", "brows") for e in _raw()[section]}
    for p in catalog.cosmetics:
        entry = raw[p.sku]
        assert p.swatch == tuple(entry["colors"] if "colors" in entry else [entry["color"]])


def test_looks_are_a_lip_shade_and_products_at_chosen_strengths() -> None:
    catalog = load_catalog(SHIPPED, strict=True)
    names = {lk.name for lk in catalog.looks}
    assert {"Everyday Natural", "Office Chic", "Evening Smoky", "Bold Glam"} <= names
    shades = {p.sku for p in catalog.shades}
    for look in catalog.looks:
        assert look.look_id.startswith("LOOK-") and look.sku == look.look_id
        lips = [s for s in look.skus if s in shades]
        others = [s for s in look.skus if s not in shades]
        assert len(lips) == 1 and 2 <= len(others) <= 5, look
        shade, makeup = catalog.look_makeup(look)
        assert shade is not None and shade.sku == lips[0]
        assert len(makeup.worn) == len(others)
        for sku in others:
            product = catalog.cosmetic(sku)
            worn = getattr(makeup, _slot(product.kind))
            assert worn.product == product.product
            assert worn.intensity == look.intensity_of(sku)
        listed = catalog.look_products(look)
        assert [p.variants[0].sku for p, _ in listed] == list(look.skus)
        assert [i for _, i in listed] == [item.intensity for item in look.items]
    # by id, as the command line and a hand-off name it
    assert catalog.look_makeup("LOOK-004") == catalog.look_makeup(catalog.look("LOOK-004"))


def _slot(kind: str) -> str:
    return {"eyeshadow": "shadow", "eyeliner": "liner"}.get(kind, kind)


def test_a_look_without_lips_paints_makeup_only(tmp_path: Path) -> None:
    path = _write(tmp_path, looks=[_look(("EYE-1", 0.5), ("BLS-1", 0.3))])
    catalog = load_catalog(path, strict=True)
    shade, makeup = catalog.look_makeup("LOOK-1")
    assert shade is None and makeup.shadow is not None and makeup.blush is not None
    assert makeup.liner is None and makeup.shadow.intensity == 0.5


def test_find_cosmetic_and_look_name_what_there_is() -> None:
    catalog = load_catalog(SHIPPED, strict=True)
    product, variant = catalog.find("BLS-002") or (None, None)
    assert product == catalog.cosmetic("BLS-002") and variant is not None
    assert variant.size == "" and variant.product_id == "BLS-002"
    assert catalog.find("LOOK-001") is None  # a look is not sold: its products are
    with pytest.raises(KioskError, match="unknown eye, cheek or brow SKU 'LIP-001'") as err:
        catalog.cosmetic("LIP-001")
    assert "EYE-001" in err.value.fix
    with pytest.raises(KioskError, match="unknown look 'LOOK-999'") as err:
        catalog.look("LOOK-999")
    assert "LOOK-001 (Everyday Natural)" in err.value.fix


def test_the_hub_renames_and_reprices_cosmetics() -> None:
    catalog = load_catalog(SHIPPED, strict=True)
    prices = {
        "EYE-004": HubPrice("Bronze Ember Palette", Money.of("229.00", "CNY")),
        "LIP-001": HubPrice("Crimson Velvet", Money.of("199.00", "CNY")),
    }
    again = catalog.repriced(prices)
    assert again.cosmetic("EYE-004").price == Money(Decimal("229.00"), "CNY")
    assert again.cosmetic("EYE-004").name == "Bronze Ember Palette"
    assert again.cosmetic("EYE-004").product == catalog.cosmetic("EYE-004").product
    assert again.cosmetic("EYE-001") == catalog.cosmetic("EYE-001")  # the hub says nothing
    assert again.shade("LIP-001").price.amount == Decimal("199.00")
    assert again.looks == catalog.looks


# ---- the loader's messages --------------------------------------------------------------


def _shade(sku: str = "LIP-1") -> dict[str, Any]:
    return {"sku": sku, "name": "Red", "color": "#B0123A", "price": 99}


def _eye(sku: str = "EYE-1", **fields: Any) -> dict[str, Any]:
    return {"sku": sku, "name": "Nude", "kind": "eyeshadow", "colors": ["#C4A08A"]} | {
        "price": 159,
        **fields,
    }


def _blush(sku: str = "BLS-1", **fields: Any) -> dict[str, Any]:
    return {"sku": sku, "name": "Peach", "kind": "blush", "color": "#F0A080", "price": 179} | fields


def _look(*items: tuple[str, float], look_id: str = "LOOK-1") -> dict[str, Any]:
    return {
        "id": look_id,
        "name": "Test look",
        "items": [{"sku": s, "intensity": i} for s, i in items],
    }


def _write(
    tmp_path: Path,
    eyes: list[Any] | None = None,
    cheeks: list[Any] | None = None,
    brows: list[Any] | None = None,
    looks: list[Any] | None = None,
    shades: list[Any] | None = None,
) -> Path:
    data = {
        "currency": "CNY",
        "shades": [_shade()] if shades is None else shades,
        "eyes": [_eye()] if eyes is None else eyes,
        "cheeks": [_blush()] if cheeks is None else cheeks,
        "brows": brows or [],
        "looks": looks or [],
    }
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _load(path: Path) -> None:
    load_cosmetics(path, load_shades(path))


@pytest.mark.parametrize(
    ("section", "entry", "needle", "fix"),
    [
        ("eyes", "not a product", r"eyes #1 is not an object", "write each product"),
        ("eyes", {"sku": "EYE-1", "name": "x", "kind": "eyeshadow"}, "lacks the field 'price'",
         "add sku, name, kind, price"),
        ("eyes", _eye(kind="glitter"), r"eyes #1 \(EYE-1\): kind 'glitter' does not belong",
         "use kind 'eyeshadow' or 'eyeliner' or 'lashes'"),
        ("eyes", _blush(), r"kind 'blush' does not belong on this shelf",
         "move it to the 'cheeks' list"),
        ("eyes", _eye(colors=["#C4A08A", "beige"]), r"EYE-1\): colors\[1\]", "correct that"),
        ("eyes", _eye(colors=[]), "one to three colours", "correct that field"),
        ("eyes", _eye(colors=["#111111"] * 4), "one to three colours", "correct that field"),
        ("eyes", _eye(finish="glossy"), "finish 'glossy' is not one of matte, shimmer, metallic",
         "correct that field"),
        ("eyes", _eye(opacity=1.5), "opacity 1.5 is outside 0..1", "correct that field"),
        ("eyes", _eye(colour="#111111"), r"unknown field\(s\) 'colour' for a eyeshadow",
         "use only colors, currency, finish"),
        ("eyes", {k: v for k, v in _eye().items() if k != "colors"},
         "lacks the field 'colors'", "a eyeshadow needs colors"),
        ("cheeks", _blush(color="#12"), r"cheeks #1 \(BLS-1\): color", "correct that field"),
        ("cheeks", _blush(price=-3), "negative", "correct that field"),
        ("brows", {"sku": "BRW-1", "name": "x", "kind": "brow", "color": "#3C2A20",
                   "price": 1, "suits": {"depths": ["olive"], "undertones": ["warm"]}},
         r"'suits.depths' has unknown name\(s\) 'olive'", "use only fair, light"),
        ("brows", {"sku": "BRW-1", "name": "x", "kind": "brow", "color": "#3C2A20",
                   "price": 1, "suits": {"depths": ["fair"]}},
         "'suits' must have exactly 'depths' and 'undertones'", "write it as"),
    ],
)  # fmt: skip
def test_a_bad_product_names_the_entry_the_problem_and_the_fix(
    tmp_path: Path, section: str, entry: Any, needle: str, fix: str
) -> None:
    path = _write(tmp_path, **{section: [entry]})
    with pytest.raises(KioskError, match=needle) as err:
        _load(path)
    assert fix in err.value.fix, err.value.fix
    assert str(path) in err.value.message


@pytest.mark.parametrize(
    ("sections", "needle"),
    [
        ({"eyes": [_eye(), _eye()]}, r"eyes #2 repeats SKU 'EYE-1' \(already in 'eyes'\)"),
        ({"cheeks": [_blush("EYE-1")]}, r"cheeks #1 repeats SKU 'EYE-1' \(already in 'eyes'\)"),
        ({"eyes": [_eye("LIP-1")]}, r"eyes #1 repeats SKU 'LIP-1' \(already in 'shades'\)"),
    ],
)
def test_a_sku_is_sold_once_across_every_shelf(
    tmp_path: Path, sections: dict[str, Any], needle: str
) -> None:
    with pytest.raises(KioskError, match=needle) as err:
        _load(_write(tmp_path, **sections))
    assert err.value.fix == "give every product in the file its own SKU"


@pytest.mark.parametrize(
    ("look", "needle", "fix"),
    [
        (_look(("LIP-1", 0.8), ("EYE-9", 0.5)), r"look #1 \(LOOK-1\), item #2 names unknown "
         r"SKU 'EYE-9'", "use a SKU from the file's shades, eyes, cheeks or brows"),
        (_look(("LIP-1", 0.8), ("LIP-2", 0.5)), r"has two lip shades \(LIP-1 and LIP-2\)",
         "keep one lip shade and one product of each kind"),
        (_look(("EYE-1", 0.8), ("EYE-2", 0.5)), r"has two eyeshadows \(EYE-1 and EYE-2\)",
         "one product of each kind"),
        (_look(("LIP-1", 1.2)), "item #1: intensity 1.2 is outside 0..1", "0..1"),
        (_look(("LIP-1", "strong")), "intensity 'strong' is not a number", "0..1"),  # type: ignore[arg-type]
        ({"id": "LOOK-1", "name": "x", "items": [{"sku": "LIP-1"}]},
         "must have exactly 'sku' and 'intensity'", '"intensity": 0.8'),
        ({"id": "LOOK-1", "name": "x", "items": []}, "has no 'items' list", "write it as"),
        ({"id": "LOOK-1", "items": [{"sku": "LIP-1", "intensity": 1}]},
         "lacks the text field 'name'", "write it as"),
        (_look(("LIP-1", 0.8)) | {"price": 300}, r"unknown field\(s\) 'price'",
         "use only id, name, names, items, description"),
        (_look(("LIP-1", 0.8), look_id="EYE-1"), "the id 'EYE-1' is taken", "unlike any SKU"),
        ("Bold Glam", "look #1 is not an object", "write each look as"),
    ],
)  # fmt: skip
def test_a_bad_look_names_the_look_the_problem_and_the_fix(
    tmp_path: Path, look: Any, needle: str, fix: str
) -> None:
    shades = [_shade("LIP-1"), _shade("LIP-2")]
    path = _write(tmp_path, shades=shades, eyes=[_eye("EYE-1"), _eye("EYE-2")], looks=[look])
    with pytest.raises(KioskError, match=needle) as err:
        _load(path)
    assert fix in err.value.fix, err.value.fix


def test_two_looks_with_one_id_are_refused(tmp_path: Path) -> None:
    looks = [_look(("LIP-1", 0.8)), _look(("EYE-1", 0.5))]
    with pytest.raises(KioskError, match=r"look #2 \(LOOK-1\): the id 'LOOK-1' is taken"):
        _load(_write(tmp_path, looks=looks))


def test_a_catalog_without_beauty_shelves_still_loads(tmp_path: Path) -> None:
    """A store's older catalog (shades only) loads as before, with empty new shelves."""
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"shades": [_shade()]}), encoding="utf-8")
    catalog = load_catalog(path, strict=True)
    assert catalog.cosmetics == () and catalog.looks == ()
    with pytest.raises(KioskError, match="none in this catalog"):
        catalog.cosmetic("EYE-1")


def test_a_broken_shelf_costs_that_shelf_only_unless_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """On a live kiosk a typo in the blushes keeps the lips, the eyes and every look that
    does not need the broken shelf; `kiosk doctor` (strict) refuses the file."""
    path = _write(
        tmp_path,
        cheeks=[_blush(), _blush("BLS-2", color="pink")],
        looks=[
            _look(("LIP-1", 0.8), ("EYE-1", 0.6), look_id="LOOK-1"),
            _look(("LIP-1", 0.8), ("BLS-1", 0.4), look_id="LOOK-2"),
        ],
    )
    with caplog.at_level(logging.WARNING, logger="kiosk.catalog.catalog"):
        catalog = load_catalog(path)
    assert [p.sku for p in catalog.shades] == ["LIP-1"]
    assert [p.sku for p in catalog.cosmetics] == ["EYE-1"]
    assert [lk.look_id for lk in catalog.looks] == ["LOOK-1"]
    logged = caplog.text
    assert "cheeks #2 (BLS-2): color" in logged and "LOOK-2" in logged and "BLS-1" in logged
    with pytest.raises(KioskError, match=r"cheeks #2 \(BLS-2\)"):
        load_catalog(path, strict=True)


def test_a_section_that_is_not_a_list_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path)
    data = json.loads(path.read_text())
    data["brows"] = {"sku": "BRW-1"}
    path.write_text(json.dumps(data))
    with pytest.raises(KioskError, match="'brows' is not a list") as err:
        _load(path)
    assert '"brows": [{...}, ...]' in err.value.fix


def test_the_default_makeup_is_empty() -> None:
    """A look's makeup starts from nothing: products not in the look stay off."""
    catalog = load_catalog(SHIPPED, strict=True)
    shade, makeup = catalog.look_makeup("LOOK-005")
    assert shade is not None and makeup.brow is None and makeup.lashes is None
    assert FaceMakeup().empty
