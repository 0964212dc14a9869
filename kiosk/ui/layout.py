"""Face-aware layout: where the camera image, the product card and the panels go so that
nothing on screen covers the shopper's face (or body, with a garment on).

Plain Python (no Qt), so tests drive it with numbers. The image is drawn within its
aspect-fill range (shifted along its overflow, or zoomed out down to `min_zoom` of fill
with dark bars, never more than it takes to show the whole frame) so that the face sits
in a box the fixed UI (shelf band, edge buttons, the card) leaves free. A placement is
kept while the face stays clear (hysteresis) and eased towards a new one when it does
not, so the mirror never jumps; a face lost for a moment keeps the last placement.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

MIN_ZOOM = 0.5  # the image may shrink to half its aspect-fill size, no further
EASE_S = 0.25  # time constant of the glide to a new placement
HOLD_S = 3.0  # a face lost for longer than this releases the placement (back to fill)
TARGET_PAD = 0.22  # room around the face a new placement aims for (x face size)
KEEP_PAD = 0.16  # room around the face below which it is redone (a face detector's box)
ROAM_S = 1.5  # a new placement holds where the head has been over this long (s)
STATUS_PAD = 0.08  # room the status line keeps from the head when it can (x head height)
CELL_FACE = 0.62  # a compare cell shows the face at this fraction of its height
ZOOM_STEPS = 24
HEAD_TOP = 0.15  # forehead and hair above the landmarks' top (x face height)
CARD_SLOTS = ("centre", "right", "left")
# A head too close for any layout keeps at least this part clear: from the brows (this
# share of the head box down from its top) to the chin, where the make-up is tried on.
CORE_TOP = 0.2


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle by its edges (x0 <= x1, y0 <= y1)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @staticmethod
    def of(x: float, y: float, w: float, h: float) -> Rect:
        return Rect(x, y, x + w, y + h)

    @property
    def w(self) -> float:
        return self.x1 - self.x0

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def area(self) -> float:
        return max(self.w, 0.0) * max(self.h, 0.0)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.y0 + self.y1) / 2

    def empty(self) -> bool:
        return self.w <= 0 or self.h <= 0

    def intersects(self, other: Rect) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def contains(self, other: Rect) -> bool:
        return (
            self.x0 <= other.x0
            and self.y0 <= other.y0
            and other.x1 <= self.x1
            and other.y1 <= self.y1
        )

    def grow(self, dx: float, dy: float | None = None) -> Rect:
        dy = dx if dy is None else dy
        return Rect(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)

    def union(self, other: Rect) -> Rect:
        return Rect(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def clip(self, bounds: Rect) -> Rect:
        return Rect(
            max(self.x0, bounds.x0),
            max(self.y0, bounds.y0),
            min(self.x1, bounds.x1),
            min(self.y1, bounds.y1),
        )


@dataclass(frozen=True)
class Placement:
    """Frame pixel (u, v) is drawn at view point (x + u * scale, y + v * scale)."""

    scale: float
    x: float
    y: float

    def to_view(self, r: Rect) -> Rect:
        s = self.scale
        return Rect(self.x + r.x0 * s, self.y + r.y0 * s, self.x + r.x1 * s, self.y + r.y1 * s)

    def frame_rect(self, frame_w: float, frame_h: float) -> Rect:
        return self.to_view(Rect(0, 0, frame_w, frame_h))


@dataclass(frozen=True)
class Scene:
    """What the layout works with: the view, the frame and the fixed UI.

    `shelf_top` is where the shelf band starts (it runs to the bottom); `fixed` are the
    other items that stay put (edge buttons, the member badge); the product card (of
    `card_size`) sits with its bottom at `card_bottom` in one of CARD_SLOTS."""

    view_w: float
    view_h: float
    frame_w: float
    frame_h: float
    shelf_top: float
    card_w: float = 0.0
    card_h: float = 0.0
    card_bottom: float = 0.0
    fixed: tuple[Rect, ...] = ()
    margin: float = 8.0

    @property
    def view(self) -> Rect:
        return Rect(0, 0, self.view_w, self.view_h)

    @property
    def valid(self) -> bool:
        return min(self.view_w, self.view_h, self.frame_w, self.frame_h) > 0

    def fill(self) -> float:
        return max(self.view_w / self.frame_w, self.view_h / self.frame_h)

    def fit(self) -> float:
        return min(self.view_w / self.frame_w, self.view_h / self.frame_h)

    def shelf(self) -> Rect:
        return Rect(0, self.shelf_top, self.view_w, max(self.view_h, self.shelf_top))

    def card(self, slot: str) -> Rect:
        """The card's rectangle in a slot (empty when there is no card)."""
        if self.card_w <= 0 or self.card_h <= 0:
            return Rect(0, 0, 0, 0)
        m = self.margin
        x = {
            "centre": (self.view_w - self.card_w) / 2,
            "left": m,
            "right": self.view_w - m - self.card_w,
        }[slot]
        bottom = self.card_bottom or self.shelf_top - m
        card = Rect.of(x, bottom - self.card_h, self.card_w, self.card_h)
        if slot == "centre":
            return card
        # A side slot moves in past the edge buttons beside it (a landscape kiosk's card
        # then leaves the face the other side, from the top of the screen to the shelf);
        # each step clears at least one more button.
        for _ in self.fixed:
            hit = [f for f in self.fixed if card.intersects(f)]
            if not hit:
                break
            if slot == "left":
                x = max(f.x1 for f in hit) + m
            else:
                x = min(f.x0 for f in hit) - m - self.card_w
            card = Rect.of(x, card.y0, self.card_w, self.card_h)
        return card

    def slots(self) -> list[str]:
        """Card slots where the card covers none of the fixed items and stays on screen."""

        def fits(card: Rect) -> bool:
            on_screen = card.x0 >= 0 and card.x1 <= self.view_w
            return on_screen and not any(card.intersects(f) for f in self.fixed)

        ok = [s for s in CARD_SLOTS if fits(self.card(s))]
        return ok or ["centre"]


