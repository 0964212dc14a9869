"""The mirror surface: Qt Quick items that show an `ImageSource` as one GPU texture.

Each new image is uploaded once as a texture and the scene graph scales it to the item
(aspect-fill, like a mirror), so the CPU never resizes frames for display. The item takes
its pixels from a bound property (`FrameItem { source: root.controller.mirrorFrame }`)
and follows that source itself; Python never looks the item up. `frameRect` (bound to the
face-aware layout's) moves the frame within its aspect-fill range; every item showing a
frame-sized image (camera, lip mask, garment layer) binds the same rect, so they align.
"""

from __future__ import annotations

from typing import cast

import shiboken6
from PySide6.QtCore import Property, QObject, QRectF, Signal, Slot
from PySide6.QtGui import QImage, QMatrix4x4, QTransform
from PySide6.QtQml import QmlElement
from PySide6.QtQuick import (
    QQuickItem,
    QSGImageNode,
    QSGNode,
    QSGSimpleTextureNode,
    QSGTexture,
    QSGTransformNode,
)

from kiosk.ui.image_source import ImageSource, LayerSource, PartSource

QML_IMPORT_NAME = "Kiosk"
QML_IMPORT_MAJOR_VERSION = 1


def fill_rect(view_w: float, view_h: float, image_w: int, image_h: int) -> QRectF:
    """Aspect-fill: where an image_w x image_h image covers a view_w x view_h view,
    cropping the overflow (centred)."""
    scale = max(view_w / image_w, view_h / image_h)
    w, h = image_w * scale, image_h * scale
    return QRectF((view_w - w) / 2, (view_h - h) / 2, w, h)


def drop(node: QSGNode | None) -> None:
    """No paint node: `node` (the item's old one, if any) deleted, which takes it and what
    is under it out of the scene. The scene graph neither deletes nor detaches a node an
    item stops returning: a source cleared to show nothing went on showing its last image."""
    if node is not None:
        shiboken6.delete(node)


@QmlElement
class FrameItem(QQuickItem):
    FILTERING = QSGTexture.Filtering.Linear
    sourceChanged = Signal()
    frameRectChanged = Signal()

    def __init__(self, parent: QQuickItem | None = None) -> None:
        super().__init__(parent)
        self.setFlag(QQuickItem.Flag.ItemHasContents, True)
        self._source: ImageSource | None = None
        self._dirty = False
        self._frame_rect = QRectF()

    def _get_frame_rect(self) -> QRectF:
        return self._frame_rect

    def _set_frame_rect(self, rect: QRectF) -> None:
        if rect != self._frame_rect:
            self._frame_rect = QRectF(rect)
            self.update()
            self.frameRectChanged.emit()

    # Where the whole frame is drawn in the item; empty: aspect-fill, centred.
    frameRect = Property(QRectF, _get_frame_rect, _set_frame_rect, notify=frameRectChanged)

    def placed(self, image_w: int, image_h: int) -> QRectF:
        """Where a frame of this size is drawn in the item."""
        if not self._frame_rect.isEmpty():
            return QRectF(self._frame_rect)
        return fill_rect(self.width(), self.height(), image_w, image_h)

    def _get_source(self) -> QObject | None:
        return self._source

    def _set_source(self, source: QObject | None) -> None:
        new = source if isinstance(source, ImageSource) else None
        if new is self._source:
            return
        if self._source is not None:
            self._source.changed.disconnect(self._on_image)
        self._source = new
        if new is not None:
            new.changed.connect(self._on_image)
        self._on_image()
        self.sourceChanged.emit()

    # The image source this item shows (an ImageSource a bridge owns); null shows nothing.
    source = Property(QObject, _get_source, _set_source, notify=sourceChanged)

    @Slot()
    def _on_image(self) -> None:
        """The source has a new image: upload it on the scene graph's next frame. (A slot
        of the class's own: connected as a plain Python method, PySide's connection never
        reached an item that QML had given a property of its own, `required property var
        modelData` in a Repeater's delegate, whose meta-object is QML's subtype.)"""
        self._dirty = True
        self.update()

    def image(self) -> QImage | None:
        """What the item shows now (None: nothing)."""
        image = self._source.image() if self._source is not None else None
        return None if image is None or image.isNull() else image

    # Qt takes a null node as "draw nothing"; PySide's stub says the return is never None.
    def updatePaintNode(  # type: ignore[override]
        self, node: QSGNode | None, _data: object
    ) -> QSGNode | None:
        image = self.image()
        window = self.window()
        if image is None or window is None:
            drop(node)
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
        return self.placed(image.width(), image.height())


