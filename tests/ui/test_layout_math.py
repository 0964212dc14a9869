"""The face-aware layout's maths without a window: where the frame goes for faces at the
edges, close and far, in portrait and landscape kiosks; the glide, the hold when the face
is lost, the compare crop and the window that fits its screen."""

from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pytest

from kiosk.ui.layout import (
    HOLD_S,
    STATUS_PAD,
    LayoutState,
    Placement,
    Rect,
    Scene,
    cell_crop,
    choose,
    clear_of,
    compare_area,
    face_core,
    free_boxes,
    grid_score,
    head_box,
    status_place,
    window_size,
)

U = 10.8  # the window's unit at 1080 px


def portrait(frame: tuple[float, float] = (720, 1280)) -> Scene:
    """A 1080x1920 kiosk as Main.qml lays it out: shelf band, edge buttons, a wide card."""
    fixed = (Rect.of(0, 600, 140, 460), Rect.of(956, 450, 108, 560))
    return Scene(
        1080,
        1920,
        *frame,
        shelf_top=1596,
        card_w=1064,
        card_h=131,
        card_bottom=1596,
        fixed=fixed,
        margin=U,
    )


def landscape(frame: tuple[float, float] = (1280, 720)) -> Scene:
    fixed = (Rect.of(0, 160, 140, 480), Rect.of(1796, 33, 108, 560))
    return Scene(
        1920,
        1080,
        *frame,
        shelf_top=756,
        card_w=1064,
        card_h=131,
        card_bottom=756,
        fixed=fixed,
        margin=U,
    )


def settle(state: LayoutState, scene: Scene, face: Rect | None, t0: float = 0.0) -> float:
    t = t0
    for _ in range(60):  # two seconds at 30 fps
        t += 1 / 30
        state.update(scene, face, t)
    return t


@pytest.mark.parametrize(
    "scene",
    [portrait(), landscape(), portrait((720, 720)), landscape((720, 1280)), portrait((1280, 720))],
)
@pytest.mark.parametrize(
    "where",
    {
        "centre": (0.5, 0.45),
        "left edge": (0.12, 0.4),
        "right edge": (0.88, 0.4),
        "low": (0.5, 0.8),
        "top": (0.5, 0.12),
    }.items(),
    ids=lambda w: w[0],
)
@pytest.mark.parametrize("size", [0.12, 0.3])  # face height / frame height
def test_a_face_anywhere_ends_clear_of_the_ui(
    scene: Scene, where: tuple[str, tuple[float, float]], size: float
) -> None:
    (_, (cx, cy)) = where
    fh = scene.frame_h * size
    fw = fh * 0.8
    x = min(max(cx * scene.frame_w - fw / 2, 0), scene.frame_w - fw)
    y = min(max(cy * scene.frame_h - fh / 2, 0), scene.frame_h - fh)
    face = Rect.of(x, y, fw, fh)
    state = LayoutState()
    settle(state, scene, face)
    out = state.update(scene, face, 10.0)
    assert out.clear and out.face is not None
    assert scene.view.contains(out.face)
    for item in (scene.shelf(), out.card, *scene.fixed):
        assert not out.face.intersects(item), (out.face, item)
    # Never zoomed out further than the limit (or than the whole frame, turned frames).
    assert out.placement.scale >= min(scene.fit(), scene.fill() * 0.5) - 1e-6
    # The panels' free area and the compare grid stay off the face / the shelf and card.
    assert not out.free.intersects(out.face)
    assert not out.compare.intersects(scene.shelf()) and not out.compare.intersects(out.card)


def test_a_small_centred_face_keeps_the_plain_mirror() -> None:
    scene = portrait()
    face = Rect.of(300, 300, 120, 150)  # far from the mirror, high in the frame
    out = choose(scene, face, 0.22)
    assert out.clear
    assert out.placement.scale == pytest.approx(scene.fill())
    assert out.placement.x == pytest.approx((1080 - 720 * scene.fill()) / 2)


