"""The carousel's list model: one row per catalog shade, with role names for QML."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtQml import QmlElement

from kiosk.commerce.catalog import ShadeProduct

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1

ROLES = ("sku", "name", "color", "finish", "price")


@QmlElement
class ShadeListModel(QAbstractListModel):
    SkuRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, products: tuple[ShadeProduct, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._products = products

    def product(self, row: int) -> ShadeProduct:
        return self._products[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._products)

    def roleNames(self) -> dict[int, QByteArray]:
        return {self.SkuRole + i: QByteArray(name.encode()) for i, name in enumerate(ROLES)}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._products):
            return None
        p = self._products[index.row()]
        values = (p.sku, p.name, p.shade.color, p.shade.finish, p.price_text)
        offset = role - self.SkuRole
        return values[offset] if 0 <= offset < len(values) else None