def free_boxes(bounds: Rect, taken: Sequence[Rect]) -> list[Rect]:
    """The maximal rectangles inside `bounds` that overlap nothing in `taken` (items with
    no area cover nothing).

    Any rectangle clear of `taken` lies inside one of them, so testing a face against
    each box is exact. Candidates span the items' edge coordinates, so each cell of that
    grid is wholly covered or wholly free and a candidate is clear when the covered cells
    it spans sum to zero (a 2-D prefix sum, every candidate at once in NumPy); a clear
    candidate is maximal exactly when none of its four one-step extensions on the grid is
    clear (a larger clear box would contain one of them). In the Python loop this was, a
    dozen items took the UI thread 0.2-0.5 s whenever the card or a panel moved."""
    inside = [t.clip(bounds) for t in taken if t.intersects(bounds)]
    inside = [t for t in inside if not t.empty()]
    xs = sorted({bounds.x0, bounds.x1, *(t.x0 for t in inside), *(t.x1 for t in inside)})
    ys = sorted({bounds.y0, bounds.y1, *(t.y0 for t in inside), *(t.y1 for t in inside)})
    nx, ny = len(xs), len(ys)
    at_x = {v: i for i, v in enumerate(xs)}
    at_y = {v: i for i, v in enumerate(ys)}
    covered = np.zeros((nx - 1, ny - 1), np.int32)
    for t in inside:
        covered[at_x[t.x0] : at_x[t.x1], at_y[t.y0] : at_y[t.y1]] = 1
    # sums[a, b]: covered cells left of grid line a and above grid line b
    sums = np.zeros((nx, ny), np.int32)
    sums[1:, 1:] = covered.cumsum(0).cumsum(1)
    k = np.arange(nx)[:, None, None]
    j = np.arange(ny)[None, :, None]
    m = np.arange(ny)[None, None, :]
    spans_y = j < m

    def clear_from(i: int) -> np.ndarray:
        """[k, j, m]: the box from column line i to k, row line j to m, is clear."""
        cells = (
            sums[:, None, :] - sums[i][None, None, :] - sums[:, :, None] + sums[i][None, :, None]
        )
        return (cells == 0) & (k > i) & spans_y

    found: list[Rect] = []
    before = np.zeros((nx, ny, ny), bool)  # nothing left of the first column line
    for i in range(nx - 1):
        clear = clear_from(i)
        grows = before.copy()
        grows[:-1] |= clear[1:]  # one column to the right
        grows[:, 1:, :] |= clear[:, :-1, :]  # one row up
        grows[:, :, :-1] |= clear[:, :, 1:]  # one row down
        for kk, jj, mm in zip(*np.nonzero(clear & ~grows), strict=True):
            found.append(Rect(xs[i], ys[jj], xs[kk], ys[mm]))
        before = clear
    return found


