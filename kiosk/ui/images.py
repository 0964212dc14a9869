"""The one NumPy-to-QImage conversion the UI uses (frames, masks, garment layers, QR codes).

Every array that crosses into Qt goes through `to_qimage`, so the channel orders and the
copy rule live in one place: the QImage owns a copy of the pixels, because the worker
reuses its NumPy buffers for the next frame while the scene graph still uploads this one.
Pixels made afresh every frame (the make-up and lip masks) can instead be written straight
into a new QImage's own buffer (`image_buffer`): the image owns them from the start, and
the copy is not needed.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from PySide6.QtGui import QImage

PixelOrder = Literal["bgr", "rgb", "bgra", "rgba", "weights", "gray"]

_FORMATS: dict[str, tuple[QImage.Format, int]] = {
    "bgr": (QImage.Format.Format_BGR888, 3),
    "rgb": (QImage.Format.Format_RGB888, 3),
    # BGRA bytes are Qt's ARGB32 on little-endian machines (every kiosk we ship on).
    "bgra": (QImage.Format.Format_ARGB32, 4),
    "rgba": (QImage.Format.Format_RGBA8888, 4),
    # Four independent weights (a data texture, e.g. the lip mask): declared premultiplied
    # so Qt uploads the bytes as they are, instead of multiplying r, g, b by a.
    "weights": (QImage.Format.Format_RGBA8888_Premultiplied, 4),
    "gray": (QImage.Format.Format_Grayscale8, 1),
}


def image_buffer(height: int, width: int, order: PixelOrder) -> tuple[QImage, np.ndarray]:
    """A new QImage (`order`, at least 1 x 1) and its own pixels as a writable uint8
    array, Qt's row padding in its strides: filled in place, the image is handed on with
    no copy. Keep the image while the array is written; never write the array after."""
    fmt, channels = _FORMATS[order]
    image = QImage(max(width, 1), max(height, 1), fmt)
    h, w = image.height(), image.width()
    shape: tuple[int, ...] = (h, w) if channels == 1 else (h, w, channels)
    strides = (image.bytesPerLine(), 1) if channels == 1 else (image.bytesPerLine(), channels, 1)
    return image, np.ndarray(shape, np.uint8, buffer=image.bits(), strides=strides)


def to_qimage(pixels: np.ndarray, order: PixelOrder = "bgr") -> QImage:
    """A QImage owning a copy of `pixels` (uint8, HxW for gray or HxWxC) in `order`."""
    fmt, channels = _FORMATS[order]
    arr = np.ascontiguousarray(pixels, dtype=np.uint8)
    have = 1 if arr.ndim == 2 else arr.shape[2]
    if arr.ndim not in (2, 3) or have != channels:
        raise ValueError(f"to_qimage({order!r}) needs {channels} channel(s), got {arr.shape}")
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, arr.strides[0], fmt).copy()
