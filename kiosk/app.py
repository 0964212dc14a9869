"""Composition root: builds the kiosk's services from settings and starts the UI.

`KioskApp` owns every long-lived part (tracker, capture thread, vision worker, store
service, recorder, QML engine) and closes them in order; tests build it the same way
`kiosk run` does, so the window under test is the product's window. Each part has its
own small builder; the window gets the bridges as initial properties and Python never
looks into it: QML binds what it shows and raises intents the bridges answer.
"""

from __future__ import annotations

import gc
import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from pathlib import Path
from typing import cast

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.catalog.catalog import Catalog, load_catalog
from kiosk.catalog.hub_prices import hub_prices
from kiosk.catalog.tone_match import shades_for_tone
from kiosk.client.fleet import FleetFiles, FleetPoller, FleetSync
from kiosk.client.service import StoreService
from kiosk.client.views import CatalogView, ReservationView
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.ops import watchdog
from kiosk.ops.health import FrameRate, HealthServer, kiosk_sources, serve_health
from kiosk.ops.report import HealthReporter, start_health_reports
from kiosk.ops.startup import CLOCK
from kiosk.paths import user_data_dir
from kiosk.pipeline import Look, TryOnPipeline
from kiosk.records.events import EventFactory
from kiosk.records.recorder import Recorder
from kiosk.render.shaders import ShaderError, bake_lipstick, bake_makeup
from kiosk.services import (
    LIVE_GARMENT_PIXELS,
    LiveModels,
    build_live_models,
    build_refiner,
    build_smoother,
    start_live_models,
)
from kiosk.session.lifecycle import Lifecycle, Timings
from kiosk.session.member import MemberSession, load_device_secret
from kiosk.session.photos import ShopperPhotos
from kiosk.session.shelf import ShelfState
from kiosk.session.status import StatusBoard
from kiosk.session.styling import worn_look
from kiosk.session.tone import ToneSampler
from kiosk.session.visit import Visit
from kiosk.session.wording import LANGUAGES, PriceDifference, Wording
from kiosk.ui import frame_item, image_source, shade_model, theme  # noqa: F401  (registers QML types)
from kiosk.ui.card import CardModel
from kiosk.ui.card_feed import CardFeed
from kiosk.ui.compositor import LipstickCompositor
from kiosk.ui.controller import KioskController
from kiosk.ui.for_you_panel import ForYouPanel
from kiosk.ui.garment_shelf import GarmentShelf
from kiosk.ui.gl_probe import is_software, opengl_renderer
from kiosk.ui.i18n import Translations
from kiosk.ui.layout import LayoutState, window_size
from kiosk.ui.layout_bridge import MirrorLayout
from kiosk.ui.live_measure import WARM_UP_S, measure_live, wear_after
from kiosk.ui.mailbox import Mailbox
from kiosk.ui.makeup_shelf import MakeupShelf
from kiosk.ui.photo_panel import PhotoPanel
from kiosk.ui.qt_env import prepare_qt_environment
from kiosk.ui.shelves import Shelves
from kiosk.ui.shopper import ShopperPanel
from kiosk.ui.staff_panel import StaffPanel
from kiosk.ui.store_panel import StorePanel
from kiosk.ui.styling_panel import StylingPanel
from kiosk.ui.worker import VisionWorker
from kiosk.vision.capture import CaptureThread
from kiosk.vision.codes import CodeScanner
from kiosk.vision.skin_tone import SkinTone
from kiosk.vision.sources import FrameSource, open_source

log = logging.getLogger(__name__)
QML_MAIN = Path(__file__).resolve().parent / "ui" / "qml" / "Main.qml"


class CaptureRelay(QObject):
    """Carries capture-thread state changes to the UI thread as a queued signal."""

    state = Signal(str, str)


