"""The shopper's photo: the current look at full camera resolution.

The on-screen mirror may be composited by the GPU at screen resolution; the
photo is rendered by the reference renderer from the same camera frame, the
same lip layers and the same garment, so it shows the look the shopper saw, at
full size. Camera frames are encoded only here, and only when the shopper asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import cv2
import numpy as np

from kiosk.errors import KioskError
from kiosk.render.garment import GarmentPlacement
from kiosk.render.lipstick import LipLayer, composite

JPEG_QUALITY = 90  # a phone screen shows no difference from 95, at two thirds of the size


class Composited(Protocol):
    """A frame and the layers left for the GPU (the pipeline's FrameOutput)."""

    @property
    def image(self) -> np.ndarray: ...

    @property
    def deferred(self) -> Sequence[LipLayer]: ...

    @property
    def garment(self) -> GarmentPlacement | None: ...


def snapshot(output: Composited) -> np.ndarray:
    """The composited frame: what the CPU painted, plus the garment and lips left for
    the GPU."""
    image = output.image.copy()
    placed = output.garment
    if placed is not None and placed.texture is not None:
        _blend_garment(image, placed.roi, placed.texture)
    for layer in output.deferred:
        composite(image, layer)
    return image


def _blend_garment(image: np.ndarray, roi: tuple[int, int, int, int], bgra: np.ndarray) -> None:
    """The GPU's garment blend on the CPU: straight-alpha BGRA scaled over its box."""
    x0, y0, x1, y1 = roi
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(image.shape[1], x1), min(image.shape[0], y1)
    if x1 <= x0 or y1 <= y0:
        return
    texture = cv2.resize(bgra, (roi[2] - roi[0], roi[3] - roi[1]), interpolation=cv2.INTER_LINEAR)
    texture = texture[y0 - roi[1] : y1 - roi[1], x0 - roi[0] : x1 - roi[0]]
    alpha = texture[..., 3:4].astype(np.float32) / 255.0
    under = image[y0:y1, x0:x1].astype(np.float32)
    blended = under + (texture[..., :3].astype(np.float32) - under) * alpha
    image[y0:y1, x0:x1] = np.clip(blended + 0.5, 0, 255).astype(np.uint8)


def encode_jpeg(image: np.ndarray, quality: int = JPEG_QUALITY) -> bytes:
    """The photo as JPEG bytes (BGR in), for the hub and the phone."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise KioskError("the photo could not be encoded as JPEG", "report this as a bug")
    return bytes(data.tobytes())
