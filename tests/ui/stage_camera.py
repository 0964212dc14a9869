"""A camera the test points at people: it shows whichever real photo the test puts in
front of it (a shopper, then an empty room, then the next shopper), or nothing at all.

It stands in for the camera hardware only, as a `FrameSource`; everything after it (the
capture thread, the trackers, the window, the hub) is the product's own.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import cv2
import numpy as np

FPS = 15.0
FRAME_SIZE = (720, 960)  # (width, height): a portrait camera, like a mirror's


def fit(image: np.ndarray, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """The photo as the camera frames it: scaled to cover the frame, centre-cropped."""
    w, h = size
    scale = max(w / image.shape[1], h / image.shape[0])
    resized = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    y = (resized.shape[0] - h) // 2
    x = (resized.shape[1] - w) // 2
    return np.ascontiguousarray(resized[y : y + h, x : x + w])


def empty_room(size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """A wall with soft light and sensor noise: what the camera sees when nobody is there."""
    w, h = size
    ramp = np.linspace(150, 110, h, dtype=np.float32)[:, None, None]
    wall = np.broadcast_to(ramp, (h, w, 3)).copy()
    wall += np.random.default_rng(7).normal(0, 3, wall.shape).astype(np.float32)
    return np.clip(wall * np.array([0.95, 1.0, 1.05], np.float32), 0, 255).astype(np.uint8)


class StageCamera:
    description = "stage camera"
    is_live = True

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._frame: np.ndarray | None = empty_room()
        self._last = 0.0

    @property
    def fps(self) -> float:
        return FPS

    def show(self, photo: Path | np.ndarray | None) -> None:
        """Put a photo in front of the camera (a path or an image); None: the empty room."""
        if isinstance(photo, Path):
            image = cv2.imread(str(photo), cv2.IMREAD_COLOR)
            assert image is not None, photo
            frame = fit(image)
        else:
            frame = empty_room() if photo is None else fit(photo)
        with self._lock:
            self._frame = frame

    def unplug(self) -> None:
        """No frames at all from now on (a dead camera)."""
        with self._lock:
            self._frame = None

    def open(self) -> None:
        self._last = time.monotonic()

    def read(self) -> np.ndarray | None:
        wait = self._last + 1.0 / FPS - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last = time.monotonic()
        with self._lock:
            return None if self._frame is None else self._frame.copy()

    def close(self) -> None:
        pass
