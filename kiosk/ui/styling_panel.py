"""The stylist's panel on the mirror: search the catalog, put products on the shopper, keep
up to four looks, compare them side by side, note the shopper's size and what they like,
and hand the looks over as a lookbook (to the signed-in member's account, with their
consent, or as a QR), or send a look to checkout as a cart QR.

Open only while a member of staff is signed in (kiosk.ui.staff_panel); it ends with the
staff session and with the shopper's session (`wipe`). The logic is
kiosk.session.styling (plain Python); this bridge wears products through the controller
and the garment shelf, and talks to the hub through the StoreService, whose calls carry
the staff session (so the hub credits the lookbook and the cart to the stylist).

QML reads `handover` ("" | "working" | "lookbook" | "saved" | "cart" | "failed") and
`problem` ("" | "offline" | "no_public_url" | "consent" | "failed") and words them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import Property, QObject, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.hub_prices import HubPrice
from kiosk.catalog.shades import ShadeProduct
from kiosk.client.errors import HubUnavailable, StoreError
from kiosk.client.handoff import make_qr_for_screen
from kiosk.client.service import StoreService
from kiosk.config import RecordsSettings
from kiosk.session.styling import (
    BARCODE,
    PREFERENCES,
    SIZES,
    Found,
    Look,
    Styling,
    search,
    sellable_sku,
)
from kiosk.session.styling import worn_look as look_of
from kiosk.ui.image_source import ImageSource
from kiosk.ui.images import to_qimage
from kiosk.ui.list_model import TupleListModel
from kiosk.ui.mailbox import Mailbox

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its styling panel; QML receives it as a property."


@QmlElement
class FoundListModel(TupleListModel):
    ROLES = ("sku", "kind", "name", "price")

    def values(self, item: Any) -> tuple[Any, ...]:
        found: Found = item
        return (found.sku, found.kind, found.name, found.price)


@QmlElement
class LookListModel(TupleListModel):
    """The kept looks: what each is, and the colour of its shade (a swatch) if any."""

    ROLES = ("title", "swatch", "hasGarment")

    def __init__(self, catalog: Catalog, parent: Any = None) -> None:
        super().__init__((), parent)
        self.catalog = catalog

    def values(self, item: Any) -> tuple[Any, ...]:
        look: Look = item
        colour = ""
        if look.shade is not None:
            found = self.catalog.find(look.shade.sku)
            if found is not None and isinstance(found[0], ShadeProduct):
                colour = found[0].shade.color
        return (look.title, colour, look.garment is not None)


@QmlElement
@QmlUncreatable(UNCREATABLE)
class StylingPanel(QObject):  # type: ignore[operator]
    changed = Signal()

    def __init__(
        self,
        catalog: Catalog,
        service: StoreService,
        records: RecordsSettings,
        *,
        shades: Any,  # KioskController: selected_shade, intensity, compare_shades
        garments: Any,  # GarmentShelf: product, selectedIndex, select
        wear: Callable[[str], bool],  # Shelves.selectProduct: on, with its shelf open
        visit: Callable[[], Any],  # the shopper's Visit now (session id, member)
        member_id: Callable[[], str | None] = lambda: None,
        lookbook_links: bool = True,
    ) -> None:
        super().__init__()
        self._catalog, self._service, self._records = catalog, service, records
        self._shades, self._garments, self._wear = shades, garments, wear
        self._visit, self._member_id = visit, member_id
        self._links = lookbook_links
        self._styling = Styling()
        self._active = False
        self._query = ""
        self._results = FoundListModel((), self)
        self._looks = LookListModel(catalog, self)
        self._handover, self._problem, self._generation = "", "", 0
        self._qr = ImageSource(self)
        self._qr_size = 0
        self._cart: tuple[Any, ...] = ()
        self._mail = Mailbox(self)

    # ---- what QML shows ------------------------------------------------------------------
    @Property(bool, notify=changed)
    def active(self) -> bool:
        return self._active

    @Property(str, notify=changed)
    def query(self) -> str:
        return self._query

    @Property(QObject, constant=True)
    def results(self) -> FoundListModel:
        return self._results

    @Property(QObject, constant=True)
    def looks(self) -> LookListModel:
        return self._looks

    @Property(int, notify=changed)
    def lookCount(self) -> int:
        return len(self._styling.looks)

    @Property(bool, notify=changed)
    def full(self) -> bool:
        return self._styling.full

    @Property(str, notify=changed)
    def size(self) -> str:
        return self._styling.size or ""

    @Property("QStringList", constant=True)  # type: ignore[arg-type]
    def sizes(self) -> list[str]:
        return list(SIZES)

    @Property("QStringList", constant=True)  # type: ignore[arg-type]
    def preferenceNames(self) -> list[str]:
        return list(PREFERENCES)

    @Property("QStringList", notify=changed)  # type: ignore[arg-type]
    def preferences(self) -> list[str]:
        return sorted(self._styling.preferences)

    @Property(bool, notify=changed)
    def memberSignedIn(self) -> bool:
        return self._member_id() is not None

    @Property(bool, constant=True)
    def canLink(self) -> bool:
        """Whether a phone can open the hub's links (not through an embedded hub on
        loopback): the lookbook and cart QRs are offered only then."""
        return self._links

    @Property(str, notify=changed)
    def handover(self) -> str:
        return self._handover

    @Property(str, notify=changed)
    def problem(self) -> str:
        return self._problem

    @Property(QObject, constant=True)
    def qr(self) -> ImageSource:
        return self._qr

    @Property(int, notify=changed)
    def qrSize(self) -> int:
        return self._qr_size

    @property
    def styling(self) -> Styling:
        return self._styling

    # ---- staff's intents -----------------------------------------------------------------
    @Slot()
    def start(self) -> None:
        """The stylist starts styling the shopper in front of the mirror."""
        if not self._active:
            self._active = True
            self.changed.emit()

    @Slot()
    def stop(self) -> None:
        """Styling ends (the staff member signed out, or closed the panel): the looks and
        notes are forgotten, whatever the shopper wears stays on."""
        self._active = False
        self._reset()
        self.changed.emit()

    @Slot(str)
    def search(self, text: str) -> None:
        """Find products as the stylist types: names and SKUs here; a 13-digit barcode is
        looked up at the hub and its product put on at once."""
        self._query = text[:40]
        if BARCODE.match(self._query.strip()):
            future = self._service.lookup_barcode(self._query.strip())
            self._mail.deliver(future, self._on_barcode)
        self._results.set_items(tuple(search(self._catalog, self._query)))
        self.changed.emit()

    @Slot(int)
    def choose(self, row: int) -> None:
        """Put search result `row` on the shopper."""
        if 0 <= row < self._results.rowCount():
            found: Found = self._results.item(row)
            self._put_on(found.sku)

    @Slot()
    def keepLook(self) -> None:
        """Keep what the shopper wears now as a look."""
        if self._styling.keep(self.worn_look()) is not None:
            self._looks.set_items(tuple(self._styling.looks))
            self._handover_cleared()
            self.changed.emit()

    @Slot(int)
    def wearLook(self, index: int) -> None:
        """Put kept look `index` on again (its shade at its strength, its garment)."""
        if not 0 <= index < len(self._styling.looks):
            return
        look = self._styling.looks[index]
        if look.shade is not None:
            self._put_on(look.shade.sku)
            if look.shade.intensity is not None:
                self._shades.setIntensity(look.shade.intensity)
        if look.garment is not None:
            self._put_on(look.garment.sku)
        elif self._garments.selectedIndex >= 0:
            self._garments.select(self._garments.selectedIndex)  # the look has no garment

    @Slot(int)
    def dropLook(self, index: int) -> None:
        if self._styling.drop(index):
            self._looks.set_items(tuple(self._styling.looks))
            self._handover_cleared()
            self.changed.emit()

    @Slot()
    def compareLooks(self) -> None:
        """The kept looks' shades side by side (the compare grid, on the GPU compositor)."""
        if self._shades.compareMode:  # a second tap: back to the one mirror
            self._shades.toggleCompare()
            return
        skus = [look.shade.sku for look in self._styling.looks if look.shade is not None]
        self._shades.compare_shades(skus)

    @Slot(str)
    def noteSize(self, size: str) -> None:
        self._styling.note_size(None if size == self._styling.size else size)
        self.changed.emit()

    @Slot(str)
    def togglePreference(self, name: str) -> None:
        self._styling.toggle_preference(name)
        self.changed.emit()

    @Slot(bool)
    def saveLookbook(self, to_member: bool) -> None:
        """The kept looks as one lookbook: to the signed-in member's account (the hub
        checks their consent), else as a QR for the shopper's phone."""
        visit = self._visit()
        session = getattr(visit, "session_id", None)
        if not self._styling.looks or session is None or self._handover == "working":
            return
        member = self._member_id() if to_member else None
        if member is None and not self._links:
            return
        body = self._styling.lookbook_request(session, member)
        generation = self._begin("working")
        future = self._service.create_lookbook(body)
        self._mail.deliver(future, lambda done: self._on_lookbook(generation, member, done))

    @Slot(int)
    def sendToCheckout(self, index: int) -> None:
        """Look `index` as a cart QR: the shopper pays on their phone, the sale credited
        to this store and stylist."""
        visit = self._visit()
        session = getattr(visit, "session_id", None)
        if not 0 <= index < len(self._styling.looks) or session is None or not self._links:
            return
        # A garment without a noted size cannot go in a cart (the lookbook page leaves it
        # out the same way); the shopper picks its size online.
        items = self._styling.looks[index].items
        self._cart = tuple(i for i in items if self._catalog.find(i.sku) is not None)
        if not self._cart:
            return
        cart = [(item.sku, 1) for item in self._cart]
        generation = self._begin("working")
        future = self._service.create_handoff(
            cart, session, member_id=self._member_id(), staff_id=None
        )
        self._mail.deliver(future, lambda done: self._on_cart(generation, done))

    @Slot()
    def closeHandover(self) -> None:
        self._handover_cleared()
        self.changed.emit()

    def apply_prices(self, prices: Mapping[str, HubPrice]) -> None:
        """The hub's in-store names and prices over the shipped catalog's, as the shelves
        quote them (one price everywhere)."""
        self._catalog = self._looks.catalog = self._catalog.repriced(prices)
        self._results.set_items(tuple(search(self._catalog, self._query)))
        self.changed.emit()

    def member_changed(self) -> None:
        """The shopper signed in or out, or their consent changed: Save to the member's
        account is offered only while their try-ons may be recorded."""
        self.changed.emit()

    def wipe(self) -> None:
        """The shopper's session ended: looks, notes and QRs go; styling ends too."""
        self.stop()

    # ---- the work ------------------------------------------------------------------------
    def worn_look(self) -> Look | None:
        shade: ShadeProduct | None = self._shades.selected_shade()
        garment: GarmentProduct | None = self._garments.product()
        size = self._styling.size
        return look_of(shade, float(self._shades.intensity), garment, size)

    def _put_on(self, sku: str) -> None:
        sellable = sellable_sku(self._catalog, sku)
        if sellable is not None:
            self._wear(sellable)

    def _on_barcode(self, done: Future[Any]) -> None:
        try:
            variant = done.result()
        except Exception as exc:
            log.info("barcode not found for the stylist: %s", type(exc).__name__)
            return
        self._wear(str(getattr(variant, "sku", "")))  # as a barcode held up does

    def _begin(self, handover: str) -> int:
        self._generation += 1
        self._handover, self._problem = handover, ""
        self._qr.clear()
        self._qr_size = 0
        self.changed.emit()
        return self._generation

    def _answer(self, generation: int, done: Future[Any]) -> Any | None:
        """The hub's answer while it is still wanted; None when it came too late (a newer
        hand-over, or closed) or failed (then said on the panel)."""
        if generation != self._generation:
            return None
        try:
            return done.result()
        except Exception as exc:
            self._failed(exc)
            return None

    def _on_lookbook(self, generation: int, member: str | None, done: Future[Any]) -> None:
        made = self._answer(generation, done)
        if made is None:
            return
        visit = self._visit()
        visit.look_saved([item.sku for look in self._styling.looks for item in look.items])
        log.info("lookbook saved (%d looks)", len(self._styling.looks))
        url = getattr(made, "url", None)
        if member is not None or not url:
            self._handover = "saved"
            self.changed.emit()
            return
        self._show_qr(str(url), "lookbook")

    def _on_cart(self, generation: int, done: Future[Any]) -> None:
        made = self._answer(generation, done)
        if made is None:
            return
        self._visit().handoff_created(made.code, [(i.sku, 1) for i in self._cart])
        self._show_qr(str(made.short_url), "cart")

    def _show_qr(self, url: str, handover: str) -> None:
        r = self._records
        try:
            qr = make_qr_for_screen(url, r.qr_module_mm, r.screen_dpi, r.qr_error_correction)
        except Exception as exc:
            self._failed(exc)
            return
        self._qr.set_image(to_qimage(qr.rgba, "rgba"))
        self._qr_size = qr.size_px
        self._handover = handover
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, HubUnavailable):
            self._problem = "offline"
        elif isinstance(exc, StoreError) and exc.code in ("no_public_url", "consent_required"):
            self._problem = "no_public_url" if exc.code == "no_public_url" else "consent"
        else:
            if not isinstance(exc, StoreError):
                log.exception("styling hand-over failed", exc_info=exc)
            self._problem = "failed"
        log.info("styling hand-over not made (%s)", self._problem)
        self._handover = "failed"
        self.changed.emit()

    def _handover_cleared(self) -> None:
        self._generation += 1
        self._handover, self._problem = "", ""
        self._qr.clear()
        self._qr_size = 0

    def _reset(self) -> None:
        self._styling.clear()
        self._query = ""
        self._results.set_items(())
        self._looks.set_items(())
        self._handover_cleared()
