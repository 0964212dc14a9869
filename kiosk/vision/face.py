"""FaceLandmarker wrapper: the only place MediaPipe's face task is touched.

It owns the task's options and running mode, refuses repeated or backward
timestamps (MediaPipe would abort the graph), and returns our own frozen
dataclasses so no MediaPipe type leaves `kiosk.vision`.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal

import numpy as np

from kiosk.vision import mp_lazy
from kiosk.vision.mp_input import TimestampGuard, TrackerInput, as_input, mp_image

# MediaPipe's face landmarks sit to the right of (and, by the same half-pixel
# convention, below) where they belong, by about 0.0016 x face size: measured by
# flip symmetry (a face and its mirror image must give mirrored landmarks) over
# 30 frames of the shared photos and videos, `benchmarks/landmark_bias.py`. It is
# half a pixel of the model's 256-px input crop, taken away in the face's own axes.
LANDMARK_BIAS = 0.0016
RIGHT_EYE_OUTER, LEFT_EYE_OUTER = 33, 263

RunningMode = Literal["image", "video", "live_stream"]
LANDMARK_COUNT = 478


@lru_cache(maxsize=64)
def _index_array(ids: tuple[int, ...]) -> np.ndarray:
    return np.asarray(ids, np.intp)


def pick(points: np.ndarray, ids: tuple[int, ...]) -> np.ndarray:
    """`points[list(ids)]`: the rows of a fixed landmark set, through one index array per
    set (kept) and `take`; indexing with a list converts it on every call, several times
    the cost for a few points, and the make-up reads a dozen sets a frame."""
    return points.take(_index_array(ids), axis=0)


@dataclass(frozen=True)
class Face:
    """One face: 478 landmarks in pixels (x, y) and z on the same scale as x."""

    landmarks: np.ndarray = field(repr=False)

    @cached_property  # asked for many times a frame; the landmarks are not changed in place
    def bbox(self) -> tuple[float, float, float, float]:
        xy = self.landmarks[:, :2]
        x0, y0 = xy.min(axis=0)
        x1, y1 = xy.max(axis=0)
        return float(x0), float(y0), float(x1), float(y1)

    @property
    def size(self) -> float:
        """Mean of the bounding box sides: the face's scale in pixels."""
        x0, y0, x1, y1 = self.bbox
        return ((x1 - x0) + (y1 - y0)) / 2.0

    @property
    def center(self) -> tuple[float, float]:
        x0, y0, x1, y1 = self.bbox
        return (x0 + x1) / 2.0, (y0 + y1) / 2.0


@dataclass(frozen=True)
class FaceResult:
    """What the tracker saw in one frame; `faces` is empty when nobody is there."""

    faces: tuple[Face, ...]
    timestamp_ms: int
    inference_ms: float
    image_size: tuple[int, int]  # (width, height)

    @property
    def found(self) -> bool:
        return bool(self.faces)


class FaceTracker:
    """MediaPipe FaceLandmarker in IMAGE, VIDEO or LIVE_STREAM mode.

    LIVE_STREAM runs the graph asynchronously; `detect` then waits briefly for
    the result of the frame it sent and otherwise returns the newest result, so
    callers use one method whatever the mode.
    """

    def __init__(
        self,
        model_path: Path,
        *,
        mode: RunningMode = "video",
        max_faces: int = 1,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
        live_wait_s: float = 0.2,
    ) -> None:
        mp_lazy.prepare()
        from mediapipe.tasks.python import BaseOptions, vision

        modes = {
            "image": vision.RunningMode.IMAGE,
            "video": vision.RunningMode.VIDEO,
            "live_stream": vision.RunningMode.LIVE_STREAM,
        }
        if mode not in modes:
            raise ValueError(f"running mode must be one of {sorted(modes)}, not {mode!r}")
        self.mode: RunningMode = mode
        self._timestamps = TimestampGuard()
        self._live_wait_s = live_wait_s
        self._live_cond = threading.Condition()
        self._live_result: FaceResult | None = None
        self._live_sent: dict[int, float] = {}
        options = vision.FaceLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=modes[mode],
            num_faces=max_faces,
            min_face_detection_confidence=min_detection_confidence,
            min_face_presence_confidence=min_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
            result_callback=self._on_live_result if mode == "live_stream" else None,
        )
        self._landmarker: Any = vision.FaceLandmarker.create_from_options(options)

    def detect(self, image: np.ndarray | TrackerInput, timestamp_ms: int = 0) -> FaceResult:
        """Landmarks for one BGR frame, or for one already prepared by
        `mp_input.prepare_input` (shared with the pose tracker, converted once).
        Timestamps must strictly increase (video modes)."""
        if self._landmarker is None:
            raise RuntimeError("FaceTracker is closed")
        if self.mode != "image":
            self._timestamps.check(timestamp_ms)
        frame = as_input(image)
        size = (frame.width, frame.height)
        start = time.perf_counter()
        if self.mode == "image":
            raw = self._landmarker.detect(mp_image(frame))
        elif self.mode == "video":
            raw = self._landmarker.detect_for_video(mp_image(frame), timestamp_ms)
        else:
            return self._detect_live(frame, timestamp_ms, start)
        elapsed = (time.perf_counter() - start) * 1000.0
        return _to_result(raw, timestamp_ms, elapsed, size)

    def _detect_live(self, frame: TrackerInput, timestamp_ms: int, start: float) -> FaceResult:
        w, h = frame.width, frame.height
        with self._live_cond:
            self._live_sent[timestamp_ms] = start
            self._live_size = (w, h)
        self._landmarker.detect_async(mp_image(frame), timestamp_ms)
        deadline = time.monotonic() + self._live_wait_s
        with self._live_cond:
            while True:
                res = self._live_result
                if res is not None and res.timestamp_ms >= timestamp_ms:
                    return res
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return res or FaceResult((), timestamp_ms, 0.0, (w, h))
                self._live_cond.wait(remaining)

    def _on_live_result(self, raw: Any, _image: Any, timestamp_ms: int) -> None:
        with self._live_cond:
            start = self._live_sent.pop(timestamp_ms, None)
            for stale in [t for t in self._live_sent if t < timestamp_ms]:
                del self._live_sent[stale]
            elapsed = (time.perf_counter() - start) * 1000.0 if start else 0.0
            self._live_result = _to_result(raw, timestamp_ms, elapsed, self._live_size)
            self._live_cond.notify_all()

    def close(self) -> None:
        """Close the MediaPipe graph now (left to the GC at exit it prints tracebacks)."""
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> FaceTracker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _to_result(raw: Any, timestamp_ms: int, ms: float, size: tuple[int, int]) -> FaceResult:
    w, h = size
    faces = []
    for marks in raw.face_landmarks or []:
        arr = np.array([(p.x * w, p.y * h, p.z * w) for p in marks], dtype=np.float32)
        faces.append(Face(unbias(arr)))
    return FaceResult(tuple(faces), timestamp_ms, ms, size)


def unbias(landmarks: np.ndarray, bias: float = LANDMARK_BIAS) -> np.ndarray:
    """Take MediaPipe's half-pixel offset out, along the face's own x and y axes."""
    xy = landmarks[:, :2]
    across = xy[LEFT_EYE_OUTER] - xy[RIGHT_EYE_OUTER]
    across = across / max(float(np.linalg.norm(across)), 1e-6)
    down = np.array([-across[1], across[0]], np.float32)
    size = ((xy[:, 0].max() - xy[:, 0].min()) + (xy[:, 1].max() - xy[:, 1].min())) / 2.0
    out = landmarks.copy()
    out[:, :2] -= (across + down) * np.float32(bias * size)
    return out
