"""The made-for-you shelves: hub answers turned into tiles a tap puts on, on the shipped
catalog; the member's part and the anonymous part forgotten when they should be."""

from __future__ import annotations

import pytest

from kiosk.catalog.catalog import Catalog, load_catalog
from kiosk.config import load_settings
from kiosk.session.for_you import MAX_PICKS, ForYou, Wear
from kiosk.session.shelf import ShelfState


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    settings = load_settings(profile="developer", env={})
    return load_catalog(settings.catalog.resolved_path())


def test_wishlist_tiles_wear_shades_and_garments_and_skip_what_is_not_carried(
    catalog: Catalog,
) -> None:
    shade, garment = catalog.shades[2], catalog.garments[0]
    size_sku = garment.variants[1].sku
    mine = ForYou()
    mine.set_wishlist(catalog, [{"sku": shade.sku}, {"sku": size_sku}, {"sku": "LIP-999"}])
    assert [p.key for p in mine.wishlist] == [shade.sku, size_sku]
    assert mine.wishlist[0].wears == (Wear(shade.sku, "shade"),)
    assert mine.wishlist[0].swatch == shade.shade.color and not mine.wishlist[0].image
    assert mine.wishlist[1].wears == (Wear(size_sku, "garment"),)  # the wished-for size
    assert mine.wishlist[1].image.endswith(".png") and not mine.wishlist[1].swatch
    assert mine.skipped == 1  # not sold here: no tile that could not be put on
    assert mine.available() == ("wishlist",)


def test_an_app_look_wears_its_shade_at_its_strength_and_its_garment(catalog: Catalog) -> None:
    shade, garment = catalog.shades[0], catalog.garments[1]
    look = {
        "look_id": "L1",
        "items": [
            {"sku": shade.sku, "intensity": 0.4, "finish": "matte"},
            {"sku": garment.product_id},  # no size noted: its first size goes on
            {"sku": catalog.shades[1].sku},  # a second shade cannot be worn at once
        ],
    }
    mine = ForYou()
    mine.set_app_looks(catalog, [look, {"look_id": "L2", "items": [{"sku": "NOPE"}]}])
    (pick,) = mine.app_looks
    assert (pick.key, pick.name, pick.more) == ("L1", shade.name, 1)
    assert pick.wears == (Wear(shade.sku, "shade", 0.4), Wear(garment.variants[0].sku, "garment"))
    assert mine.skipped == 1


def test_suggestions_keep_their_reason_and_tone_picks_follow_the_members(catalog: Catalog) -> None:
    a, b, c = (s.sku for s in catalog.shades[:3])
    mine = ForYou()
    mine.set_member_suggestions(
        catalog,
        [
            {"sku": a, "reason": "together", "because_sku": b},
            {"sku": c, "reason": "popular"},
        ],
    )
    mine.set_tone_suggestions(
        catalog, [(c, ("suits", "medium", "warm")), (b, ("near", "medium", "warm"))]
    )
    suits = mine.shelf("suits")
    assert [p.key for p in suits] == [a, c, b]  # member's first, the tone's without repeats
    assert suits[0].why == "together" and suits[0].about == (catalog.shades[1].name,)
    assert suits[1].why == "popular" and suits[2].why == "tone"
    assert suits[2].about == ("near", "medium", "warm")
    mine.set_wishlist(catalog, [{"sku": c}])
    assert [p.key for p in mine.shelf("suits")] == [a, b]  # not again what the wishlist shows


def test_a_sign_out_drops_the_members_shelves_and_the_session_end_everything(
    catalog: Catalog,
) -> None:
    mine = ForYou()
    mine.set_wishlist(catalog, [{"sku": catalog.shades[0].sku}])
    mine.set_tone_suggestions(catalog, [(catalog.shades[1].sku, ("suits", "light", "cool"))])
    assert mine.available() == ("suits", "wishlist")
    mine.forget_member()
    assert mine.available() == ("suits",)  # the skin reading is the shopper's, not the member's
    mine.forget()
    assert mine.available() == () and mine.shelf("suits") == ()


def test_shelves_are_capped(catalog: Catalog) -> None:
    skus = [s.sku for s in catalog.shades]
    mine = ForYou()
    mine.set_wishlist(catalog, [{"sku": s} for s in skus])
    assert len(mine.wishlist) == min(MAX_PICKS, len(skus))


def test_made_for_you_tabs_follow_the_product_tabs_and_close_when_they_go() -> None:
    state = ShelfState(("lips", "clothes"))
    assert state.set_for_you(("wishlist", "suits"))
    assert state.categories == ("lips", "clothes", "suits", "wishlist")  # the kiosk's order
    assert not state.set_for_you(("suits", "wishlist"))  # unchanged
    assert state.show("wishlist") and state.worn == "lips"  # the card stays on the lips
    state.wore("clothes")
    assert state.worn == "clothes" and state.current == "wishlist"
    assert state.set_for_you(("suits",)) and state.current == "lips" and state.worn == "lips"
    with pytest.raises(ValueError, match="made-for-you"):
        state.set_for_you(("shoes",))