@functools.lru_cache(maxsize=64)
def _free_cached(bounds: Rect, items: tuple[Rect, ...]) -> list[Rect]:
    return free_boxes(bounds, items)


def _axis_range(view: float, image: float, cover: float | None = None) -> tuple[float, float]:
    """Offsets that keep the image covering the view (or, when it is smaller than the
    view, inside it). With `cover` (vertical: the shelf's top) the image may rise until
    its bottom reaches it: the gap that leaves is behind the shelf band."""
    lo = min(0.0, view - image)
    if cover is not None:
        lo = min(lo, cover - image)
    return (lo, max(0.0, view - image))


def place_in(
    scene: Scene, subject: Rect, box: Rect, scale: float, home: Placement | None = None
) -> Placement | None:
    """The placement at `scale` that puts `subject` (frame pixels) inside `box` (view)
    with the least shift from `home` (at `scale`; default: a centred image); None when
    it cannot be done."""
    s = scale
    if subject.w * s > box.w or subject.h * s > box.h:
        return None
    xs = _axis_range(scene.view_w, scene.frame_w * s)
    ys = _axis_range(scene.view_h, scene.frame_h * s, scene.shelf_top)
    lo_x, hi_x = max(xs[0], box.x0 - subject.x0 * s), min(xs[1], box.x1 - subject.x1 * s)
    lo_y, hi_y = max(ys[0], box.y0 - subject.y0 * s), min(ys[1], box.y1 - subject.y1 * s)
    if lo_x > hi_x + 1e-6 or lo_y > hi_y + 1e-6:
        return None
    home = home or rest(scene, s)
    return Placement(s, min(max(home.x, lo_x), hi_x), min(max(home.y, lo_y), hi_y))


def centred(scene: Scene, scale: float | None = None) -> Placement:
    """The plain mirror: the image centred in the view."""
    s = scene.fill() if scale is None else scale
    return Placement(
        s, (scene.view_w - scene.frame_w * s) / 2, (scene.view_h - scene.frame_h * s) / 2
    )


def rest(scene: Scene, scale: float | None = None) -> Placement:
    """Where the image sits when nothing needs moving: centred on the part above the
    shelf, and a zoomed-out image hangs from the top (its gap goes behind the shelf,
    not over the shopper's head)."""
    s = scene.fill() if scale is None else scale
    ih = scene.frame_h * s
    x = (scene.view_w - scene.frame_w * s) / 2
    return Placement(s, x, min(0.0, (scene.shelf_top - ih) / 2))


def zoom_range(scene: Scene, min_zoom: float = MIN_ZOOM) -> list[float]:
    """Scales to try, from aspect-fill down to `min_zoom` of it. A frame turned the
    other way from the view (a portrait camera in a landscape window) may go down to
    the whole frame: its fill shows a third of it."""
    hi = scene.fill()
    turned = (scene.frame_w > scene.frame_h) != (scene.view_w > scene.view_h)
    lo = min(scene.fit(), hi * min_zoom) if turned else hi * min_zoom
    if lo >= hi:
        return [hi]
    return [hi * (lo / hi) ** (i / ZOOM_STEPS) for i in range(ZOOM_STEPS + 1)]


