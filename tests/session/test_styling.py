"""A styling session's search, looks and notes, on the shipped catalog."""

from __future__ import annotations

import pytest

from kiosk.catalog.catalog import Catalog, load_catalog
from kiosk.config import load_settings
from kiosk.session.styling import (
    MAX_LOOKS,
    Look,
    LookItem,
    Styling,
    search,
    sellable_sku,
    worn_look,
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    settings = load_settings(profile="developer", env={})
    return load_catalog(settings.catalog.resolved_path())


def test_search_by_name_words_sku_and_product_id(catalog: Catalog) -> None:
    shade = catalog.shades[0]
    by_name = search(catalog, shade.name.upper())
    assert by_name and by_name[0].sku == shade.sku and by_name[0].kind == "shade"
    assert by_name[0].price  # shown with the result
    assert [f.sku for f in search(catalog, shade.sku.lower())] == [shade.sku]
    garment = catalog.garments[0]
    found = search(catalog, garment.product_id)
    assert found[0].sku == garment.product_id and found[0].kind == "garment"
    sized = garment.variant(garment.sizes[0]).sku
    assert search(catalog, sized)[0].sku == garment.product_id  # a size's SKU finds it
    assert search(catalog, "") == [] and search(catalog, "zzz-no-such") == []
    words = shade.name.split()
    if len(words) > 1:  # every word must match, in any order
        assert shade.sku in [f.sku for f in search(catalog, f"{words[-1]} {words[0]}")]


def test_names_that_start_with_the_query_come_first(catalog: Catalog) -> None:
    first = catalog.shades[-1]
    results = search(catalog, first.name[:3])
    starts = [f.name.casefold().startswith(first.name[:3].casefold()) for f in results]
    assert starts == sorted(starts, reverse=True)


def test_the_worn_look_and_keeping_up_to_four(catalog: Catalog) -> None:
    garment = catalog.garments[0]
    size = garment.sizes[0]
    look = worn_look(catalog.shades[0], 0.8, garment, size)
    assert look is not None and look.shade is not None and look.garment is not None
    assert look.shade.intensity == 0.8 and look.shade.finish == catalog.shades[0].shade.finish
    assert look.garment.sku == garment.variant(size).sku and look.garment.size == size
    assert worn_look(None, 0.8, None, None) is None
    styling = Styling()
    assert styling.keep(None) is None
    assert styling.keep(look) == 0
    assert styling.keep(look) is None  # the same look twice is one look
    for shade in catalog.shades[1:MAX_LOOKS]:
        styling.keep(worn_look(shade, 0.6, None, None))
    assert styling.full and styling.keep(worn_look(catalog.shades[-1], 0.5, None, None)) is None
    assert styling.drop(0) and not styling.full and not styling.drop(9)


def test_the_lookbook_request_and_the_notes_stay_on_the_mirror() -> None:
    styling = Styling()
    styling.keep(Look((LookItem("LIP-001", "shade", "Red", intensity=0.756, finish="matte"),)))
    styling.keep(Look((LookItem("TOP-001-M", "garment", "Tee", size="M"),)))
    styling.note_size("M")
    styling.note_size("XXXL")  # not a size staff can tap: no note
    assert styling.size is None
    styling.note_size("L")
    styling.toggle_preference("bold")
    styling.toggle_preference("nonsense")
    assert styling.preferences == {"bold"}
    body = styling.lookbook_request("sess-1", None)
    assert body == {
        "session_id": "sess-1",
        "looks": [
            {"items": [{"sku": "LIP-001", "intensity": 0.76, "finish": "matte"}]},
            {"items": [{"sku": "TOP-001-M", "size": "M"}]},
        ],
    }
    assert styling.lookbook_request("sess-1", "M-1")["member_id"] == "M-1"
    assert "bold" not in repr(styling.lookbook_request("sess-1", "M-1"))
    styling.clear()
    assert (styling.looks, styling.size, styling.preferences) == ([], None, set())


def test_a_sellable_sku_for_what_a_look_holds(catalog: Catalog) -> None:
    shade, garment = catalog.shades[0], catalog.garments[0]
    assert sellable_sku(catalog, shade.sku) == shade.sku
    sized = garment.variant(garment.sizes[-1]).sku
    assert sellable_sku(catalog, sized) == sized
    assert sellable_sku(catalog, garment.product_id) == garment.variants[0].sku  # no size
    assert sellable_sku(catalog, "NO-SUCH") is None