def choose_compositor(choice: str) -> str:
    """The baked lipstick shader's URL for GPU compositing, or "" for the CPU.

    "auto" takes the GPU when Qt Quick renders through a graphics API drawn by a GPU
    and the shader compiles, and otherwise the NumPy reference renderer (logged): on
    OpenGL drawn by the CPU (no GPU driver, a virtual screen) the shader runs per screen
    pixel on the CPU and the mirror slows to a few frames a second (`gl_probe`).
    "gpu" insists and fails with the shader's own error.
    """
    if choice == "cpu":
        return ""
    api = QQuickWindow.graphicsApi()
    software = api == QSGRendererInterface.GraphicsApi.Software
    if software or QGuiApplication.platformName() in ("offscreen", "minimal"):
        if choice == "gpu":
            raise KioskError(
                "lipstick.compositor is gpu, but Qt Quick has no GPU here "
                f"(platform {QGuiApplication.platformName()}, graphics API {api.name})",
                'set lipstick.compositor = "auto" or "cpu", or run with a display and GPU driver',
            )
        log.warning("no GPU rendering available: lipstick is composited on the CPU")
        return ""
    if choice == "auto" and api == QSGRendererInterface.GraphicsApi.OpenGL:
        renderer = opengl_renderer()
        if is_software(renderer):
            log.warning("OpenGL is drawn by the CPU here (%s): lipstick is composited on the "
                        "CPU, several times faster than the shader there (no compare grid or "
                        "before/after); install the GPU driver, or set lipstick.compositor = "
                        '"gpu" to use the shader anyway', renderer)  # fmt: skip
            return ""
    try:
        # Both shaders or neither: the worker leaves the lips and the makeup to the GPU.
        bake_makeup()
        return QUrl.fromLocalFile(str(bake_lipstick())).toString()
    except ShaderError as exc:
        if choice == "gpu":
            raise
        log.warning("lipstick shader unavailable (%s): compositing on the CPU", exc.message)
        return ""


