"""Nothing moves under a finger: the face-aware layout keeps still while a panel is open and
for a moment after a touch, then glides on from where it stood (no jump)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QRectF, QSizeF

from kiosk.pipeline import FrameOutput, StageTimes
from kiosk.ui.layout_bridge import TOUCH_HOLD_S, MirrorLayout
from kiosk.vision.face import Face, FaceResult

FRAME_W, FRAME_H = 1280, 720
IMAGE = np.zeros((FRAME_H, FRAME_W, 3), np.uint8)


def _frame(cx: float) -> FrameOutput:
    """A frame with one face (a box of landmarks) centred at x = `cx`, frame pixels."""
    xs = np.linspace(cx - 90, cx + 90, 478)
    ys = np.linspace(250, 480, 478)
    face = Face(np.stack([xs, ys, np.zeros(478)], axis=1))
    faces = FaceResult((face,), 0, 0.0, (FRAME_W, FRAME_H))
    return FrameOutput(0, IMAGE, faces, (), StageTimes(0, 0, 0, 0))


def _layout(
    view: tuple[float, float] = (1080, 1920),
    shelf_top: float = 1500.0,
    card_bottom: float = 1500.0,
    card: tuple[float, float] = (600, 300),
) -> MirrorLayout:
    layout = MirrorLayout()
    layout.viewSize = QSizeF(*view)
    layout.margin = 10.0
    layout.shelfTop = shelf_top
    layout.cardBottom = card_bottom
    layout.cardSize = QSizeF(*card)
    return layout


def _settle(layout: MirrorLayout, cx: float, start: float, seconds: float = 6.0) -> float:
    t = start
    while t < start + seconds:
        layout.observe(_frame(cx), t)
        t += 1 / 30
    return t


def _rects(layout: MirrorLayout) -> tuple[QRectF, QRectF, QRectF]:
    return layout.frameRect, layout.cardRect, layout.freeArea


@pytest.fixture
def moved() -> tuple[MirrorLayout, float]:
    """A layout settled on a face at the left; the face has just stepped to the right."""
    layout = _layout()
    t = _settle(layout, 300.0, 0.0)
    return layout, t


def test_without_a_hold_the_layout_follows_the_face(
    qapp: object, moved: tuple[MirrorLayout, float]
) -> None:
    layout, t = moved
    before = _rects(layout)
    _settle(layout, 1000.0, t, 2.0)
    assert _rects(layout)[0] != before[0]  # the test's premise: the face move moves things


def test_an_open_panel_holds_the_layout_and_release_glides_without_a_jump(
    qapp: object, moved: tuple[MirrorLayout, float]
) -> None:
    layout, t = moved
    held = _rects(layout)
    layout.held = True
    t = _settle(layout, 1000.0, t, 5.0)
    assert _rects(layout) == held
    layout.held = False
    layout.observe(_frame(1000.0), t)  # the first frame after: no time has passed for it
    assert _rects(layout)[:2] == held[:2]  # the image and the card do not jump (the free
    # area may: it is where the next panel opens, and none is open now)
    _settle(layout, 1000.0, t + 1 / 30, 2.0)
    assert _rects(layout)[0] != held[0]  # then on it goes


def test_a_touch_holds_the_layout_for_a_moment(
    qapp: object, moved: tuple[MirrorLayout, float]
) -> None:
    layout, t = moved
    before = _rects(layout)
    layout.touched()
    t = _settle(layout, 1000.0, t, TOUCH_HOLD_S - 0.2)
    assert _rects(layout) == before
    _settle(layout, 1000.0, t, 2.0)
    assert _rects(layout)[0] != before[0]


@pytest.mark.parametrize("span", [(150, 900), (100, 950)])
def test_a_too_close_heads_status_line_keeps_off_the_shelf_and_the_card(
    qapp: object, span: tuple[float, float]
) -> None:
    """A square close-up in a landscape kiosk whose head no layout can keep clear: the
    status line has no free place, so it goes over the hair, never over the card or the
    shelf's tabs (a greeting was seen covering the Clothes tab, and the card)."""
    layout = _layout((1920, 1080), 756.0, 700.0, (1064, 140))
    layout.fixedRects = [QRectF(0, 160, 140, 480), QRectF(1796, 33, 108, 560)]
    xs = np.linspace(*span, 478)
    face = Face(np.stack([xs, xs, np.zeros(478)], axis=1))
    image = np.zeros((1024, 1024, 3), np.uint8)
    out = FrameOutput(0, image, FaceResult((face,), 0, 0.0, (1024, 1024)), (),
                      StageTimes(0, 0, 0, 0))  # fmt: skip
    t = 0.0
    while t < 4.0:
        layout.observe(out, t)
        t += 1 / 30
    assert not layout.faceClear  # the premise: too close for any clear place
    width, height = 600.0, 60.0
    corner = layout.statusPlace(1080 * 0.08, width, height)
    assert corner.y() + height <= 756.0, corner  # not on the shelf band
    assert not QRectF(corner.x(), corner.y(), width, height).intersects(layout.cardRect), corner
