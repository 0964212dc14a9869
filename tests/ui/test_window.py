"""The kiosk's QML window, end to end: real video, real model, real GPU path (Mesa)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtQuick import QQuickItem
from pytestqt.qtbot import QtBot

from kiosk.render.color import bgr_to_lab, hex_to_bgr
from kiosk.vision.face import FaceTracker
from kiosk.vision.lips import lip_alpha, lip_contours
from tests.helpers import AppFactory
from tests.ui.screen import (
    GPU,
    WAIT_MS,
    grab_bgr,
    start_on_face,
    tap,
    tap_tab,
    wait_frames,
)


def lip_lab(tracker: FaceTracker, shot: np.ndarray) -> np.ndarray:
    """Mean CIELAB of the lips in a screenshot, found by an independent tracker pass."""
    result = tracker.detect(shot)
    assert result.found, "no face visible in the kiosk screenshot"
    lips = lip_contours(result.faces[0])
    roi = lips.bounds(0, shot.shape[1], shot.shape[0])
    core = lip_alpha(lips, roi, 0.0) > 0.99
    x0, y0, x1, y1 = roi
    return bgr_to_lab(shot[y0:y1, x0:x1])[core].mean(axis=0)


def shade_lab(hex_color: str) -> np.ndarray:
    return bgr_to_lab(hex_to_bgr(hex_color).reshape(1, 1, 3)).reshape(3)


def test_video_frame_shows_lipstick_and_carousel_changes_it(
    qtbot: QtBot, kiosk_app: AppFactory, image_tracker: FaceTracker, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "videos/talk_d10.mp4")
    ctl, card = app.controller, app.card  # type: ignore[attr-defined]
    assert card.sku == "LIP-001"
    # The face-aware layout glides the image into place after the first frames: the lips
    # are measured on screen once it has settled.
    wait_frames(qtbot, ctl, 12)
    first = lip_lab(image_tracker, grab_bgr(app))
    red = shade_lab(ctl.selected_shade().shade.color)

    carousel = app.window.findChild(QQuickItem, "carousel")
    delegates = carousel.property("contentItem").childItems()
    target = next(d for d in delegates if d.objectName() == "shade_1")  # Bare Nude, light beige
    tap(qtbot, app, target)
    qtbot.waitUntil(lambda: ctl.selectedIndex == 1, timeout=WAIT_MS)
    assert card.name == "Bare Nude"
    wait_frames(qtbot, ctl, 5)
    second = lip_lab(image_tracker, grab_bgr(app))
    nude = shade_lab(ctl.selected_shade().shade.color)

    def hue_distance(lab: np.ndarray, target: np.ndarray) -> float:
        return float(np.linalg.norm(lab[1:] - target[1:]))

    # The red shade shows red lips; after the tap they take the nude shade.
    assert hue_distance(first, red) < hue_distance(first, nude)
    assert hue_distance(second, nude) < hue_distance(second, red)
    assert second[0] > first[0] + 5  # the nude is much lighter than the red
    # The status line is quiet during a session with a face.
    qtbot.waitUntil(lambda: ctl.presence == "active", timeout=WAIT_MS)
    assert ctl.statusText == ""


def test_no_face_shows_a_calm_step_closer_state(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "garments/vitonhd_09236_00.jpg"))
    ctl = app.controller
    qtbot.waitUntil(lambda: ctl.framesShown >= 5, timeout=WAIT_MS)
    assert not ctl.faceFound and ctl.presence == "idle" and ctl.stage == "attract"
    # Nobody there: the attract screen, steady (no pulse), with its invitation; the shop
    # behind it (card, price, buttons) is not shown.
    attract = app.window.findChild(QQuickItem, "attractScreen")
    assert attract.isVisible() and attract.opacity() == 1.0
    assert app.window.findChild(QQuickItem, "invitation").property("text") == (
        "Step closer to try on"
    )
    assert not app.window.findChild(QQuickItem, "productCard").isVisible()
    assert not app.window.findChild(QQuickItem, "cardActions").isVisible()
    screen = grab_bgr(app)
    assert float(screen.std()) > 8  # a picture with words on it, not a blank


def test_developer_mode_without_a_camera_says_how_to_use_a_file(
    qtbot: QtBot, kiosk_app: AppFactory, tmp_path: Path
) -> None:
    app = kiosk_app(f"camera:{tmp_path / 'no-such-camera'}")
    ctl = app.controller
    qtbot.waitUntil(lambda: ctl.statusText == "No camera found", timeout=WAIT_MS)
    banner = app.window.findChild(QQuickItem, "status")
    assert "--source" in banner.property("hint")
    assert app.window.isVisible()


def test_overlay_toggles_with_the_d_key(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(str(testdata / "faces/mouth_open_d19.jpg"))
    ctl = app.controller
    overlay = app.window.findChild(QQuickItem, "debugOverlay")
    qtbot.waitUntil(lambda: ctl.framesShown >= 3, timeout=WAIT_MS)
    assert not overlay.isVisible()
    app.window.requestActivate()
    qtbot.keyClick(app.window, Qt.Key.Key_D)
    qtbot.waitUntil(overlay.isVisible, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: "fps" in ctl.statsText, timeout=WAIT_MS)


def test_intensity_slider_changes_how_strongly_the_shade_shows(
    qtbot: QtBot, kiosk_app: AppFactory, image_tracker: FaceTracker, testdata: Path
) -> None:
    app = start_on_face(qtbot, kiosk_app, testdata / "lips/celebamask_0.jpg")
    ctl = app.controller  # type: ignore[attr-defined]
    ctl.selectShade(1)  # Bare Nude: far from this model's pink lips
    wait_frames(qtbot, ctl, 3)
    strong = lip_lab(image_tracker, grab_bgr(app))

    slider = app.window.findChild(QQuickItem, "intensity")
    bottom = slider.mapToScene(QPointF(slider.width() / 2, slider.height() - 2)).toPoint()
    qtbot.mouseClick(app.window, Qt.MouseButton.LeftButton, pos=QPoint(bottom))
    qtbot.waitUntil(lambda: ctl.intensity < 0.05, timeout=WAIT_MS)
    wait_frames(qtbot, ctl, 3)
    bare = lip_lab(image_tracker, grab_bgr(app))
    nude = shade_lab(ctl.selected_shade().shade.color)
    assert np.linalg.norm(strong - nude) < np.linalg.norm(bare - nude) - 5


def test_clothes_shelf_puts_a_garment_on_the_shopper(
    qtbot: QtBot, kiosk_app: AppFactory, testdata: Path
) -> None:
    app = kiosk_app(
        str(testdata / "bodies/vitonhd_00121_00.jpg"),  # a black tee
        **{
            "kiosk.window_width": "768",
            "kiosk.window_height": "1024",
            "capture.mirror": "false",
            "kiosk.face_layout": "false",  # the frame stays put: one screen pixel each
            **GPU,  # the scene graph blends the garment
        },
    )
    ctl, shelf, shelves = app.controller, app.garments, app.shelves
    qtbot.waitUntil(lambda: ctl.framesShown >= 3, timeout=WAIT_MS)
    assert shelf.available
    tap_tab(qtbot, app, "clothes")
    qtbot.waitUntil(lambda: shelves.category == "clothes", timeout=WAIT_MS)
    carousel = app.window.findChild(QQuickItem, "garmentCarousel")
    qtbot.waitUntil(lambda: carousel.isVisible(), timeout=WAIT_MS)
    first = next(
        d for d in carousel.property("contentItem").childItems() if d.objectName() == "garment_0"
    )
    tap(qtbot, app, first)  # the coral crew tee
    qtbot.waitUntil(lambda: shelf.selectedIndex == 0, timeout=WAIT_MS)
    wait_frames(qtbot, ctl, 5)
    shown = app.compositor.last if app.compositor.enabled else None
    output = shown.output if shown is not None else None
    assert output is not None and output.garment is not None, "the garment is worn"
    x0, y0, x1, y1 = output.garment.roi
    worn = output.garment.alpha > 0.9
    shot = grab_bgr(app)[y0:y1, x0:x1][worn].astype(float).mean(axis=0)
    b, g, r = shot
    assert r > g + 40 and r > b + 40, f"the torso should look coral, not black: BGR {shot}"
    # The scene graph blends the garment, so before/after uncovers the shopper's own top.
    app.compositor.setWipe(1.0)  # what "hold: bare" does
    wait_frames(qtbot, ctl, 2)
    bare = grab_bgr(app)[y0:y1, x0:x1][worn].astype(float).mean(axis=0)
    assert bare.max() < 90, f"held bare, the black tee should show: BGR {bare}"
    app.compositor.setWipe(0.0)
    tap(qtbot, app, first)  # a second tap takes it off
    qtbot.waitUntil(lambda: shelf.selectedIndex == -1, timeout=WAIT_MS)