@dataclass(frozen=True)
class Choice:
    placement: Placement
    slot: str
    clear: bool  # the subject is clear of every item
    room: float = 0.0  # the room around the subject it was placed with (x subject size)


def choose(
    scene: Scene,
    subject: Rect,
    pad: float,
    *,
    prefer_slot: str = "centre",
    min_zoom: float = MIN_ZOOM,
    near: Placement | None = None,
) -> Choice:
    """The largest scale (least zoom-out) at which the padded subject fits a free box,
    then the smallest shift; ties keep `prefer_slot`. When nothing fits even at the
    smallest scale, the subject is centred in the biggest free box there (not clear).

    With `near` (the placement on screen now) its scale is tried first and the shift is
    counted from where the subject is on screen now, not from a centred image: a new
    place for a moving head is the nearest that works, not one across the screen."""
    size = max(subject.w, subject.h)
    slots = scene.slots()
    slots.sort(key=lambda s: s != prefer_slot)
    boxes = {slot: _boxes(scene, slot) for slot in slots}
    scales = zoom_range(scene, min_zoom)
    if near is not None and scales[-1] - 1e-9 <= near.scale <= scales[0] + 1e-9:
        scales = [near.scale, *(s for s in scales if s != near.scale)]
    cx, cy = subject.centre
    for room in dict.fromkeys((pad, min(pad, KEEP_PAD), min(pad, KEEP_PAD / 2))):  # close: less
        padded = subject.grow(size * room)
        for s in scales:
            # With `near`, the subject's centre stays where it is on screen.
            home = (
                rest(scene, s)
                if near is None
                else Placement(s, near.x + cx * (near.scale - s), near.y + cy * (near.scale - s))
            )
            best: tuple[float, Placement, str] | None = None
            for slot in slots:
                for box in boxes[slot]:
                    p = place_in(scene, padded, box, s, home)
                    if p is None:
                        continue
                    cost = math.hypot(p.x - home.x, p.y - home.y)
                    if best is None or cost < best[0] - 1e-6:
                        best = (cost, p, slot)
            if best is not None:
                return Choice(best[1], best[2], True, room)
    s = min(scales)
    slot = slots[0]
    box = max(boxes[slot], key=lambda b: b.area, default=scene.view)
    fx, fy = subject.centre
    bx, by = box.centre
    xs = _axis_range(scene.view_w, scene.frame_w * s)
    ys = _axis_range(scene.view_h, scene.frame_h * s, scene.shelf_top)
    x = min(max(bx - fx * s, xs[0]), xs[1])
    y = min(max(by - fy * s, ys[0]), ys[1])
    return Choice(Placement(s, x, y), slot, False)


@functools.lru_cache(maxsize=32)
def _boxes(scene: Scene, slot: str) -> list[Rect]:
    """Free boxes for the face, per scene and card slot (they change only on a resize)."""
    return free_boxes(scene.view, taken(scene, slot))


def taken(scene: Scene, slot: str) -> list[Rect]:
    """What the face must stay clear of with the card in `slot`."""
    m = scene.margin
    items = [scene.shelf(), *scene.fixed, scene.card(slot)]
    return [r.grow(m) for r in items if not r.empty()]


def clear_of(scene: Scene, slot: str, face_view: Rect) -> bool:
    return scene.view.contains(face_view) and not any(
        face_view.intersects(t) for t in taken(scene, slot)
    )


def compare_area(scene: Scene, slot: str) -> Rect:
    """Where the compare grid goes: the biggest box clear of the shelf band, the card and
    the edge buttons (a button at a narrow cell's edge reaches its mouth)."""
    m = scene.margin
    items = [r.grow(m) for r in (scene.shelf(), scene.card(slot), *scene.fixed) if not r.empty()]
    boxes = _free_cached(scene.view, tuple(items))
    return max(boxes, key=grid_score, default=scene.view)


