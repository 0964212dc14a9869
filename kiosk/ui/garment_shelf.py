"""The clothes shelf: garments from the catalog, and the one being worn.

Garment images are read and prepared once, on first wear, and kept: switching
back to a garment costs nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Property, QObject, QUrl, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.hub_prices import HubPrice, repriced
from kiosk.errors import KioskError
from kiosk.garments.prepared import prepare_product
from kiosk.render.garment import PreparedGarment
from kiosk.session.sizing import SizeEstimator
from kiosk.session.wording import Fit
from kiosk.ui.list_model import TupleListModel
from kiosk.vision.measure import Measurement

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its garment shelf; QML receives it as a property."


@QmlElement
class GarmentListModel(TupleListModel):
    ROLES = ("sku", "name", "price", "image")

    def values(self, item: Any) -> tuple[Any, ...]:
        p: GarmentProduct = item
        return (p.product_id, p.name, p.price.text(), QUrl.fromLocalFile(str(p.image)).toString())


@QmlElement
@QmlUncreatable(UNCREATABLE)
class GarmentShelf(QObject):  # type: ignore[operator]
    """The garments on the clothes shelf, the one worn, and the shopper's size advice.
    What the card says about the garment is `kiosk.session.card`'s."""

    changed = Signal()  # the worn garment, or the shelf's names and prices
    sizeChanged = Signal()  # the size advice (the card's variant follows it)

    def __init__(self, products: tuple[GarmentProduct, ...], enabled: bool) -> None:
        super().__init__()
        self._products = products if enabled else ()
        self._model = GarmentListModel(self._products, self)
        self._selected = -1
        self._prepared: dict[str, PreparedGarment] = {}
        self._sizing = SizeEstimator()
        self._fit: Fit | None = None

    @Property(QObject, constant=True)
    def garments(self) -> GarmentListModel:
        return self._model

    @Property(bool, constant=True)
    def available(self) -> bool:
        return bool(self._products)

    @Property(int, notify=changed)
    def selectedIndex(self) -> int:
        return self._selected

    @Slot(int)
    def select(self, index: int) -> None:
        """Wear garment `index`; the same one again takes it off."""
        if not 0 <= index < len(self._products):
            return
        self._selected = -1 if index == self._selected else index
        self._update_fit()
        self.changed.emit()

    def apply_prices(self, prices: Mapping[str, HubPrice]) -> None:
        """The hub's in-store names and prices over the shipped garment catalog's."""
        products = repriced(self._products, prices)
        if products != self._products:
            self._products = products
            self._model.set_items(products)
            self.changed.emit()

    def select_sku(self, product_id: str) -> bool:
        """Wear the garment with this product id (a scanned barcode); False if none."""
        for row, product in enumerate(self._products):
            if product.product_id == product_id:
                if row != self._selected:
                    self.select(row)
                return True
        return False

    def product(self) -> GarmentProduct | None:
        """The worn garment (None when nothing is worn)."""
        return self._products[self._selected] if self._selected >= 0 else None

    def fit(self) -> Fit | None:
        """The shopper's shoulder width and the size it suggests for the worn garment;
        None until enough frames are measured."""
        return self._fit

    def observe(self, shoulders: Measurement | None) -> None:
        """One frame's shoulder measurement (UI thread, with each shown frame)."""
        self._sizing.add(shoulders)
        self._update_fit()

    def reset_size(self) -> None:
        self._sizing.reset()
        self._update_fit()

    def wipe(self) -> None:
        """The shopper left: nothing worn, and the next one is measured afresh."""
        self._sizing.reset()
        if self._selected != -1:
            self._selected = -1
            self.changed.emit()
        self._update_fit()

    def _update_fit(self) -> None:
        product = self.product()
        fit = self._sizing.advice(product.shoulder_width_cm) if product else None
        # The card shows the width to the millimetre: a wobble below that changes nothing.
        if _seen(fit) != _seen(self._fit):
            self._fit = fit
            self.sizeChanged.emit()

    def current(self) -> PreparedGarment | None:
        """The worn garment, prepared (None when nothing is worn or it cannot load)."""
        product = self.product()
        if product is None:
            return None
        if product.product_id not in self._prepared:
            try:
                self._prepared[product.product_id] = prepare_product(product)
            except KioskError as exc:
                log.warning("garment %s cannot be shown: %s", product.product_id, exc.message)
                return None
        return self._prepared[product.product_id]


def _seen(fit: Fit | None) -> tuple[str, str, str | None] | None:
    """What of a fit the shopper can see: the width as shown and the sizes suggested."""
    if fit is None:
        return None
    shoulders, advice = fit
    return (str(shoulders), advice.size, advice.also)
