"""Composition root: builds the kiosk's services from settings and starts the UI.

`KioskApp` owns every long-lived part (tracker, capture thread, vision worker,
QML engine) and closes them in order; tests build it the same way `kiosk run`
does, so the window under test is the product's window.
"""

from __future__ import annotations

import logging
import sys
from concurrent.futures import Future
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtQml import QQmlApplicationEngine
from PySide6.QtQuick import QQuickWindow, QSGRendererInterface

from kiosk.catalog.catalog import load_catalog
from kiosk.catalog.hub_prices import hub_prices
from kiosk.client.service import StoreService
from kiosk.client.views import CatalogView
from kiosk.config import Settings
from kiosk.errors import KioskError
from kiosk.pipeline import Look, TryOnPipeline
from kiosk.records.events import EventFactory
from kiosk.records.recorder import Recorder
from kiosk.render.shaders import ShaderError, bake_lipstick
from kiosk.services import (
    LIVE_GARMENT_PIXELS,
    build_refiner,
    build_smoother,
    build_tracker,
    install_models,
    install_pose_model,
)
from kiosk.session.member import MemberSession, load_device_secret
from kiosk.session.presence import PresenceTracker
from kiosk.session.status import StatusBoard
from kiosk.session.visit import Visit
from kiosk.ui import frame_item, shade_model  # noqa: F401  (registers QML types)
from kiosk.ui.compositor import LipstickCompositor
from kiosk.ui.controller import KioskController
from kiosk.ui.frame_item import FrameItem, LayerItem
from kiosk.ui.garment_shelf import GarmentShelf
from kiosk.ui.mailbox import Mailbox
from kiosk.ui.qt_env import prepare_qt_environment
from kiosk.ui.shopper import ShopperPanel
from kiosk.ui.store_panel import StorePanel
from kiosk.ui.worker import VisionWorker
from kiosk.vision.capture import CaptureThread
from kiosk.vision.codes import CodeScanner
from kiosk.vision.pose import PoseTracker
from kiosk.vision.sources import open_source

log = logging.getLogger(__name__)
QML_MAIN = Path(__file__).resolve().parent / "ui" / "qml" / "Main.qml"


class CaptureRelay(QObject):
    """Carries capture-thread state changes to the UI thread as a queued signal."""

    state = Signal(str, str)


def _find_frame_item(window: QQuickWindow, name: str) -> FrameItem:
    """A FrameItem by objectName in the visual tree (Repeater delegates are not
    QObject children of the window, so findChild misses them)."""
    todo = [window.contentItem()]
    while todo:
        item = todo.pop()
        if isinstance(item, FrameItem) and item.objectName() == name:
            return item
        todo.extend(item.childItems())
    raise KioskError(f"the kiosk screen has no {name}", "reinstall the kiosk's QML files")