def grid_score(box: Rect) -> float:
    """How good a compare grid in `box` is: the face its cells hold (a face is about 3/4
    as wide as tall), weighed a little by the grid's size (a 2x2 in a corner wastes the
    screen)."""
    return min(box.h, box.w * 4 / 3) * max(box.area, 0.0) ** 0.25


def compare_slot(scene: Scene) -> str:
    """In compare mode the card goes where it leaves the grid the most room."""
    return max(scene.slots(), key=lambda s: grid_score(compare_area(scene, s)))


def cell_crop(face: Rect, frame_w: float, frame_h: float, cell_w: float, cell_h: float) -> Rect:
    """The part of the frame (pixels) a compare cell shows: the face at CELL_FACE of the
    cell's height (or width, for a wide face), centred; inside the frame when it can be,
    else past its edges (dark there) rather than cutting the face."""
    if cell_w <= 0 or cell_h <= 0 or face.empty():
        return Rect(0, 0, frame_w, frame_h)
    aspect = cell_w / cell_h
    h = max(face.h / CELL_FACE, face.w / CELL_FACE / aspect)
    w = h * aspect
    cx, cy = face.centre
    x = min(max(cx - w / 2, 0.0), frame_w - w) if w <= frame_w else cx - w / 2
    y = min(max(cy - h / 2, 0.0), frame_h - h) if h <= frame_h else cy - h / 2
    return Rect.of(x, y, w, h)


def panel_area(view: Rect, face_view: Rect | None) -> Rect:
    """Where a modal panel goes: the biggest box of the view beside the face."""
    if face_view is None or face_view.empty():
        return view
    return max(free_boxes(view, [face_view]), key=lambda b: b.area, default=view)


@dataclass(frozen=True)
class Layout:
    """One frame's layout, all in view coordinates."""

    placement: Placement
    frame: Rect  # where the camera frame is drawn
    card: Rect  # the product card
    slot: str
    face: Rect | None  # the tracked face (None: nobody)
    mouth: Rect | None
    clear: bool  # the face is clear of the UI
    free: Rect  # where panels open
    compare: Rect  # the compare grid
    cell_source: Rect  # the part of the view each compare cell shows (may overflow it)