def test_a_face_behind_the_card_moves_up_or_out_not_the_card_over_it() -> None:
    scene = portrait((720, 720))
    face = Rect(180, 330, 540, 700)  # close, low: at fill its chin is behind the card
    state = LayoutState()
    settle(state, scene, face)
    out = state.update(scene, face, 5.0)
    assert out.clear
    assert out.placement.scale < scene.fill() or out.placement.y < 0


def test_too_close_for_any_layout_says_so_and_stays_put() -> None:
    scene = landscape()
    face = Rect(100, 0, 1200, 720)  # the whole frame is face
    state = LayoutState(min_zoom=0.9)  # a store that allows little zoom-out
    settle(state, scene, face)
    first = state.update(scene, face, 5.0)
    assert not first.clear
    again = state.update(scene, face, 5.1)
    assert again.placement == pytest.approx(first.placement)  # no wandering


def test_the_placement_glides_and_ignores_small_moves() -> None:
    scene = portrait((720, 720))
    state = LayoutState()
    face = Rect(200, 330, 520, 700)
    t = settle(state, scene, face)
    steady = state.current
    # A few pixels of motion (talking) keep the placement exactly.
    for dx in (3, -2, 4, -3):
        t += 1 / 30
        state.update(scene, Rect(200 + dx, 330, 520 + dx, 700 + dx), t)
        assert state.current == steady
    # The face jumps to the left edge: the next frame moves only part of the way.
    left = Rect(0, 200, 260, 520)
    t += 1 / 30
    step = state.update(scene, left, t).placement
    target = state.target
    assert target is not None and target != steady
    assert abs(step.x - steady.x) < abs(target.x - steady.x)
    settle(state, scene, left, t)
    assert state.current is not None
    assert abs(state.current.x - target.x) < 0.5 and abs(state.current.y - target.y) < 0.5
    assert state.current.scale == pytest.approx(target.scale, rel=1e-3)


@pytest.mark.parametrize("scene", [portrait((512, 512)), landscape((512, 512))])
def test_a_close_talking_head_that_sways_is_not_followed_sway_by_sway(scene: Scene) -> None:
    """A face that fills much of the frame sways +-45 px side to side and nods while it
    talks (as on the shared talking-face videos). The picture settles where the head has
    been and stays: no zooming in and out, and it pans far less than the head moves.
    (Before: 25 and 13 zoom changes in 17 s; the landscape picture travelled 7,317 px,
    three times the head's own path, jumping between the screen's sides.)"""
    state = LayoutState()
    zooms, picture, head = 0, 0.0, 0.0
    before: tuple[Placement, Rect] | None = None
    for i in range(20 * 30):
        t = i / 30
        dx = 45 * math.sin(2 * math.pi * 0.4 * t)
        dy = 20 * math.sin(2 * math.pi * 0.3 * t)
        face = Rect(150 + dx, 130 + dy, 355 + dx, 390 + dy)
        state.update(scene, face, t)
        target = state.target
        assert target is not None
        if t >= 3.0 and before is not None:
            was, was_face = before
            zooms += target.scale != was.scale
            picture += math.hypot(target.x - was.x, target.y - was.y)
            head += math.dist(face.centre, was_face.centre) * target.scale
        before = (target, face)
    assert zooms == 0
    assert picture <= 0.2 * head, (picture, head)


def test_another_camera_forgets_where_the_head_has_been() -> None:
    """Where the head roamed is in the old camera's pixels: a new camera's frame size
    starts it afresh (else the head's old places, meaningless now, widen the new one)."""
    state = LayoutState()
    t = settle(state, portrait((1280, 720)), Rect(100, 100, 300, 350))
    assert state.roam
    state.update(portrait((720, 1280)), Rect(300, 500, 420, 650), t + 1 / 30)
    assert [r for _, r in state.roam] == [head_box(Rect(300, 500, 420, 650))]


