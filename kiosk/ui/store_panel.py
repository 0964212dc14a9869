"""The store side of the product on the card: its stock across channels, and Reserve here.

A thin Qt adapter over `kiosk.client.service.StoreService`, which does all the work on
its own threads. Its callbacks arrive on those threads; each is posted to a Mailbox that
runs it on this object's (the UI) thread, so QML only ever sees values set on the UI
thread. What the card says about the stock is `kiosk.session.card`'s (this object hands it
a `StoreSide`); the reservation panel's words are `kiosk.session.panels`'.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.client.service import StoreService
from kiosk.client.store_client import StoreError
from kiosk.client.views import ReservationView, StockView
from kiosk.session.card import StoreSide
from kiosk.session.lifecycle import Lifecycle, Timings
from kiosk.session.panels import ReservationPanel, reservation_panel
from kiosk.session.wording import Wording
from kiosk.ui.mailbox import Mailbox

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its store panel; QML receives it as a property."


@QmlElement
@QmlUncreatable(UNCREATABLE)
class StorePanel(QObject):  # type: ignore[operator]
    stockChanged = Signal()
    reservationChanged = Signal()

    def __init__(
        self,
        service: StoreService | None,
        words: Wording | None = None,
        *,
        lifecycle: Lifecycle | None = None,
        on_reserved: Callable[[ReservationView], None] | None = None,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self._service = service
        # Answers come under the session's ticket (a late one for a gone shopper is dropped);
        # a hold that is made is told to `on_reserved` (the visit records it).
        self._lifecycle = lifecycle or Lifecycle(Timings(), 0.0)
        self._on_reserved_hook = on_reserved
        self._words = words or Wording()
        self._wall_clock = wall_clock
        self._sku = ""
        self._view: StockView | None = None
        self._problem: StoreError | None = None  # why there is no stock to show
        self._watch: Any = None
        self._watches = 0  # which watch is current: answers of older ones are dropped
        self._reserving = False
        self._reservation: ReservationView | None = None
        self._refusal: BaseException | None = None  # why nothing was reserved
        self._panel = ReservationPanel()
        self._mail = Mailbox(self)  # results from the service's threads, run here

    # ---- the stock of the product on the card ----------------------------------------
    @Property(bool, constant=True)
    def enabled(self) -> bool:
        return self._service is not None

    @Property(str, notify=stockChanged)
    def sku(self) -> str:
        """The SKU whose stock is watched (the variant on the card; "" for none)."""
        return self._sku

    @Property(bool, notify=stockChanged)
    def known(self) -> bool:
        """Whether stock for the product on the card is known (live or cached)."""
        return self._view is not None

    @Property(bool, notify=stockChanged)
    def live(self) -> bool:
        return self._view is not None and self._view.live

    @Property(int, notify=stockChanged)
    def availableHere(self) -> int:
        return self._view.available_here if self._view is not None else 0

    def store_side(self) -> StoreSide:
        """What the card needs to know of the store side, as plain values."""
        problem = self._words.failure(self._problem, "stock") if self._problem else ""
        return StoreSide(self._service is not None, self._view, problem, self._reserving)

    def set_words(self, words: Wording) -> None:
        """The screen's language changed: the panel and the card's stock words follow."""
        self._words = words
        self._update_panel()
        self.stockChanged.emit()

    def stock(self) -> StockView | None:
        return self._view

    def show(self, sku: str) -> None:
        """The card now shows `sku` ("" = nothing): watch its stock instead."""
        if sku == self._sku:
            return
        self._watches += 1  # whatever the old watch still delivers is dropped
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None
        self._sku, self._view, self._problem = sku, None, None
        self._reservation, self._refusal = None, None
        self._update_panel()
        self.stockChanged.emit()
        if self._service is None or not sku:
            return

        watch = self._watches

        def arrived(view: StockView) -> None:
            self._mail.post(lambda: self._on_stock(watch, view))

        def failed(error: StoreError) -> None:
            self._mail.post(lambda: self._on_stock_failed(watch, error))

        self._watch = self._service.watch(sku, arrived, failed)

    def wipe(self) -> None:
        """The session ended: no hold on screen, nothing being reserved, no stock watched
        (the card asks again for whatever the next shopper chooses)."""
        self._reserving, self._reservation, self._refusal = False, None, None
        self.show("")
        self._update_panel()

    def close(self) -> None:
        """Stop watching (the window is closing); the service is closed by its owner."""
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None

    # ---- Reserve here -----------------------------------------------------------------
    @Property(bool, notify=reservationChanged)
    def reserving(self) -> bool:
        return self._reserving

    @Property(bool, notify=reservationChanged)
    def reservationOpen(self) -> bool:
        return self._panel.open

    @Property(str, notify=reservationChanged)
    def reservationTitle(self) -> str:
        return self._panel.title

    @Property(str, notify=reservationChanged)
    def reservationText(self) -> str:
        """ "Held for you at Jing'an · Held until 16:02", or why it could not be held."""
        return self._panel.text

    @Property(str, notify=reservationChanged)
    def pickupCode(self) -> str:
        return self._panel.pickup_code

    @Property(str, notify=reservationChanged)
    def pickupHint(self) -> str:
        return self._panel.hint

    @Property(str, notify=reservationChanged)
    def reservationDone(self) -> str:
        """The panel's close button."""
        return self._panel.done

    @Slot()
    def reserve(self) -> None:
        """Reserve here: hold one unit of the product on the card at this store."""
        if self._service is None or not self._sku or self._reserving:
            return
        self._reserving, self._reservation, self._refusal = True, None, None
        self._update_panel()
        future = self._service.reserve(self._sku, 1)
        self._mail.deliver(
            future, self._on_reserved, self._lifecycle.ticket(), stale=self._release_unseen
        )

    @Slot()
    def dismissReservation(self) -> None:
        self._reservation, self._refusal = None, None
        self._update_panel()

    def _update_panel(self) -> None:
        now = self._wall_clock()
        refusal = self._words.failure(self._refusal, "reserve") if self._refusal else ""
        self._panel = reservation_panel(self._reservation, refusal, self._words, now)
        self.reservationChanged.emit()

    # ---- results, on the UI thread ----------------------------------------------------
    def _on_stock(self, watch: int, view: StockView) -> None:
        if watch != self._watches:
            return  # an answer for a product no longer on the card, or for an ended session
        self._view = view
        self.stockChanged.emit()

    def _on_stock_failed(self, watch: int, error: StoreError) -> None:
        if watch != self._watches:
            return
        log.info("no stock to show for %s: %s", self._sku, error)
        self._view = None
        self._problem = error
        self.stockChanged.emit()

    def _release_unseen(self, future: Future[ReservationView]) -> None:
        """A hold made for a shopper who left before its code was shown: nobody can collect
        it, so it is cancelled at once instead of keeping the stock from others."""
        if self._service is None or future.exception() is not None:
            return
        held = future.result()
        log.info("cancelling hold %s: its shopper left before seeing it", held.reservation_id)
        self._service.cancel(held.reservation_id).add_done_callback(_warn_if_failed)

    def _on_reserved(self, future: Future[ReservationView]) -> None:
        self._reserving = False
        try:
            held = future.result()
        except StoreError as exc:
            log.info("reservation for %s not made: %s", self._sku, exc)
            self._refusal = exc
        except Exception as exc:  # the kiosk keeps running whatever the hub does
            log.exception("reservation failed")
            self._refusal = exc
        else:
            self._reservation = held
            if self._on_reserved_hook is not None:
                self._on_reserved_hook(held)
        self._update_panel()


def _warn_if_failed(done: Future[ReservationView]) -> None:
    if done.exception() is not None:
        log.warning("an unseen hold could not be cancelled (it will expire)")
