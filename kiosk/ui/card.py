"""The product card's bridge: one QObject the card and its action buttons bind to.

It copies a `kiosk.session.card.CardView` (final wording, made in plain Python) into
notifying properties and a list model of stock lines, and decides nothing. The card's
buttons raise intents here (`reserve`, `buyOnline`, `saveToAccount`), which go to the
bridge that answers them; QML needs no other object to show or act on the card.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.session.card import CardView, LookLine, StockLine
from kiosk.ui.list_model import TupleListModel

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its card model; QML receives it as a property."


@QmlElement
class StockLineModel(TupleListModel):
    """This store / nearby stores / online, one worded line each."""

    ROLES = ("channel", "label", "detail", "inStock")

    def values(self, item: Any) -> tuple[Any, ...]:
        line: StockLine = item
        return (line.channel, line.label, line.detail, line.in_stock)


@QmlElement
class LookLineModel(TupleListModel):
    """The products of the look on the card, one chip each (a tap brings one to the card)."""

    ROLES = ("sku", "name", "what", "swatch", "onCard")

    def values(self, item: Any) -> tuple[Any, ...]:
        line: LookLine = item
        return (line.sku, line.name, line.what, line.swatch, line.on_card)


def _nothing() -> None:
    return None


def _no_look(_sku: str) -> bool:
    return False


def _no_cart(_skus: list[str]) -> None:
    return None


@QmlElement
@QmlUncreatable(UNCREATABLE)
class CardModel(QObject):  # type: ignore[operator]
    changed = Signal()

    def __init__(
        self,
        *,
        reserve: Callable[[], None] = _nothing,
        buy_online: Callable[[], None] = _nothing,
        save: Callable[[], None] = _nothing,
        show_in_look: Callable[[str], bool] = _no_look,
        buy_look: Callable[[list[str]], None] = _no_cart,
    ) -> None:
        super().__init__()
        self._view = CardView()
        self._rows = StockLineModel((), self)
        self._look_lines = LookLineModel((), self)
        self._reserve, self._buy_online, self._save = reserve, buy_online, save
        self._show_in_look, self._buy_look = show_in_look, buy_look

    def present(self, view: CardView) -> None:
        """Show `view`; nothing happens when it is what the card already shows."""
        if view == self._view:
            return
        if view.rows != self._view.rows:
            self._rows.set_items(view.rows)
        if view.look_lines != self._view.look_lines:
            self._look_lines.set_items(view.look_lines)
        self._view = view
        self.changed.emit()

    def view(self) -> CardView:
        return self._view

    # ---- what the card shows ------------------------------------------------------------
    @Property(bool, notify=changed)
    def visible(self) -> bool:
        return self._view.visible

    @Property(str, notify=changed)
    def sku(self) -> str:
        """The variant on the card (a garment in the suggested size: "TOP-001-M")."""
        return self._view.sku

    @Property(str, notify=changed)
    def name(self) -> str:
        return self._view.name

    @Property(str, notify=changed)
    def detail(self) -> str:
        """The finish ("Matte"), or the size advice."""
        return self._view.detail

    @Property(str, notify=changed)
    def sizeDetail(self) -> str:
        """The measurement behind the size advice, shown one tap away ("Shoulders about
        41 cm"); "" for shades and while measuring."""
        return self._view.size_detail

    @Property(str, notify=changed)
    def price(self) -> str:
        return self._view.price

    @Property(str, notify=changed)
    def memberPrice(self) -> str:
        """ "Member price ¥206.10" for a signed-in member; "" otherwise."""
        return self._view.member_price

    @Property(str, notify=changed)
    def swatch(self) -> str:
        """The shade's colour; "" when the product has no swatch."""
        return self._view.swatch

    @Property(bool, notify=changed)
    def stockKnown(self) -> bool:
        return self._view.stock_known

    @Property(str, notify=changed)
    def stockSummary(self) -> str:
        return self._view.stock_summary

    @Property(bool, notify=changed)
    def stockGood(self) -> bool:
        """In stock in this store: the summary reads as good news."""
        return self._view.stock_good

    @Property(QObject, constant=True)
    def rows(self) -> StockLineModel:
        return self._rows

    @Property(str, notify=changed)
    def stockNote(self) -> str:
        return self._view.stock_note

    @Property(str, notify=changed)
    def stockLess(self) -> str:
        """What folds the stock lines back into one."""
        return self._view.stock_less

    @Property(str, notify=changed)
    def priceNote(self) -> str:
        """ "Online price: ¥209.00" (a neutral note) or "¥199.00 online: we match it here",
        as the store chose (store.price_difference); "" when there is nothing to say."""
        return self._view.price_note

    @Property(str, notify=changed)
    def priceNoteKind(self) -> str:
        """ "note" (neutral: no warning colour), "match" (good news), or "" (none)."""
        return self._view.price_note_kind

    @Property(str, notify=changed)
    def lookName(self) -> str:
        """The look the product on the card is one of; "" when it is not a look's."""
        return self._view.look_name

    @Property(str, notify=changed)
    def lookTotal(self) -> str:
        """ "5 products · ¥1,096.00 in all" for a look."""
        return self._view.look_total

    @Property(QObject, constant=True)
    def lookLines(self) -> LookLineModel:
        return self._look_lines

    @Slot(str)
    def showInLook(self, sku: str) -> None:
        """A chip of the look tapped: that product of the look comes to the card."""
        if self._view.look_lines:
            self._show_in_look(sku)

    # ---- the ways on --------------------------------------------------------------------
    @Property(bool, notify=changed)
    def actionsVisible(self) -> bool:
        return self._view.actions_visible

    @Property(str, notify=changed)
    def reserveText(self) -> str:
        return self._view.reserve_text

    @Property(bool, notify=changed)
    def reserveEnabled(self) -> bool:
        return self._view.reserve_enabled

    @Property(str, notify=changed)
    def buyText(self) -> str:
        return self._view.buy_text

    @Property(bool, notify=changed)
    def buyEnabled(self) -> bool:
        """Something can be bought online (in stock there)."""
        return self._view.buy_enabled

    @Property(bool, notify=changed)
    def buyVisible(self) -> bool:
        """Show Buy online at all: only where something can be bought online."""
        return self._view.buy_visible

    @Property(str, notify=changed)
    def saveText(self) -> str:
        return self._view.save_text

    @Slot()
    def reserve(self) -> None:
        """Reserve here: hold one of the product on the card at this store."""
        if self._view.reserve_enabled:
            self._reserve()

    @Slot()
    def buyOnline(self) -> None:
        """Buy online: a QR code that opens a cart with this product on the phone."""
        if self._view.buy_enabled:
            self._buy_online()

    @Property(str, notify=changed)
    def buyLookText(self) -> str:
        return self._view.buy_look_text

    @Property(bool, notify=changed)
    def buyLookVisible(self) -> bool:
        """A look is on the card: its products can go in one online cart."""
        return self._view.buy_look_visible

    @Slot()
    def buyLookOnline(self) -> None:
        """Buy the look online: a QR that opens one cart with every product of the look."""
        if self._view.buy_look_visible:
            self._buy_look([line.sku for line in self._view.look_lines])

    @Slot()
    def saveToAccount(self) -> None:
        """Save to my account: sign in, agree, and the look is saved to the member."""
        if self._view.visible:
            self._save()