def test_a_face_lost_for_a_moment_holds_then_lets_go() -> None:
    scene = portrait((720, 720))
    state = LayoutState()
    face = Rect(180, 330, 540, 700)
    t = settle(state, scene, face)
    held = state.current
    t += 0.5
    out = state.update(scene, None, t)  # a blink of tracking
    assert out.placement == held and out.face is not None
    for _ in range(int((HOLD_S + 2) * 30)):
        t += 1 / 30
        out = state.update(scene, None, t)
    assert out.face is None
    assert out.placement.scale == pytest.approx(scene.fill(), rel=1e-3)


def test_a_plain_mirror_when_the_store_turns_it_off() -> None:
    scene = portrait((720, 720))
    state = LayoutState(follow=False)
    face = Rect(180, 330, 540, 700)
    settle(state, scene, face)
    out = state.update(scene, face, 5.0)
    assert out.placement.scale == pytest.approx(scene.fill())
    assert out.placement.x == pytest.approx((1080 - 720 * scene.fill()) / 2)


def test_the_compare_crop_frames_the_face_at_the_cells_shape() -> None:
    face = Rect(300, 200, 500, 450)
    crop = cell_crop(face, 1280, 720, 540, 700)
    assert crop.contains(face)
    assert crop.w / crop.h == pytest.approx(540 / 700)
    assert 0.5 < face.h / crop.h <= 0.62 + 1e-9  # the face big, all of it in the cell
    cx, cy = crop.centre
    assert (cx, cy) == pytest.approx(face.centre)
    # A face at the frame's edge: the crop stays inside the frame where it can.
    edge = cell_crop(Rect(0, 300, 150, 480), 1280, 720, 540, 700)
    assert edge.x0 == 0 and edge.contains(Rect(0, 300, 150, 480))


def test_the_compare_crop_follows_the_grids_shape() -> None:
    """A crop made for one grid shape is redone when the grid changes shape (the card
    moved): a cell never shows a squeezed face."""
    scene = landscape((720, 720))
    state = LayoutState()
    face = Rect(250, 200, 470, 500)
    settle(state, scene, face)
    out = state.update(scene, face, 3.0)
    cell = out.compare.w / out.compare.h
    assert out.cell_source.w / out.cell_source.h == pytest.approx(cell, rel=0.01)
    wider = Scene(**{**scene.__dict__, "card_w": 600.0})
    out = state.update(wider, face, 3.1)
    cell = out.compare.w / out.compare.h
    assert out.cell_source.w / out.cell_source.h == pytest.approx(cell, rel=0.01)


def test_a_card_that_grows_over_a_button_moves_in_past_it() -> None:
    scene = landscape((720, 720))
    small = Scene(**{**scene.__dict__, "card_w": 300.0, "card_h": 90.0})
    state = LayoutState()
    face = Rect(300, 30, 420, 180)  # small and high: clear of any card
    settle(state, small, face)
    state.slot = "left"  # say the small card sat on the left, clear of the column above
    assert small.card("left").x0 == pytest.approx(U)
    # grown, the left slot's card starts past the left column (which it now reaches)
    assert scene.card("left").x0 == pytest.approx(140 + U)
    out = state.update(scene, face, 3.0)  # the card fills with its stock rows
    assert out.slot in scene.slots() and not any(out.card.intersects(f) for f in scene.fixed)


def test_compare_mode_moves_the_card_to_give_the_grid_room() -> None:
    scene = landscape((720, 720))
    state = LayoutState()
    face = Rect(250, 200, 470, 500)
    t = settle(state, scene, face)
    plain = state.update(scene, face, t)
    grid = state.update(scene, face, t + 0.03, compare=True)
    assert grid.slot in scene.slots() and not grid.compare.intersects(grid.card)
    best = max(grid_score(compare_area(scene, s)) for s in scene.slots())
    assert grid_score(grid.compare) == pytest.approx(best)
    assert grid_score(grid.compare) >= grid_score(compare_area(scene, plain.slot))


