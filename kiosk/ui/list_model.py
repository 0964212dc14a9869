"""A read-only list model over a tuple of items, one QML role per field."""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtCore import QAbstractListModel, QByteArray, QModelIndex, QPersistentModelIndex, Qt

FIRST_ROLE = Qt.ItemDataRole.UserRole + 1


class TupleListModel(QAbstractListModel):
    """Subclasses name their roles in `ROLES` and give each row's values in `values()`."""

    ROLES: ClassVar[tuple[str, ...]] = ()

    def __init__(self, items: tuple[Any, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._items = items

    def set_items(self, items: tuple[Any, ...]) -> None:
        """Replace every row (the views rebuild; lists here are a handful of rows)."""
        self.beginResetModel()
        self._items = items
        self.endResetModel()

    def item(self, row: int) -> Any:
        return self._items[row]

    def values(self, item: Any) -> tuple[Any, ...]:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def roleNames(self) -> dict[int, QByteArray]:
        return {FIRST_ROLE + i: QByteArray(name.encode()) for i, name in enumerate(self.ROLES)}

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        offset = role - FIRST_ROLE
        if not 0 <= offset < len(self.ROLES):
            return None
        return self.values(self._items[index.row()])[offset]