@QmlElement
class LayerItem(FrameItem):
    """A LayerSource's texture over part of a camera frame (a garment's box), drawn exactly
    where that part of the frame shows in a FrameItem of the same size, and blended by the
    scene graph through its alpha channel."""

    def target_rect(self, image: QImage) -> QRectF:
        source = self._source
        if not isinstance(source, LayerSource) or source.frame().isEmpty():
            return QRectF()
        frame, roi = source.frame(), source.roi()
        rect = self.placed(frame.width(), frame.height())
        sx = rect.width() / frame.width()
        sy = rect.height() / frame.height()
        return QRectF(
            rect.x() + roi.x() * sx, rect.y() + roi.y() * sy, roi.width() * sx, roi.height() * sy
        )


def scene_motion(motion: QTransform) -> QTransform:
    """`motion` (frame pixels, OpenCV's pixel centres at whole numbers) for the scene
    graph, whose pixel i spans [i, i + 1) (its centre at i + 0.5)."""
    return QTransform.fromTranslate(-0.5, -0.5) * motion * QTransform.fromTranslate(0.5, 0.5)


@QmlElement
class PartItem(LayerItem):
    """A PartSource's texture over the box of the frame it was made on, moved as its
    motion says and then placed as the frame is (`frameRect`): the scene graph resamples
    it (bilinear), so a kept region moves without its pixels being made or uploaded
    again. Drawn by the scene graph's premultiplied blending: over a layer cleared to
    zero, parts whose alpha is 0 add up, and a cover of alpha 1 laid over them zeroes what
    is under it (the eye-safety cut).

    Its nodes are the scene graph's own: the transform node is handed over as this item's
    paint node, and the image node under it is made by the window (`createImageNode`), so
    both go together when the item drops them (`drop`) or the scene graph deletes them. (A
    child node made in Python stays Python's after `appendChildNode`: Python would free it
    again after the scene graph had, or, unreferenced, free it while the scene graph still
    drew it.) No wrapper of a node is kept between calls: the scene graph deletes nodes
    without telling Python, and a wrapper kept past that was handed out again for a new
    item made at the same address (`childItems()` gave a node)."""

    def _set_source(self, source: QObject | None) -> None:
        if isinstance(self._source, PartSource):
            self._source.moved.disconnect(self.update)
        super()._set_source(source)
        if isinstance(self._source, PartSource):
            self._source.moved.connect(self.update)

    source = Property(QObject, FrameItem._get_source, _set_source, notify=FrameItem.sourceChanged)

    def updatePaintNode(  # type: ignore[override]
        self, node: QSGNode | None, data: object
    ) -> QSGNode | None:
        source, image, window = self._source, self.image(), self.window()
        if (
            not isinstance(source, PartSource)
            or image is None
            or window is None
            or source.frame().isEmpty()
        ):
            drop(node)
            return None
        transform = node if isinstance(node, QSGTransformNode) else None
        child = transform.firstChild() if transform is not None else None
        if transform is None or child is None:
            drop(node)
            transform = QSGTransformNode()
            image_node = window.createImageNode()
            image_node.setOwnsTexture(True)
            image_node.setFiltering(self.FILTERING)
            transform.appendChildNode(image_node)
            self._dirty = True
        else:
            address = shiboken6.getCppPointer(child)[0]
            del child  # (its wrapper, typed as a plain node, let go before it is typed again)
            image_node = cast(QSGImageNode, shiboken6.wrapInstance(address, QSGImageNode))
        if self._dirty:
            image_node.setTexture(window.createTextureFromImage(image))
            self._dirty = False
        image_node.setRect(self.target_rect(image))
        frame = source.frame()
        rect = self.placed(frame.width(), frame.height())
        place = QTransform(
            rect.width() / frame.width(), 0.0, 0.0, rect.height() / frame.height(),
            rect.x(), rect.y(),
        )  # fmt: skip
        inverse, _ = place.inverted()
        transform.setMatrix(QMatrix4x4(inverse * scene_motion(source.motion()) * place))
        return transform


@QmlElement
class QrItem(FrameItem):
    """A QR code, drawn pixel for pixel (no smoothing between modules): sized in QML
    to the code's own pixel size, its module edges stay sharp for a phone camera."""

    FILTERING = QSGTexture.Filtering.Nearest

    def target_rect(self, image: QImage) -> QRectF:
        return QRectF(0, 0, self.width(), self.height())
