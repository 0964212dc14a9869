"""The GLSL makeup compositor (shaders/makeup.frag) against the NumPy reference, pixel for
pixel, for every product type.

A minimal Qt Quick scene built here: the frame at 1:1 (screen pixels are frame pixels), the
three mask textures frame-sized (each group's box placed at its offset, as
`makeup_gpu.frame_masks` packs them), the glasses' gate on its canvas, ShaderEffectSources
over them, and MakeupEffect.qml with the baked shader. A second face wears glasses (a frame
of talk_d13): the shader takes the frames out itself, from the canvas, so the masks it is
given still cover them. The effect is grabbed alone and compared with `composite_makeup` of
the same frame and layer over the region pixels: CIEDE2000 from colour-science, an
independent implementation. Run under Xvfb (Mesa llvmpipe).
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QVector4D
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

import kiosk.ui.frame_item  # registers FrameItem with QML
from kiosk.render.cosmetics import Blush, BrowTint, EyeLiner, EyeShadow, FaceMakeup, Lashes, Worn
from kiosk.render.makeup import MakeupLayer, composite_makeup, prepare_makeup
from kiosk.render.makeup_gpu import frame_masks, glasses_canvas, makeup_uniforms
from kiosk.render.shaders import bake_makeup
from kiosk.ui.image_source import ImageSource
from kiosk.ui.images import to_qimage
from kiosk.vision.face import Face, FaceTracker
from kiosk.vision.glasses import CANVAS_SIZE
from tests.ui.screen import show_scene
from tests.ui.test_gpu_parity import delta_e, grab_item

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science notes that SciPy is absent
    import colour  # noqa: F401

QML_DIR = Path(kiosk.ui.frame_item.__file__).resolve().parent / "qml"
PHOTO = "lips/celebamask_0.jpg"
PRODUCTS: dict[str, FaceMakeup] = {
    "shadow matte": FaceMakeup(shadow=Worn(EyeShadow(("#7A4A5A",), "matte"), 0.9)),
    "shadow shimmer": FaceMakeup(shadow=Worn(EyeShadow(("#B07A5A",), "shimmer"), 0.9)),
    "shadow metallic": FaceMakeup(shadow=Worn(EyeShadow(("#A8743A",), "metallic"), 0.9)),
    "shadow 3 colours": FaceMakeup(
        shadow=Worn(EyeShadow(("#D9B08C", "#8C5A48", "#4A2E2A"), "shimmer"), 0.9)
    ),
    "liner winged": FaceMakeup(liner=Worn(EyeLiner("#1A1414", 0.6, 0.8), 1.0)),
    "lashes": FaceMakeup(lashes=Worn(Lashes(volume=0.7, length=0.7), 1.0)),
    "blush": FaceMakeup(blush=Worn(Blush("#D9646E", "shimmer", 0.6), 0.9)),
    "brow": FaceMakeup(brow=Worn(BrowTint("#4A3328", 0.4), 0.9)),
    # lighter than the brows: laid as a film, at a share of its weight where it lightens
    "brow light": FaceMakeup(brow=Worn(BrowTint("#7E6C62", 0.25), 1.0)),
}
SCENE = b"""
import QtQuick
import Kiosk

Item {
    id: root
    property var u: ({})
    property var frame
    property var maskA
    property var maskB
    property var maskC
    property var glasses
    FrameItem { id: mirror; anchors.fill: parent; source: root.frame }
    FrameItem { id: a; anchors.fill: parent; source: root.maskA }
    FrameItem { id: b; anchors.fill: parent; source: root.maskB }
    FrameItem { id: c; anchors.fill: parent; source: root.maskC }
    FrameItem { id: g; width: %d; height: %d; source: root.glasses }
    MakeupEffect {
        objectName: "makeupEffect"
        anchors.fill: parent
        u: root.u
        source: ShaderEffectSource { sourceItem: mirror; hideSource: true }
        maskA: ShaderEffectSource { sourceItem: a; hideSource: true }
        maskB: ShaderEffectSource { sourceItem: b; hideSource: true }
        maskC: ShaderEffectSource { sourceItem: c; hideSource: true }
        glassesKeep: ShaderEffectSource { sourceItem: g; hideSource: true }
        fragmentShader: "%s"
    }
}
"""


def qml_uniforms(layer: MakeupLayer, width: int, height: int) -> dict[str, Any]:
    """The layer's uniforms as QML takes them; uv runs over the whole frame at 1:1."""
    values = {**makeup_uniforms(layer), "uvToPixel": (float(width), float(height), 0.0, 0.0)}
    return {k: QVector4D(*v) if isinstance(v, tuple) else v for k, v in values.items()}


FULL_LOOK = FaceMakeup(
    shadow=Worn(EyeShadow(("#C89878", "#8C5A48", "#4A2E2A"), "shimmer"), 0.9),
    liner=Worn(EyeLiner("#1A1414", 0.4, 0.5), 1.0),
    lashes=Worn(Lashes(volume=0.6, length=0.5), 1.0),
    blush=Worn(Blush("#D9646E", "matte", 0.45), 0.9),
    brow=Worn(BrowTint("#4A3328", 0.3), 0.9),
)
GLASSES_VIDEO = "videos/talk_d13.mp4"  # a man in dark-framed glasses


