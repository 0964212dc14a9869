"""The shopper's photo: the current look at full camera resolution.

The on-screen mirror may be composited by the GPU at screen resolution; the
photo is rendered by the reference renderer from the same camera frame and
the same lip layers, so it shows the look the shopper saw, at full size.
Camera frames are written to disk only here, and only when the shopper asks.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import cv2
import numpy as np

from kiosk.errors import KioskError
from kiosk.render.lipstick import LipLayer, composite


class Composited(Protocol):
    """A frame and the lip layers left for the GPU (the pipeline's FrameOutput)."""

    @property
    def image(self) -> np.ndarray: ...

    @property
    def deferred(self) -> Sequence[LipLayer]: ...


def snapshot(output: Composited) -> np.ndarray:
    """The composited frame: CPU-painted faces plus any left for the GPU."""
    image = output.image.copy()
    for layer in output.deferred:
        composite(image, layer)
    return image


def save_photo(image: np.ndarray, folder: Path, now: float | None = None) -> Path:
    """Write `image` as a PNG named by the local time; never overwrites a photo."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"tryon-{stamp}.png"
        n = 1
        while path.exists():
            n += 1
            path = folder / f"tryon-{stamp}-{n}.png"
        if not cv2.imwrite(str(path), image):
            raise OSError("the PNG encoder failed")
    except OSError as exc:
        raise KioskError(
            f"cannot save the photo in {folder}: {exc}",
            "set kiosk.photo_dir to a writable folder",
        ) from None
    return path
