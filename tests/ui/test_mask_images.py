"""The worker hands the GPU its mask textures written straight into new QImages' own
buffers (`images.image_buffer`): no copy, and the same bytes as the NumPy packaging
(`makeup_gpu.makeup_masks`, `gpu.mask_weights`), Qt's padded rows included."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PySide6.QtGui import QImage

from benchmarks.makeup_render import FULL_LOOK as FULL  # the benchmark's full look
from kiosk.render.gpu import mask_weights
from kiosk.render.lipstick import prepare_layer
from kiosk.render.makeup import prepare_makeup
from kiosk.render.makeup_gpu import makeup_masks
from kiosk.render.shade import Shade
from kiosk.ui.images import image_buffer
from kiosk.ui.worker import GlassesImages, PartImages, lip_mask_for_gpu, makeup_for_gpu
from kiosk.vision.face import FaceTracker
from kiosk.vision.face_regions import FaceMemory
from kiosk.vision.lips import lip_contours


def pixels_of(image: QImage) -> np.ndarray:
    """A QImage's bytes as written (h, w, channels; rows unpadded), copied out."""
    channels = 4 if image.depth() == 32 else 1
    h, w = image.height(), image.width()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    rows = buf.reshape(h, image.bytesPerLine())[:, : w * channels]
    return rows.reshape(h, w, channels)[..., 0] if channels == 1 else rows.reshape(h, w, 4)


@pytest.mark.parametrize("order, shape", [("weights", (5, 7, 4)), ("gray", (5, 7))])
def test_an_image_buffer_is_the_images_own_pixels(order: str, shape: tuple[int, ...]) -> None:
    """Written through the array, read back from the image (a 7-pixel grey row is padded
    to 8 bytes by Qt: the array's strides step over the padding)."""
    image, pixels = image_buffer(5, 7, order)  # type: ignore[arg-type]
    assert pixels.shape == shape
    values = np.arange(np.prod(shape), dtype=np.uint8).reshape(shape)
    pixels[...] = values
    assert np.array_equal(pixels_of(image), values)
    if order == "gray":
        assert image.bytesPerLine() == 8


def test_the_workers_mask_images_hold_the_packaged_bytes(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    image = cv2.imread(str(testdata / "lips" / "celebamask_0.jpg"))
    assert image is not None
    face = image_tracker.detect(image).faces[0]
    layer = prepare_makeup(image, face, FULL)
    assert layer is not None
    masks = makeup_for_gpu(layer, GlassesImages())
    assert masks is not None
    want = makeup_masks(layer)
    assert want.first is not None and want.second is not None and want.cheeks is not None
    assert np.array_equal(pixels_of(masks.first), want.first)
    assert np.array_equal(pixels_of(masks.second), want.second)
    assert np.array_equal(pixels_of(masks.cheeks), want.cheeks)
    assert masks.roi == want.eyes_roi and masks.cheeks_roi == want.cheeks_roi
    assert want.first.any() and want.second.any() and want.cheeks.any()
    assert masks.cheeks.format() == QImage.Format.Format_Grayscale8

    lips = prepare_layer(image, lip_contours(face), Shade("#A8505A", "satin"), 0.85, 0.02)
    assert lips is not None
    lip_mask = lip_mask_for_gpu(lips)
    assert np.array_equal(pixels_of(lip_mask.image), mask_weights(lips))
    assert mask_weights(lips).any()


def test_the_workers_kept_units_are_images_made_once(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    """With the face's memory, the worker hands the GPU the kept units' own images (each
    over the box it was built on, with its motion) instead of the two packed textures:
    the same bytes as the units' blocks, and, while a unit is kept, the very same image
    (its texture is not uploaded again)."""
    image = cv2.imread(str(testdata / "lips" / "celebamask_0.jpg"))
    assert image is not None
    face = image_tracker.detect(image).faces[0]
    memory = FaceMemory()
    parts = PartImages()
    shown = []
    for _ in range(2):
        layer = prepare_makeup(image, face, FULL, memory=memory)
        assert layer is not None
        masks = makeup_for_gpu(layer, GlassesImages(), parts)
        assert masks is not None and masks.first.isNull() and masks.second.isNull()
        want = makeup_masks(layer, parts=True).parts
        got = [*masks.parts_a, *masks.parts_b]
        assert len(got) == len(want) >= 6  # each side's lash line, shadows and brow
        for (qimage, box, motion), (w_box, _, block, w_motion) in zip(
            got, sorted(want, key=lambda p: p[1]), strict=True
        ):
            assert box == w_box and np.array_equal(motion, w_motion)
            assert np.array_equal(pixels_of(qimage), block)
        shown.append([qimage.cacheKey() for qimage, _, _ in got])
    assert shown[0] == shown[1]  # the same frame again: every unit kept, its image too