def _glasses_frame(testdata: Path, tracker: FaceTracker) -> tuple[np.ndarray, Face]:
    """A frame of talk_d13 in which the glasses are found on that frame alone."""
    cap = cv2.VideoCapture(str(testdata / GLASSES_VIDEO))
    try:
        for _ in range(12):
            ok, frame = cap.read()
            assert ok
            for _ in range(4):
                cap.grab()
            faces = tracker.detect(frame).faces
            layer = prepare_makeup(frame, faces[0], FULL_LOOK) if faces else None
            if layer is not None and layer.regions.glasses is not None:
                return frame, faces[0]
    finally:
        cap.release()
    raise AssertionError("no frame of talk_d13 with its glasses found")


def _compare(
    qtbot: QtBot,
    shader: str,
    image: np.ndarray,
    face: Face,
    products: dict[str, FaceMakeup],
    tmp_path: Path,
) -> list[tuple[str, float, float, int]]:
    """Each product painted on `image` by the GPU and the reference: per product the p95
    and max CIEDE2000 over its regions, and the largest byte change outside them."""
    h, w = image.shape[:2]
    scene = SCENE % (*CANVAS_SIZE, shader.encode())
    sources = [ImageSource() for _ in range(5)]
    sources[0].set_image(to_qimage(image, "bgr"))
    names = ("frame", "maskA", "maskB", "maskC", "glasses")
    view, root = show_scene(
        qtbot, scene, QML_DIR / "Parity.qml", dict(zip(names, sources, strict=True)), (w, h)
    )
    for source in sources:
        source.setParent(view)  # (they live as long as the window showing them)
    effect = root.findChild(QQuickItem, "makeupEffect")
    assert effect is not None
    rows = []
    for kind, makeup in products.items():
        layer = prepare_makeup(image, face, makeup)
        assert layer is not None, kind
        mask_a, mask_b, mask_c = frame_masks(layer, h, w)
        sources[1].set_image(to_qimage(mask_a, "weights"))
        sources[2].set_image(to_qimage(mask_b, "weights"))
        sources[3].set_image(to_qimage(mask_c, "gray"))
        canvas = glasses_canvas(layer)
        sources[4].set_image(QImage() if canvas is None else to_qimage(canvas, "gray"))
        root.setProperty("u", qml_uniforms(layer, w, h))
        qtbot.wait(50)
        gpu = grab_item(qtbot, effect)  # RGB
        reference = image.copy()
        composite_makeup(reference, layer)
        x0, y0, x1, y1 = layer.roi
        region = layer.regions.weights.max(axis=2) > 0
        de = delta_e(gpu[y0:y1, x0:x1][region], reference[y0:y1, x0:x1][..., ::-1][region])
        # Outside every region the GPU passes the frame through untouched (the frames of
        # glasses included: there its masks still paint, and its gate takes them out).
        outside = np.ones((h, w), bool)
        outside[y0:y1, x0:x1] = ~region
        passed = np.abs(gpu[outside].astype(int) - image[..., ::-1][outside]).max()
        # ... and inside them it paints (the comparison is not of two bare frames).
        strong = region & (layer.regions.weights.max(axis=2) > 0.5)
        moved = delta_e(gpu[y0:y1, x0:x1][strong], image[y0:y1, x0:x1][..., ::-1][strong])
        assert float(np.median(moved)) > 1.0, (kind, float(np.median(moved)))
        rows.append((kind, float(np.percentile(de, 95)), float(de.max()), int(passed)))
        cv2.imwrite(str(tmp_path / f"gpu_{kind}.png"), gpu[..., ::-1])
    view.close()
    return rows


@pytest.mark.slow
def test_gpu_makeup_matches_the_reference_for_every_product(
    qtbot: QtBot, testdata: Path, face_model: Path, tmp_path: Path
) -> None:
    image = cv2.imread(str(testdata / PHOTO))
    assert image is not None
    with FaceTracker(face_model, mode="image") as tracker:
        face = tracker.detect(image).faces[0]
        glasses_image, glasses_face = _glasses_frame(testdata, tracker)
    # the glasses' frames lie where the masks the GPU gets still paint: the gate is tested
    regions = prepare_makeup(glasses_image, glasses_face, FULL_LOOK)
    assert regions is not None
    raw = np.max([p for p in regions.regions.raw_planes if p is not None], axis=0)
    gated = regions.regions.weights.max(axis=2)
    assert int(((raw > 0.5) & (gated <= 0.05 * raw)).sum()) >= 50
    shader = QUrl.fromLocalFile(str(bake_makeup(tmp_path / "shaders"))).toString()
    rows = _compare(qtbot, shader, image, face, PRODUCTS, tmp_path)
    rows += _compare(
        qtbot, shader, glasses_image, glasses_face, {"full look, glasses": FULL_LOOK}, tmp_path
    )
    report = "\n".join(
        f"{k:19s} p95 ΔE2000 {p95:.2f}  max {mx:.2f}  outside max byte diff {o}"
        for k, p95, mx, o in rows
    )
    print(report)
    assert all(p95 <= 2.0 for _, p95, _, _ in rows), report
    assert all(o <= 1 for *_, o in rows), report
