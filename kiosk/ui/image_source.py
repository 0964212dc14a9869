"""Images Python owns and QML items show: the seam for pixels, as bound properties.

A bridge keeps an `ImageSource` (the mirror's frame, the lip mask, a compare cell's mask,
the QR code) and replaces its image; a `FrameItem { source: ... }` in QML connects to it
and uploads the current image when it next paints. So Python never looks for an item,
and an item can be moved, repeated or dropped in QML without touching Python.
The signal carries nothing: an item reads `image()` when it paints, so a frame crosses
no queue and is never copied (a QImage is implicitly shared). Sources live on the UI
thread; they are set there only (results from other threads arrive by queued signals).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QRectF, QSize, Signal
from PySide6.QtGui import QImage, QTransform
from PySide6.QtQml import QmlElement, QmlUncreatable

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1
UNCREATABLE = "Image sources belong to the kiosk's bridges; bind an item's source to one."


@QmlElement
@QmlUncreatable(UNCREATABLE)
class ImageSource(QObject):  # type: ignore[operator]
    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()

    def image(self) -> QImage:
        """The current image (null: show nothing)."""
        return self._image

    def set_image(self, image: QImage) -> None:
        self._image = image
        self.changed.emit()

    def clear(self) -> None:
        self.set_image(QImage())


@QmlElement
@QmlUncreatable(UNCREATABLE)
class LayerSource(ImageSource):  # type: ignore[operator]
    """An image over part of a camera frame (a garment's box): the image, the box in frame
    pixels, and the frame's size, so a LayerItem can place it over the mirror."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._roi = QRectF()
        self._frame = QSize()

    def roi(self) -> QRectF:
        return self._roi

    def frame(self) -> QSize:
        return self._frame

    def set_layer(self, image: QImage, roi: QRectF, frame: QSize) -> None:
        """`image` stretched over `roi` of a `frame`-sized frame; a null image: no layer."""
        self._roi, self._frame = roi, frame
        self.set_image(image)


@QmlElement
@QmlUncreatable(UNCREATABLE)
class PartSource(LayerSource):  # type: ignore[operator]
    """A layer that moves without changing: an image over a box of the frame it was made
    on (`roi`), and how that frame's pixels have moved since (`motion`: frame pixels then
    -> now, pixel centres at whole numbers as OpenCV has them). A kept make-up region is
    made once and moved every frame: a new motion with the same image only moves the
    item that shows it (`moved`), the image is not uploaded again."""

    moved = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._motion = QTransform()

    def motion(self) -> QTransform:
        return self._motion

    def set_part(self, image: QImage, roi: QRectF, frame: QSize, motion: QTransform) -> None:
        """`image` over `roi` of a `frame`-sized frame, moved by `motion`; the same image
        (by its cache key) is not shown afresh, only moved, and not even that where it
        stays where it is (a face held still: the scene graph redraws nothing of it)."""
        same = not image.isNull() and image.cacheKey() == self._image.cacheKey()
        still = same and (roi, frame, motion) == (self._roi, self._frame, self._motion)
        self._roi, self._frame, self._motion = roi, frame, motion
        if still:
            return
        if same:
            self.moved.emit()
        else:
            self.set_image(image)


def motion_transform(m: np.ndarray) -> QTransform:
    """OpenCV's 2x3 map (x' = a x + b y + c, y' = d x + e y + f) as a QTransform."""
    (a, b, c), (d, e, f) = np.asarray(m, np.float64).tolist()
    return QTransform(a, d, b, e, c, f)
