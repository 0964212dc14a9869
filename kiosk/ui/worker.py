"""The vision worker thread: newest frame in, composited frame out.

It takes only the newest captured frame, runs the pipeline, and hands the
result to the UI thread through a queued signal. When the UI has not yet taken
the previous result, the newer one replaces it, so nothing ever queues up.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from kiosk.pipeline import FrameOutput, Look, TryOnPipeline
from kiosk.render.garment import stop_warp_thread
from kiosk.render.gpu import Uniforms, layer_uniforms, mask_weights
from kiosk.render.lipstick import LipLayer
from kiosk.render.makeup import MakeupLayer
from kiosk.render.makeup_gpu import glasses_canvas, makeup_masks, makeup_uniforms
from kiosk.ui.images import image_buffer, to_qimage
from kiosk.vision.capture import CaptureThread, Frame
from kiosk.vision.codes import CodeRead, CodeScanner

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LipMask:
    """One face's lip weights for the lipstick shader: an RGBA image over the lip box
    (`roi`, frame pixels), drawn there by a LayerItem (a null image: no lips on). Only the
    box crosses to the GPU: a frame-sized mask cost the worker about 4 ms a frame to
    fill and copy, for a box of a few thousand pixels."""

    image: QImage
    roi: tuple[int, int, int, int] = (0, 0, 0, 0)


NO_LIPS = LipMask(QImage())


@dataclass(frozen=True)
class Processed:
    output: FrameOutput
    image: QImage  # owns its pixels, safe to hand across threads
    latency_ms: float  # capture to composited
    mask: LipMask | None = None  # GPU compositing: per-pixel lip weights over the lip box
    uniforms: Uniforms = field(default_factory=dict)  # and the shader's uniforms
    # Compare mode: one mask and one uniform set per compared look.
    compare_masks: tuple[LipMask, ...] = ()
    compare_uniforms: tuple[Uniforms, ...] = ()
    # The garment for the scene graph to blend (BGRA over its box; null: none worn).
    garment: QImage = field(default_factory=QImage)
    codes: tuple[CodeRead, ...] = ()  # member or product codes held up to the mirror
    # Touchless gestures fired since the UI last took a result ("swipe_left", "swipe_right",
    # "select"), oldest first; what to show while one is read: `output.gesture`.
    gestures: tuple[str, ...] = ()
    # Eyes, cheeks and brows for the GPU: the worn look's, then one per compared look.
    makeup: MakeupMasks | None = None
    compare_makeup: tuple[MakeupMasks | None, ...] = ()
    # When the frame was captured and when the worker was done with it (monotonic ms):
    # the live window's timeline (kiosk/ui/frame_timeline.py) follows it to the screen.
    captured_ms: float = 0.0
    painted_ms: float = 0.0


@dataclass(frozen=True)
class MakeupMasks:
    """One face's eye, cheek and brow weights for the makeup shader: two RGBA images over
    the eyes' and brows' box (`roi`, frame pixels), a grey one over the cheeks'
    (`cheeks_roi`; null images: nothing there) and the shader's uniforms."""

    first: QImage  # lid, crease, outer corner, (none)
    second: QImage  # lashes, liner, brow, spare
    roi: tuple[int, int, int, int]
    uniforms: Uniforms
    cheeks: QImage  # the blush
    cheeks_roi: tuple[int, int, int, int]
    # what the glasses' frames leave, on the face-space canvas (null: no glasses)
    glasses: QImage = field(default_factory=QImage)
    # ... or, in place of `first` and `second`, the kept units' images, each over the box
    # it was built on with its motion to this frame (2x3, frame pixels), for the GPU to
    # move and lay together (`makeup_gpu.makeup_masks(parts=True)`): per texture, in order
    parts_a: tuple[tuple[QImage, tuple[int, int, int, int], np.ndarray], ...] = ()
    parts_b: tuple[tuple[QImage, tuple[int, int, int, int], np.ndarray], ...] = ()


def lip_mask_for_gpu(layer: LipLayer | None) -> LipMask:
    """The lipstick shader's weights over the lip box (NO_LIPS: bare mirror, no face)."""
    if layer is None:
        return NO_LIPS
    x0, y0, x1, y1 = (int(v) for v in layer.roi)
    height, width = layer.cover.shape[:2]
    image, pixels = image_buffer(height, width, "weights")
    mask_weights(layer, pixels)  # (straight into the image's own buffer: no copy)
    return LipMask(image, (x0, y0, x1, y1))


