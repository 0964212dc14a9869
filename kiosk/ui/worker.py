"""The vision worker thread: newest frame in, composited frame out.

It takes only the newest captured frame, runs the pipeline, and hands the
result to the UI thread through a queued signal. When the UI has not yet taken
the previous result, the newer one replaces it, so nothing ever queues up.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QThread, Signal
from PySide6.QtGui import QImage

from kiosk.pipeline import FrameOutput, Look, TryOnPipeline
from kiosk.vision.capture import CaptureThread

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Processed:
    output: FrameOutput
    image: QImage  # owns its pixels, safe to hand across threads
    latency_ms: float  # capture to composited


def to_qimage(bgr: np.ndarray) -> QImage:
    """A QImage that owns a copy of the pixels (the numpy buffer may be reused)."""
    arr = np.ascontiguousarray(bgr)
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, arr.strides[0], QImage.Format.Format_BGR888).copy()


class VisionWorker(QThread):
    ready = Signal()
    failed = Signal(str)

    def __init__(self, frames: CaptureThread, pipeline: TryOnPipeline, look: Look) -> None:
        super().__init__()
        self._frames = frames
        self._pipeline = pipeline
        self._lock = threading.Lock()
        self._look = look
        self._draw_landmarks = False
        self._latest: Processed | None = None
        self._pending = False
        self._stop = threading.Event()

    def set_look(self, look: Look) -> None:
        with self._lock:
            self._look = look

    def set_draw_landmarks(self, on: bool) -> None:
        with self._lock:
            self._draw_landmarks = on

    def take(self) -> Processed | None:
        """Called on the UI thread when `ready` arrives: the newest result."""
        with self._lock:
            latest, self._latest, self._pending = self._latest, None, False
            return latest

    def stop(self) -> None:
        self._stop.set()
        self.wait(5000)

    def run(self) -> None:
        last_index = -1
        last_ts = -1
        while not self._stop.is_set():
            frame = self._frames.get_newer(last_index, timeout=0.1)
            if frame is None:
                continue
            last_index = frame.index
            ts = max(frame.timestamp_ms, last_ts + 1)
            last_ts = ts
            with self._lock:
                look, draw = self._look, self._draw_landmarks
            try:
                # Each captured frame is a fresh array no one else reads: paint on it.
                output = self._pipeline.process(
                    frame.image, frame.index, ts, look, draw, in_place=True
                )
            except Exception as exc:  # the mirror must keep running
                log.exception("frame %d failed in the pipeline", frame.index)
                self.failed.emit(f"{type(exc).__name__}: {exc}")
                continue
            latency = time.monotonic() * 1000.0 - frame.timestamp_ms
            processed = Processed(output, to_qimage(output.image), latency)
            with self._lock:
                self._latest = processed
                notify = not self._pending
                self._pending = True
            if notify:
                self.ready.emit()
