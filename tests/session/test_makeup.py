"""What the shopper wears on the eyes, cheeks and brows, on the shipped demo catalog."""

from __future__ import annotations

import pytest

from kiosk.catalog.catalog import Catalog, load_catalog
from kiosk.paths import assets_dir
from kiosk.render.cosmetics import EyeLiner, EyeShadow
from kiosk.session.makeup import DEFAULT_STRENGTH, MakeupState
from kiosk.session.shelf import category_of


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(assets_dir() / "catalog.json", strict=True)


def of_kind(catalog: Catalog, kind: str, n: int = 0) -> object:
    return [p for p in catalog.cosmetics if p.kind == kind][n]


def test_one_product_of_a_kind_a_liner_over_a_shadow_and_a_tap_takes_it_off(
    catalog: Catalog,
) -> None:
    state = MakeupState()
    first, second = of_kind(catalog, "eyeshadow"), of_kind(catalog, "eyeshadow", 1)
    liner = of_kind(catalog, "eyeliner")
    assert state.toggle(first) and state.toggle(liner)
    assert state.toggle(second)  # replaces the first shadow
    assert {p.sku for p in state.products()} == {second.sku, liner.sku}  # type: ignore[attr-defined]
    made_up = state.face_makeup()
    assert made_up is not None
    assert isinstance(made_up.shadow.product, EyeShadow)  # type: ignore[union-attr]
    assert isinstance(made_up.liner.product, EyeLiner)  # type: ignore[union-attr]
    assert made_up.shadow.intensity == pytest.approx(DEFAULT_STRENGTH)  # type: ignore[union-attr]
    assert not state.toggle(second)  # tapped again: off
    assert state.on_card("eyes") is None  # the card's product went with it
    assert state.on_card("cheeks") is None


def test_a_look_puts_everything_on_at_its_strengths_and_names_its_lipstick(
    catalog: Catalog,
) -> None:
    state = MakeupState()
    state.toggle(of_kind(catalog, "blush", 1))  # the look replaces whatever was on
    look = catalog.looks[0]
    shade = state.wear_look(look, catalog)
    wanted = {item.sku: item.intensity for item in look.items}
    assert shade is not None and shade.sku in wanted
    on = {p.sku for p in state.products()}
    assert on == set(wanted) - {shade.sku}
    made_up = state.face_makeup(scale=1.0)
    assert made_up is not None
    strengths = sorted(w.intensity for w in made_up.worn)
    assert strengths == sorted(wanted[s] for s in on)
    # The slider turned up scales every product alike, capped at full strength.
    louder = state.face_makeup(scale=2.0)
    assert louder is not None
    assert sorted(w.intensity for w in louder.worn) == [min(2 * s, 1.0) for s in strengths]
    state.toggle(of_kind(catalog, "lashes", 1))  # changed by hand: no longer the look
    assert state.look is None


def test_the_sessions_end_forgets_everything(catalog: Catalog) -> None:
    state = MakeupState()
    state.wear_look(catalog.looks[-1], catalog)
    state.clear()
    assert state.face_makeup() is None and state.look is None and state.products() == ()


def test_every_cosmetic_sits_on_its_own_shelf(catalog: Catalog) -> None:
    shelves = {category_of(p) for p in catalog.cosmetics}
    assert shelves == {"eyes", "cheeks", "brows"}
