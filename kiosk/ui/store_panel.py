"""The product card's store side: stock across channels, price, and Reserve here.

A thin Qt adapter over `kiosk.client.service.StoreService`, which does all
the work on its own threads. Its callbacks arrive on those threads; each is
posted to a Mailbox that runs it on this object's (the UI) thread, so QML only ever
sees values set on the UI thread.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.client.service import StoreService
from kiosk.client.store_client import StoreError
from kiosk.client.views import ChannelRow, ReservationView, StockView
from kiosk.ui.list_model import TupleListModel
from kiosk.ui.mailbox import Mailbox

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its store panel; QML receives it as a property."


@QmlElement
class StockRowModel(TupleListModel):
    """This store / nearby stores / online, one row each."""

    ROLES = ("channel", "label", "availableText", "pickup", "price", "inStock")

    def values(self, item: Any) -> tuple[Any, ...]:
        r: ChannelRow = item
        return (r.channel, r.label, r.available_text, r.pickup_time or "", r.price_text, r.in_stock)


@QmlElement
@QmlUncreatable(UNCREATABLE)
class StorePanel(QObject):  # type: ignore[operator]
    stockChanged = Signal()
    reservationChanged = Signal()

    def __init__(self, service: StoreService | None) -> None:
        super().__init__()
        self._service = service
        self._rows = StockRowModel((), self)
        self._sku = ""
        self._view: StockView | None = None
        self._note = "" if service is not None else "Stock information is not set up"
        self._watch: Any = None
        self._reserving = False
        self._reservation: ReservationView | None = None
        self._reserve_message = ""
        self._mail = Mailbox(self)  # results from the service's threads, run here

    # ---- what the card shows ---------------------------------------------------------
    @Property(bool, constant=True)
    def enabled(self) -> bool:
        return self._service is not None

    @Property(str, notify=stockChanged)
    def sku(self) -> str:
        return self._sku

    @Property(QObject, constant=True)
    def rows(self) -> StockRowModel:
        return self._rows

    @Property(bool, notify=stockChanged)
    def known(self) -> bool:
        """Whether stock for the product on the card is known (live or cached)."""
        return self._view is not None

    @Property(bool, notify=stockChanged)
    def live(self) -> bool:
        return self._view is not None and self._view.live

    @Property(str, notify=stockChanged)
    def priceText(self) -> str:
        return self._view.price_text if self._view is not None else ""

    @Property(bool, notify=stockChanged)
    def priceDiffers(self) -> bool:
        return self._view is not None and self._view.price_differs

    @Property(str, notify=stockChanged)
    def priceNote(self) -> str:
        """Which channel charges differently, e.g. "Online ¥209.00" (the same price
        everywhere is the promise; the card says so when a channel breaks it)."""
        view = self._view
        if view is None or not view.price_differs:
            return ""
        others = [r for r in view.rows if r.price_text != view.price_text]
        return "; ".join(f"{r.label.split(' (')[0]} {r.price_text}" for r in others[:2])

    @Property(str, notify=stockChanged)
    def note(self) -> str:
        """A calm line under the stock: "Stock as of 14:02" when it is not live."""
        if self._view is not None:
            return self._view.status_text
        return self._note

    @Property(str, notify=stockChanged)
    def summary(self) -> str:
        """One line for the card: here, the nearest store that has it, online."""
        view = self._view
        if view is None:
            return ""
        return stock_summary(view.rows)

    @Property(int, notify=stockChanged)
    def availableHere(self) -> int:
        return self._view.available_here if self._view is not None else 0

    # ---- reserve here ------------------------------------------------------------------
    @Property(bool, notify=reservationChanged)
    def reserving(self) -> bool:
        return self._reserving

    @Property(str, notify=reservationChanged)
    def pickupCode(self) -> str:
        return self._reservation.pickup_code if self._reservation is not None else ""

    @Property(str, notify=reservationChanged)
    def reservationText(self) -> str:
        """ "Held for you at Jing'an until 16:02", or why it could not be held."""
        held = self._reservation
        if held is None:
            return self._reserve_message
        return f"Held for you at {held.location_name} · {held.expires_text}"

    @Slot()
    def reserve(self) -> None:
        """Reserve here: hold one unit of the product on the card at this store."""
        if self._service is None or not self._sku or self._reserving:
            return
        self._reserving, self._reservation, self._reserve_message = True, None, ""
        self.reservationChanged.emit()
        future = self._service.reserve(self._sku, 1)
        self._mail.deliver(future, self._on_reserved)

    @Slot()
    def dismissReservation(self) -> None:
        self._reservation, self._reserve_message = None, ""
        self.reservationChanged.emit()

    # ---- the product on the card --------------------------------------------------------
    @Slot(str)
    def show(self, sku: str) -> None:
        """The card now shows `sku` ("" = nothing): watch its stock instead."""
        if sku == self._sku:
            return
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None
        self._sku, self._view = sku, None
        self._reservation, self._reserve_message = None, ""
        self._rows.set_items(())
        self.stockChanged.emit()
        self.reservationChanged.emit()
        if self._service is None or not sku:
            return

        def arrived(view: StockView) -> None:
            self._mail.post(lambda: self._on_stock(sku, view))

        def failed(error: StoreError) -> None:
            self._mail.post(lambda: self._on_stock_failed(sku, error))

        self._watch = self._service.watch(sku, arrived, failed)

    def close(self) -> None:
        """Stop watching (the window is closing); the service is closed by its owner."""
        if self._watch is not None:
            self._watch.cancel()
            self._watch = None

    # ---- results, on the UI thread ----------------------------------------------------
    def _on_stock(self, sku: str, view: StockView) -> None:
        if sku != self._sku:
            return  # an answer for a product no longer on the card
        self._view = view
        self._rows.set_items(view.rows)
        self.stockChanged.emit()

    def _on_stock_failed(self, sku: str, error: StoreError) -> None:
        if sku != self._sku:
            return
        log.info("no stock to show for %s: %s", sku, error)
        self._view = None
        self._note = error.message
        self._rows.set_items(())
        self.stockChanged.emit()

    def _on_reserved(self, future: Future[ReservationView]) -> None:
        self._reserving = False
        try:
            held = future.result()
        except StoreError as exc:
            log.info("reservation for %s not made: %s", self._sku, exc)
            self._reserve_message = exc.message
        except Exception as exc:  # the kiosk keeps running whatever the hub does
            log.exception("reservation failed")
            self._reserve_message = f"Could not reserve: {exc}"
        else:
            self._reservation = held
        self.reservationChanged.emit()


def stock_summary(rows: tuple[ChannelRow, ...]) -> str:
    """ "6 in this store · 5 at Xintiandi (2.8 km) · Online, ships in 2 days"."""
    parts: list[str] = []
    here = next((r for r in rows if r.channel == "this_store"), None)
    if here is not None:
        parts.append(f"{here.available} in this store" if here.in_stock else "Sold out here")
    near = next((r for r in rows if r.channel == "nearby" and r.in_stock), None)
    if near is not None and (here is None or not here.in_stock or len(parts) < 3):
        where = near.location_name
        if near.distance_km is not None:
            where += f" ({near.distance_km:.1f} km)"
        parts.append(f"{near.available} at {where}")
    online = next((r for r in rows if r.channel == "online"), None)
    if online is not None:
        if not online.in_stock:
            parts.append("Online: sold out")
        elif online.ship_days is not None:
            days = "day" if online.ship_days == 1 else "days"
            parts.append(f"Online, ships in {online.ship_days} {days}")
        else:
            parts.append("Online")
    return " · ".join(parts)
