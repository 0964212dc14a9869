"""The shopper's ways on from the mirror: Buy online (QR), member sign-in and consent.

A thin Qt adapter. The visit's bookkeeping (session, dwell, events, the consent
gate) is `kiosk.session.visit.Visit`; hub calls go through the StoreService on its
own threads and come back here through a Mailbox that runs them on the UI thread.
Nothing here blocks: a tap starts a call and the screen shows "…" until its answer
arrives.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.client.handoff import display_until, make_qr_for_screen, module_pixels
from kiosk.client.service import StoreService
from kiosk.client.store_client import StoreError
from kiosk.client.views import HandoffView
from kiosk.config import RecordsSettings
from kiosk.session.consent import ConsentText, consent_text
from kiosk.session.lifecycle import Lifecycle, Timings
from kiosk.session.panels import HandoffPanel, handoff_panel
from kiosk.session.visit import OnScreen, Visit
from kiosk.session.wording import Doing, Translate, Wording, english
from kiosk.storeapi.contract import MEMBER_CODE_DIGITS
from kiosk.ui.image_source import ImageSource
from kiosk.ui.images import to_qimage
from kiosk.ui.mailbox import Mailbox
from kiosk.vision.codes import CodeKind, CodeRead

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its shopper panel; QML receives it as a property."
CODE_DIGITS = MEMBER_CODE_DIGITS  # the code a member types from their app
Say = Callable[[Wording], str]  # a message, worded when shown (so it follows the language)


def _said(words: Wording, say: Say | None) -> str:
    return say(words) if say is not None else ""


def _failed(error: BaseException, doing: Doing) -> Say:
    return lambda words: words.failure(error, doing)


def _text(key: str, **values: Any) -> Say:
    return lambda words: words.text(key, **values)


@QmlElement
@QmlUncreatable(UNCREATABLE)
class ShopperPanel(QObject):  # type: ignore[operator]
    handoffChanged = Signal()
    memberChanged = Signal()
    productScanned = Signal(str)  # a product barcode held up: its variant's SKU

    def __init__(
        self,
        visit: Visit,
        service: StoreService | None,
        records: RecordsSettings,
        locale: str = "en",
        *,
        words: Wording | None = None,
        lifecycle: Lifecycle | None = None,
        translate_for: Callable[[str], Translate] = lambda _language: english,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__()
        self.visit, self._service, self._records = visit, service, records
        self._clock, self._wall_clock = clock, wall_clock
        self._locale = locale if locale in ("en", "zh-CN") else "en"
        self._default_locale = self._locale
        # Answers are asked for under the session's ticket: a late one for a shopper who
        # has gone is dropped. Without a life-cycle (bridge tests) the session never ends.
        self._lifecycle = lifecycle or Lifecycle(Timings(), 0.0)
        self._words = words or Wording(self._locale)
        self._translate_for = translate_for
        self._sku = ""
        self._detail: OnScreen | None = None
        # Buy online
        self._handoff: HandoffView | None = None
        self._handoff_busy = False
        self._handoff_message: Say | None = None
        self._handoff_panel = HandoffPanel()
        self._qr = ImageSource(self)  # the code on screen (null: none)
        self._qr_timer = QTimer(self)
        self._qr_timer.setSingleShot(True)
        self._qr_timer.timeout.connect(self.closeHandoff)
        # Member
        self._sign_in_open = False
        self._member_busy = False
        self._member_message: Say | None = None
        self._consent_open = False
        self._save_pending = False
        self._mail = Mailbox(self)  # results from the service's threads, run here
        # What the shopper wears now, as a saved look's items (the app sets it: the shelves
        # know the shade's strength and the garment's size); none: the card's product only.
        self.worn_items: Callable[[], Sequence[Mapping[str, object]]] = lambda: ()

    # ---- the visit -------------------------------------------------------------------------
    def started(self, reason: str = "arrived") -> None:
        """A session started: the visit's records begin."""
        if not self.visit.active:
            self.visit.start(self._clock(), self._locale, self.on_screen())

    def wipe(self, reason: str = "left") -> None:
        """The session ended: its records close, the member is forgotten, and every panel,
        message, code and the consent language go back to how the next shopper meets them."""
        if self.visit.active:
            self.visit.end(self._clock(), reason)
        else:
            self.visit.sign_out()
        self._handoff_busy = False
        self._locale = self._default_locale
        self._reset_screens()

    def show(self, on: OnScreen | None) -> None:
        """The product card now shows `on` (a shade by name, a garment by size), or nothing:
        Buy online and Save use it, and the visit counts how long it is worn."""
        self._sku = on.sku if on is not None else ""
        self._detail = on
        if self.visit.active:
            self.visit.show(self.on_screen(), self._clock())

    def on_screen(self) -> OnScreen | None:
        """The product on the card as the visit records it (None: nothing shown)."""
        return self._detail

    def set_words(self, words: Wording) -> None:
        """The screen's language changed: every text here (and the consent) follows it."""
        self._words = words
        if words.language in ("en", "zh-CN"):
            self._locale = words.language
        self._handoff_changed()
        self.memberChanged.emit()

    # ---- Buy online --------------------------------------------------------------------------
    @Property(bool, notify=handoffChanged)
    def handoffOpen(self) -> bool:
        return self._handoff_panel.open

    @Property(bool, notify=handoffChanged)
    def handoffBusy(self) -> bool:
        return self._handoff_panel.busy

    @Property(str, notify=handoffChanged)
    def handoffTitle(self) -> str:
        return self._handoff_panel.title

    @Property(str, notify=handoffChanged)
    def handoffUrl(self) -> str:
        return self._handoff_panel.url

    @Property(str, notify=handoffChanged)
    def handoffText(self) -> str:
        """ "Scan with your phone to buy online · Valid until 14:32", or why there is no code."""
        return self._handoff_panel.text

    @Property(str, notify=handoffChanged)
    def handoffClose(self) -> str:
        return self._handoff_panel.close

    @Property(QObject, constant=True)
    def handoffQr(self) -> ImageSource:
        """The "Buy online" code's image, for the panel's QrItem."""
        return self._qr

    @Property(int, constant=True)
    def qrSize(self) -> int:
        """The QR's size on screen in pixels (version 4 with its quiet zone: 41 modules
        of records.qr_module_mm at records.screen_dpi)."""
        r = self._records
        return 41 * module_pixels(r.qr_module_mm, r.screen_dpi)

    @Slot()
    def buyOnline(self) -> None:
        """A cart with the product on the card, as a QR the shopper scans."""
        if self._sku:
            self.buy_all_online([self._sku])

    def buy_all_online(self, skus: Sequence[str]) -> None:
        """A cart with one of each of `skus` (a whole look), as a QR the shopper scans."""
        if self._service is None or not skus or self._handoff_busy:
            return
        if not self.visit.active:  # a tap is presence enough
            self.visit.start(self._clock(), self._locale, self.on_screen())
        assert self.visit.session_id is not None
        self._handoff, self._handoff_busy, self._handoff_message = None, True, None
        self._handoff_changed()
        items = [(sku, 1) for sku in dict.fromkeys(skus)]
        future = self._service.create_handoff(
            items,
            self.visit.session_id,
            member_id=self.visit.members.recordable_id,
            staff_id=self.visit.staff_id,
        )
        self._mail.deliver(
            future, lambda done: self._on_handoff(done, items), self._lifecycle.ticket()
        )

    @Slot()
    def closeHandoff(self) -> None:
        self._qr_timer.stop()
        self._handoff, self._handoff_message = None, None
        self._qr.clear()
        self._handoff_changed()

    def _handoff_changed(self) -> None:
        self._handoff_panel = handoff_panel(
            self._handoff_busy,
            self._handoff,
            _said(self._words, self._handoff_message),
            self._words,
            self._wall_clock(),
        )
        self.handoffChanged.emit()

    def _on_handoff(self, future: Future[HandoffView], items: list[tuple[str, int]]) -> None:
        self._handoff_busy = False
        try:
            made = future.result()
            r = self._records
            qr = make_qr_for_screen(
                made.short_url, r.qr_module_mm, r.screen_dpi, r.qr_error_correction
            )
        except StoreError as exc:
            log.info("no hand-off code: %s", exc.code or type(exc).__name__)
            self._handoff_message = _failed(exc, "handoff")
        except Exception as exc:  # the mirror keeps running whatever happens
            log.exception("hand-off failed")
            self._handoff_message = _failed(exc, "handoff")
        else:
            self._handoff = made
            self.visit.handoff_created(made.code, items)
            now = self._wall_clock()
            until = display_until(now, made.expires_at, r.handoff_expiry_minutes)
            self._qr_timer.start(max(1000, int((until - now).total_seconds() * 1000)))
            self._qr.set_image(to_qimage(qr.rgba, "rgba"))
        self._handoff_changed()

    # ---- member sign-in ----------------------------------------------------------------------
    @Property(bool, notify=memberChanged)
    def signInOpen(self) -> bool:
        return self._sign_in_open

    @Property(bool, notify=memberChanged)
    def memberBusy(self) -> bool:
        return self._member_busy

    @Property(str, notify=memberChanged)
    def memberMessage(self) -> str:
        return _said(self._words, self._member_message)

    @Property(bool, notify=memberChanged)
    def signedIn(self) -> bool:
        return self.visit.members.signed_in

    @Property(str, notify=memberChanged)
    def memberName(self) -> str:
        member = self.visit.members.member
        return member.display_name if member is not None else ""

    @Property(bool, notify=memberChanged)
    def recording(self) -> bool:
        """Whether try-ons are being saved to the member's account (consent given)."""
        return self.visit.members.may_record

    @Property(str, notify=memberChanged)
    def memberBadge(self) -> str:
        """ "Li Na · saving try-ons": who is signed in, and whether try-ons are saved."""
        member = self.visit.members.member
        name = member.display_name if member is not None else ""
        if not self.visit.members.may_record:
            return name
        return self._words.text("member.badge_saving", name=name)

    @Property(str, notify=memberChanged)
    def stopSavingText(self) -> str:
        return self._words.text("member.stop_saving")

    @Property(str, notify=memberChanged)
    def signOutText(self) -> str:
        return self._words.text("member.sign_out")

    @Slot()
    def saveToAccount(self) -> None:
        """Save to my account: sign in first if needed, ask consent, then save the look."""
        self._save_pending = True
        if not self.visit.members.signed_in:
            self.openSignIn()
            return
        self._after_sign_in()

    @Slot()
    def openSignIn(self) -> None:
        self._sign_in_open, self._member_message = True, None
        self.memberChanged.emit()

    @Slot()
    def closeSignIn(self) -> None:
        self._sign_in_open, self._member_message, self._save_pending = False, None, False
        self.memberChanged.emit()

    @Slot(str)
    def submitNumber(self, digits: str) -> None:
        """The code from the member's app, typed on the keypad: looked up like a scanned one
        (the hub then counts the member present at this kiosk, so consent can follow)."""
        code = "".join(ch for ch in digits if ch.isdigit())
        if len(code) != CODE_DIGITS:
            self._member_message = _text("member.code_length", digits=CODE_DIGITS)
            self.memberChanged.emit()
            return
        self._lookup(code=code, typed=True)

    def on_codes(self, reads: tuple[CodeRead, ...]) -> None:
        """Codes the camera read (from the vision worker, via the UI thread)."""
        for read in reads:
            if read.kind is CodeKind.MEMBER:
                self._sign_in_open = True
                self._lookup(code=read.payload)
            elif read.kind is CodeKind.PRODUCT and self._service is not None:
                future = self._service.lookup_barcode(read.payload)
                self._mail.deliver(future, self._on_barcode, self._lifecycle.ticket())
            elif read.kind is CodeKind.UNKNOWN:
                self._member_message = _text("member.unknown_code")
                self.memberChanged.emit()

    def _on_barcode(self, future: Future[Any]) -> None:
        try:
            variant = future.result()
        except StoreError as exc:
            log.info("barcode not looked up: %s", exc.code or type(exc).__name__)
            self._member_message = _failed(exc, "barcode")
            self.memberChanged.emit()
            return
        except Exception as exc:
            log.exception("barcode lookup failed")
            self._member_message = _failed(exc, "barcode")
            self.memberChanged.emit()
            return
        self.productScanned.emit(variant.sku)

    def _lookup(self, code: str, typed: bool = False) -> None:
        if self._service is None or self._member_busy:
            return
        self._member_busy, self._member_message = True, None
        self.memberChanged.emit()
        doing: Doing = "member_number" if typed else "member_code"  # typed: the app's digits
        self._mail.deliver(
            self._service.lookup_member(code=code),
            lambda future: self._on_member(future, doing),
            self._lifecycle.ticket(),
        )

    def _on_member(self, future: Future[Any], doing: Doing = "member_code") -> None:
        self._member_busy = False
        try:
            found = future.result()
        except StoreError as exc:
            log.info("member not signed in: %s", exc.code or type(exc).__name__)
            self._member_message = _failed(exc, doing)
            self.memberChanged.emit()
            return
        except Exception as exc:
            log.exception("member lookup failed")
            self._member_message = _failed(exc, doing)
            self.memberChanged.emit()
            return
        if not self.visit.active:
            self.visit.start(self._clock(), self._locale, self.on_screen())
        self.visit.signed_in(found)
        self._sign_in_open = False
        self._after_sign_in()
        self.memberChanged.emit()

    def _after_sign_in(self) -> None:
        if self.visit.members.needs_consent_prompt:
            self._consent_open = True
        elif self._save_pending:
            self._save_look()
        self.memberChanged.emit()

    @Slot()
    def withdrawConsent(self) -> None:
        """Stop saving (the member, or staff for them): withdrawn at the hub, then nothing
        more is recorded against the member."""
        self._store_consent(False)

    @Slot()
    def signOut(self) -> None:
        self.visit.sign_out()
        self._reset_screens()

    # ---- consent ---------------------------------------------------------------------------
    @Property(bool, notify=memberChanged)
    def consentOpen(self) -> bool:
        return self._consent_open

    @Property(str, notify=memberChanged)
    def consentLocale(self) -> str:
        return self._locale

    @Property(str, notify=memberChanged)
    def consentTitle(self) -> str:
        return self._consent().title

    @Property(str, notify=memberChanged)
    def consentBody(self) -> str:
        return self._consent().body

    @Property(str, notify=memberChanged)
    def consentAccept(self) -> str:
        return self._consent().accept

    @Property(str, notify=memberChanged)
    def consentDecline(self) -> str:
        return self._consent().decline

    def _consent(self) -> ConsentText:
        """The consent text in the consent's language, as the member reads it."""
        return consent_text(self._locale, self._translate_for(self._locale))

    @Slot(str)
    def setConsentLocale(self, locale: str) -> None:
        if locale in ("en", "zh-CN") and locale != self._locale:
            self._locale = locale
            self.memberChanged.emit()

    @Slot(bool)
    def decideConsent(self, granted: bool) -> None:
        """The member's answer: stored at the hub first, then it governs the records."""
        self._store_consent(granted)

    def _store_consent(self, granted: bool) -> None:
        """Yes or no (a "no" after a yes is a withdrawal) at the hub, then here."""
        member_id = self.visit.members.member_id
        if self._service is None or member_id is None or self._member_busy:
            return
        decision = self.visit.consent_request(granted, self._consent().locale, self._wall_clock())
        self._member_busy = True
        self.memberChanged.emit()
        withdrawal = not granted and self.visit.members.may_record
        future = (
            self._service.withdraw_consent(member_id, staff_id=self.visit.staff_id)
            if withdrawal
            else self._service.set_consent(member_id, decision.to_request())
        )
        self._mail.deliver(
            future, lambda done: self._on_consent(done, decision), self._lifecycle.ticket()
        )

    def _on_consent(self, future: Future[Any], decision: Any) -> None:
        self._member_busy = False
        try:
            future.result()
        except Exception as exc:
            log.info("consent not stored: %s", getattr(exc, "code", "") or type(exc).__name__)
            self._member_message = _failed(exc, "consent")
            self.memberChanged.emit()
            return
        self.visit.consent_decided(decision)
        self._consent_open = False
        if self._save_pending:
            self._save_look()
        self.memberChanged.emit()

    def _save_look(self) -> None:
        self._save_pending = False
        if self.visit.members.may_record and self._sku:
            items = [dict(i) for i in self.worn_items()]
            skus = [str(i["sku"]) for i in items] or [self._sku]
            self.visit.look_saved(skus, items)
            self._member_message = _text("member.saved")
        elif not self.visit.members.may_record:
            self._member_message = _text("member.not_saved")

    def _reset_screens(self) -> None:
        self._sign_in_open = self._consent_open = self._save_pending = False
        self._member_busy, self._member_message = False, None
        self.closeHandoff()
        self.memberChanged.emit()
