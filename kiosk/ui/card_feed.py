"""Keeps the card, the stock watch and the visit on the product the shopper has on.

Whenever the product on the card may have changed (a shade or garment chosen, a shelf
opened, the size advice settled), its stock arrived or a reservation or sign-in moved on,
the card is worded afresh from plain values (`kiosk.session.card.card_view`). When the
product itself changes, the store side watches the new SKU and the visit starts counting
its dwell: Python decides both, QML only shows the result.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from kiosk.catalog.money import Money
from kiosk.session.card import OnCard, card_view
from kiosk.session.wording import Wording
from kiosk.ui.card import CardModel
from kiosk.ui.shelves import Shelves
from kiosk.ui.shopper import ShopperPanel
from kiosk.ui.store_panel import StorePanel


class CardFeed:
    def __init__(
        self,
        card: CardModel,
        shelves: Shelves,
        store: StorePanel,
        shopper: ShopperPanel,
        words: Wording,
        *,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        member_price: Callable[[str], Money | None] = lambda _sku: None,
    ) -> None:
        self._card, self._shelves, self._store, self._shopper = card, shelves, store, shopper
        self._member_price = member_price
        self._words, self._wall_clock = words, wall_clock
        self._on: OnCard | None = None
        for signal in (
            shelves.productChanged,
            store.stockChanged,
            store.reservationChanged,
            shopper.memberChanged,
        ):
            signal.connect(self.refresh)
        self.refresh(force=True)

    def set_words(self, words: Wording) -> None:
        """The screen's language changed: word the card afresh."""
        self._words = words
        self.refresh()

    def refresh(self, force: bool = False) -> None:
        """Follow the product on the card and word the card for it."""
        on = self._shelves.on_card()
        if force or on != self._on:
            before, self._on = self._on, on
            self._shopper.show(on.on_screen() if on is not None else None)
            if force or before is None or on is None or before.sku != on.sku:
                self._store.show(on.sku if on is not None else "")  # re-enters refresh
        side = self._store.store_side()
        recording = self._shopper.visit.members.may_record
        member = self._member_price(self._on.sku) if self._on is not None else None
        now = self._wall_clock()
        self._card.present(card_view(self._on, side, recording, self._words, now, member))