@dataclass
class LayoutState:
    """The layout over time: `update` once per shown frame with the tracked boxes in
    frame pixels (None: nobody) and the frame's time in seconds."""

    min_zoom: float = MIN_ZOOM
    follow: bool = True  # False: a plain centred mirror (the card and panels still move)
    ease_s: float = EASE_S
    hold_s: float = HOLD_S
    current: Placement | None = None
    target: Placement | None = None
    slot: str = "centre"
    room: float = TARGET_PAD  # the room the target was chosen with (x subject size)
    crop: Rect | None = None  # the compare crop, frame pixels
    last_seen: float | None = None
    last_time: float | None = None
    last_face: Rect | None = field(default=None, repr=False)
    last_mouth: Rect | None = field(default=None, repr=False)
    last_scene: Scene | None = field(default=None, repr=False)
    roam: list[tuple[float, Rect]] = field(default_factory=list, repr=False)

    def update(
        self,
        scene: Scene,
        face: Rect | None,
        now: float,
        *,
        mouth: Rect | None = None,
        body: Rect | None = None,
        compare: bool = False,
    ) -> Layout:
        if not scene.valid:
            raise ValueError("the view and the frame need a size")
        if self.last_scene is not None and (
            (self.last_scene.frame_w, self.last_scene.frame_h) != (scene.frame_w, scene.frame_h)
        ):
            self.current = self.target = None  # another camera: placements mean nothing
            self.crop, self.roam = None, []  # (and where the head was, in its pixels)
        resized = self.last_scene is not None and (
            (self.last_scene.view_w, self.last_scene.view_h) != (scene.view_w, scene.view_h)
        )
        self.last_scene = scene
        dt = 0.0 if self.last_time is None else max(0.0, now - self.last_time)
        self.last_time = now
        if face is not None:
            face = head_box(face)
            self.last_seen, self.last_face, self.last_mouth = now, face, mouth
            self.roam = [(t, r) for t, r in self.roam if now - ROAM_S < t <= now]
            self.roam.append((now, face))
            self._retarget(scene, face, body, force=resized)
        elif self.last_seen is None or now - self.last_seen > self.hold_s:
            self.target, self.slot, self.last_face, self.last_mouth = None, "centre", None, None
            self.roam = []
            self.crop = None
        goal = self.target or (rest(scene) if self.follow else centred(scene))
        if self.current is None or resized:
            self.current = goal
        else:
            self.current = _ease(self.current, goal, 1.0 - math.exp(-dt / self.ease_s))
        return self._layout(scene, compare)

    def _retarget(self, scene: Scene, face: Rect, body: Rect | None, *, force: bool) -> None:
        if not self.follow:
            return
        subject = face if body is None else face.union(body)
        keep = self.target
        if keep is not None and not force and self.slot in scene.slots():
            # Kept while the subject keeps most of the room it was placed with: a close
            # face placed with less than KEEP_PAD would otherwise be placed anew on every
            # frame, and the picture would zoom in and out as the head moves.
            size = max(subject.w, subject.h)
            room = min(KEEP_PAD, self.room * KEEP_PAD / TARGET_PAD)
            if clear_of(scene, self.slot, keep.to_view(subject.grow(size * room))):
                return
        # A new place holds where the head has been lately, not only where it is: a
        # talking head that sways is then kept still instead of followed sway by sway.
        # Failing that, as much of it as fits.
        roamed = functools.reduce(Rect.union, (r for _, r in self.roam), subject)
        near = None if force else keep
        for part in (1.0, 0.5, 0.0):
            held = _between(subject, roamed, part)
            choice = choose(
                scene, held, TARGET_PAD, prefer_slot=self.slot, min_zoom=self.min_zoom, near=near
            )
            if choice.clear or held == subject:
                break
        if not choice.clear and body is not None:  # the whole body cannot be kept clear
            choice = choose(scene, face, TARGET_PAD, prefer_slot=self.slot, min_zoom=self.min_zoom)
        if not choice.clear and not clear_of(scene, choice.slot, choice.placement.to_view(face)):
            # Too close for the whole head: the forehead may go under the status line or
            # off the screen, the brows, eyes and mouth stay clear of the card.
            core = face_core(face)
            if (
                keep is not None
                and not force
                and self.slot in scene.slots()
                and clear_of(scene, self.slot, keep.to_view(core))
            ):
                return  # the placement on screen already keeps it clear: stay
            for pad in (KEEP_PAD / 2, KEEP_PAD / 4, 0.0):  # as much room as there is
                inner = choose(
                    scene, core, pad, prefer_slot=self.slot, min_zoom=self.min_zoom, near=near
                )
                if inner.clear:
                    self.target, self.slot, self.room = inner.placement, inner.slot, 0.0
                    return
        if (
            keep is not None
            and not force
            and not choice.clear
            and keep.scale == choice.placement.scale
        ):
            return  # nothing better to be had: do not wander
        self.target, self.slot, self.room = choice.placement, choice.slot, choice.room

    def _layout(self, scene: Scene, compare: bool = False) -> Layout:
        p = self.current or (rest(scene) if self.follow else centred(scene))
        face = p.to_view(self.last_face) if self.last_face is not None else None
        mouth = p.to_view(self.last_mouth) if self.last_mouth is not None else None
        clear = face is not None and clear_of(scene, self.slot, face)
        slot = compare_slot(scene) if compare else self.slot
        area = compare_area(scene, slot)
        cell_w, cell_h = area.w / 2, area.h / 2
        if self.last_face is not None:
            want = cell_crop(self.last_face, scene.frame_w, scene.frame_h, cell_w, cell_h)
            if self.crop is None or not _crop_holds(self.crop, self.last_face, want):
                self.crop = want
        crop = self.crop or Rect(0, 0, scene.frame_w, scene.frame_h)
        return Layout(
            placement=p,
            frame=p.frame_rect(scene.frame_w, scene.frame_h),
            card=scene.card(slot),
            slot=slot,
            face=face,
            mouth=mouth,
            clear=clear,
            free=panel_area(
                Rect(0, 0, scene.view_w, scene.shelf_top), face.grow(scene.margin) if face else None
            ),
            compare=area,
            cell_source=p.to_view(crop),
        )