class KioskApp:
    def __init__(
        self,
        settings: Settings,
        model_path: Path | None = None,
        pose_model: Path | None = None,
        *,
        source: FrameSource | None = None,
        models: Future[LiveModels] | None = None,
    ) -> None:
        """`source`: a camera the caller opened (a camera driver of its own), instead of the
        one `capture.source` names. `models`: the trackers, already being built
        (`kiosk.services.start_live_models`); else they are built here from `model_path`
        (the face model, needed then) and `pose_model` (None: no garments)."""
        prepare_qt_environment()
        if QGuiApplication.instance() is None:
            raise RuntimeError("create the Qt application before KioskApp")
        self.settings = settings
        self._build_language()
        catalog = load_catalog(settings.catalog.resolved_path())
        self.i18n.add_product_names({lang: catalog.names_in(lang) for lang in LANGUAGES})
        self._build_vision(catalog, model_path, pose_model, source, models)
        self._build_controller(catalog)
        self._build_store()
        self._build_card(catalog)
        self._build_photo()
        self._build_staff(catalog)
        CLOCK.mark("store and panels")
        self.window = self._load_window()
        self.health: HealthServer | None = None  # the loopback /healthz, /metrics
        self.reporter: HealthReporter | None = None  # the same, sent to the hub now and then
        self._closed = False

    # ---- builders, in the order the parts depend on each other -------------------------
    def _build_language(self) -> None:
        """The screen's language: Qt translators for Python's and QML's words (the .qm
        files built first when missing or stale), switchable on screen."""
        self.i18n = Translations(
            self.settings.kiosk.language,
            price_difference=cast(PriceDifference, self.settings.store.price_difference),
        )
        self.words: Wording = self.i18n.words()

    def _on_language(self) -> None:
        """Every bridge that holds words says them again in the new language."""
        words = self.words = self.i18n.words()
        self.controller.set_words(words)
        self.store_panel.set_words(words)
        self.shopper.set_words(words)
        self.shelves.set_words(words)
        self.for_you.set_words(words)
        self.card_feed.set_words(words)
        self.photo.set_words(words)

    def _build_vision(
        self,
        catalog: Catalog,
        model_path: Path | None,
        pose_model: Path | None,
        given: FrameSource | None = None,
        models: Future[LiveModels] | None = None,
    ) -> None:
        """Camera, trackers, pipeline and the worker thread that runs them; the GPU
        compositor when Qt Quick can run the lipstick shader."""
        settings, cap = self.settings, self.settings.capture
        source = given or open_source(
            cap.source,
            width=cap.width,
            height=cap.height,
            fps=cap.fps,
            realtime=cap.realtime,
            loop=cap.loop,
        )
        # Built here, or already under way on the "models" thread (`start_live_models`).
        if models is not None:
            live = models.result()
        elif model_path is not None:
            live = build_live_models(settings, model_path, pose_model)
        else:
            raise ValueError("KioskApp needs the face model's path or its models")
        CLOCK.mark("models ready")
        self.tracker, self.pose, self.gestures = live.tracker, live.pose, live.gestures
        self._models = live  # face, pose and hand models: closed together with the vision
        self.relay = CaptureRelay()
        self.capture = CaptureThread(
            source,
            mirror=cap.mirror,
            rotate=cap.rotate,
            reconnect_initial_s=cap.reconnect_initial_s,
            reconnect_max_s=max(cap.reconnect_max_s, cap.reconnect_initial_s),
            on_state=self.relay.state.emit,
        )
        # Garments need the pose model; without it the clothes shelf stays hidden.
        self.garments = GarmentShelf(catalog.garments, enabled=self.pose is not None)
        self.pipeline = TryOnPipeline(
            self.tracker,
            build_smoother(settings),
            build_refiner(settings, "video"),
            pose=self.pose,
            garment_max_pixels=LIVE_GARMENT_PIXELS,
            gestures=self.gestures,
        )
        shader = choose_compositor(settings.lipstick.compositor)
        # keeps the UI off the shopper's face
        self.layout = MirrorLayout(LayoutState(follow=settings.kiosk.face_layout))
        makeup_shader = QUrl.fromLocalFile(str(bake_makeup())).toString() if shader else ""
        self.compositor = LipstickCompositor(shader, self.layout, makeup_shader)
        self.worker = VisionWorker(
            self.capture,
            self.pipeline,
            look=Look(None),
            gpu=bool(shader),
            scanner=CodeScanner.from_settings(settings.records),
            overlap=settings.face.overlap or settings.bodies.overlap,
        )

    def _build_controller(self, catalog: Catalog) -> None:
        """The mirror's bridge: frames, status, presence, the worn shade and its look."""
        settings = self.settings
        developer = settings.kiosk.mode == "developer"
        s = settings.session
        timings = Timings(
            s.greet_after_s, s.leaving_after_s, s.end_after_s, s.dim_after_s, s.scanning_grace_s
        )
        self.lifecycle = Lifecycle(timings, time.monotonic())
        # Eyes, cheeks, brows and looks: a look's lipstick is put on through the controller.
        self.makeup = MakeupShelf(catalog, lambda sku: self.controller.select_sku(sku))
        self.controller = KioskController(
            catalog,
            self.worker,
            self.lifecycle,
            StatusBoard(developer, self.words),
            intensity=settings.lipstick.intensity,
            feather=settings.lipstick.feather,
            developer_mode=developer,
            overlay=settings.kiosk.debug_overlay,
            adapt_light=settings.lipstick.adapt_light,
            compositor=self.compositor,
            shelf=self.garments,
            layout=self.layout,
            makeup=self.makeup,
        )
        self.makeup.compare_with(self.controller.compare_toggle)
        self.relay.state.connect(self.controller.onCaptureState)
        self.controller.onCaptureState(self.capture.state, self.capture.message)

    def _build_store(self) -> None:
        """The store side: the hub (embedded on loopback unless hub.url names one), reached
        through the same HTTP client either way on the service's own threads; the records
        of the visit; and the hub's names and prices over the shipped ones once known."""
        self.store = StoreService.from_settings(self.settings.hub)
        self.recorder, self.shopper = self._build_records()
        self.store_panel = StorePanel(
            self.store,
            self.words,
            lifecycle=self.lifecycle,
            on_reserved=self._on_reserved,
        )
        self.lifecycle.on_start(self.shopper.started)
        self.lifecycle.on_wipe(self._wipe)
        self.controller.codesRead.connect(self._on_codes)
        self.controller.gestured.connect(self._on_gesture)
        self.mail = Mailbox()
        self.mail.deliver(self.store.catalog(), self._apply_catalog)

    def _build_records(self) -> tuple[Recorder, ShopperPanel]:
        """Try-on records: the durable outbox, its sender to the hub, and the visit
        that fills it (the member only under consent)."""
        r, hub = self.settings.records, self.settings.hub
        members = MemberSession(load_device_secret(r.resolved_device_secret_path()))
        url, token = self.store.hub_endpoint()
        recorder = Recorder.open(
            r.resolved_outbox_path(),
            url,
            token,
            max_events=r.outbox_max_events,
            batch_size=r.batch_size,
            send_interval_s=r.send_interval_s,
            retry_initial_s=r.retry_initial_s,
            retry_max_s=r.retry_max_s,
            on_auth_failure=self.store.token_refused,
        )
        recorder.start()
        events = EventFactory(hub.store_id or "default", hub.kiosk_id, members=members)
        visit = Visit(events, recorder.record, members)
        language = self.settings.kiosk.language
        shopper = ShopperPanel(
            visit,
            self.store,
            r,
            language,
            words=self.words,
            lifecycle=self.lifecycle,
            translate_for=self.i18n.translate_for,
        )
        return recorder, shopper

    def _build_card(self, catalog: Catalog) -> None:
        """The open shelf and the product card: a scanned barcode opens its product's
        shelf; the card follows the product on the shopper and its stock."""
        offered = ("lips", *self.makeup.shelves())
        offered += ("clothes",) if self.garments.available else ()
        self.shelves = Shelves(
            catalog, self.controller, self.garments, ShelfState(offered), self.words, self.makeup
        )
        self.shopper.productScanned.connect(self.shelves.selectProduct)
        visit = self.shopper.visit
        self.for_you = ForYouPanel(
            catalog,
            self.store,
            self.shelves,
            lambda: visit.members,
            set_intensity=self.controller.setIntensity,
            words=self.words,
            lifecycle=self.lifecycle,
        )
        self.shopper.memberChanged.connect(self.for_you.member_changed)
        self.shopper.worn_items = self._worn_items
        # "Suits you": the shopper's skin read on a few frames, kept here for the session.
        self.tone = ToneSampler()
        self._suits_you = self.settings.session.suits_you
        self._catalog_now = catalog
        self.controller.skinRead.connect(self._on_skin)
        self.worker.read_skin(self._suits_you)
        self.card = CardModel(
            reserve=self.store_panel.reserve,
            buy_online=self.shopper.buyOnline,
            save=self.shopper.saveToAccount,
            show_in_look=self.shelves.showLookProduct,
            buy_look=self.shopper.buy_all_online,
        )
        self.card_feed = CardFeed(
            self.card,
            self.shelves,
            self.store_panel,
            self.shopper,
            self.words,
            member_price=self.for_you.member_price,
        )
        self.for_you.changed.connect(self.card_feed.refresh)
        self.i18n.languageChanged.connect(self._on_language)

    def _build_staff(self, catalog: Catalog) -> None:
        """Staff's way in (a hidden hold, their number and PIN checked at the hub), the
        mirror's closed state (kept beside its device secret, a folder of its own), and
        the stylist's panel; the visit's records carry the signed-in staff member."""
        data = self.settings.records.resolved_device_secret_path().parent
        self.staff = StaffPanel(self.store, data, supervised=watchdog.supervised())
        visit = self.shopper.visit
        self.styling = StylingPanel(
            catalog,
            self.store,
            self.settings.records,
            shades=self.controller,
            garments=self.garments,
            wear=self.shelves.selectProduct,
            visit=lambda: self.shopper.visit,
            member_id=lambda: visit.members.recordable_id,
            lookbook_links=bool(self.settings.hub.url),  # as for photos: not from loopback
        )

        def staff_changed() -> None:
            visit.staff_id = self.staff.staff_id

        def styling_changed() -> None:
            if self.staff.styling:
                if not visit.active:  # a stylist at work is someone there
                    self.controller.touched()
                self.styling.start()
            else:
                self.styling.stop()

        self.shopper.memberChanged.connect(self.styling.member_changed)
        self.staff.signedInChanged.connect(staff_changed)
        self.staff.stylingChanged.connect(styling_changed)

    def _build_photo(self) -> None:
        """The photo: asked first, sent to the shopper's phone through the hub; the kiosk's
        copies (kiosk.photo_dir) are deleted at wipe, and any a crash left, now."""
        self.photos = ShopperPhotos(self.settings.kiosk.resolved_photo_dir())
        self.photos.wipe()
        self.photo = PhotoPanel(
            self.store,
            self.photos,
            self.controller.last_output,
            self.settings.records,
            words=self.words,
            # The embedded hub listens on loopback: a photo's link would not open on a phone.
            available=bool(self.settings.hub.url),
        )
        self.photo.changed.connect(self._on_scanning)
        self.shopper.handoffChanged.connect(self._on_scanning)

    def _on_scanning(self) -> None:
        """A code for the shopper's phone on screen: they may be behind the phone a while."""
        self.lifecycle.scanning(bool(self.photo.open) or bool(self.shopper.handoffOpen))

    def _load_window(self) -> QQuickWindow:
        """The QML screen, given the bridges; it must load (else a clear error)."""
        self.engine = QQmlApplicationEngine()
        self.i18n.attach(self.engine)
        self.engine.setInitialProperties(
            {
                "controller": self.controller,
                "compositor": self.compositor,
                "shelves": self.shelves,
                "garments": self.garments,
                "makeup": self.makeup,
                "card": self.card,
                "store": self.store_panel,
                "shopper": self.shopper,
                "layout": self.layout,
                "i18n": self.i18n,
                "photo": self.photo,
                "staff": self.staff,
                "styling": self.styling,
                "forYou": self.for_you,
                "presentation": self._presentation(),
            }
        )
        self.engine.load(QUrl.fromLocalFile(str(QML_MAIN)))
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            self._stop_vision()
            raise KioskError(
                f"the kiosk screen {QML_MAIN} failed to load", "see the QML errors above"
            )
        return roots[0]

    def _presentation(self) -> dict[str, object]:
        """What the design system and the attract screen take from settings (Theme.qml)."""
        s = self.settings
        return {
            "screenDpi": s.records.screen_dpi,
            "reducedMotion": s.kiosk.reduced_motion,
            "largeText": s.kiosk.large_text,
            "storeName": s.brand.store_name,
            "logo": QUrl.fromLocalFile(str(s.brand.resolved_logo())).toString(),
        }

    # ---- wiring ----------------------------------------------------------------------------
    def _apply_catalog(self, done: Future[CatalogView]) -> None:
        try:
            view = done.result()
        except Exception as exc:  # no hub and nothing cached: the shipped catalog stays
            log.info("hub catalog not available: %s", exc)
            return
        prices = hub_prices(view.products)
        self.controller.apply_prices(prices)
        self.garments.apply_prices(prices)
        self.styling.apply_prices(prices)

    def _worn_items(self) -> list[dict[str, object]]:
        """What the shopper wears now as a saved look's items: the shade at its strength
        and finish, the eye, cheek and brow products at theirs, the garment in the size the
        card shows."""
        garment = self.garments.product()
        fit = self.garments.fit()
        size = fit[1].size if fit is not None else None
        strength = float(self.controller.intensity)  # type: ignore[arg-type]  # a Qt Property
        look = worn_look(self.controller.selected_shade(), strength, garment, size)
        items = [item.to_request() for item in look.items] if look is not None else []
        scale = strength / max(self.settings.lipstick.intensity, 1e-3)  # as the mirror paints
        for product, worn in self.makeup.worn():
            item: dict[str, object] = {
                "sku": product.sku,
                "intensity": round(min(worn.intensity * scale, 1.0), 2),
            }
            finish = getattr(worn.product, "finish", None)
            if finish:
                item["finish"] = finish
            items.append(item)
        return items

    def _on_skin(self, reading: SkinTone | None) -> None:
        """A reading of the shopper's cheeks tried (None: none seen): once readings agree,
        the shades that suit them; the pipeline stops reading once the sampler has them
        or has given up on this shopper, until the next one."""
        before = self.tone.reading
        now = self.tone.add(reading)
        if now is not None and before is None:
            matches = shades_for_tone(now, self._catalog_now.shades)
            self.for_you.set_tone(tuple((m.product.sku, m.reason) for m in matches))
        if not self.tone.wants_more:
            self.worker.read_skin(False)

    def _on_codes(self, reads: object) -> None:
        """A code held up to the mirror is someone there, and their intent."""
        self.controller.touched()
        self.shopper.on_codes(reads)  # type: ignore[arg-type]

    def _on_gesture(self, event: str) -> None:
        """A touchless gesture is someone there, and their intent on the open shelf."""
        self.controller.touched()
        if event == "select":
            self.shelves.choose()
        else:
            self.shelves.step(+1 if event == "swipe_right" else -1)

    def _on_reserved(self, held: ReservationView) -> None:
        self.shopper.visit.reservation_made(
            held.reservation_id, held.sku, held.quantity, held.location_id
        )

    def _wipe(self, reason: str) -> None:
        """The session ended: everything the shopper touched goes, in the order the parts
        depend on each other (the visit's records close first, with the product worn)."""
        self.shopper.wipe(reason)
        self.styling.wipe()
        self.staff.wipe()  # a staff session ends with the shopper's
        self.photo.wipe()  # the kiosk's copies go; a late upload answer changes nothing
        self.store_panel.wipe()
        self.controller.wipe()
        self.tone.forget()  # nothing of the shopper's skin reaches the next one
        self.worker.read_skin(self._suits_you)
        self.for_you.wipe()
        self.shelves.wipe()
        self.card_feed.refresh(force=True)
        self.i18n.setLanguage(self.settings.kiosk.language)  # the next shopper's own
        if self.worker.scanner is not None:
            self.worker.scanner.request_reset()  # the next shopper's codes are new

    # ---- running -----------------------------------------------------------------------
    def start(self) -> None:
        k = self.settings.kiosk
        # A windowed mirror fits the screen it opens on (a laptop: landscape, smaller).
        avail = self.window.screen().availableGeometry()
        self.window.resize(
            *window_size(k.window_width, k.window_height, avail.width(), avail.height())
        )
        if k.mode == "kiosk":
            # Shoppers touch the mirror; a mouse pointer on it only distracts.
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        if k.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.show()
        self._serve_health()
        if self.staff.mirror_closed:  # closed by staff: no camera frame is read
            log.warning("this mirror was closed by staff: staff sign in to open it")
            return
        self.capture.start()
        self.worker.start()

    def _serve_health(self) -> None:
        """/healthz and /metrics on 127.0.0.1 (logging.health_port; kiosk/ops/health.py): its
        threads read plain thread-safe accessors, never a Qt object; the UI thread ticks the
        frame rate once per frame it shows."""
        self.frame_rate = FrameRate()
        self.controller.statsChanged.connect(self.frame_rate.tick)
        compositor = "gpu" if self.worker.gpu else "cpu"
        sources = kiosk_sources(
            self.capture,
            self.store,
            self.recorder,
            self.frame_rate,
            compositor,
            closed_by_staff=self.staff.mirror_closed,
        )
        self.health = serve_health(sources, self.settings.logging.health_port)
        # The managers' view of their mirrors (the hub's dashboard): counts and states only.
        hub = self.settings.hub
        self.reporter = start_health_reports(
            sources, self.store.hub_endpoint(), hub.kiosk_id, hub.report_interval_s
        )

    def _stop_vision(self) -> None:
        self.lifecycle.end(time.monotonic(), "closed")  # the visit ends; the member is forgotten
        self.shopper.wipe("closed")
        self.photo.wipe()
        self.recorder.stop()
        self.store_panel.close()
        self.store.close()
        self.worker.stop()
        self.pipeline.close()
        self.capture.stop()
        self.capture.join(5.0)
        self._models.close()  # once: the stack holds the face, pose and hand models

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.reporter is not None:  # first: they read the parts stopped next
            self.reporter.close()
        if self.health is not None:
            self.health.close()
        self._stop_vision()
        # Results still queued from the worker must not reach a deleted scene.
        self.worker.ready.disconnect()
        self.staff.allow_close()  # the window refuses to close otherwise (kiosk mode)
        self.window.close()
        if self.settings.kiosk.mode == "kiosk":
            QGuiApplication.restoreOverrideCursor()
        # Delete the QML scene now, while the bridges its bindings read still exist;
        # a deferred delete would run after Python has dropped them.
        shiboken6.delete(self.engine)
        self.i18n.close()