class GlassesImages:
    """The glasses' gate as an image for the shader, made once per gate: the watch finds
    the frames again only every few frames, and keeps the same canvas in between."""

    def __init__(self) -> None:
        self._kept: tuple[np.ndarray, QImage] | None = None  # (the canvas, its image)

    def of(self, layer: MakeupLayer) -> QImage:
        gate = layer.regions.glasses
        if gate is None:
            return QImage()
        if self._kept is None or self._kept[0] is not gate.keep:
            canvas = glasses_canvas(layer)
            assert canvas is not None
            self._kept = (gate.keep, to_qimage(canvas, "gray"))
        return self._kept[1]


class PartImages:
    """The kept units' blocks as images, each made once: a unit's bytes are the same array
    while it is kept, so its image (and the texture the scene graph made of it) is too.
    Those no frame asked for since the last are let go."""

    def __init__(self) -> None:
        self._kept: dict[int, tuple[np.ndarray, QImage]] = {}  # by the block's id

    def of(self, blocks: list[np.ndarray]) -> list[QImage]:
        kept: dict[int, tuple[np.ndarray, QImage]] = {}
        out = []
        for block in blocks:
            have = self._kept.get(id(block)) or kept.get(id(block))
            if have is None or have[0] is not block:
                have = (block, to_qimage(block, "weights"))
            kept[id(block)] = have
            out.append(have[1])
        self._kept = kept
        return out


def makeup_for_gpu(
    layer: MakeupLayer | None, glasses: GlassesImages, parts: PartImages | None = None
) -> MakeupMasks | None:
    """What the makeup shader needs of `layer` (None: nothing on the eyes, cheeks or
    brows); with `parts`, the kept units' own images where the regions have them."""
    if layer is None:
        return None
    images: list[QImage] = []  # the textures, written in their own buffers (no copy)

    def target(height: int, width: int, channels: int) -> np.ndarray:
        image, pixels = image_buffer(height, width, "weights" if channels == 4 else "gray")
        images.append(image)
        return pixels

    t = makeup_masks(layer, target, parts=parts is not None)
    made = iter(images)  # (first, second, cheeks: those there are, in that order)
    none = QImage()
    first = none if t.first is None else next(made)
    second = none if t.second is None else next(made)
    cheeks = none if t.cheeks is None else next(made)
    units: tuple[list[tuple[QImage, tuple[int, int, int, int], np.ndarray]], ...] = ([], [])
    if t.parts and parts is not None:
        shown = parts.of([block for _, _, block, _ in t.parts])
        for (box, texture, _, motion), image in zip(t.parts, shown, strict=True):
            units[texture].append((image, box, motion))
    return MakeupMasks(
        first, second, t.eyes_roi, makeup_uniforms(layer), cheeks, t.cheeks_roi,
        glasses.of(layer), tuple(units[0]), tuple(units[1]),
    )  # fmt: skip


