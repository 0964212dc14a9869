"""The carousel's list model: one row per catalog shade, with role names for QML."""

from __future__ import annotations

from typing import Any

from PySide6.QtQml import QmlElement

from kiosk.catalog.shades import ShadeProduct
from kiosk.ui.list_model import TupleListModel

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
class ShadeListModel(TupleListModel):
    ROLES = ("sku", "name", "color", "finish", "price")

    def product(self, row: int) -> ShadeProduct:
        return self.item(row)

    def values(self, item: Any) -> tuple[Any, ...]:
        p: ShadeProduct = item
        return (p.sku, p.name, p.shade.color, p.shade.finish, p.price.text())
