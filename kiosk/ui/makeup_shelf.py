"""The eyes, cheeks, brows and looks shelves' bridge: their tiles, and a tap's intent.

The state is `kiosk.session.makeup.MakeupState`; this object lists each shelf's products
for QML (a tile shows the product's colours, one to three), wears what is tapped, and
tells the controller to paint the new look (`changed`). A look also puts its lip shade
on, through the shade rack it is given; in compare mode a tap adds the product to the
grid instead (`compare`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.catalog import Catalog, Product, swatch_of
from kiosk.catalog.cosmetics import CosmeticProduct, LookProduct
from kiosk.catalog.shades import ShadeProduct
from kiosk.errors import KioskError
from kiosk.render.cosmetics import FaceMakeup, Worn
from kiosk.session.makeup import MakeupState
from kiosk.ui.list_model import TupleListModel

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its makeup shelf; QML receives it as a property."
SHELVES = ("eyes", "cheeks", "brows", "looks")


@QmlElement
class MakeupListModel(TupleListModel):
    """One tile per product (or look): its key, name, colours and whether it is on."""

    ROLES = ("sku", "name", "colors", "worn")

    def __init__(self, worn: Callable[[str], bool], parent: Any = None) -> None:
        super().__init__((), parent)
        self._worn = worn

    def values(self, item: Any) -> tuple[Any, ...]:
        sku, name, colors = item
        return (sku, name, list(colors), self._worn(sku))

    def refresh(self) -> None:
        """The worn marks changed: every row again (a handful of tiles)."""
        self.set_items(self._items)


@QmlElement
@QmlUncreatable(UNCREATABLE)
class MakeupShelf(QObject):  # type: ignore[operator]
    changed = Signal()  # what is worn on the eyes, cheeks or brows changed

    def __init__(
        self,
        catalog: Catalog,
        wear_shade: Callable[[str], bool],
        compare: Callable[[str], bool] | None = None,
    ) -> None:
        super().__init__()
        self._catalog = catalog
        self._wear_shade = wear_shade  # puts a look's lip shade on (the controller)
        self._compare = compare  # adds a product to the compare grid when it is open
        self.state = MakeupState()
        self._models = {name: MakeupListModel(self._is_on, self) for name in SHELVES}
        self._fill()

    def _is_on(self, sku: str) -> bool:
        look = self.state.look
        return self.state.wears(sku) or (look is not None and look.look_id == sku)

    def _fill(self) -> None:
        for shelf in ("eyes", "cheeks", "brows"):
            rows = tuple(
                (p.sku, p.name, p.swatch) for p in self._catalog.cosmetics if p.shelf == shelf
            )
            self._models[shelf].set_items(rows)
        self._models["looks"].set_items(
            tuple(
                (look.look_id, look.name, self._look_colors(look)) for look in self._catalog.looks
            )
        )

    def _look_colors(self, look: LookProduct) -> tuple[str, ...]:
        """A look's tile: the first colour of each of its products, lips first."""
        colors: list[str] = []
        for item in look.items:
            found = self._catalog.find(item.sku)
            product = found[0] if found is not None else None
            if isinstance(product, ShadeProduct):
                colors.insert(0, swatch_of(product))
            elif isinstance(product, CosmeticProduct):
                colors.append(swatch_of(product))
        return tuple(colors[:4])

    def compare_with(self, compare: Callable[[str], bool]) -> None:
        """Taps join the compare grid while it is open (the controller's `compare_toggle`)."""
        self._compare = compare

    def shelves(self) -> tuple[str, ...]:
        """The shelves with something on them in this catalog, in tab order."""
        return tuple(name for name in SHELVES if self._models[name].rowCount() > 0)

    def model(self, shelf: str) -> MakeupListModel:
        return self._models[shelf]

    @Property(bool, notify=changed)
    def anyOn(self) -> bool:
        """Whether anything is on the eyes, cheeks or brows (before/after has a difference)."""
        return bool(self.state.products())

    @Property(QObject, constant=True)
    def eyes(self) -> MakeupListModel:
        return self._models["eyes"]

    @Property(QObject, constant=True)
    def cheeks(self) -> MakeupListModel:
        return self._models["cheeks"]

    @Property(QObject, constant=True)
    def brows(self) -> MakeupListModel:
        return self._models["brows"]

    @Property(QObject, constant=True)
    def looks(self) -> MakeupListModel:
        return self._models["looks"]

    @Slot(str, result=bool)
    def wear(self, sku: str) -> bool:
        """A tile tapped: a product goes on (or off, when it is on); a look puts all of its
        products on. In compare mode the tile joins (or leaves) the grid instead."""
        if self._compare is not None and self._compare(sku):
            return True
        look = next((lk for lk in self._catalog.looks if lk.look_id == sku), None)
        if look is not None:
            shade = self.state.wear_look(look, self._catalog)
            if shade is not None:
                self._wear_shade(shade.sku)
        else:
            found = self._catalog.find(sku)
            product = found[0] if found is not None else None
            if not isinstance(product, CosmeticProduct):
                return False
            self.state.toggle(product)
        self._changed()
        return True

    def select_sku(self, sku: str) -> bool:
        """Put the product sold as `sku` on (a scanned barcode; on stays on)."""
        if self.state.wears(sku):
            return True
        return self.wear(sku)

    def look_with(self, sku: str, scale: float) -> tuple[str | None, FaceMakeup | None] | None:
        """The compare grid's cell for `sku`: (lip shade SKU or None for the one worn, the
        makeup), the worn makeup with `sku` swapped in or the whole look; None: not ours."""
        look = next((lk for lk in self._catalog.looks if lk.look_id == sku), None)
        if look is not None:
            trial = MakeupState()
            shade = trial.wear_look(look, self._catalog)
            return (shade.sku if shade is not None else None, trial.face_makeup(scale))
        found = self._catalog.find(sku)
        product = found[0] if found is not None else None
        if not isinstance(product, CosmeticProduct):
            return None
        base = self.state.face_makeup(scale) or FaceMakeup()
        return None, base.wearing(product.product, min(0.85 * scale, 1.0))

    def on_card(self, shelf: str) -> CosmeticProduct | None:
        return self.state.on_card(shelf)

    def worn_look(self) -> tuple[LookProduct, tuple[Product, ...]] | None:
        """The look worn now and its products in its order, as this catalog prices them
        (None: no look, or one naming a product the catalog no longer sells)."""
        look = self.state.look
        if look is None:
            return None
        try:
            return look, tuple(product for product, _ in self._catalog.look_products(look))
        except KioskError:
            return None

    def look_focus(self) -> str:
        """The SKU of the worn look's product the card is about ("": its first)."""
        return self.state.look_focus

    def focus_look(self, sku: str) -> bool:
        """The card is to show the worn look's product `sku`; False when not in the look."""
        look = self.state.look
        if look is None or sku not in look.skus:
            return False
        self.state.look_focus = sku
        return True

    def look_shade(self) -> str | None:
        """The lip shade of the look worn now (None: no look)."""
        look = self.state.look
        if look is None:
            return None
        for item in look.items:
            found = self._catalog.find(item.sku)
            if found is not None and isinstance(found[0], ShadeProduct):
                return item.sku
        return None

    def face_makeup(self, scale: float) -> FaceMakeup | None:
        return self.state.face_makeup(scale)

    def worn(self) -> tuple[tuple[CosmeticProduct, Worn], ...]:
        """Each product on with how it is worn (for a saved look)."""
        products = {p.product: p for p in self.state.products()}
        return tuple((products[w.product], w) for w in self.state.worn() if w.product in products)

    def step(self, shelf: str, delta: int) -> None:
        """A swipe on `shelf`: the next (+1) or previous (-1) product on, round the end."""
        rows = self._models[shelf]
        keys = [rows.item(i)[0] for i in range(rows.rowCount())]
        if not keys:
            return
        on = [k for k in keys if self._is_on(k)]
        if on:
            nxt = keys[(keys.index(on[-1]) + delta) % len(keys)]
        else:
            nxt = keys[0] if delta > 0 else keys[-1]
        self.select_sku(nxt)

    def apply_catalog(self, catalog: Catalog) -> None:
        """The hub's names and prices (same SKUs)."""
        if catalog == self._catalog:
            return
        self._catalog = catalog
        self.state.repriced(catalog)
        self._fill()

    def clear(self) -> None:
        """The session ended: the next shopper's eyes, cheeks and brows are bare."""
        if self.state.products() or self.state.look is not None:
            self.state.clear()
            self._changed()

    def _changed(self) -> None:
        for model in self._models.values():
            model.refresh()
        self.changed.emit()
