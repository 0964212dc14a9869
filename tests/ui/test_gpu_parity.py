"""The GLSL compositor against the NumPy reference renderer, pixel for pixel.

The kiosk runs on a still photo at 1:1 scale under Xvfb (Mesa llvmpipe); for
every finish, the shader's output (the lipstick item grabbed alone, without
the on-screen chrome) is compared over the lip pixels with the reference
composite of the very frame and layer the GPU was given. CIEDE2000 from
colour-science, an independent implementation.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtGui import QImage
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.render.lipstick import composite
from kiosk.ui.gl_probe import is_software, opengl_renderer
from tests.helpers import AppFactory
from tests.ui.screen import WAIT_MS, grab_bgr, tap, wait_for_mirror, wait_frames

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # colour-science notes that SciPy is absent
    import colour

SKUS = {  # one shade per finish, plus a liner and an ombre
    "matte": "LIP-001",
    "satin": "LIP-002",
    "cream": "LIP-003",
    "gloss": "LIP-005",
    "shimmer": "LIP-010",
    "metallic": "LIP-011",
    "sheer": "LIP-012",
    "liner": "LIP-015",
    "ombre": "LIP-016",
}
SHOTS = Path(os.environ.get("KIOSK_TEST_SHOTS", "/tmp/kiosk-test-shots"))


def qimage_to_rgb(image: QImage, alpha: bool = False) -> np.ndarray:
    """(h, w, 3) RGB bytes, or with `alpha` (h, w, 4) premultiplied RGBA."""
    n = 4 if alpha else 3
    fmt = QImage.Format.Format_RGBA8888_Premultiplied if alpha else QImage.Format.Format_RGB888
    image = image.convertToFormat(fmt)
    w, h = image.width(), image.height()
    buf = np.frombuffer(image.constBits(), np.uint8, count=image.sizeInBytes())
    return buf.reshape(h, image.bytesPerLine())[:, : w * n].reshape(h, w, n).copy()


def grab_item(qtbot: QtBot, item: QQuickItem, alpha: bool = False) -> np.ndarray:
    """What `item` shows, as `qimage_to_rgb` gives it."""
    result = item.grabToImage()
    with qtbot.waitSignal(result.ready, timeout=WAIT_MS):
        pass
    return qimage_to_rgb(result.image(), alpha)


def delta_e(rgb_a: np.ndarray, rgb_b: np.ndarray) -> np.ndarray:
    lab = [
        colour.XYZ_to_Lab(colour.sRGB_to_XYZ(x.astype(np.float64) / 255.0)) for x in (rgb_a, rgb_b)
    ]
    return np.asarray(colour.delta_E(lab[0], lab[1], method="CIE 2000"))


def one_to_one_gpu_app(kiosk_app: AppFactory, testdata: Path) -> Any:
    """The kiosk on a still 1024x1024 photo in a 1024x1024 window: screen pixels
    are camera pixels, so the GPU output compares to the reference one to one."""
    return kiosk_app(
        str(testdata / "lips/celebamask_0.jpg"),
        **{
            "kiosk.window_width": "1024",
            "kiosk.window_height": "1024",
            "capture.mirror": "false",
            "lipstick.compositor": "gpu",
            "kiosk.face_layout": "false",  # the frame stays put: one screen pixel each
        },
    )


@pytest.mark.slow
def test_gpu_matches_the_reference_for_every_finish(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = one_to_one_gpu_app(kiosk_app, testdata)
    ctl, compositor = app.controller, app.compositor
    assert compositor.enabled
    effect = app.window.findChild(QQuickItem, "lipstickEffect")
    skus = [ctl.shades.product(i).sku for i in range(ctl.shades.rowCount())]
    qtbot.waitUntil(lambda: ctl.faceFound, timeout=WAIT_MS)
    SHOTS.mkdir(parents=True, exist_ok=True)
    rows = []
    for name, sku in SKUS.items():
        ctl.selectShade(skus.index(sku))
        wait_frames(qtbot, ctl, 4)
        shown = compositor.last
        assert shown is not None and shown.output.deferred
        gpu = grab_item(qtbot, effect)
        layer = shown.output.deferred[0]
        reference = shown.output.image.copy()
        composite(reference, layer)
        x0, y0, x1, y1 = layer.roi
        lips = layer.cover > 0
        ref_rgb = reference[y0:y1, x0:x1][..., ::-1][lips]
        gpu_rgb = gpu[y0:y1, x0:x1][lips]
        de = delta_e(gpu_rgb, ref_rgb)
        rows.append((name, float(np.percentile(de, 95)), float(de.max())))
        QImage(
            gpu.data, gpu.shape[1], gpu.shape[0], gpu.strides[0], QImage.Format.Format_RGB888
        ).save(str(SHOTS / f"gpu_{name}.png"))
    report = "\n".join(f"{n:9s} p95 ΔE2000 {p95:.2f}  max {mx:.2f}" for n, p95, mx in rows)
    print(report)
    assert all(p95 <= 2.0 for _, p95, _ in rows), report


@pytest.mark.parametrize("choice", ["cpu", "auto"])
def test_cpu_compositor_is_chosen_on_request_and_on_cpu_drawn_opengl(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path, choice: str
) -> None:
    """ "cpu" asks for the NumPy compositor; "auto" takes it on Xvfb, whose OpenGL is
    Mesa's llvmpipe: the shader would run per screen pixel on the CPU (1.4 frames a second
    at kiosk size, 16.5 with the NumPy compositor). "gpu" still gets the shader (the parity
    tests above). Either way the worker paints the lips."""
    if choice == "auto":
        renderer = opengl_renderer()
        assert renderer is not None and is_software(renderer), renderer
    app = kiosk_app(str(testdata / "lips/celebamask_0.jpg"), **{"lipstick.compositor": choice})
    ctl = app.controller
    wait_for_mirror(qtbot, app)  # a fading attract screen would change every pixel
    assert not app.compositor.enabled
    assert not app.window.findChild(QQuickItem, "lipstickEffect").isVisible()
    assert not app.worker.gpu
    wait_frames(qtbot, ctl, 3)
    bare = grab_bgr(app).astype(np.int16)
    ctl.selectShade(0)
    wait_frames(qtbot, ctl, 4)
    painted = np.abs(grab_bgr(app).astype(np.int16) - bare).max(axis=2) > 30
    assert painted.sum() > 500, painted.sum()  # the lips, painted by the worker on the CPU


def test_before_after_split_view_and_before_toggle(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = one_to_one_gpu_app(kiosk_app, testdata)
    ctl, compositor = app.controller, app.compositor
    effect = app.window.findChild(QQuickItem, "lipstickEffect")
    qtbot.waitUntil(lambda: ctl.faceFound, timeout=WAIT_MS)
    ctl.selectShade(0)
    wait_frames(qtbot, ctl, 3)
    tap(qtbot, app, app.window.findChild(QQuickItem, "wipeButton"))
    qtbot.waitUntil(lambda: compositor.wipe == 0.5, timeout=WAIT_MS)
    wait_frames(qtbot, ctl, 2)
    shown = compositor.last
    layer = shown.output.deferred[0]
    bare = shown.output.image
    painted = bare.copy()
    composite(painted, layer)
    gpu = grab_item(qtbot, effect)[..., ::-1]  # to BGR
    x0, y0, x1, y1 = layer.roi
    lips = layer.cover > 0.5
    cols = np.arange(x0, x1)[None, :].repeat(y1 - y0, axis=0)
    left, right = lips & (cols < 500), lips & (cols > 524)
    region = (slice(y0, y1), slice(x0, x1))

    def diff(a: np.ndarray, b: np.ndarray, where: np.ndarray) -> float:
        return float(np.abs(a[region].astype(int) - b[region])[where].mean())

    assert diff(gpu, bare, left) < 1.0 < diff(gpu, painted, left)  # left of the line: before
    assert diff(gpu, painted, right) < 1.0 < diff(gpu, bare, right)  # right: after

    # "Before" is a tap, not a hold (nothing on screen depends on timing): the bare
    # mirror until tapped again, then the shade, whole.
    hold = app.window.findChild(QQuickItem, "holdButton")
    tap(qtbot, app, hold)
    qtbot.waitUntil(lambda: compositor.wipe == 1.0, timeout=WAIT_MS)
    tap(qtbot, app, hold)
    qtbot.waitUntil(lambda: compositor.wipe == 0.0, timeout=WAIT_MS)


def test_compare_shows_up_to_four_shades_from_one_tracking_pass(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = one_to_one_gpu_app(kiosk_app, testdata)
    ctl, compositor = app.controller, app.compositor
    qtbot.waitUntil(lambda: ctl.faceFound, timeout=WAIT_MS)
    ctl.selectShade(0)
    tap(qtbot, app, app.window.findChild(QQuickItem, "compareButton"))
    qtbot.waitUntil(lambda: ctl.compareMode, timeout=WAIT_MS)
    skus = [ctl.shades.product(i).sku for i in range(ctl.shades.rowCount())]
    for sku in ("LIP-002", "LIP-010"):  # a nude and a plum join the worn red
        ctl.selectShade(skus.index(sku))
    assert list(ctl.compareSkus) == ["LIP-001", "LIP-002", "LIP-010"]
    wait_frames(qtbot, ctl, 4)
    shown = compositor.last
    assert len(shown.output.compared) == 3
    x0, y0, x1, y1 = shown.output.compared[0].roi
    lips = shown.output.compared[0].cover > 0.9
    bare = shown.output.image[y0:y1, x0:x1][lips].astype(float).mean(axis=0)[::-1]
    means = []
    grid = app.window.findChild(QQuickItem, "compareGrid")
    whole = grab_item(qtbot, grid)
    cv2_save = SHOTS / "compare.png"
    QImage(
        whole.data, whole.shape[1], whole.shape[0], whole.strides[0], QImage.Format.Format_RGB888
    ).save(str(cv2_save))
    # Each cell shows the face framed: frame pixel -> mirror (frameRect) -> the cell's
    # part of the mirror (cellSource) -> the cell.
    frame, source = app.layout.frameRect, app.layout.cellSource
    cell_w, cell_h = grid.width() / 2, grid.height() / 2
    k = frame.width() / shown.output.image.shape[1] * cell_w / source.width()
    ys, xs = np.nonzero(lips)
    cx = (frame.x() - source.x()) * cell_w / source.width() + (xs + x0 + 0.5) * k
    cy = (frame.y() - source.y()) * cell_h / source.height() + (ys + y0 + 0.5) * k
    for cell in range(4):
        ox, oy = (cell % 2) * cell_w, (cell // 2) * cell_h
        pix = whole[(oy + cy).astype(int), (ox + cx).astype(int)].astype(float)
        means.append(pix.mean(axis=0))
    colours = [
        ctl.shades.product(skus.index(s)).shade.color for s in ("LIP-001", "LIP-002", "LIP-010")
    ]
    targets = [np.array([int(c[i : i + 2], 16) for i in (1, 3, 5)], float) for c in colours]
    for cell in range(len(targets)):
        distances = [np.linalg.norm(means[cell] - t) for t in targets]
        assert int(np.argmin(distances)) == cell, (cell, means[cell], targets)
    # The empty fourth cell is the bare mirror: within resampling of the frame's own lips
    # (the cells' scale follows the chrome, whose height follows the installed font: 5.x
    # with WenQuanYi, 8.7 with Noto Sans CJK), and far from every shade's colour.
    to_bare = np.linalg.norm(means[3] - bare)
    assert to_bare < 12.0
    assert all(to_bare < np.linalg.norm(means[3] - t) / 3 for t in targets), (means[3], bare)
    # Removing a shade frees its cell; leaving compare mode goes back to the single look.
    ctl.selectShade(skus.index("LIP-002"))
    assert list(ctl.compareSkus) == ["LIP-001", "LIP-010"]
    tap(qtbot, app, app.window.findChild(QQuickItem, "compareButton"))
    qtbot.waitUntil(lambda: not ctl.compareMode, timeout=WAIT_MS)