def _between(a: Rect, b: Rect, t: float) -> Rect:
    """The box `t` of the way from `a` to `b`, edge by edge."""
    return Rect(
        a.x0 + (b.x0 - a.x0) * t,
        a.y0 + (b.y0 - a.y0) * t,
        a.x1 + (b.x1 - a.x1) * t,
        a.y1 + (b.y1 - a.y1) * t,
    )


def head_box(face: Rect) -> Rect:
    """The head around a face's landmark box: at least 0.95 as wide as tall (a turned
    face's landmarks are narrow, the head and what a face detector boxes are not)."""
    want = face.h * 0.95
    if face.w >= want:
        return face
    grow = (want - face.w) / 2
    return Rect(face.x0 - grow, face.y0, face.x1 + grow, face.y1)


def face_core(face: Rect) -> Rect:
    """The part of a head box a too-close layout keeps clear: the brows to the chin."""
    return Rect(face.x0, face.y0 + CORE_TOP * face.h, face.x1, face.y1)


def status_place(
    view: Rect,
    size: tuple[float, float],
    preferred_y: float,
    face: Rect | None,
    taken: Sequence[Rect],
    margin: float,
) -> tuple[float, float]:
    """Where the status line's top-left corner goes: centred at `preferred_y` unless that
    covers the head (the face's box with the forehead and hair above it, as a face
    detector boxes it). Then the first place that covers neither the head nor anything in
    `taken` (the card, the edge buttons): above the head, beside it on the side with more
    room, below the chin; then any free place it fits in, the nearest to where it wants to
    be; failing all, the one that covers least of the head, off the card and the buttons
    when it can be. A status says something for a moment; it must not hide the shopper's
    face."""
    w, h = size
    centre_x = view.x0 + (view.w - w) / 2
    if face is None or face.empty():
        return centre_x, preferred_y
    inside = view.grow(-margin)
    shape = head_box(face)
    shape = Rect(shape.x0, shape.y0 - shape.h * HEAD_TOP, shape.x1, shape.y1)
    # Room around the head: a detector's box and a moving head reach past the landmarks,
    # so a clear place with room is taken first, then one that only keeps the margin
    # (whose head and places the fallback below reads).
    for room in (margin + STATUS_PAD * shape.h, margin):
        head = shape.grow(room)
        candidates = _status_candidates(view, size, preferred_y, head)
        for x, y in candidates:
            box = Rect(x, y, x + w, y + h)
            blocked = any(box.intersects(t) for t in taken if not t.empty())
            if inside.contains(box) and box.clip(head).empty() and not blocked:
                return x, y
    # None of those: any free place big enough (beside the head between two buttons, say),
    # a margin off everything, the nearest to where the line wants to be.
    others = tuple(t.grow(margin) for t in taken if not t.empty())
    for room in (margin + STATUS_PAD * shape.h, margin):
        spot = _nearest_free(inside, others, shape.grow(room), size, (centre_x, preferred_y))
        if spot is not None:
            return spot

    def overlap(c: tuple[float, float]) -> float:
        cut = Rect(c[0], c[1], c[0] + w, c[1] + h).clip(head)
        return 0.0 if cut.empty() else cut.area

    fits = [(x, y) for x, y in candidates if inside.contains(Rect(x, y, x + w, y + h))]
    free = [
        (x, y)
        for x, y in fits
        if not any(Rect(x, y, x + w, y + h).intersects(t) for t in taken if not t.empty())
    ]
    return min(free or fits or candidates[:1], key=overlap)