def test_free_boxes_are_exact() -> None:
    view = Rect(0, 0, 100, 100)
    boxes = free_boxes(view, [Rect(40, 40, 60, 60)])
    assert sorted((b.x0, b.y0, b.x1, b.y1) for b in boxes) == [
        (0, 0, 40, 100),
        (0, 0, 100, 40),
        (0, 60, 100, 100),
        (60, 0, 100, 100),
    ]
    assert clear_of(
        Scene(100, 100, 100, 100, shelf_top=100, margin=0), "centre", Rect(1, 1, 30, 30)
    )


@pytest.mark.parametrize(
    ("wanted", "screen", "expected"),
    [
        ((720, 1280), (1280, 800), (1280, 720)),  # laptop: turned landscape, fits
        ((720, 1280), (1080, 1920), (720, 1280)),  # fits as it is
        ((1080, 1920), (1366, 768), (1256, 706)),  # turned, then scaled into the screen
        ((1920, 1080), (1280, 800), (1177, 662)),
    ],
)
def test_the_window_fits_the_screen_it_opens_on(
    wanted: tuple[int, int], screen: tuple[int, int], expected: tuple[int, int]
) -> None:
    w, h = window_size(*wanted, *screen)
    assert (w, h) == expected
    assert w <= screen[0] and h <= screen[1]


def test_a_garment_keeps_the_body_clear_when_it_can_else_the_face() -> None:
    scene = portrait((1280, 720))
    face = Rect(560, 80, 720, 280)
    torso = Rect(470, 250, 810, 520)  # shoulders to waist: fits above the card zoomed out
    state = LayoutState()
    t = 0.0
    for _ in range(60):
        t += 1 / 30
        out = state.update(scene, face, t, body=torso)
    assert out.clear
    body_view = out.placement.to_view(torso)
    assert clear_of(scene, out.slot, body_view)
    # Down to the knees in a portrait camera, with little zoom-out allowed: the body
    # cannot be kept clear, so the face is.
    scene = portrait((720, 1280))
    state = LayoutState(min_zoom=0.9)
    face, whole = Rect(280, 150, 440, 360), Rect(150, 330, 570, 1280)
    for _ in range(60):
        t += 1 / 30
        out = state.update(scene, face, t, body=whole)
    assert out.clear
    assert not clear_of(scene, out.slot, out.placement.to_view(whole))


def _maximal_clear_boxes_by_definition(bounds: Rect, taken: list[Rect]) -> set[Rect]:
    """The definition, by brute force: every clear grid box, less those inside another."""
    inside = [t.clip(bounds) for t in taken if t.intersects(bounds)]
    xs = sorted({bounds.x0, bounds.x1, *(t.x0 for t in inside), *(t.x1 for t in inside)})
    ys = sorted({bounds.y0, bounds.y1, *(t.y0 for t in inside), *(t.y1 for t in inside)})
    boxes = [
        Rect(x0, y0, x1, y1)
        for (x0, x1), (y0, y1) in itertools.product(
            itertools.combinations(xs, 2), itertools.combinations(ys, 2)
        )
        if not any(Rect(x0, y0, x1, y1).intersects(t) for t in inside)
    ]
    # Maximal: no other clear box contains it (Rect.contains, every pair at once in NumPy:
    # the pairs are thousands squared, a minute in a Python loop).
    a = np.array([(b.x0, b.y0, b.x1, b.y1) for b in boxes])
    x0, y0, x1, y1 = (a[:, i] for i in range(4))
    contains = (
        (x0[:, None] <= x0[None, :])
        & (y0[:, None] <= y0[None, :])
        & (x1[None, :] <= x1[:, None])
        & (y1[None, :] <= y1[:, None])
    )  # [o, b]: box o contains box b
    np.fill_diagonal(contains, False)  # the boxes are distinct, so o != b is o's index != b's
    return {b for b, covered in zip(boxes, contains.any(axis=0), strict=True) if not covered}


