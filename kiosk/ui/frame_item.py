"""The mirror surface: a Qt Quick item that shows camera frames as a GPU texture.

Each frame is uploaded once as a texture and the scene graph scales it to the
item (aspect-fill, like a mirror), so the CPU never resizes frames for display.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Slot
from PySide6.QtGui import QImage
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import QQuickItem, QSGNode, QSGSimpleTextureNode, QSGTexture

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


@QmlElement
class FrameItem(QQuickItem):
    FILTERING = QSGTexture.Filtering.Linear

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self.setFlag(QQuickItem.Flag.ItemHasContents, True)
        self._image: QImage | None = None
        self._dirty = False

    @Slot(QImage)
    def setImage(self, image: QImage) -> None:
        """Show `image` on the next frame of the scene graph."""
        self._image = image
        self._dirty = True
        self.update()

    @Slot()
    def clear(self) -> None:
        self._image = None
        self._dirty = True
        self.update()

    def hasImage(self) -> bool:
        return self._image is not None

    # Qt takes a null node as "draw nothing"; PySide's stub says the return is never None.
    def updatePaintNode(  # type: ignore[override]
        self, node: QSGNode | None, _data: object
    ) -> QSGNode | None:
        image = self._image
        window = self.window()
        if image is None or image.isNull() or window is None:
            return None
        if not isinstance(node, QSGSimpleTextureNode):
            node = QSGSimpleTextureNode()
            node.setOwnsTexture(True)
            node.setFiltering(self.FILTERING)
            self._dirty = True
        if self._dirty:
            node.setTexture(window.createTextureFromImage(image))
            self._dirty = False
        node.setRect(self.target_rect(image))
        return node

    def target_rect(self, image: QImage) -> QRectF:
        """Where `image` is drawn in the item."""
        return self.fill_rect(image.width(), image.height())

    def fill_rect(self, image_w: int, image_h: int) -> QRectF:
        """Aspect-fill: cover the item, cropping the overflow (centred)."""
        scale = max(self.width() / image_w, self.height() / image_h)
        w, h = image_w * scale, image_h * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h)


@QmlElement
class LayerItem(FrameItem):
    """A texture over part of a camera frame (a garment's box), drawn exactly where
    that part of the frame shows in a FrameItem of the same size, and blended by
    the scene graph through its alpha channel."""

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self._roi = QRectF()
        self._frame = QSize()

    def setLayer(self, image: QImage, roi: QRectF, frame: QSize) -> None:
        """Show `image` stretched over `roi` (frame pixels) of a `frame`-sized frame;
        a null image clears the layer."""
        if image.isNull():
            self.clear()
            return
        self._roi, self._frame = roi, frame
        self.setImage(image)

    def target_rect(self, image: QImage) -> QRectF:
        if self._frame.isEmpty():
            return QRectF()
        rect = self.fill_rect(self._frame.width(), self._frame.height())
        sx = rect.width() / self._frame.width()
        sy = rect.height() / self._frame.height()
        roi = self._roi
        return QRectF(
            rect.x() + roi.x() * sx, rect.y() + roi.y() * sy, roi.width() * sx, roi.height() * sy
        )


@QmlElement
class QrItem(FrameItem):
    """A QR code, drawn pixel for pixel (no smoothing between modules): sized in QML
    to the code's own pixel size, its module edges stay sharp for a phone camera."""

    FILTERING = QSGTexture.Filtering.Nearest

    def target_rect(self, image: QImage) -> QRectF:
        return QRectF(0, 0, self.width(), self.height())