class VisionWorker(QThread):
    ready = Signal()
    failed = Signal(str)

    def __init__(
        self,
        frames: CaptureThread,
        pipeline: TryOnPipeline,
        look: Look,
        gpu: bool = False,
        scanner: CodeScanner | None = None,
        overlap: bool = False,
    ) -> None:
        super().__init__()
        self.overlap = overlap  # the models start on the next frame while one is painted
        self.scanner = scanner  # reads member and product codes, a few frames a second
        self.gpu = gpu  # the first face's lips are left to the GLSL compositor
        # ... and the garment to the scene graph (so before/after can uncover it)
        pipeline.garment_on_gpu = gpu
        self._frames = frames
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self._look = look
        self._compare: tuple[Look, ...] = ()
        self._draw_landmarks = False
        self._latest: Processed | None = None
        self._pending = False
        self._stop = threading.Event()
        self._glasses = GlassesImages()  # the glasses' gate image, kept while it holds
        self._parts = PartImages()  # the kept make-up units' images, each made once
        self.replaced = 0  # results the UI never took (a newer one replaced them)
        self._scan_pool: ThreadPoolExecutor | None = None  # the code scanner's thread
        self._scan_job: Future[list[CodeRead]] | None = None

    def read_skin(self, on: bool) -> None:
        """Whether the pipeline reads the shopper's skin ("suits you") on its frames."""
        self._pipeline.read_skin = on

    def set_look(self, look: Look) -> None:
        with self._lock:
            self._look = look

    def set_compare(self, looks: tuple[Look, ...]) -> None:
        """Looks to show side by side (GPU only), from the same tracking pass."""
        with self._lock:
            self._compare = looks if self.gpu else ()

    def set_draw_landmarks(self, on: bool) -> None:
        with self._lock:
            self._draw_landmarks = on

    def take(self) -> Processed | None:
        """Called on the UI thread when `ready` arrives: the newest result."""
        with self._lock:
            latest, self._latest, self._pending = self._latest, None, False
            return latest

    def _package(
        self, output: FrameOutput, latency: float, codes: tuple[CodeRead, ...] = ()
    ) -> Processed:
        image = to_qimage(output.image)
        if not self.gpu:
            return Processed(output, image, latency, codes=codes)
        layer = output.deferred[0] if output.deferred else None
        placed = output.garment
        garment = QImage()
        if placed is not None and placed.texture is not None:
            garment = to_qimage(placed.texture, "bgra")
        return Processed(
            output,
            image,
            latency,
            lip_mask_for_gpu(layer),
            layer_uniforms(layer),
            tuple(lip_mask_for_gpu(c) for c in output.compared),
            tuple(layer_uniforms(c) for c in output.compared),
            garment,
            codes,
            makeup=makeup_for_gpu(
                output.makeup_deferred[0] if output.makeup_deferred else None,
                self._glasses,
                self._parts,
            ),
            compare_makeup=tuple(makeup_for_gpu(c, self._glasses) for c in output.makeup_compared),
        )

    def _scan_codes(self, image: np.ndarray, timestamp_ms: int) -> tuple[CodeRead, ...]:
        """Codes read since the last frame. The scan (10-45 ms: QR and barcode detectors
        taking turns, a few times a second) runs on a thread of its own, beside the
        pipeline, on a grey copy of the camera's pixels made here, before painting; what it
        read reaches the UI with the next frame done after it."""
        assert self.scanner is not None
        codes: tuple[CodeRead, ...] = ()
        job = self._scan_job
        if job is not None and job.done():
            codes, self._scan_job = tuple(job.result()), None
        if self._scan_job is None and self.scanner.due(timestamp_ms):
            if self._scan_pool is None:
                self._scan_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="codes")
            grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            self._scan_job = self._scan_pool.submit(self.scanner.scan, grey, timestamp_ms)
        return codes

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)
        if self._scan_pool is not None:
            self._scan_pool.shutdown(wait=True)
            self._scan_pool = None

    def run(self) -> None:
        try:
            self._loop()
        finally:
            stop_warp_thread()

    def _loop(self) -> None:
        last_index = -1
        last_ts = -1
        upcoming: Frame | None = None  # taken while the last frame was painted

        def next_frame() -> tuple[np.ndarray, int] | None:
            """The newest frame, taken now: the pose model starts on it while this
            one is painted, and it is the frame processed next."""
            nonlocal upcoming
            upcoming = self._frames.get_newer(last_index, timeout=0)
            if upcoming is None:
                return None
            return upcoming.image, max(upcoming.timestamp_ms, last_ts + 1)

        while not self._stop.is_set():
            frame, upcoming = upcoming, None
            if frame is None:
                frame = self._frames.get_newer(last_index, timeout=0.1)
            if frame is None:
                continue
            last_index = frame.index
            ts = max(frame.timestamp_ms, last_ts + 1)
            last_ts = ts
            with self._lock:
                look, draw, compare = self._look, self._draw_landmarks, self._compare
            codes: tuple[CodeRead, ...] = ()
            try:
                if self.scanner is not None:  # on the camera's own pixels, before painting
                    codes = self._scan_codes(frame.image, ts)
                # Each captured frame is a fresh array no one else reads: paint on it.
                output = self._pipeline.process(
                    frame.image,
                    frame.index,
                    ts,
                    look,
                    draw,
                    in_place=True,
                    defer=int(self.gpu),
                    compare=compare,
                    next_frame=next_frame if self.overlap else None,
                )
            except Exception as exc:  # the mirror must keep running
                log.exception("frame %d failed in the pipeline", frame.index)
                self.failed.emit(f"{type(exc).__name__}: {exc}")
                continue
            latency = time.monotonic() * 1000.0 - frame.timestamp_ms
            processed = self._package(output, latency, codes)
            reading = output.gesture
            if reading is not None and reading.event is not None:
                processed = replace(processed, gestures=(reading.event,))
            processed = replace(
                processed,
                captured_ms=float(frame.timestamp_ms),
                painted_ms=time.monotonic() * 1000.0,
            )
            with self._lock:
                dropped = self._latest  # a result the UI never took: keep its code reads
                self.replaced += dropped is not None
                if dropped is not None and dropped.codes:
                    processed = replace(processed, codes=dropped.codes + processed.codes)
                if dropped is not None and dropped.gestures:  # ... and its gestures
                    processed = replace(processed, gestures=dropped.gestures + processed.gestures)
                self._latest = processed
                notify = not self._pending
                self._pending = True
            if notify:
                self.ready.emit()
