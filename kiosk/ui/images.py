"""The one NumPy-to-QImage conversion the UI uses (frames, masks, garment layers, QR codes).

Every array that crosses into Qt goes through `to_qimage`, so the channel orders and the
copy rule live in one place: the QImage owns a copy of the pixels, because the worker
reuses its NumPy buffers for the next frame while the scene graph still uploads this one.
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


def to_qimage(pixels: np.ndarray, order: PixelOrder = "bgr") -> QImage:
    """A QImage owning a copy of `pixels` (uint8, HxW for gray or HxWxC) in `order`."""
    fmt, channels = _FORMATS[order]
    arr = np.ascontiguousarray(pixels, dtype=np.uint8)
    have = 1 if arr.ndim == 2 else arr.shape[2]
    if arr.ndim not in (2, 3) or have != channels:
        raise ValueError(f"to_qimage({order!r}) needs {channels} channel(s), got {arr.shape}")
    h, w = arr.shape[:2]
    return QImage(arr.data, w, h, arr.strides[0], fmt).copy()