def test_free_boxes_are_exactly_the_maximal_clear_boxes() -> None:
    rng = random.Random(11)
    bounds = Rect(0, 0, 1080, 1920)
    for n in range(7):
        for _ in range(6):
            items = []
            for _ in range(n):
                x, y = rng.uniform(-50, 1000), rng.uniform(-50, 1800)
                items.append(Rect(x, y, x + rng.uniform(20, 400), y + rng.uniform(20, 400)))
            assert set(free_boxes(bounds, items)) == _maximal_clear_boxes_by_definition(
                bounds, items
            )


PORTRAIT_VIEW = Rect(0, 0, 1080, 1920)
LANDSCAPE_VIEW = Rect(0, 0, 1920, 1080)
BANNER = (530.0, 77.0)


def _head(face: Rect) -> Rect:
    head = head_box(face)
    return Rect(head.x0, head.y0 - head.h * 0.15, head.x1, head.y1)  # forehead and hair


@pytest.mark.parametrize(
    ("view", "face", "taken", "moves"),
    [
        # far below the banner: it stays where it is
        (PORTRAIT_VIEW, Rect(400, 900, 700, 1250), [], False),
        # forehead under the banner, room above the hair: it moves up
        (PORTRAIT_VIEW, Rect(300, 287, 860, 980), [], True),
        # the head at the very top of a portrait kiosk: under the chin, above the card
        (PORTRAIT_VIEW, Rect(300, 20, 860, 700), [Rect(200, 1400, 900, 1700)], True),
        # a landscape kiosk, the head at the top centre: beside it, clear of the buttons
        (
            LANDSCAPE_VIEW,
            Rect(613, 110, 1083, 605),
            [Rect(20, 10, 360, 95), Rect(1785, 8, 1900, 125), Rect(1200, 650, 1910, 750)],
            True,
        ),
    ],
)
def test_the_status_line_keeps_off_the_head(
    view: Rect, face: Rect, taken: list[Rect], moves: bool
) -> None:
    w, h = BANNER
    preferred = view.h * 0.08
    x, y = status_place(view, BANNER, preferred, face, taken, 8.0)
    box = Rect(x, y, x + w, y + h)
    assert view.contains(box)
    assert not box.intersects(_head(face)), box
    assert not any(box.intersects(t) for t in taken), box
    assert ((x, y) != ((view.w - w) / 2, preferred)) is moves


def _gap(box: Rect, head: Rect) -> float:
    """How far apart two boxes are (0 when they touch or overlap)."""
    dx = max(head.x0 - box.x1, box.x0 - head.x1, 0.0)
    dy = max(head.y0 - box.y1, box.y0 - head.y1, 0.0)
    return max(dx, dy)


def test_the_status_line_keeps_room_from_the_head_when_there_is_room() -> None:
    """Beside a head in a landscape kiosk: it keeps the margin and STATUS_PAD of the
    head's height, since a detector's box and a moving head reach past the landmarks."""
    face = Rect(613, 110, 1083, 605)
    x, y = status_place(LANDSCAPE_VIEW, BANNER, 86.0, face, [], 8.0)
    head = _head(face)
    assert _gap(Rect(x, y, x + BANNER[0], y + BANNER[1]), head) >= 8.0 + STATUS_PAD * head.h - 1e-6


def test_the_status_line_keeps_only_the_margin_when_room_runs_out() -> None:
    """The same head moved right until STATUS_PAD no longer fits on its left, the right
    taken: the status still goes beside it, clear by the margin."""
    head_w = 1083 - 613
    need = BANNER[0] + 8.0 + 8.0  # the banner, the view's margin and the head's margin
    face = Rect(need + 4.0, 110, need + 4.0 + head_w, 605)
    taken = [Rect(face.x1, 0, 1920, 1080)]
    x, y = status_place(LANDSCAPE_VIEW, BANNER, 86.0, face, taken, 8.0)
    box = Rect(x, y, x + BANNER[0], y + BANNER[1])
    assert not box.intersects(_head(face)), box
    assert 8.0 <= _gap(box, _head(face)) < 8.0 + STATUS_PAD * _head(face).h


