"""Kept make-up regions drawn by the scene graph through their motion (`PartItem`), against
OpenCV's bilinear warp of the same bytes: the way a kept region can move on the GPU without
being warped, packed or uploaded again on the CPU. A part with alpha drawn first, then
parts whose alpha is 0, over a layer cleared to zero: the layer holds each part whole (the
alpha-0 parts add). Run under Xvfb (Mesa llvmpipe)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QTransform
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

import kiosk.ui.frame_item  # registers the items with QML
from kiosk.ui.image_source import LayerSource, PartSource, motion_transform
from kiosk.ui.images import to_qimage
from tests.ui.screen import WAIT_MS, show_scene
from tests.ui.test_gpu_parity import grab_item

QML_DIR = Path(kiosk.ui.frame_item.__file__).resolve().parent / "qml"
W, H = 160, 120
SCENE = b"""
import QtQuick
import Kiosk

Item {
    id: root
    property var parts: []
    Item {
        objectName: "layer"
        anchors.fill: parent
        Repeater {
            model: root.parts
            PartItem {
                required property var modelData
                anchors.fill: parent
                source: modelData
            }
        }
    }
}
"""


def _grabbed(qtbot: QtBot, layer: QQuickItem) -> np.ndarray:
    """What `layer` shows now (RGBA, premultiplied), once the scene has drawn."""
    qtbot.wait(50)
    return grab_item(qtbot, layer, alpha=True)


def _block(h: int, w: int, channels: dict[int, float], seed: int) -> np.ndarray:
    """RGBA bytes: soft blobs in the given channels (at those peak shares), zero edges."""
    rng = np.random.default_rng(seed)
    out = np.zeros((h, w, 4), np.float32)
    for k, peak in channels.items():
        plane = np.zeros((h, w), np.float32)
        for _ in range(3):
            cx, cy = rng.uniform(0.3, 0.7) * w, rng.uniform(0.3, 0.7) * h
            yy, xx = np.mgrid[0:h, 0:w]
            plane += np.exp(-((xx - cx) ** 2 + (yy - cy) ** 2) / (2 * (0.12 * w) ** 2))
        out[..., k] = np.minimum(plane, 1.0) * peak
    out[:4], out[-4:], out[:, :4], out[:, -4:] = 0, 0, 0, 0
    return np.rint(out * 255).astype(np.uint8)


def test_parts_move_on_the_gpu_as_opencv_warps_them(qtbot: QtBot) -> None:
    sources = [PartSource() for _ in range(3)]
    view, root = show_scene(qtbot, SCENE, QML_DIR / "Parts.qml", {"parts": sources}, (W, H))
    for source in sources:
        source.setParent(view)  # (they live as long as the window showing them)
    layer = root.findChild(QQuickItem, "layer")
    assert layer is not None
    # (a lash line's liner in alpha; a shadow's three channels; a brow: both alpha 0)
    blocks = [
        ((20, 30), _block(50, 60, {3: 1.0, 0: 0.0}, 1)),
        ((24, 34), _block(48, 56, {0: 0.9, 1: 0.6, 2: 0.4}, 2)),
        ((80, 10), _block(30, 50, {2: 0.8}, 3)),
    ]
    frame = QSize(W, H)
    turn = cv2.getRotationMatrix2D((50.0, 55.0), 8.0, 1.08)  # a turn, a step nearer
    turn[:, 2] += (2.3, -1.6)  # ... and a slide
    slide = np.array([[1.0, 0.0, 0.4], [0.0, 1.0, 0.7]])  # part of a pixel
    for motions in ([np.eye(2, 3)] * 3, [turn, turn, slide]):  # as built, then moved
        want = np.zeros((H, W, 4), np.float32)
        for source, ((x0, y0), block), m in zip(sources, blocks, motions, strict=True):
            h, w = block.shape[:2]
            image = to_qimage(block, "weights")
            source.set_part(image, QRectF(x0, y0, w, h), frame, motion_transform(m))
            local = np.asarray(m, np.float64) @ np.array([[1.0, 0, x0], [0, 1.0, y0], [0, 0, 1]])
            moved = cv2.warpAffine(block.astype(np.float32), local, (W, H), flags=cv2.INTER_LINEAR)
            want = moved + want * (1.0 - moved[..., 3:] / 255.0)  # premultiplied "over"
        got = _grabbed(qtbot, layer).astype(np.float32)
        # (as built: the same bytes; moved: within a level, the two bilinear samplers'
        # rounding, on Mesa llvmpipe 0.99 at most)
        off = np.abs(got - want)
        assert float(off.max()) <= 2.0, float(off.max())
        assert float(off.mean()) <= 0.1, float(off.mean())
        assert float(want.max()) > 200  # (the parts are there to be compared)
    view.close()


def test_a_part_moved_with_the_same_image_is_not_shown_afresh(qtbot: QtBot) -> None:
    """A new motion with the same image only moves the part: `changed` (which uploads the
    image) is not sent again, `moved` is."""
    source = PartSource()
    image = to_qimage(np.zeros((4, 4, 4), np.uint8), "weights")
    with qtbot.waitSignal(source.changed, timeout=WAIT_MS):
        source.set_part(image, QRectF(0, 0, 4, 4), QSize(8, 8), QTransform())
    changed: list[int] = []
    source.changed.connect(lambda: changed.append(1))
    with qtbot.waitSignal(source.moved, timeout=WAIT_MS):
        source.set_part(image, QRectF(0, 0, 4, 4), QSize(8, 8), QTransform.fromTranslate(1, 0))
    assert changed == [] and source.motion().dx() == 1.0
    other = to_qimage(np.ones((4, 4, 4), np.uint8), "weights")
    source.set_part(other, QRectF(0, 0, 4, 4), QSize(8, 8), QTransform())
    assert changed == [1]


def test_parts_in_a_repeater_show_each_new_image_and_keep_a_still_one(qtbot: QtBot) -> None:
    """As the mirror lays them out (a Repeater's delegates, each declaring its own
    `modelData`, which makes QML's own subtype of the item): a new image for the same
    box and motion is uploaded and shown (`changed` reaches the item: connected as a plain
    Python method it never did, and the parts were drawn only because every frame moved
    them), and a part set again exactly as it was (a face held still) is neither
    repainted nor lost while the part beside it changes, or is cleared and set again."""
    sources = [PartSource() for _ in range(2)]
    view, root = show_scene(qtbot, SCENE, QML_DIR / "Parts.qml", {"parts": sources}, (W, H))
    for source in sources:
        source.setParent(view)
    layer = root.findChild(QQuickItem, "layer")
    assert layer is not None
    frame, still = QSize(W, H), QTransform()
    boxes = (QRectF(10, 10, 40, 30), QRectF(90, 50, 40, 30))

    def solid(value: int) -> QImage:
        block = np.zeros((30, 40, 4), np.uint8)
        block[..., 0] = value  # (alpha 0: parts add)
        return to_qimage(block, "weights")

    first, second, third = solid(90), solid(160), solid(220)
    sources[0].set_part(first, boxes[0], frame, still)
    sources[1].set_part(first, boxes[1], frame, still)
    got = _grabbed(qtbot, layer)
    assert got[25, 30, 0] == 90 and got[65, 110, 0] == 90
    moved: list[int] = []
    sources[0].moved.connect(lambda: moved.append(1))
    for value, image in ((160, second), (220, third)):
        sources[0].set_part(first, boxes[0], frame, still)  # held still
        sources[1].set_part(image, boxes[1], frame, still)  # a new image, the same place
        got = _grabbed(qtbot, layer)
        assert got[65, 110, 0] == value, value
        assert got[25, 30, 0] == 90, value
    assert moved == []  # (the still part was never asked to repaint)
    sources[1].set_part(QImage(), QRectF(), frame, still)  # cleared (a product taken off)
    assert _grabbed(qtbot, layer)[65, 110, 0] == 0
    sources[1].set_part(second, boxes[1], frame, still)  # ... and on again
    got = _grabbed(qtbot, layer)
    assert got[65, 110, 0] == 160 and got[25, 30, 0] == 90
    view.close()


LAYER = b"""
import QtQuick
import Kiosk

Item {
    id: root
    property var shown: null
    Item {
        objectName: "layer"
        anchors.fill: parent
        LayerItem { anchors.fill: parent; source: root.shown }
    }
}
"""


def test_a_layer_cleared_shows_nothing(qtbot: QtBot) -> None:
    """A layer whose source is cleared (a garment taken off, a mask no longer packed)
    shows nothing: the scene graph keeps drawing a node an item stops returning, so the
    item deletes it (before, the last image stayed on the mirror)."""
    source = LayerSource()
    view, root = show_scene(qtbot, LAYER, QML_DIR / "Layer.qml", {"shown": source}, (W, H))
    source.setParent(view)
    layer = root.findChild(QQuickItem, "layer")
    assert layer is not None

    block = np.zeros((30, 40, 4), np.uint8)
    block[..., 0], block[..., 3] = 200, 255
    for _ in range(2):  # (shown, cleared, and again)
        source.set_layer(to_qimage(block, "weights"), QRectF(10, 10, 40, 30), QSize(W, H))
        assert _grabbed(qtbot, layer)[25, 30, 0] == 200
        source.set_layer(QImage(), QRectF(), QSize(W, H))
        assert _grabbed(qtbot, layer)[25, 30, 0] == 0
    view.close()
