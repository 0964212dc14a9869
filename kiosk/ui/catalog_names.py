"""The catalog's own translations of product names, as a Qt translator.

The names are data (`kiosk.catalog.names`: a catalog entry's "names"), not the kiosk's
words, so they are not in the .ts files: this translator answers the "catalog" context
from them, and QML shows a product's name as `qsTranslate("catalog", name)` (Python as
`Wording.product_name`). A language switch retranslates them with every other word; a
name with no translation (or renamed by the hub) is shown as it is.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject, QTranslator

from kiosk.session.wording import PRODUCT_CONTEXT


def _text(value: object) -> str:
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return "" if value is None else str(value)


class CatalogNames(QTranslator):
    """Product names in one language ({name: name in that language})."""

    def __init__(self, names: Mapping[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = dict(names)

    def translate(
        self, context: object, source: object, disambiguation: object = None, n: int = -1
    ) -> str | None:
        """The name in this language; None (Qt's null string: "not mine, ask the next
        translator") for anything else. An empty string would stop Qt's search there and
        blank every other word."""
        if _text(context) != PRODUCT_CONTEXT:
            return None
        return self._names.get(_text(source))

    def isEmpty(self) -> bool:
        return not self._names