def _nearest_free(
    bounds: Rect,
    taken: tuple[Rect, ...],
    head: Rect,
    size: tuple[float, float],
    want: tuple[float, float],
) -> tuple[float, float] | None:
    """The top-left corner nearest `want` of a `size` box within `bounds` clear of `taken`
    and `head` (None: no place is big enough). The free boxes of `taken` stay the same
    while the head moves (cached); a box clear of the head too lies wholly left, right,
    above or below it, so within one of those four parts of a free box."""
    w, h = size
    best: tuple[float, tuple[float, float]] | None = None
    for free in _free_cached(bounds, taken):
        for box in _beside(free, head):
            if box.w < w or box.h < h:
                continue
            x = min(max(want[0], box.x0), box.x1 - w)
            y = min(max(want[1], box.y0), box.y1 - h)
            d = math.hypot(x - want[0], y - want[1])
            if best is None or d < best[0]:
                best = (d, (x, y))
    return None if best is None else best[1]


def _beside(box: Rect, head: Rect) -> list[Rect]:
    """`box` where it is clear of `head`: itself, or its parts left, right, above and below."""
    if not box.intersects(head):
        return [box]
    parts = [
        Rect(box.x0, box.y0, min(box.x1, head.x0), box.y1),
        Rect(max(box.x0, head.x1), box.y0, box.x1, box.y1),
        Rect(box.x0, box.y0, box.x1, min(box.y1, head.y0)),
        Rect(box.x0, max(box.y0, head.y1), box.x1, box.y1),
    ]
    return [p for p in parts if not p.empty()]


def _status_candidates(
    view: Rect, size: tuple[float, float], preferred_y: float, head: Rect
) -> list[tuple[float, float]]:
    """The status line's places in order: where it wants to be, above the head, beside it
    on the side with more room, below the chin."""
    w, h = size
    centre_x = view.x0 + (view.w - w) / 2
    beside = [(head.x1, preferred_y), (head.x0 - w, preferred_y)]
    if head.x0 - view.x0 > view.x1 - head.x1:
        beside.reverse()
    return [
        (centre_x, preferred_y),
        (centre_x, min(preferred_y, head.y0 - h)),
        *beside,
        (centre_x, head.y1),
    ]


def _crop_holds(crop: Rect, face: Rect, want: Rect) -> bool:
    """Keep the compare crop while the face stays well inside it at about the same size
    (talking moves the chin; the cell should not pump)."""
    inner = crop.grow(-crop.w * 0.08, -crop.h * 0.08)
    same_shape = abs(crop.w / crop.h - want.w / want.h) < 0.01 * want.w / want.h
    return same_shape and inner.contains(face) and 0.85 < want.h / crop.h < 1.18


def _ease(a: Placement, b: Placement, t: float) -> Placement:
    t = min(max(t, 0.0), 1.0)
    return replace(
        a, scale=a.scale + (b.scale - a.scale) * t, x=a.x + (b.x - a.x) * t, y=a.y + (b.y - a.y) * t
    )


def window_size(
    wanted_w: int, wanted_h: int, avail_w: int, avail_h: int, share: float = 0.92
) -> tuple[int, int]:
    """A windowed mirror that fits the screen it opens on: the configured size when it
    fits, else the same shape scaled down to `share` of the available area; a portrait
    size on a landscape screen (a laptop) turns landscape."""
    if avail_w <= 0 or avail_h <= 0:
        return wanted_w, wanted_h
    if (wanted_h > wanted_w) != (avail_h > avail_w) and (wanted_w > avail_w or wanted_h > avail_h):
        wanted_w, wanted_h = wanted_h, wanted_w
    if wanted_w <= avail_w and wanted_h <= avail_h:
        return wanted_w, wanted_h
    k = min(avail_w * share / wanted_w, avail_h * share / wanted_h)
    return max(1, int(wanted_w * k)), max(1, int(wanted_h * k))