def apply_when_idle(
    kept: threading.Event, lifecycle: Lifecycle, quit_app: Callable[[], object]
) -> Callable[[], None]:
    """A check for a timer: once fleet settings were kept (`kept`), quit the app while no
    shopper's session is on (the service starts the mirror again, with them)."""

    def check() -> None:
        if kept.is_set() and not lifecycle.active:
            log.warning("restarting to apply the fleet settings kept from the hub")
            quit_app()

    return check


def _poll_fleet(
    settings: Settings, kiosk: KioskApp, reload: Callable[[Sequence[Path]], object] | None
) -> FleetPoller | None:
    """The fleet's settings overlays on a remote hub, polled (kiosk/client/fleet.py)."""
    if reload is None or not settings.hub.url or settings.hub.config_poll_s <= 0:
        return None
    sync = FleetSync(kiosk.store.fleet_config, FleetFiles(user_data_dir()), reload)
    poller = FleetPoller(sync, settings.hub.config_poll_s)
    poller.start()
    return poller


def run(
    settings: Settings,
    reload: Callable[[Sequence[Path]], object] | None = None,
    measure: float | None = None,
    models: Future[LiveModels] | None = None,
    wear: Sequence[str] = (),
) -> int:
    """`kiosk run`: the event loop until the window closes (never on an error).

    Under systemd (`Type=notify`, packaging/systemd/tryon-kiosk.service) it says READY=1
    once the window has drawn its first frame, pings the watchdog from a timer on this
    (the Qt main) loop, so a frozen UI stops the pings and systemd restarts the mirror,
    and says STOPPING=1 as it exits; SIGTERM (`systemctl stop`) closes it cleanly.
    `wear`: SKUs put on once it has warmed up (a developer's or a soak's run). `measure`
    (seconds): after that, the window timed from capture to screen, printed, then closed
    (kiosk/ui/live_measure.py). `models`: already started by the caller
    (`kiosk.services.start_live_models`, before Qt's imports); else started here."""
    if models is None:
        watchdog.status("loading models")
        models = start_live_models(settings)
    prepare_qt_environment()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    app.setApplicationName("tryon-kiosk")
    watchdog.status("opening the window")
    kiosk = KioskApp(settings, models=models)
    CLOCK.mark("screen loaded")
    # Everything built so far (models, the QML scene, the catalog) lives as long as the
    # mirror: moved out of the garbage collector's reach, so its full passes (which hold
    # the GIL, stalling the vision worker) no longer walk hundreds of thousands of objects
    # each time (py-spy: half the UI thread's samples; kiosk run --measure, kiosk profile,
    # interleaved: 5.5/12.3 fps without it, 13.6/13.7 with it).
    gc.collect()
    gc.freeze()
    CLOCK.mark("memory settled")

    def shown() -> None:
        kiosk.window.frameSwapped.disconnect(shown)
        CLOCK.mark("first frame on screen")
        watchdog.ready()
        watchdog.status("mirror on screen")
        # The one line a developer or IT sees on a healthy start: it is up, and where to look.
        logs = settings.logging.resolved_dir() / "kiosk.jsonl"
        print(f"kiosk: mirror on screen; log: {logs}", file=sys.stderr, flush=True)

    kiosk.window.frameSwapped.connect(shown)

    def tracked() -> None:  # the mirror is of use: a face is followed (benchmarks/restart.py)
        if kiosk.controller.faceFound:
            kiosk.controller.presenceChanged.disconnect(tracked)
            CLOCK.mark("first face tracked")
            CLOCK.log("started:")
            watchdog.status("tracking a face")

    kiosk.controller.presenceChanged.connect(tracked)
    kiosk.staff.exitRequested.connect(app.exit)  # restart, or closed by staff (StaffExit)
    fleet = _poll_fleet(settings, kiosk, reload)
    restarter = QTimer()
    if fleet is not None and settings.kiosk.mode == "kiosk":
        # New fleet settings apply at the next start: a store's mirror quits (its service
        # starts it again in seconds) once nobody is in front of it.
        restarter.timeout.connect(apply_when_idle(fleet.kept, kiosk.lifecycle, app.quit))
        restarter.start(5000)
    pinger = QTimer()
    watchdog.attach(pinger)  # started at half $WATCHDOG_USEC; untouched with no watchdog
    # Python runs this handler between two bytecodes of the main thread: the loop calls
    # Python many times a second (frames, bindings, the pinger), so it is prompt.
    previous = signal.signal(signal.SIGTERM, lambda *_: app.quit())
    if measure is not None:
        measure_live(kiosk, app.quit, measure, wear)
    elif wear:
        wear_after(kiosk, wear, WARM_UP_S, lambda _missing: None)
    kiosk.start()
    CLOCK.mark("camera and services started")
    try:
        return int(app.exec())
    finally:
        watchdog.stopping()
        pinger.stop()
        restarter.stop()
        if fleet is not None:
            fleet.stop()
        signal.signal(signal.SIGTERM, previous)
        kiosk.close()