def test_the_status_line_covers_as_little_head_as_it_can_when_nothing_is_free() -> None:
    face = Rect(100, 0, 980, 1900)  # the face fills a portrait kiosk
    x, y = status_place(PORTRAIT_VIEW, BANNER, 150.0, face, [], 8.0)
    assert PORTRAIT_VIEW.contains(Rect(x, y, x + BANNER[0], y + BANNER[1]))


def test_the_status_line_stays_put_with_nobody() -> None:
    assert status_place(PORTRAIT_VIEW, BANNER, 150.0, None, [], 8.0) == (275.0, 150.0)


def test_a_head_too_close_for_any_layout_keeps_its_brows_to_chin_clear() -> None:
    """A square close-up in a landscape kiosk (as on the shared close-ups): the whole head
    fits nowhere, so its forehead may go under the top of the screen, but the card never
    covers the brows, the eyes or the mouth (before: the head was centred in the biggest
    free box and the card covered the mouth)."""
    scene = landscape((720, 720))
    face = Rect(190, 40, 530, 580)
    state = LayoutState()
    settle(state, scene, face)
    out = state.update(scene, face, 5.0)
    assert not out.clear  # the whole head is not clear: the layout says so
    assert out.face is not None
    core = face_core(head_box(face))
    shown = out.placement.to_view(core)
    assert clear_of(scene, state.slot, shown), shown
    again = state.update(scene, face, 5.1)
    assert again.placement == pytest.approx(out.placement)  # and it stays put


def test_a_tall_card_moves_in_past_the_edge_buttons_to_leave_a_close_head_clear() -> None:
    """A look's card (taller by its row of products) in a landscape kiosk reaches the edge
    buttons' height: its side slots move in past the buttons, so a close head goes to the
    other side, clear from the top of the screen to the shelf (before: only the centre
    slot was left, and the card covered the mouth)."""
    scene = Scene(**{**landscape((720, 720)).__dict__, "card_w": 890.0, "card_h": 240.0})
    assert set(scene.slots()) == {"centre", "left", "right"}
    for slot in ("left", "right"):
        card = scene.card(slot)
        assert not any(card.intersects(f) for f in scene.fixed), slot
    face = Rect(220, 120, 500, 560)
    state = LayoutState()
    settle(state, scene, face)
    out = state.update(scene, face, 5.0)
    assert out.clear and out.slot != "centre"
    assert out.face is not None and not out.face.intersects(out.card)


def test_the_status_line_finds_a_free_place_between_the_buttons() -> None:
    """A close head on the right of a landscape kiosk (its card on the left, as the window
    lays out the square close-ups): beside the head the first places meet the language
    switch, but there is room below it, right of the left column and above the card. The
    status goes there, not over the forehead (the centre, as before)."""
    view = Rect(0, 0, 1920, 672.84)
    face = Rect(888.28, 1.16, 1493.14, 637.85)
    taken = [
        Rect(0, 158.22, 140.4, 644.0),  # the left column
        Rect(1785.0, 6.8, 1903.8, 125.6),  # Photo
        Rect(1779.6, 158.0, 1898.4, 590.0),  # the strength slider
        Rect(108.0, 10.6, 356.4, 97.0),  # the language switch
        Rect(21.6, 21.6, 86.4, 86.4),  # large text
        Rect(151.2, 572.68, 853.2, 672.84),  # the card
    ]
    size = (530.0, 78.0)
    x, y = status_place(view, size, 86.4, face, taken, 10.8)
    box = Rect(x, y, x + size[0], y + size[1])
    assert view.contains(box)
    assert not box.intersects(_head(face).grow(10.8)), box
    assert not any(box.intersects(t) for t in taken), box
