"""The shelves' bridge: which shelf is open, and which product is on the shopper's card.

QML shows the open shelf's carousel and a tab per shelf, and raises intents: a tab tap
is `showCategory(name)`, a product chosen by SKU (a scanned barcode, later a staff search)
is `selectProduct(sku)`. The state is `kiosk.session.shelf.ShelfState`; the shades are
worn through the controller and the garments through the garment shelf, so this object
only decides which of them the card is about (`on_card`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Property, QObject, Signal, SignalInstance, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.catalog import Catalog, Product
from kiosk.catalog.cosmetics import CosmeticProduct, LookProduct
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.shades import ShadeProduct
from kiosk.session.card import (
    OnCard,
    cosmetic_on_card,
    garment_on_card,
    look_on_card,
    shade_on_card,
)
from kiosk.session.for_you import FOR_YOU
from kiosk.session.shelf import MAKEUP_SHELVES, ShelfState, category_of
from kiosk.session.wording import Fit, Wording
from kiosk.ui.list_model import TupleListModel

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its shelves; QML receives them as a property."


class ShadeRack(Protocol):
    """The lipstick shelf (the controller wears the shade)."""

    shadeChanged: SignalInstance

    def selected_shade(self) -> ShadeProduct | None: ...
    def select_sku(self, sku: str) -> bool: ...


class GarmentRack(Protocol):
    """The clothes shelf (the garment shelf wears the garment and measures for size)."""

    changed: SignalInstance
    sizeChanged: SignalInstance

    def product(self) -> GarmentProduct | None: ...
    def fit(self) -> Fit | None: ...
    def select_sku(self, product_id: str) -> bool: ...


class MakeupRack(Protocol):
    """The eyes, cheeks, brows and looks shelves (kiosk.ui.makeup_shelf.MakeupShelf)."""

    changed: SignalInstance

    def on_card(self, shelf: str) -> CosmeticProduct | None: ...
    def select_sku(self, sku: str) -> bool: ...
    def step(self, shelf: str, delta: int) -> None: ...
    def look_shade(self) -> str | None: ...
    def worn_look(self) -> tuple[LookProduct, tuple[Product, ...]] | None: ...
    def look_focus(self) -> str: ...
    def focus_look(self, sku: str) -> bool: ...


@QmlElement
class CategoryListModel(TupleListModel):
    """One tab per shelf: its name ("lips") and what the tab says ("Lipstick")."""

    ROLES = ("name", "label")

    def values(self, item: Any) -> tuple[Any, ...]:
        return tuple(item)


@QmlElement
@QmlUncreatable(UNCREATABLE)
class Shelves(QObject):  # type: ignore[operator]
    categoryChanged = Signal()
    productChanged = Signal()  # the product on the card, its variant or its size advice
    detailsRequested = Signal()  # a gesture asked for the details of the product on the card
    wordsChanged = Signal()

    def __init__(
        self,
        catalog: Catalog,
        shades: ShadeRack,
        garments: GarmentRack,
        state: ShelfState,
        words: Wording | None = None,
        makeup: MakeupRack | None = None,
    ) -> None:
        super().__init__()
        self._catalog, self._shades, self._garments = catalog, shades, garments
        self._makeup = makeup
        self._state = state
        self._words = words or Wording()
        self._model = CategoryListModel(self._labels(), self)
        shades.shadeChanged.connect(self._on_shade)
        garments.changed.connect(self._on_garment)
        garments.sizeChanged.connect(self._on_garment)
        if makeup is not None:
            makeup.changed.connect(self._on_makeup)

    def _labels(self) -> tuple[tuple[str, str], ...]:
        return tuple((name, self._words.category(name)) for name in self._state.categories)

    def set_words(self, words: Wording) -> None:
        """The screen's language changed: the tabs say their names in it."""
        self._words = words
        self._model.set_items(self._labels())
        self.wordsChanged.emit()

    @Property(list, notify=wordsChanged)
    def everyLabel(self) -> list[str]:
        """What every tab this kiosk may show says, made-for-you ones included: the screen
        sizes the tab row for all of them, so nothing moves when one appears mid-session."""
        names = self._state.products + FOR_YOU
        return [self._words.category(name) for name in names]

    def set_for_you(self, shelves: tuple[str, ...]) -> None:
        """The made-for-you shelves the shopper has now (tabs after the products')."""
        was = self._state.current
        if self._state.set_for_you(shelves):
            self._model.set_items(self._labels())
            if self._state.current != was:
                self.categoryChanged.emit()
                self.productChanged.emit()

    def wear(self, sku: str, kind: str) -> bool:
        """Put on `sku` (a shade's SKU or a garment's) from a made-for-you shelf, which stays
        open; the card turns to it."""
        if kind == "shade":
            worn, category = self._shades.select_sku(sku), "lips"
        else:
            found = self._catalog.find(sku)
            garment = found[0] if found is not None else None
            if not isinstance(garment, GarmentProduct) or "clothes" not in self._state.products:
                return False
            worn, category = self._garments.select_sku(garment.product_id), "clothes"
        if worn and category != self._state.worn:
            self._state.wore(category)
            self.productChanged.emit()
        return worn

    @Property(QObject, constant=True)
    def categories(self) -> CategoryListModel:
        """The shelves this kiosk offers, in tab order."""
        return self._model

    @Property(str, notify=categoryChanged)
    def category(self) -> str:
        """The open shelf: "lips", "clothes" or a made-for-you one ("suits", ...)."""
        return self._state.current

    @Property(int, notify=categoryChanged)
    def categoryIndex(self) -> int:
        """The open shelf's place in the tab row (the row scrolls it into view)."""
        categories = self._state.categories
        current = self._state.current
        return categories.index(current) if current in categories else -1

    @Slot(str)
    def showCategory(self, name: str) -> None:
        """Open shelf `name` (a tab tap); the card follows it."""
        if self._state.show(name):
            self.categoryChanged.emit()
            self.productChanged.emit()

    def step(self, delta: int) -> None:
        """Wear the next (+1) or previous (-1) product of the open shelf, round the end (a
        swipe); from a bare mirror, the first (or the last)."""
        if self._state.worn in MAKEUP_SHELVES and self._makeup is not None:
            self._makeup.step(self._state.worn, delta)
            return
        if self._state.worn == "lips":
            keys = [p.sku for p in self._catalog.shades]
            shade = self._shades.selected_shade()
            worn = shade.sku if shade is not None else None
            wear: Callable[[str], bool] = self._shades.select_sku
        else:
            keys = [p.product_id for p in self._catalog.garments]
            garment = self._garments.product()
            worn = garment.product_id if garment is not None else None
            wear = self._garments.select_sku
        if not keys:
            return
        if worn in keys:
            wear(keys[(keys.index(worn) + delta) % len(keys)])
        else:
            wear(keys[0] if delta > 0 else keys[-1])

    def choose(self) -> None:
        """An open palm held (select): a bare mirror puts on the open shelf's first product;
        with one on, its details open on the card (QML answers detailsRequested)."""
        if self.on_card() is None:
            self.step(+1)
        else:
            self.detailsRequested.emit()

    def wipe(self) -> None:
        """The shopper left: the first shelf is open again for the next one."""
        self.set_for_you(())
        self.showCategory(self._state.categories[0])

    @Slot(str, result=bool)
    def selectProduct(self, sku: str) -> bool:
        """Put the product sold as `sku` on the shopper and open its shelf; False when no
        shelf here has it."""
        found = self._catalog.find(sku)
        if found is None:
            return False
        product, _variant = found
        if isinstance(product, ShadeProduct):
            worn = self._shades.select_sku(product.sku)
        elif isinstance(product, CosmeticProduct):
            worn = self._makeup is not None and self._makeup.select_sku(product.sku)
        else:
            worn = self._garments.select_sku(product.product_id)
        if worn:
            self.showCategory(category_of(product))
        return worn

    @Slot(str, result=bool)
    def showLookProduct(self, sku: str) -> bool:
        """Bring the worn look's product sold as `sku` to the card (its stock, reserve and
        buy are then that product's); False when no look is worn or `sku` is not in it."""
        if self._makeup is None or not self._makeup.focus_look(sku):
            return False
        self.productChanged.emit()  # the card feed follows (nothing, when it is on already)
        return True

    def on_card(self) -> OnCard | None:
        """The product the card is about: the open product shelf's worn product (on a
        made-for-you shelf, the last one put on from it; on the looks shelf, the product
        of the worn look the shopper tapped on the card, its first at first), if any."""
        worn = self._state.worn
        if worn in ("eyes", "cheeks", "brows") and self._makeup is not None:
            cosmetic = self._makeup.on_card(worn)
            return cosmetic_on_card(cosmetic) if cosmetic is not None else None
        if worn == "looks" and self._makeup is not None:
            look = self._makeup.worn_look()
            if look is not None:  # one product of the look at a time, the look beside it
                return look_on_card(look[0], look[1], self._makeup.look_focus())
        if worn in ("lips", "looks"):
            shade = self._shades.selected_shade()
            return shade_on_card(shade) if shade is not None else None
        garment = self._garments.product()
        return garment_on_card(garment, self._garments.fit()) if garment is not None else None

    def _on_shade(self) -> None:
        if self._state.worn in ("lips", "looks"):
            self.productChanged.emit()

    def _on_makeup(self) -> None:
        if self._state.worn in MAKEUP_SHELVES:
            self.productChanged.emit()

    def _on_garment(self) -> None:
        if self._state.worn == "clothes":
            self.productChanged.emit()
