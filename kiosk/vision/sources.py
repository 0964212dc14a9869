"""Frame sources: a camera, a video file or a still image, all read the same way.

The capture thread only needs open/read/close, so the kiosk can run on a real
camera in the shop and on a recorded clip or a photo in demos and tests.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol, runtime_checkable

import cv2
import numpy as np

from kiosk.errors import CaptureError

__all__ = [
    "IMAGE_EXTENSIONS",
    "CameraSource",
    "FrameSource",
    "ImageSource",
    "VideoFileSource",
    "Waiter",
    "open_source",
]

IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".bmp", ".webp"})
SOURCE_FIX = "pass --source with an existing video or image file, or camera:N"
DEFAULT_FPS = 30.0
_DEV_VIDEO = re.compile(r"^/dev/video\d+$")


@runtime_checkable
class FrameSource(Protocol):
    """What the capture thread needs from anything that yields images.

    Sources that can finish (a video played once) also expose ``ended``; the
    capture thread reads it with ``getattr`` so a plain source need not.
    """

    description: str
    is_live: bool

    @property
    def fps(self) -> float: ...

    def open(self) -> None:
        """Acquire the device or file; raise CaptureError when that fails."""

    def read(self) -> np.ndarray | None:
        """Return the next image, or None when no frame is available."""

    def close(self) -> None:
        """Release the device or file; safe to call twice."""


class Waiter(Protocol):
    """Anything with ``Event.wait`` semantics: returns True when told to stop."""

    def wait(self, timeout: float | None = None) -> bool: ...


class _Pacer:
    """Spaces reads 1/fps apart by waiting on a stop event, so stop() cuts a wait short."""

    def __init__(self, clock: Callable[[], float], waiter: Waiter | None) -> None:
        self.clock = clock
        self.waiter: Waiter = waiter if waiter is not None else threading.Event()
        self._start: float | None = None
        self._count = 0

    def reset(self) -> None:
        self._start = None
        self._count = 0

    def pace(self, fps: float) -> None:
        """Wait until the next frame is due; re-anchor after a long stall instead of bursting."""
        now = self.clock()
        if self._start is None:
            self._start, self._count = now, 0
        due = self._start + self._count / fps
        if now - due > 1.0:
            self._start, self._count, due = now, 0, now
        if due > now:
            self.waiter.wait(due - now)
        self._count += 1


def _valid_fps(value: float, fallback: float) -> float:
    return value if math.isfinite(value) and 0.0 < value <= 1000.0 else fallback


class CameraSource:
    """A webcam or capture device through cv2.VideoCapture.

    ``device`` is an index (0) or a path (/dev/video2); any path OpenCV can open
    works too, which lets tests stand in a video file for a camera.
    """

    is_live = True

    def __init__(
        self,
        device: int | str,
        width: int | None = None,
        height: int | None = None,
        fps: float | None = None,
    ) -> None:
        if isinstance(device, str) and device.strip().isdigit():
            device = int(device)
        self.device = device
        self.width = width
        self.height = height
        self.requested_fps = fps
        self.description = f"camera:{device}"
        self._cap: cv2.VideoCapture | None = None

    @property
    def fps(self) -> float:
        if self._cap is not None:
            reported = float(self._cap.get(cv2.CAP_PROP_FPS))
            return _valid_fps(reported, self.requested_fps or DEFAULT_FPS)
        return self.requested_fps or DEFAULT_FPS

    def open(self) -> None:
        self.close()
        cap = cv2.VideoCapture(self.device)
        if not cap.isOpened():
            cap.release()
            raise CaptureError(
                f"cannot open camera {self.description}",
                "check the camera is plugged in and not used by another app, "
                "or pass --source camera:N with another index",
            )
        # Requests only: drivers pick the nearest mode they support.
        if self.width:
            cap.set(cv2.CAP_PROP_FRAME_WIDTH, float(self.width))
        if self.height:
            cap.set(cv2.CAP_PROP_FRAME_HEIGHT, float(self.height))
        if self.requested_fps:
            cap.set(cv2.CAP_PROP_FPS, float(self.requested_fps))
        self._cap = cap

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            raise CaptureError(f"camera {self.description} is not open")
        ok, image = self._cap.read()
        return image if ok else None

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class VideoFileSource:
    """A recorded clip, optionally paced at its own frame rate and looped.

    The file is probed on construction so a bad --source fails at start-up with
    a clear message rather than as an endless reconnect.
    """

    is_live = False

    def __init__(
        self,
        path: str | Path,
        realtime: bool = True,
        loop: bool = False,
        *,
        clock: Callable[[], float] = time.monotonic,
        stop_event: Waiter | None = None,
    ) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self.loop = loop
        self.description = str(self.path)
        self._pacer = _Pacer(clock, stop_event)
        self._cap: cv2.VideoCapture | None = None
        self._fps = DEFAULT_FPS
        self._read_since_open = 0
        self._ended = False
        self._probe()

    def _probe(self) -> None:
        if not self.path.is_file():
            raise CaptureError(f"video file not found: {self.path}", SOURCE_FIX)
        cap = cv2.VideoCapture(str(self.path))
        try:
            ok = cap.isOpened() and cap.read()[0]
            self._fps = _valid_fps(float(cap.get(cv2.CAP_PROP_FPS)), DEFAULT_FPS)
        finally:
            cap.release()
        if not ok:
            raise CaptureError(
                f"cannot read video {self.path}",
                "use a video OpenCV/FFmpeg can decode (for example H.264 .mp4)",
            )

    def bind_stop(self, event: Waiter) -> None:
        """Wait on the capture thread's stop event so stop() interrupts pacing."""
        self._pacer.waiter = event

    @property
    def fps(self) -> float:
        return self._fps

    @property
    def ended(self) -> bool:
        """True once a non-looping video has played to its end."""
        return self._ended

    def open(self) -> None:
        self.close()
        cap = cv2.VideoCapture(str(self.path))
        if not cap.isOpened():
            cap.release()
            raise CaptureError(f"cannot open video {self.path}", SOURCE_FIX)
        self._fps = _valid_fps(float(cap.get(cv2.CAP_PROP_FPS)), self._fps)
        self._cap = cap
        self._read_since_open = 0
        self._ended = False
        self._pacer.reset()

    def _rewind(self) -> np.ndarray | None:
        assert self._cap is not None
        if self._cap.set(cv2.CAP_PROP_POS_FRAMES, 0):
            ok, image = self._cap.read()
            if ok:
                return image
        # Some containers do not seek; reopening always starts at frame 0.
        self._cap.release()
        self._cap = cv2.VideoCapture(str(self.path))
        ok, image = self._cap.read()
        return image if ok else None

    def read(self) -> np.ndarray | None:
        if self._cap is None:
            raise CaptureError(f"video {self.path} is not open")
        if self._ended:
            return None
        ok, decoded = self._cap.read()
        image: np.ndarray | None = decoded if ok else None
        if image is None:
            if self.loop and self._read_since_open > 0:
                image = self._rewind()
            if image is None:
                self._ended = not self.loop
                return None
        self._read_since_open += 1
        if self.realtime:
            self._pacer.pace(self._fps)
        return image

    def close(self) -> None:
        if self._cap is not None:
            self._cap.release()
            self._cap = None


