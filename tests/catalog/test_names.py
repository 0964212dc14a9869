"""Products' names in the screen's languages: read from the catalog's own entries."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from kiosk.catalog.catalog import load_catalog
from kiosk.catalog.names import catalog_names, collect_names, file_entries
from tests.helpers import REPO

SHIPPED = REPO / "assets" / "catalog.json"
GARMENTS = REPO / "assets" / "garments" / "garments.json"


def test_every_shipped_product_and_look_has_a_chinese_name() -> None:
    catalog = load_catalog(SHIPPED, GARMENTS, strict=True)
    zh = catalog.names_in("zh-CN")
    named = [p.name for p in catalog.products] + [look.name for look in catalog.looks]
    assert len(named) == 49 and all(zh.get(name) for name in named), [
        n for n in named if n not in zh
    ]
    assert zh["Classic Red"] == "经典正红" and zh["Bold Glam"] == "大气魅惑"
    assert catalog.names_in("en") == {}  # English is the names themselves
    # the hub's repricing keeps them
    assert catalog.repriced({}).names == catalog.names


def test_malformed_names_leave_that_entry_untranslated_and_say_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = json.loads(SHIPPED.read_text(encoding="utf-8"))
    data["shades"][0]["names"] = ["经典正红"]  # a list, not a mapping
    data["shades"][1]["names"] = {"Chinese": "裸色"}  # not a language code
    data["eyes"][0]["names"] = {"zh-CN": "  "}  # empty
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="kiosk.catalog.names"):
        catalog = load_catalog(path, GARMENTS, strict=True)  # the shelves are all there
    zh = catalog.names_in("zh-CN")
    assert data["shades"][0]["name"] not in zh and data["shades"][1]["name"] not in zh
    assert data["eyes"][0]["name"] not in zh and zh["Classic Red"] == "经典正红"
    assert len(catalog.shades) == len(data["shades"])
    said = [r.getMessage() for r in caplog.records]
    assert any("shades[0]" in m and "zh-CN" in m for m in said), said
    assert sum("left out" in m for m in said) == 3


def test_names_of_entries_and_of_files_that_cannot_be_read(tmp_path: Path) -> None:
    entries = file_entries({"looks": [{"name": "Glam", "names": {"zh-CN": "魅惑"}}, "x"]},
                           ["shades", "looks"], "f")  # fmt: skip
    assert collect_names(entries) == {"zh-CN": {"Glam": "魅惑"}}
    assert catalog_names(tmp_path / "missing.json", [tmp_path / "bad.json"]) == {}
