"""The mirror's bridge: the live frame, the worn shade and how it is worn.

QML reads typed, notifying properties (the frame arrives as an image source its
FrameItem binds to) and calls a few slots; all decisions (what the status line says,
when a session starts) come from plain modules (`kiosk.session`, `kiosk.pipeline`) so
tests can drive them without a window. The product card is not here: it binds
`kiosk.ui.card.CardModel`.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Mapping

from PySide6.QtCore import Property, QObject, QTimer, Signal, Slot
from PySide6.QtQml import QmlElement, QmlUncreatable

from kiosk.catalog.catalog import Catalog
from kiosk.catalog.garments import GarmentProduct
from kiosk.catalog.hub_prices import HubPrice
from kiosk.catalog.shades import ShadeProduct
from kiosk.pipeline import FrameOutput, Look
from kiosk.render.cosmetics import FaceMakeup
from kiosk.session.lifecycle import Lifecycle
from kiosk.session.presence import Presence
from kiosk.session.status import StatusBoard
from kiosk.session.wording import Wording
from kiosk.ui.compositor import LipstickCompositor
from kiosk.ui.frame_timeline import FrameTimeline
from kiosk.ui.garment_shelf import GarmentShelf
from kiosk.ui.image_source import ImageSource
from kiosk.ui.layout_bridge import MirrorLayout
from kiosk.ui.makeup_shelf import MakeupShelf
from kiosk.ui.shade_model import ShadeListModel
from kiosk.ui.worker import Processed, VisionWorker
from kiosk.vision.gestures import GestureReading

log = logging.getLogger(__name__)
COMPARE_MAX = 4
QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "The kiosk creates its controller; QML receives it as a property."


@QmlElement
@QmlUncreatable(UNCREATABLE)
class KioskController(QObject):  # type: ignore[operator]
    statusChanged = Signal()
    statsChanged = Signal()
    shadeChanged = Signal()  # the worn shade (or its name or price) changed
    overlayChanged = Signal()
    intensityChanged = Signal()
    presenceChanged = Signal()
    compareChanged = Signal()
    codesRead = Signal(object)  # tuple[CodeRead, ...]: codes held up to the mirror
    # One reading of the cheeks tried: kiosk.vision.skin_tone.SkinTone, or None (none seen)
    skinRead = Signal(object)
    gestured = Signal(str)  # a touchless gesture: "swipe_right" (next), "swipe_left", "select"
    gestureChanged = Signal()  # the feedback while a gesture is read

    def __init__(
        self,
        catalog: Catalog,
        worker: VisionWorker,
        lifecycle: Lifecycle,
        status: StatusBoard,
        *,
        intensity: float,
        feather: float,
        developer_mode: bool,
        overlay: bool,
        adapt_light: bool = True,
        compositor: LipstickCompositor | None = None,
        shelf: GarmentShelf | None = None,
        clock: Callable[[], float] = time.monotonic,
        layout: MirrorLayout | None = None,
        makeup: MakeupShelf | None = None,
    ) -> None:
        super().__init__()
        self._catalog = catalog
        self._model = ShadeListModel(catalog.shades, self)
        self._frame = ImageSource(self)  # the newest composited camera frame
        self._worker = worker
        self._lifecycle = lifecycle
        self._status = status
        self._intensity = intensity
        self._default_intensity = intensity
        self._feather = feather
        self._developer = developer_mode
        self._overlay = overlay and developer_mode
        self._clock = clock
        self._adapt_light = adapt_light
        self._shelf = shelf
        if shelf is not None:
            shelf.changed.connect(self._push_look)
        self._makeup = makeup  # eyes, cheeks, brows and looks
        if makeup is not None:
            makeup.changed.connect(self._push_look)
        self._last: Processed | None = None
        self._compare_mode = False
        self._compared: list[str] = []  # SKUs (shades, cosmetics, looks), as they were added
        self._compositor = compositor
        self._layout = layout  # places each frame so the UI keeps off the face
        self._selected = -1  # nothing painted until the shopper chooses
        self._shown: deque[float] = deque(maxlen=60)
        self._stats = ""
        # Set while the live window is measured (`kiosk run --measure`): frames to the screen.
        self.timeline: FrameTimeline | None = None
        self._fps = 0.0
        self._frames_shown = 0
        self._face_found = False
        self._cue = GestureReading()  # what the screen shows of a hand being read
        worker.ready.connect(self._on_ready)
        worker.failed.connect(self._on_failed)
        worker.set_draw_landmarks(self._overlay)
        self._push_look()
        lifecycle.on_change(self._on_lifecycle)
        # Time passes with no frames too (a dead camera): the session must still end.
        self._ticker = QTimer(self)
        self._ticker.setInterval(250)
        self._ticker.timeout.connect(lambda: self._lifecycle.tick(self._clock()))
        self._ticker.start()

    def set_words(self, words: Wording) -> None:
        """The screen's language changed: the status line and the compare cells' product
        names follow it."""
        if self._status.set_words(words):
            self.statusChanged.emit()
        if self._compared:
            self.compareChanged.emit()

    # ---- properties ----------------------------------------------------------
    @Property(QObject, constant=True)
    def shades(self) -> ShadeListModel:
        return self._model

    @Property(QObject, constant=True)
    def mirrorFrame(self) -> ImageSource:
        """The mirror's image: the newest frame, for the FrameItem that fills the screen."""
        return self._frame

    @Property(str, notify=statusChanged)
    def statusText(self) -> str:
        return self._status.text

    @Property(str, notify=statusChanged)
    def statusHint(self) -> str:
        return self._status.hint

    @Property(str, notify=statusChanged)
    def statusKind(self) -> str:
        return self._status.kind

    @Property(bool, constant=True)
    def developerMode(self) -> bool:
        return self._developer

    @Property(float, notify=intensityChanged)
    def intensity(self) -> float:
        return self._intensity

    @Property(bool, notify=overlayChanged)
    def overlayVisible(self) -> bool:
        return self._overlay

    @Property(str, notify=statsChanged)
    def statsText(self) -> str:
        return self._stats

    @Property(float, notify=statsChanged)
    def fps(self) -> float:
        return self._fps

    @Property(int, notify=statsChanged)
    def framesShown(self) -> int:
        return self._frames_shown

    # ---- touchless feedback ---------------------------------------------------------------
    @Property(bool, notify=gestureChanged)
    def handUp(self) -> bool:
        """A raised hand is being read as a gesture."""
        return self._cue.hand_up

    @Property(float, notify=gestureChanged)
    def handX(self) -> float:
        """The hand's palm centre across the frame as shown, 0..1."""
        return self._cue.hand_x

    @Property(float, notify=gestureChanged)
    def handY(self) -> float:
        return self._cue.hand_y

    @Property(float, notify=gestureChanged)
    def holdProgress(self) -> float:
        """An open palm held: 0..1 of the way to "select"."""
        return self._cue.hold

    @Property(float, notify=gestureChanged)
    def swipeProgress(self) -> float:
        """A stroke under way: -1..1 toward previous / next."""
        return self._cue.swipe

    @Property(bool, notify=presenceChanged)
    def faceFound(self) -> bool:
        return self._face_found

    @Property(str, notify=presenceChanged)
    def presence(self) -> str:
        return self._lifecycle.presence.value

    @Property(str, notify=presenceChanged)
    def stage(self) -> str:
        """attract / engaged / trying / leaving (kiosk.session.lifecycle.Stage)."""
        return self._lifecycle.stage.value

    @Property(bool, notify=presenceChanged)
    def dimmed(self) -> bool:
        """Nobody for a while on the attract screen: the screen rests, darker."""
        return self._lifecycle.dimmed

    @Property(int, notify=shadeChanged)
    def selectedIndex(self) -> int:
        return self._selected

    def selected_shade(self) -> ShadeProduct | None:
        """The shade being worn (as the hub names and prices it, once known)."""
        return self._catalog.shades[self._selected] if self._selected >= 0 else None

    # ---- compare ---------------------------------------------------------------
    @Property(bool, notify=compareChanged)
    def compareMode(self) -> bool:
        return self._compare_mode

    @Property("QStringList", notify=compareChanged)  # type: ignore[arg-type]
    def compareSkus(self) -> list[str]:
        return list(self._compared)

    @Property("QStringList", notify=compareChanged)  # type: ignore[arg-type]
    def compareNames(self) -> list[str]:
        """Each compare cell's product, named in the screen's language."""
        words = self._status.words
        return [words.product_name(self._name_of(sku)) for sku in self._compared]

    def _name_of(self, sku: str) -> str:
        found = self._catalog.find(sku)
        if found is not None:
            return found[0].name
        look = next((lk for lk in self._catalog.looks if lk.look_id == sku), None)
        return look.name if look is not None else sku

    def _comparable(self, sku: str) -> bool:
        """A shade, an eye, cheek or brow product, or a look: what a compare cell can show."""
        if any(lk.look_id == sku for lk in self._catalog.looks):
            return True
        found = self._catalog.find(sku)
        return found is not None and not isinstance(found[0], GarmentProduct)

    @Slot()
    def toggleCompare(self) -> None:
        """Compare mode shows up to four shades side by side; it starts with the
        shade being worn, and taps on the shelf add or remove shades."""
        if self._compositor is None or not self._compositor.enabled:
            return  # the grid needs the GPU compositor
        self._compare_mode = not self._compare_mode
        shade = self.selected_shade()
        self._compared = [shade.sku] if self._compare_mode and shade is not None else []
        self._push_compare()

    def compare_shades(self, skus: list[str]) -> bool:
        """Show these shades side by side (a stylist's kept looks), in this order; False
        when there is no grid (the CPU compositor) or no shade of the catalog among them."""
        if self._compositor is None or not self._compositor.enabled:
            return False
        chosen = list(dict.fromkeys(sku for sku in skus if self._comparable(sku)))[:COMPARE_MAX]
        if not chosen:
            return False
        self._compare_mode, self._compared = True, chosen
        self._push_compare()
        return True

    def compare_toggle(self, sku: str) -> bool:
        """In compare mode, a tile tapped joins the grid (or leaves it); False when the grid
        is closed (the tap wears the product) or `sku` cannot be compared."""
        if not self._compare_mode or not self._comparable(sku):
            return False
        if sku in self._compared:
            self._compared.remove(sku)
        else:
            self._compared = [*self._compared, sku][-COMPARE_MAX:]
        self._push_compare()
        return True

    def _push_compare(self) -> None:
        looks = tuple(self._look_for_sku(sku) for sku in self._compared)
        self._worker.set_compare(looks)
        self.compareChanged.emit()

    def apply_prices(self, prices: Mapping[str, HubPrice]) -> None:
        """The hub's in-store names and prices over the shipped catalog's (same SKUs)."""
        catalog = self._catalog.repriced(prices)
        if catalog == self._catalog:
            return
        self._catalog = catalog
        shades = catalog.shades
        self._model.set_items(shades)
        if self._makeup is not None:
            self._makeup.apply_catalog(catalog)
        self.shadeChanged.emit()
        self.compareChanged.emit()

    def presence_state(self) -> str:
        """idle / arriving / active (the same as the `presence` property, typed)."""
        return self._lifecycle.presence.value

    @Slot()
    def touched(self) -> None:
        """The shopper touched the screen or chose something: someone is there."""
        self._lifecycle.touched(self._clock())

    def wipe(self) -> None:
        """The session ended: the next shopper meets a bare mirror (no shade, the
        configured intensity, no compare, no garment; photos are PhotoPanel.wipe's)."""
        self._selected = -1
        self._intensity = self._default_intensity
        self._compare_mode, self._compared = False, []
        if self._shelf is not None:
            self._shelf.wipe()
        if self._makeup is not None:
            self._makeup.clear()
        self._worker.set_compare(())
        self._push_look()
        for signal in (self.shadeChanged, self.intensityChanged, self.compareChanged):
            signal.emit()

    def select_sku(self, sku: str) -> bool:
        """Put on the shade with this SKU (a scanned barcode); False when it is no shade."""
        for row, product in enumerate(self._catalog.shades):
            if product.sku == sku:
                self.selectShade(row)
                return True
        return False

    @Slot(int)
    def selectShade(self, index: int) -> None:
        if not 0 <= index < len(self._catalog.shades):
            return
        if self._compare_mode:
            self.compare_toggle(self._catalog.shades[index].sku)
        if index == self._selected:
            return
        self._selected = index
        self._push_look()
        self.shadeChanged.emit()

    @Slot(float)
    def setIntensity(self, value: float) -> None:
        """How strongly the shade covers the lips, 0..1 (clamped: touch input overshoots)."""
        value = min(max(float(value), 0.0), 1.0)
        if abs(value - self._intensity) < 1e-3:
            return
        self._intensity = value
        self._push_look()
        self.intensityChanged.emit()

    def last_output(self) -> FrameOutput | None:
        """The newest frame on screen with its look (the photo is made from it)."""
        return self._last.output if self._last is not None else None

    @Slot()
    def toggleOverlay(self) -> None:
        if not self._developer:
            return
        self._overlay = not self._overlay
        self._worker.set_draw_landmarks(self._overlay)
        self.overlayChanged.emit()

    # ---- internals -----------------------------------------------------------
    def _push_look(self) -> None:
        self._worker.set_look(self._look_for(self._selected))
        if self._compare_mode:
            self._push_compare()  # intensity applies to the compared looks too

    def _look_for(self, row: int, makeup: FaceMakeup | bool | None = True) -> Look:
        """The look with shade row `row` (-1: bare lips), the garment on, and `makeup` (True:
        what the shopper wears on the eyes, cheeks and brows, at the slider's strength)."""
        shade = self._catalog.shades[row].shade if row >= 0 else None
        garment = self._shelf.current() if self._shelf is not None else None
        if makeup is True:
            makeup = self._makeup.face_makeup(self._scale()) if self._makeup is not None else None
        return Look(
            shade,
            self._intensity,
            self._feather,
            adapt_light=self._adapt_light,
            garment=garment,
            makeup=makeup or None,
        )

    def _scale(self) -> float:
        """The slider's strength for the eyes, cheeks and brows: each product's (or look's)
        own strength at the default, scaled with the slider."""
        return self._intensity / max(self._default_intensity, 1e-3)

    def _look_for_sku(self, sku: str) -> Look:
        """A compare cell: the shopper's look with `sku` in it (a shade, an eye, cheek or
        brow product swapped in, or a whole look)."""
        rows = {p.sku: i for i, p in enumerate(self._catalog.shades)}
        if sku in rows:
            return self._look_for(rows[sku])
        cell = self._makeup.look_with(sku, self._scale()) if self._makeup is not None else None
        if cell is None:
            return self._look_for(self._selected)
        shade_sku, makeup = cell
        row = rows.get(shade_sku, self._selected) if shade_sku is not None else self._selected
        return self._look_for(row, makeup)

    def _on_ready(self) -> None:
        processed = self._worker.take()
        if processed is None:
            return
        now = self._clock()
        self._shown.append(now)
        self._last = processed
        if self.timeline is not None:
            self.timeline.taken(processed.captured_ms, processed.painted_ms)
        if self._layout is not None:  # first: the compositor maps through its placement
            self._layout.observe(processed.output, now)
        if self._compositor is not None:
            self._compositor.present(processed)
        if self._shelf is not None:
            self._shelf.observe(processed.output.shoulders)
        self._frame.set_image(processed.image)
        self._frames_shown += 1
        if processed.codes:
            self.codesRead.emit(processed.codes)
        if processed.output.skin_read:
            self.skinRead.emit(processed.output.skin)
        self._show_gesture(processed)
        out = processed.output
        if len(self._shown) >= 2 and self._shown[-1] > self._shown[0]:
            self._fps = (len(self._shown) - 1) / (self._shown[-1] - self._shown[0])
        if self._overlay:  # the text is only read by the developer overlay
            t = out.times
            self._stats = (
                f"{self._fps:4.1f} fps · frame {out.index}\n"
                f"tracking {t.tracking_ms:5.1f} ms (model {t.inference_ms:4.1f})\n"
                f"render   {t.render_ms:5.1f} ms · total {t.total_ms:5.1f} ms\n"
                f"latency  {processed.latency_ms:5.1f} ms · faces {len(out.faces.faces)}"
            )
        self.statsChanged.emit()
        if out.found != self._face_found:
            self._face_found = out.found
            self.presenceChanged.emit()
        # Someone is there when a face is found, or a body (garments are tried standing back).
        body = out.bodies is not None and out.bodies.found
        self._lifecycle.seen(out.found or body, now)

    def _show_gesture(self, processed: Processed) -> None:
        reading = processed.output.gesture or GestureReading()
        # Plain Python values (the reader computes with NumPy; Qt takes no numpy.bool).
        cue = GestureReading(
            hand_up=bool(reading.hand_up),
            hand_x=round(float(reading.hand_x), 3),
            hand_y=round(float(reading.hand_y), 3),
            hold=round(float(reading.hold), 2),
            swipe=round(float(reading.swipe), 2),
            cooling=bool(reading.cooling),
        )
        if cue != self._cue:
            self._cue = cue
            self.gestureChanged.emit()
        for event in processed.gestures:
            self.gestured.emit(event)

    def _on_lifecycle(self) -> None:
        self.presenceChanged.emit()
        if self._status.set_presence(self._lifecycle.presence):
            self.statusChanged.emit()

    @Slot(str, str)
    def onCaptureState(self, state: str, message: str) -> None:
        """Connected (queued) to the capture thread's state relay."""
        if self._status.set_capture(state, message):
            self.statusChanged.emit()

    def _on_failed(self, message: str) -> None:
        if self._status.set_error(message):
            self.statusChanged.emit()


__all__ = ["KioskController", "Presence"]
