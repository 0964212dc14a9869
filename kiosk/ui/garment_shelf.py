"""The clothes shelf: garments from the catalog, and the one being worn.

Garment images are read and prepared once, on first wear, and kept: switching
back to a garment costs nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    Property,
    QObject,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.hub_prices import HubPrice, repriced
from kiosk.errors import KioskError
from kiosk.garments.prepared import prepare_product
from kiosk.render.garment import PreparedGarment
from kiosk.session.sizing import SizeEstimator
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
    changed = Signal()
    sizeChanged = Signal()

    def __init__(self, products: tuple[GarmentProduct, ...], enabled: bool) -> None:
        super().__init__()
        self._products = products if enabled else ()
        self._model = GarmentListModel(self._products, self)
        self._selected = -1
        self._prepared: dict[str, PreparedGarment] = {}
        self._sizing = SizeEstimator()
        self._size_text = ""
        self._advised = ""  # the suggested size, once measured

    @Property(QObject, constant=True)
    def garments(self) -> GarmentListModel:
        return self._model

    @Property(bool, constant=True)
    def available(self) -> bool:
        return bool(self._products)

    @Property(int, notify=changed)
    def selectedIndex(self) -> int:
        return self._selected

    @Property(str, notify=changed)
    def selectedName(self) -> str:
        return self._products[self._selected].name if self._selected >= 0 else ""

    @Slot(int)
    def select(self, index: int) -> None:
        """Wear garment `index`; the same one again takes it off."""
        if not 0 <= index < len(self._products):
            return
        self._selected = -1 if index == self._selected else index
        self._update_size()
        self.changed.emit()
        self.sizeChanged.emit()  # the card's SKU follows the garment

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

    @Property(str, notify=changed)
    def selectedPrice(self) -> str:
        p = self.product()
        return p.price.text() if p is not None else ""

    @Property(str, notify=sizeChanged)
    def selectedSize(self) -> str:
        """The size on the card: the suggested one, the middle size until the shopper
        is measured; "" when nothing is worn."""
        p = self.product()
        return self._size_for(p) if p is not None else ""

    def _size_for(self, p: GarmentProduct) -> str:
        return self._advised or p.sizes[len(p.sizes) // 2]

    @Property(str, notify=sizeChanged)
    def selectedSku(self) -> str:
        """The variant on the card, e.g. "TOP-001-M"; "" when no garment is worn."""
        p = self.product()
        return p.variant(self._size_for(p)).sku if p is not None else ""

    @Property(str, notify=sizeChanged)
    def sizeText(self) -> str:
        """ "Suggested size M (40.1 ± 2.3 cm)" once enough frames are measured."""
        return self._size_text

    def observe(self, shoulders: Measurement | None) -> None:
        """One frame's shoulder measurement (UI thread, with each shown frame)."""
        self._sizing.add(shoulders)
        self._update_size()

    def reset_size(self) -> None:
        self._sizing.reset()
        self._update_size()

    def _update_size(self) -> None:
        product = self.product()
        result = self._sizing.advice(product.shoulder_width_cm) if product else None
        text = ""
        advised = ""
        if result is not None:
            shoulders, advice = result
            advised = advice.size
            alt = f" or {advice.also}" if advice.also else ""
            text = f"Suggested size {advice.size}{alt} (shoulders {shoulders} cm)"
        if (text, advised) != (self._size_text, self._advised):
            self._size_text, self._advised = text, advised
            self.sizeChanged.emit()

    def current(self) -> PreparedGarment | None:
        """The worn garment, prepared (None when nothing is worn or it cannot load)."""
        if self._selected < 0:
            return None
        product = self._products[self._selected]
        if product.product_id not in self._prepared:
            try:
                self._prepared[product.product_id] = prepare_product(product)
            except KioskError as exc:
                log.warning("garment %s cannot be shown: %s", product.product_id, exc.message)
                return None
        return self._prepared[product.product_id]

    def product(self) -> GarmentProduct | None:
        return self._products[self._selected] if self._selected >= 0 else None
