"""The open shelf is the shopper's state: tabs and scanned products change it the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.money import Money
from kiosk.catalog.shades import ShadeProduct
from kiosk.render.shade import Shade
from kiosk.session.shelf import CATEGORIES, ShelfState, category_of


def test_the_first_offered_shelf_is_open_and_others_open_on_request() -> None:
    shelves = ShelfState(("clothes", "lips"))
    assert shelves.categories == ("lips", "clothes")  # tab order is the kiosk's, not the caller's
    assert shelves.current == "lips"
    assert shelves.show("clothes") and shelves.current == "clothes"
    assert not shelves.show("clothes")  # already open: no change to announce
    assert shelves.show("lips") and shelves.current == "lips"


def test_a_shelf_not_offered_stays_closed() -> None:
    lips_only = ShelfState(("lips",))  # no pose model: no clothes
    assert not lips_only.show("clothes") and lips_only.current == "lips"
    assert not lips_only.show("shoes")


@pytest.mark.parametrize("offered", [(), ("lips", "shoes")])
def test_unknown_or_no_shelves_are_refused(offered: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="shelves must be"):
        ShelfState(offered)


def test_every_product_has_a_shelf() -> None:
    shade = ShadeProduct("LIP-001", "Crimson Velvet", Money.of(229, "CNY"), Shade("#B0123A"))
    tee = GarmentProduct(
        "TOP-001", "Tee", "tee", Money.of(129, "CNY"), Path("t.png"), Path("t.json"), ("M",),
        {"M": 40.0},
    )  # fmt: skip
    assert (category_of(shade), category_of(tee)) == ("lips", "clothes")
    assert set(CATEGORIES) == {"lips", "eyes", "cheeks", "brows", "looks", "clothes"}
