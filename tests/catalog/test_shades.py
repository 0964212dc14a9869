"""The demo catalog and the catalog loader's messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.shades import load_shades
from kiosk.errors import KioskError
from kiosk.paths import assets_dir
from kiosk.render.shade import FINISHES


def test_demo_catalog_has_at_least_twelve_valid_shades() -> None:
    catalog = Catalog(load_shades(assets_dir() / "catalog.json"))
    assert len(catalog.shades) >= 12
    assert {p.shade.finish for p in catalog.shades} == set(FINISHES)
    assert len({p.sku for p in catalog.shades}) == len(catalog.shades)
    assert catalog.shade("LIP-001").name == "Crimson Velvet"
    assert catalog.shade("LIP-001").price.text() == "¥229.00"
    # a shade is one product with one variant: its SKU
    assert [v.sku for v in catalog.shade("LIP-001").variants] == ["LIP-001"]


def _write(tmp_path: Path, shades: object) -> Path:
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"shades": shades}), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("shades", "needle"),
    [
        ([{"sku": "A", "name": "x", "price": 1}], "lacks the field 'color'"),
        ([{"sku": "A", "name": "x", "price": 1, "color": "red"}], "#RRGGBB"),
        ([{"sku": "A", "name": "x", "price": 1, "color": "#112233", "finish": "wet"}], "finish"),
        ([{"sku": "A", "name": "x", "price": -1, "color": "#112233"}], "negative"),
        ([{"sku": "A", "name": "x", "price": 1, "color": "#112233", "opacity": 3}], "opacity"),
        (
            [
                {"sku": "A", "name": "x", "price": 1, "color": "#112233"},
                {"sku": "A", "name": "y", "price": 1, "color": "#112233"},
            ],
            "repeats SKU",
        ),
        (["just a string"], "not an object"),
    ],
)
def test_bad_entries_name_the_entry_and_the_problem(
    tmp_path: Path, shades: object, needle: str
) -> None:
    with pytest.raises(KioskError, match=needle):
        load_shades(_write(tmp_path, shades))


def test_unknown_sku_lists_known_ones(tmp_path: Path) -> None:
    catalog = Catalog(
        load_shades(_write(tmp_path, [{"sku": "A1", "name": "x", "price": 1, "color": "#112233"}]))
    )
    with pytest.raises(KioskError) as err:
        catalog.shade("B2")
    assert "A1" in err.value.fix


def test_missing_and_broken_files(tmp_path: Path) -> None:
    with pytest.raises(KioskError, match="does not exist"):
        load_shades(tmp_path / "nope.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(KioskError, match="cannot be read"):
        load_shades(broken)