class ImageSource:
    """A still photo served as an endless stream, for demos without a camera."""

    is_live = False
    ended = False

    def __init__(
        self,
        path: str | Path,
        fps: float = DEFAULT_FPS,
        realtime: bool = True,
        *,
        clock: Callable[[], float] = time.monotonic,
        stop_event: Waiter | None = None,
    ) -> None:
        if not fps > 0:
            raise ValueError(f"fps must be positive, got {fps}")
        self.path = Path(path)
        self.realtime = realtime
        self.description = str(self.path)
        self._fps = float(fps)
        self._pacer = _Pacer(clock, stop_event)
        self._image: np.ndarray | None = None
        self._load()  # fail now on a missing or unreadable file

    def _load(self) -> np.ndarray:
        if not self.path.is_file():
            raise CaptureError(f"image file not found: {self.path}", SOURCE_FIX)
        image = cv2.imread(str(self.path), cv2.IMREAD_COLOR)
        if image is None or image.size == 0:
            raise CaptureError(
                f"cannot read image {self.path}",
                "use a valid JPEG, PNG, BMP or WebP image",
            )
        return image

    def bind_stop(self, event: Waiter) -> None:
        """Wait on the capture thread's stop event so stop() interrupts pacing."""
        self._pacer.waiter = event

    @property
    def fps(self) -> float:
        return self._fps

    def open(self) -> None:
        # Re-read from disk so a reopen notices a replaced or deleted file.
        self._image = self._load()
        self._pacer.reset()

    def read(self) -> np.ndarray | None:
        if self._image is None:
            raise CaptureError(f"image {self.path} is not open")
        if self.realtime:
            self._pacer.pace(self._fps)
        return self._image.copy()  # consumers may draw on their frame

    def close(self) -> None:
        self._image = None


def open_source(
    spec: str,
    *,
    width: int | None = None,
    height: int | None = None,
    fps: float | None = None,
    realtime: bool = True,
    loop: bool = False,
) -> FrameSource:
    """Turn a --source value into a source: camera:N, camera:/dev/videoN, /dev/videoN or a file.

    Files are checked now (missing or unreadable -> CaptureError); cameras are
    not, because a camera that is absent at start-up may still be plugged in.
    """
    spec = spec.strip()
    if spec.startswith("camera:"):
        device = spec.removeprefix("camera:").strip()
        if not device:
            raise CaptureError(f"no camera given in --source {spec!r}", SOURCE_FIX)
        return CameraSource(device, width, height, fps)
    if _DEV_VIDEO.match(spec):
        return CameraSource(spec, width, height, fps)
    path = Path(spec).expanduser()
    if not path.exists():
        raise CaptureError(f"source file not found: {path}", SOURCE_FIX)
    if not path.is_file():
        raise CaptureError(f"source is not a file: {path}", SOURCE_FIX)
    if path.suffix.lower() in IMAGE_EXTENSIONS:
        return ImageSource(path, fps or DEFAULT_FPS, realtime)
    return VideoFileSource(path, realtime, loop)
