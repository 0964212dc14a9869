"""The Photo button's flow: ask first, then take the look, send it to the hub, show the QR
that opens it on the shopper's phone.

    closed --take()--> confirm --confirm()--> countdown (3, 2, 1) --> working --> ready (QR)
                          \\--cancel()--> closed                          \\--> failed
    close() from any stage; wipe() when the shopper leaves.

Nothing is photographed before the explicit yes. The photo is rendered and encoded off
the UI thread (`ShopperPhotos.take`), uploaded through the StoreService, and its result
comes back through a Mailbox. Every result carries the generation it was asked in; close()
and wipe() start a new one, so a late answer for an earlier generation changes nothing on
screen: its kiosk copy is deleted and, if the upload got through, so is the hub's.
When the hub cannot take it, the shopper is told, and the kiosk's copy is deleted.

QML reads `stage` ("closed" | "confirm" | "countdown" | "working" | "ready" | "failed"),
`problem` ("" | "offline" | "no_picture" | "failed") and words it itself (qsTr).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from datetime import UTC, datetime

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.client.handoff import make_qr_for_screen
from kiosk.client.service import StoreService
from kiosk.client.store_client import HubAuthError, HubUnavailable, StoreError
from kiosk.client.views import PhotoView
from kiosk.config import RecordsSettings
from kiosk.errors import KioskError
from kiosk.render.snapshot import Composited
from kiosk.session.photos import KeptPhoto, ShopperPhotos, StalePhoto
from kiosk.session.wording import Wording
from kiosk.ui.image_source import ImageSource
from kiosk.ui.images import to_qimage
from kiosk.ui.mailbox import Mailbox

log = logging.getLogger(__name__)
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its photo panel; QML receives it as a property."
FrameSource = Callable[[], Composited | None]


@QmlElement
@QmlUncreatable(UNCREATABLE)
class PhotoPanel(QObject):  # type: ignore[operator]
    changed = Signal()

    def __init__(
        self,
        service: StoreService,
        photos: ShopperPhotos,
        frame: FrameSource,
        records: RecordsSettings,
        *,
        words: Wording | None = None,
        countdown_s: int = 3,
        keep_hours: int = 24,
        wall_clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        available: bool = True,
    ) -> None:
        super().__init__()
        self._available = available
        self._service, self.photos, self._frame = service, photos, frame
        self._records, self._words = records, words or Wording()
        self._countdown_s, self._wall_clock = max(0, countdown_s), wall_clock
        self._keep_hours = keep_hours
        self._stage, self._problem, self._countdown = "closed", "", 0
        self._generation = 0
        self._view: PhotoView | None = None
        self._qr = ImageSource(self)
        self._qr_size = 0
        self._tick = QTimer(self)
        self._tick.setInterval(1000)
        self._tick.timeout.connect(self._count_down)
        self._mail = Mailbox(self)

    # ---- what QML shows ------------------------------------------------------------------
    @Property(bool, notify=changed)
    def open(self) -> bool:
        return self._stage != "closed"

    @Property(str, notify=changed)
    def stage(self) -> str:
        return self._stage

    @Property(str, notify=changed)
    def problem(self) -> str:
        """Why there is no QR ("offline", "no_picture", "failed"), for the words QML picks."""
        return self._problem

    @Property(bool, constant=True)
    def available(self) -> bool:
        """Whether a photo's link can open on a phone: not through the kiosk's own hub on
        loopback (no phone reaches it), so the Photo button is not offered there."""
        return self._available

    @Property(int, constant=True)
    def keepHours(self) -> int:
        """How long the hub keeps a photo (its photo_ttl), for the question asked first."""
        return self._keep_hours

    @Property(int, notify=changed)
    def countdown(self) -> int:
        return self._countdown

    @Property(QObject, constant=True)
    def qr(self) -> ImageSource:
        """The QR that opens the photo on the shopper's phone (null: none)."""
        return self._qr

    @Property(int, notify=changed)
    def qrSize(self) -> int:
        """The QR's width on screen in pixels (records.qr_module_mm at records.screen_dpi)."""
        return self._qr_size

    @Property(str, notify=changed)
    def expiresText(self) -> str:
        """When the hub deletes the photo, as a local clock time ("1 Dec 14:02")."""
        if self._view is None:
            return ""
        return self._words.clock(self._view.expires_at, self._wall_clock())

    def set_words(self, words: Wording) -> None:
        """The screen's language changed: the expiry time is written in the new one."""
        self._words = words
        self.changed.emit()

    @property
    def view(self) -> PhotoView | None:
        """The photo on the hub now shown as a QR (for tests and the lead's wiring)."""
        return self._view

    # ---- the shopper's intents -----------------------------------------------------------
    @Slot()
    def take(self) -> None:
        """The Photo button: ask before anything is photographed."""
        if self._stage in ("closed", "ready", "failed"):
            self._start_over()
            self._set("confirm")

    @Slot()
    def confirm(self) -> None:
        """The explicit yes: a short countdown to pose, then the photo."""
        if self._stage != "confirm":
            return
        if self._countdown_s == 0:
            self._shoot()
            return
        self._countdown = self._countdown_s
        self._tick.start()
        self._set("countdown")

    @Slot()
    def cancel(self) -> None:
        """No: nothing is photographed."""
        if self._stage in ("confirm", "countdown"):
            self.close()

    @Slot()
    def close(self) -> None:
        """Close the panel; a photo still on its way is dropped."""
        self._start_over()
        self._set("closed")

    @Slot()
    def wipe(self) -> None:
        """The shopper left: close everything, drop what is in flight, delete the kiosk's
        copies. (The hub keeps its copy until it expires: the shopper may open it later.)"""
        self.close()
        self.photos.wipe()

    # ---- the work ------------------------------------------------------------------------
    def _start_over(self) -> None:
        self._generation += 1
        self._tick.stop()
        self._countdown, self._problem, self._view, self._qr_size = 0, "", None, 0
        self._qr.clear()

    def _count_down(self) -> None:
        self._countdown -= 1
        if self._countdown > 0:
            self.changed.emit()
            return
        self._tick.stop()
        self._shoot()

    def _shoot(self) -> None:
        output = self._frame()
        if output is None:
            self._fail("no_picture")
            return
        generation, ticket = self._generation, self.photos.ticket()
        self._set("working")

        def work() -> None:  # on its own thread: rendering and encoding take a while
            try:
                kept = self.photos.take(output, ticket)
            except StalePhoto:
                return  # the shopper left meanwhile: nothing was written
            except KioskError as exc:
                log.warning("photo not kept: %s", exc.message)
                self._mail.post(lambda: self._failed_in(generation, "failed"))
            except Exception:  # the mirror keeps running whatever happens
                log.exception("photo not kept")
                self._mail.post(lambda: self._failed_in(generation, "failed"))
            else:
                self._mail.post(lambda: self._upload(generation, kept))

        threading.Thread(target=work, name="photo", daemon=True).start()

    def _upload(self, generation: int, kept: KeptPhoto) -> None:
        if generation != self._generation:
            self.photos.forget(kept)
            return
        future = self._service.upload_photo(kept.jpeg)
        self._mail.deliver(future, lambda done: self._on_uploaded(generation, kept, done))

    def _on_uploaded(self, generation: int, kept: KeptPhoto, done: Future[PhotoView]) -> None:
        stale = generation != self._generation
        try:
            view = done.result()
        except (HubUnavailable, HubAuthError) as exc:
            self.photos.forget(kept)
            log.warning("photo not sent, the hub is away (%s)", exc.code or "unreachable")
            self._failed_in(generation, "offline")
            return
        except StoreError as exc:
            self.photos.forget(kept)
            log.warning("photo refused by the hub (%s, HTTP %s)", exc.code, exc.status)
            self._failed_in(generation, "failed")
            return
        if stale:  # nobody is looking for this QR any more: the photo goes everywhere
            self.photos.forget(kept)
            self._delete_on_hub(view)
            return
        try:
            r = self._records
            qr = make_qr_for_screen(view.url, r.qr_module_mm, r.screen_dpi, r.qr_error_correction)
        except KioskError as exc:
            log.warning("photo QR not drawn: %s", exc.message)
            self.photos.forget(kept)
            self._delete_on_hub(view)
            self._fail("failed")
            return
        self._view, self._qr_size = view, qr.size_px
        self._qr.set_image(to_qimage(qr.rgba, "rgba"))
        self._set("ready")

    def _delete_on_hub(self, view: PhotoView) -> None:
        def logged(done: Future[None]) -> None:
            if done.exception() is not None:
                log.info("an unshown photo stays on the hub until it expires")

        self._service.delete_photo(view.photo_id).add_done_callback(logged)

    def _failed_in(self, generation: int, problem: str) -> None:
        if generation == self._generation:
            self._fail(problem)

    def _fail(self, problem: str) -> None:
        self._problem = problem
        self._set("failed")

    def _set(self, stage: str) -> None:
        self._stage = stage
        self.changed.emit()
