"""The lip layer lives over the mouth's box; only the GPU's mask texture is frame-sized.

On real photos with the real face model: the box (with its margin for the feather)
holds every weight a whole-frame layer would have, the CPU composite of the box
layer is the whole-frame one, and the GPU mask is the box placed into the frame.
The vision worker's masks are checked from a real run of its thread.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.ui.qt_env import prepare_qt_environment

prepare_qt_environment()  # before pytest-qt makes the application (cv2 is imported here)

from PySide6.QtGui import QImage  # noqa: E402
from pytestqt.qtbot import QtBot  # noqa: E402

from kiosk.pipeline import Look, TryOnPipeline  # noqa: E402
from kiosk.render import finishes as fx  # noqa: E402
from kiosk.render.gpu import layer_mask, mask_weights  # noqa: E402
from kiosk.render.lipstick import LipLayer, composite, prepare_layer  # noqa: E402
from kiosk.render.shade import Shade  # noqa: E402
from kiosk.ui.worker import Processed, VisionWorker  # noqa: E402
from kiosk.vision.capture import CaptureThread  # noqa: E402
from kiosk.vision.face import FaceTracker  # noqa: E402
from kiosk.vision.lip_likeness import not_lips  # noqa: E402
from kiosk.vision.lips import LipContours, lip_alpha, lip_contours, wide_lip_alpha  # noqa: E402
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams  # noqa: E402
from kiosk.vision.sources import open_source  # noqa: E402
from kiosk.vision.teeth import teeth_near_lips  # noqa: E402

FEATHER = 0.02
PHOTOS = [
    "lips/celebamask_0.jpg",
    "lips/celebamask_1.jpg",
    "lips/celebamask_2.jpg",
    "lips/celebamask_3.jpg",
    "faces/mouth_open_d19.jpg",
]
SHADES = {
    "matte": Shade("#B0123A", "matte"),
    "liner and ombre": Shade("#C2185B", "gloss", liner="#5A0A1E", inner_color="#F06292"),
    "shimmer": Shade("#8E2A4A", "shimmer"),
}
WAIT_MS = 15_000


def whole_frame(layer: LipLayer, lips: LipContours, shade: Shade, image: np.ndarray) -> LipLayer:
    """The same layer with its per-pixel weights computed over the whole frame, as
    though there were no box (the per-face uniforms are the box layer's own)."""
    h, w = image.shape[:2]
    roi = (0, 0, w, h)
    cover = lip_alpha(lips, roi, FEATHER)
    gate = 1.0 - teeth_near_lips(image, lips, roi, cover)
    # What lies on the lips is told on the mouth's own box (at a scale set by the mouth,
    # not the frame): the box layer's own finding, placed into the frame.
    x0, y0, x1, y1 = layer.roi
    gate[y0:y1, x0:x1] *= 1.0 - not_lips(
        image, lips, layer.roi, lip_alpha(lips, layer.roi, FEATHER)
    )
    cover *= gate
    edge = max(FEATHER, fx.LIGHTNESS_EDGE)
    weight_l = np.minimum(wide_lip_alpha(lips, roi, edge) * gate, cover)
    form = fx.lip_form(image, roi, layer.detail_radius)
    liner = ombre = np.zeros_like(cover)
    if shade.liner is not None or shade.inner_color is not None:
        d_outer, d_inner = fx.edge_distances(lips, roi)
        if shade.inner_color is not None:
            ombre = fx.ombre_weight(d_outer, d_inner)
        if shade.liner is not None:
            liner = fx.liner_weight(d_outer, lips.mouth_width, FEATHER)
    return replace(
        layer, roi=roi, cover=cover, liner=liner, ombre=ombre, weight_l=weight_l, form=form
    )


def qimage_array(image: QImage) -> np.ndarray:
    """A weights QImage's pixels, RGBA bytes as written (rows may be padded)."""
    assert image.format() == QImage.Format.Format_RGBA8888_Premultiplied
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return buf.reshape(h, image.bytesPerLine())[:, : w * 4].reshape(h, w, 4).copy()


@pytest.mark.parametrize("shade_name", sorted(SHADES))
@pytest.mark.parametrize("photo", PHOTOS)
def test_the_mouth_box_layer_composites_as_the_whole_frame_did(
    image_tracker: FaceTracker, testdata: Path, photo: str, shade_name: str
) -> None:
    shade = SHADES[shade_name]
    image = cv2.imread(str(testdata / photo))
    assert image is not None, photo
    h, w = image.shape[:2]
    lips = lip_contours(image_tracker.detect(image).faces[0])
    layer = prepare_layer(image, lips, shade, 1.0, FEATHER)
    assert layer is not None
    x0, y0, x1, y1 = layer.roi
    assert layer.cover.shape == (y1 - y0, x1 - x0)
    assert (x1 - x0) * (y1 - y0) < 0.2 * w * h, "the box is the mouth, not the frame"
    full = whole_frame(layer, lips, shade, image)
    # Every weight lies inside the box: the margin holds the whole feather.
    outside = full.cover.copy()
    outside[y0:y1, x0:x1] = 0.0
    assert outside.max() == 0.0
    assert np.abs(full.cover[y0:y1, x0:x1] - layer.cover).max() <= 1e-4
    # The CPU composite: the box layer paints what the whole-frame layer painted.
    boxed, framed = image.copy(), image.copy()
    composite(boxed, layer)
    composite(framed, full)
    assert (boxed != image).sum() > 500, "the lips should be painted"
    assert np.abs(boxed.astype(int) - framed).max() <= 1
    # The GPU mask: the box's weights placed at its offset, nothing elsewhere.
    mask = layer_mask(layer, h, w)
    assert mask.shape == (h, w, 4) and mask.dtype == np.uint8
    assert np.array_equal(mask[y0:y1, x0:x1], mask_weights(layer))
    assert mask.sum() == mask[y0:y1, x0:x1].sum()
    weights = [full.cover, full.liner, full.ombre, full.weight_l]
    want = np.clip(np.stack(weights, -1) * 255.0 + 0.5, 0, 255)
    lips_on = full.cover > 0  # liner and ombre only count where there is lip
    assert np.abs(mask[..., 0].astype(int) - want[..., 0].astype(np.uint8)).max() <= 1
    assert np.abs(mask[lips_on].astype(int) - want[lips_on].astype(np.uint8)).max() <= 1


def wait_for_result(qtbot: QtBot, worker: VisionWorker) -> Processed:
    with qtbot.waitSignal(worker.ready, timeout=WAIT_MS):
        pass
    processed = worker.take()
    assert processed is not None
    return processed


def test_the_worker_hands_the_gpu_the_lip_box_alone(
    qtbot: QtBot, image_tracker: FaceTracker, testdata: Path
) -> None:
    """A real run of the vision worker on a photo, GPU compositing on: its mask is the
    deferred layer's weights over the lip box, with the box (the UI places it over the
    frame, as it places the make-up masks; a frame-sized mask cost about 4 ms a frame);
    compared looks get theirs the same way; with no shade on, no mask at all."""
    photo = testdata / "lips/celebamask_1.jpg"
    capture = CaptureThread(open_source(str(photo), realtime=True, fps=30.0))
    pipeline = TryOnPipeline(image_tracker, LandmarkSmoother(OneEuroParams(), enabled=False))
    shade, other = SHADES["liner and ombre"], SHADES["matte"]
    worker = VisionWorker(capture, pipeline, Look(shade, 1.0, FEATHER), gpu=True)
    worker.set_compare((Look(other, 1.0, FEATHER),))
    capture.start()
    worker.start()
    try:
        lit = wait_for_result(qtbot, worker)
        worker.set_compare(())
        worker.set_look(Look(None))
        bare = [wait_for_result(qtbot, worker) for _ in range(4)][-2:]
    finally:
        worker.stop()
        capture.stop()
        assert capture.join(5.0)
        pipeline.close()
    frame = lit.output.image  # the lips were left for the GPU: the camera's own pixels
    h, w = frame.shape[:2]
    assert lit.output.deferred and lit.mask is not None
    layer = lit.output.deferred[0]
    lips = lit.output.lips[0]
    x0, y0, x1, y1 = lit.mask.roi
    assert lit.mask.roi == tuple(int(v) for v in layer.roi)
    assert (x1 - x0) * (y1 - y0) < 0.2 * w * h, "the box is the mouth, not the frame"
    boxed = qimage_array(lit.mask.image)
    assert np.array_equal(boxed, mask_weights(layer))
    # placed at its box, it is the whole frame's weights (nothing outside the box)
    mask = np.zeros((h, w, 4), np.uint8)
    mask[y0:y1, x0:x1] = boxed
    assert np.array_equal(mask, layer_mask(layer, h, w))
    full = whole_frame(layer, lips, shade, frame)
    want = np.clip(full.cover * 255.0 + 0.5, 0, 255).astype(np.uint8)
    assert np.abs(mask[..., 0].astype(int) - want).max() <= 1
    assert mask[..., 1].max() > 0 and mask[..., 2].max() > 0, "liner and ombre reach the GPU"
    (compared,) = lit.compare_masks
    assert lit.output.compared[0] is not None
    assert compared.roi == tuple(int(v) for v in lit.output.compared[0].roi)
    assert np.array_equal(qimage_array(compared.image), mask_weights(lit.output.compared[0]))
    # Bare mirror: no lip weights cross to the GPU at all.
    for result in bare:
        assert not result.output.deferred and result.mask is not None
        assert result.mask.image.isNull()


def test_compared_looks_share_one_coverage_and_each_keeps_its_own_shade(
    image_tracker: FaceTracker, testdata: Path
) -> None:
    """Compare mode finds the lips' coverage (ring, teeth, occluders) once per face and
    feather: each compared layer is what `prepare_layer` makes for that look alone."""
    image = cv2.imread(str(testdata / "faces/mouth_open_d19.jpg"))
    assert image is not None
    pipeline = TryOnPipeline(image_tracker, LandmarkSmoother(OneEuroParams(), enabled=False))
    looks = (
        Look(SHADES["matte"], 1.0, FEATHER),
        Look(SHADES["shimmer"], 0.6, FEATHER),
        Look(SHADES["matte"], 1.0, 2 * FEATHER),
    )
    try:
        out = pipeline.process(image.copy(), 0, 0, Look(SHADES["shimmer"]), compare=looks)
    finally:
        pipeline.close()
    layers = out.compared
    for look, got in zip(looks, layers, strict=True):
        assert look.shade is not None and got is not None
        want = prepare_layer(image, out.lips[0], look.shade, look.intensity, look.feather)
        assert want is not None and got.roi == want.roi
        assert np.array_equal(got.cover, want.cover)
        assert np.array_equal(got.weight_l, want.weight_l)
        assert np.allclose(got.target, want.target) and got.strength == want.strength
    a, b, wide = layers
    assert a is not None and b is not None and wide is not None
    assert a.cover is b.cover, "one feather, one coverage"
    assert not np.allclose(a.target, b.target), "each look keeps its own shade"
    assert wide.cover.shape != a.cover.shape, "a wider feather has its own, wider box"