def choose_compositor(choice: str) -> str:
    """The baked lipstick shader's URL for GPU compositing, or "" for the CPU.

    "auto" takes the GPU when Qt Quick renders through a graphics API and the
    shader compiles, and otherwise the NumPy reference renderer (logged);
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
    try:
        return QUrl.fromLocalFile(str(bake_lipstick())).toString()
    except ShaderError as exc:
        if choice == "gpu":
            raise
        log.warning("lipstick shader unavailable (%s): compositing on the CPU", exc.message)
        return ""


class KioskApp:
    def __init__(
        self, settings: Settings, model_path: Path, pose_model: Path | None = None
    ) -> None:
        prepare_qt_environment()
        if QGuiApplication.instance() is None:
            raise RuntimeError("create the Qt application before KioskApp")
        self.settings = settings
        cap = settings.capture
        catalog = load_catalog(settings.catalog.resolved_path())
        source = open_source(
            cap.source,
            width=cap.width,
            height=cap.height,
            fps=cap.fps,
            realtime=cap.realtime,
            loop=cap.loop,
        )
        self.tracker = build_tracker(settings, model_path)
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
        self.pose = PoseTracker(pose_model, mode="video") if pose_model is not None else None
        self.shelf = GarmentShelf(catalog.garments, enabled=self.pose is not None)
        self.pipeline = pipeline = TryOnPipeline(
            self.tracker,
            build_smoother(settings),
            build_refiner(settings),
            pose=self.pose,
            garment_max_pixels=LIVE_GARMENT_PIXELS,
        )
        developer = settings.kiosk.mode == "developer"
        shader = choose_compositor(settings.lipstick.compositor)
        self.compositor = LipstickCompositor(shader)
        self.worker = VisionWorker(
            self.capture,
            pipeline,
            look=Look(None),
            gpu=bool(shader),
            scanner=CodeScanner.from_settings(settings.records),
        )
        self.controller = KioskController(
            catalog,
            self.worker,
            PresenceTracker(settings.session.greet_after_s, settings.session.end_after_s),
            StatusBoard(developer),
            intensity=settings.lipstick.intensity,
            feather=settings.lipstick.feather,
            developer_mode=developer,
            overlay=settings.kiosk.debug_overlay,
            adapt_light=settings.lipstick.adapt_light,
            compositor=self.compositor,
            photo_dir=settings.kiosk.resolved_photo_dir(),
            shelf=self.shelf,
        )
        self.relay.state.connect(self.controller.onCaptureState)
        self.controller.onCaptureState(self.capture.state, self.capture.message)
        # The store side: the hub (embedded on loopback unless hub.url names one), reached
        # through the same HTTP client either way, on the service's own threads.
        self.store = StoreService.from_settings(settings.hub)
        self.store_panel = StorePanel(self.store)
        self.recorder, self.shopper = self._records(settings)
        self.controller.presenceChanged.connect(self._on_presence)
        self.controller.codesRead.connect(self.shopper.on_codes)
        self.shopper.productScanned.connect(self._show_scanned)
        # The hub's names and prices (live, or its cached catalog when the hub is away)
        # replace the shipped ones once known; until then the shipped catalog shows.
        self.mail = Mailbox()
        self.mail.deliver(self.store.catalog(), self._apply_catalog)
        self.engine = QQmlApplicationEngine()
        self.engine.setInitialProperties(
            {
                "controller": self.controller,
                "compositor": self.compositor,
                "shelf": self.shelf,
                "store": self.store_panel,
                "shopper": self.shopper,
            }
        )
        self.engine.load(QUrl.fromLocalFile(str(QML_MAIN)))
        roots = self.engine.rootObjects()
        if not roots or not isinstance(roots[0], QQuickWindow):
            self._stop_vision()
            raise KioskError(
                f"the kiosk screen {QML_MAIN} failed to load", "see the QML errors above"
            )
        self.window: QQuickWindow = roots[0]
        mirror = self.window.findChild(FrameItem, "mirror")
        assert isinstance(mirror, FrameItem)
        self.mirror = mirror
        self.controller.frameReady.connect(self.mirror.setImage)
        lip_mask = self.window.findChild(FrameItem, "lipMask")
        assert isinstance(lip_mask, FrameItem)
        self.compositor.attach(self.mirror)
        self.compositor.maskReady.connect(lip_mask.setImage)
        self.compare_masks = [_find_frame_item(self.window, f"compareMask{i}") for i in range(4)]
        self.compositor.compareMaskReady.connect(self._show_compare_mask)
        names = ["garmentLayer"] + [f"compareGarment{i}" for i in range(4)]
        self.garment_layers: list[LayerItem] = []
        for name in names:
            item = _find_frame_item(self.window, name)
            assert isinstance(item, LayerItem), name
            self.garment_layers.append(item)
        self.compositor.garmentReady.connect(self._show_garment)
        qr = _find_frame_item(self.window, "handoffQr")
        self.shopper.qrReady.connect(qr.setImage)
        self._closed = False

    def _records(self, settings: Settings) -> tuple[Recorder, ShopperPanel]:
        """Try-on records: the durable outbox, its sender to the hub, and the visit
        that fills it (the member only under consent)."""
        r, hub = settings.records, settings.hub
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
        return recorder, ShopperPanel(visit, self.store, r, settings.kiosk.language)

    def _apply_catalog(self, done: Future[CatalogView]) -> None:
        try:
            view = done.result()
        except Exception as exc:  # no hub and nothing cached: the shipped catalog stays
            log.info("hub catalog not available: %s", exc)
            return
        prices = hub_prices(view.products)
        self.controller.apply_prices(prices)
        self.shelf.apply_prices(prices)

    def _on_presence(self) -> None:
        state = self.controller.presence_state()
        self.shopper.presence(state)
        if state == "idle" and self.worker.scanner is not None:
            self.worker.scanner.request_reset()  # the next shopper's codes are new

    def _show_scanned(self, sku: str, product_id: str) -> None:
        """A product's barcode was held up to the mirror: put that product on."""
        if self.controller.select_sku(sku):
            self.window.setProperty("shelfTab", "lips")
        elif self.shelf.select_sku(product_id):
            self.window.setProperty("shelfTab", "clothes")

    def _show_compare_mask(self, cell: int, mask: QImage) -> None:
        self.compare_masks[cell].setImage(mask)

    def _show_garment(self, image: QImage, roi: QRectF, frame: QSize) -> None:
        for item in self.garment_layers:
            item.setLayer(image, roi, frame)

    def start(self) -> None:
        k = self.settings.kiosk
        self.window.resize(k.window_width, k.window_height)
        if k.mode == "kiosk":
            # Shoppers touch the mirror; a mouse pointer on it only distracts.
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)
        if k.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.show()
        self.capture.start()
        self.worker.start()

    def _stop_vision(self) -> None:
        self.shopper.presence("idle")  # the visit ends; the member is forgotten
        self.recorder.stop()
        self.store_panel.close()
        self.store.close()
        self.worker.stop()
        self.pipeline.close()
        self.capture.stop()
        self.capture.join(5.0)
        self.tracker.close()
        if self.pose is not None:
            self.pose.close()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._stop_vision()
        # Results still queued from the worker must not reach a deleted scene.
        self.worker.ready.disconnect()
        self.compositor.compareMaskReady.disconnect()
        self.compositor.garmentReady.disconnect()
        self.controller.frameReady.disconnect(self.mirror.setImage)
        self.compositor.attach(None)
        self.window.close()
        if self.settings.kiosk.mode == "kiosk":
            QGuiApplication.restoreOverrideCursor()
        # Delete the QML scene now, while the controller its bindings read still
        # exists; a deferred delete would run after Python has dropped it.
        shiboken6.delete(self.engine)


def run(settings: Settings) -> int:
    """`kiosk run`: the event loop until the window closes (never on an error)."""
    model_path = install_models(settings)
    pose_model = install_pose_model(settings)
    prepare_qt_environment()
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    app.setApplicationName("tryon-kiosk")
    kiosk = KioskApp(settings, model_path, pose_model)
    kiosk.start()
    try:
        return int(app.exec())
    finally:
        kiosk.close()
