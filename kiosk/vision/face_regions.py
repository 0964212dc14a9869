"""Where eye, cheek and brow products go on one face, from the face mesh.

Every weight is 0..1 float32 over one box of the frame around the face's eyes, brows and
cheeks, one channel per place a product goes (`CHANNELS`). The renderers multiply each
channel by the product's strength and colour; everything a region must respect is already
in its weights here: the eye openings (iris, sclera, the lash line's inner side) are
exactly 0 in every channel, a region fades out where the head turns it away, glasses
frames and hands in front are not painted (the glasses are taken out as the weights are
read; the GPU is given them before that and takes them out itself: `MakeupRegions.placed`).

Each region is built only when wanted, on its own small box (an eye and its brow, a
cheek), from the mesh of this frame; the mirror keeps a side's eye regions and its brow's
while their points have only moved as a whole, and moves them with it (`FaceMemory`,
`region_motion`), so a blink is still followed at once.
The shapes are in `eye_regions` (lid, crease, outer corner, liner, lashes) and
`cheek_brow` (blush, brow); the glasses gate is `glasses`.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

import cv2
import numpy as np

from kiosk.vision import cheek_brow, eye_regions, glasses, lashes, region_motion
from kiosk.vision.boxes import Box, overlap, union
from kiosk.vision.eye_regions import EyeBox, EyeMesh
from kiosk.vision.face import Face, pick
from kiosk.vision.hand_occlusion import hands_cover
from kiosk.vision.hands import Hand
from kiosk.vision.region_bytes import Block, BlockCache, blocks_of
from kiosk.vision.region_motion import Part

# One of a kept unit's blocks for the GPU (a side's lash line, shadows or brow): its box as
# built, texture 0 or 1, RGBA bytes, 2x3 motion from where it was built to this frame.
UnitBlock = tuple[Box, int, np.ndarray, np.ndarray]
_STILL = np.eye(2, 3)  # (a block where it was made)

# Channel order of `MakeupRegions.weights`.
CHANNELS = ("lid", "crease", "outer", "liner", "lashes", "blush", "brow")
N_CHANNELS = 8  # CHANNELS plus one spare, so the weights pack into two RGBA textures
CHANNEL = {name: i for i, name in enumerate(CHANNELS)}
# Where each channel goes in the GPU's two RGBA mask textures (texture, place): lid, crease,
# outer corner, - | lashes, liner, brow, spare; the blush has a texture of its own. Neither
# alpha carries a weight: laid "over" them (premultiplied), parts of alpha 0 add up, and a
# cover of alpha 1 zeroes what is under it.
TEXTURE_SLOT: tuple[tuple[int, int] | None, ...] = (
    (0, 0), (0, 1), (0, 2), (1, 1), (1, 0), None, (1, 2), (1, 3),
)  # fmt: skip

# How far each side of the face (eye, brow, cheek) faces away from the face's own normal,
# and the side angles (from the camera's axis) over which a side's regions fade out: a
# side turned past FADE_FROM starts to fade, one turned to FADE_TO (or hidden) is 0.
SIDE_ANGLE = math.radians(35.0)
FADE_FROM, FADE_TO = math.radians(58.0), math.radians(88.0)
MIN_EYE_WIDTH = 3.0  # pixels: below this the face is too small to paint eyes on


@dataclass(frozen=True)
class Wanted:
    """Which regions to build and the product shapes they take (the renderer says, from
    the products worn; vision knows no products). None/False: that region is not built."""

    shadow: bool = False  # lid and crease
    outer: bool = False  # the outer corner (a shadow of two or three colours)
    liner: tuple[float, float] | None = None  # (thickness, wing), each 0..1
    lashes: tuple[float, float] | None = None  # (volume, length), each 0..1
    blush: bool = False
    brow_fill: float | None = None  # 0..1: how much of the skin between the hairs

    @property
    def eyes(self) -> bool:
        return self.shadow or self.outer or self.liner is not None or self.lashes is not None

    @property
    def anything(self) -> bool:
        return self.eyes or self.blush or self.brow_fill is not None


def _over_roi(plane: np.ndarray, box: Box, roi: Box, copy: bool = False) -> np.ndarray:
    """`plane` (over `box`, within `roi`) over the whole of `roi`, zeros elsewhere: a new
    array, or `plane` itself when it already covers `roi` (a copy if `copy`)."""
    if box == roi:
        return plane.copy() if copy else plane
    out = np.zeros((roi[3] - roi[1], roi[2] - roi[0]), np.float32)
    out[box[1] - roi[1] : box[3] - roi[1], box[0] - roi[0] : box[2] - roi[0]] = plane
    return out


class MakeupRegions:
    """One face's regions: `weights[..., CHANNEL[name]]` over `roi` (x0, y0, x1, y1,
    frame pixels); channels no product asked for are zeros. `openings`: the pixels inside
    either eye's opening (the mesh's eye loops), over the same box (given, or the eye
    boxes it is marked from).

    Built from one contiguous plane per channel, each over its own box within `roi`
    (`placed`: the eye and brow channels over the eyes' and brows' box, the blush over
    the cheeks'; on a frontal face the eyes' box is about a third of `roi`: the GPU gets
    them so, and no frame pays to fill, gate or pack zeros between them). `planes` (each
    over `roi`; None: a channel nothing asked for) and the interleaved (h, w, N_CHANNELS)
    `weights` (the CPU path's, the tests') are put together only when asked for. Treat
    all of them as read-only.

    The glasses a face wears (`glasses`) are taken out of `planes` and `weights` when they
    are first asked for; `placed` and `raw_planes` are the weights before that: the GPU
    samples the glasses' gate itself (`glasses.GlassesGate`).

    `planes` may be a function that makes them, called when they are first asked for: the
    GPU's frames never ask, their textures are put together from the kept parts' bytes
    (`eye_blocks`, `region_bytes`) when `sources` (the eye and brow channels' regions,
    each as it is) and a `cache` for their bytes are given, or from the kept `units`
    themselves (`unit_blocks`); `cheeks` is the blush's box and plane without the
    others."""

    __slots__ = (
        "_boxes",
        "_build",
        "_cache",
        "_cheeks",
        "_eye_boxes",
        "_openings",
        "_planes",
        "_raw",
        "_raw_full",
        "_removed",
        "_sources",
        "_units",
        "_weights",
        "eye_distance",
        "facing",
        "frame",
        "glasses",
        "roi",
    )  # fmt: skip

    def __init__(
        self,
        roi: Box,
        weights: np.ndarray | None,
        openings: np.ndarray | Sequence[EyeBox],
        frame: np.ndarray,
        eye_distance: float = 0.0,
        facing: tuple[float, float] = (1.0, 1.0),
        planes: Sequence[np.ndarray | None] | Callable[[], list[np.ndarray | None]] | None = None,
        glasses_gate: glasses.GlassesGate | None = None,
        boxes: Sequence[Box] | None = None,
        cheeks: tuple[Box, np.ndarray | None] | None = None,
        sources: Sequence[region_motion.MovedRegions] | None = None,
        cache: BlockCache | None = None,
        units: Sequence[region_motion.KeptRegions] | None = None,
    ) -> None:
        if weights is None and planes is None:
            raise ValueError("MakeupRegions needs its weights or its planes")
        if weights is not None and (glasses_gate is not None or boxes is not None):
            raise ValueError("the glasses' gate and the boxes go with the planes")
        self.roi = roi
        # the openings' mask, or the eye boxes it is marked from when first asked for
        self._openings = openings if isinstance(openings, np.ndarray) else None
        self._eye_boxes = () if isinstance(openings, np.ndarray) else tuple(openings)
        self.frame = frame  # 2x3: frame pixel -> face space (eye distance 1)
        self.eye_distance = eye_distance  # pixels between the eye centres (the face's scale)
        self.facing = facing  # (subject's right, left) side's fade 0..1
        self.glasses = glasses_gate  # None: no glasses found (or none to take out)
        self._weights = weights
        self._raw = None if planes is None or callable(planes) else tuple(planes)
        self._build = planes if callable(planes) else None
        self._cheeks = cheeks
        self._sources = None if sources is None or cache is None else tuple(sources)
        self._cache = cache
        self._units = None if units is None or self._sources is None else tuple(units)
        self._boxes = tuple(boxes) if boxes is not None else (roi,) * N_CHANNELS
        self._raw_full: tuple[np.ndarray | None, ...] | None = None
        self._planes: tuple[np.ndarray | None, ...] | None = None
        self._removed = 0.0

    def __repr__(self) -> str:
        return f"MakeupRegions(roi={self.roi}, eye_distance={self.eye_distance:.1f})"

    @property
    def shape(self) -> tuple[int, int]:
        return self.roi[3] - self.roi[1], self.roi[2] - self.roi[0]

    @property
    def openings(self) -> np.ndarray:
        """(h, w) bool over `roi`: inside either eye's opening (marked from the eye boxes
        when first asked for: the GPU's frames never ask)."""
        if self._openings is None:
            self._openings = np.zeros(self.shape, bool)
            for box in self._eye_boxes:
                _mark_opening(self._openings, self.roi, box)
        return self._openings

    @property
    def weights(self) -> np.ndarray:
        """(h, w, N_CHANNELS) float32, interleaved (merged from the planes once)."""
        if self._weights is None:
            zeros = np.zeros(self.shape, np.float32)
            merged = cv2.merge([zeros if p is None else p for p in self.planes])
            self._weights = np.asarray(merged, np.float32).reshape(*self.shape, N_CHANNELS)
        return self._weights

    def _raw_planes(self) -> tuple[np.ndarray | None, ...] | None:
        """The planes as made (each over its own box), made now if they are made when
        first asked for; None when the regions were given as interleaved weights."""
        if self._raw is None and self._build is not None:
            self._raw, self._build = tuple(self._build()), None
        return self._raw

    @property
    def placed(self) -> tuple[tuple[Box, np.ndarray | None], ...]:
        """Per channel: its box and its weights over it (None: not built), before the
        glasses' gate: what the GPU is given."""
        raw = self._raw_planes()
        if raw is None:
            return tuple((self.roi, p) for p in self.planes)
        return tuple(zip(self._boxes, raw, strict=True))

    @property
    def cheeks(self) -> tuple[Box, np.ndarray | None]:
        """The blush's box and weights before the glasses' gate (None: no blush), without
        putting the other channels together."""
        if self._cheeks is not None:
            return self._cheeks
        return self.placed[CHANNEL["blush"]]

    @property
    def eyes_box(self) -> Box:
        """The box the eye and brow channels lie over."""
        return self._boxes[CHANNEL["lid"]]

    @property
    def eye_cuts(self) -> tuple[EyeBox, ...]:
        """The eye boxes whose openings (and margins) every channel is 0 in."""
        return self._eye_boxes

    def eye_blocks(self) -> list[Block] | None:
        """The eye and brow channels as 8-bit RGBA blocks over their parts' own boxes
        (`TEXTURE_SLOT`: 0: lid, crease, outer corner, -; 1: lashes, liner, brow, spare), their
        bytes made once per kept set of weights (`region_bytes`); before the eye-safety
        cut and the glasses' gate. None where the channels are not their parts as they are
        (a side faded as the head turns, hands in front): the planes' bytes then."""
        if self._sources is None or self._cache is None:
            return None
        parts = [part for regions in self._sources for part in regions.parts]
        return blocks_of(parts, self._cache, TEXTURE_SLOT)

    def unit_blocks(self) -> list[UnitBlock] | None:
        """The eye and brow channels as the kept units' own blocks, as built, each with its
        motion to this frame (`KeptRegions.matrix_now`): for the GPU to move and lay
        together itself (premultiplied "over": no block's alpha carries a weight, so they
        add), then this frame's eye cuts, which zero every channel within them (the brow's
        too). None where `eye_blocks` is."""
        if self._units is None or self._cache is None:
            return None
        out: list[UnitBlock] = []
        for unit in self._units:
            m = unit.matrix_now()
            out += [
                (box, texture, block, m)
                for box, texture, block in blocks_of(unit.parts, self._cache, TEXTURE_SLOT)
            ]
        # this frame's eye-safety cuts over both textures, last: what a unit carries of the
        # cut it was built with moves (and is resampled) with it, so where the eye has
        # moved a little apart from it, this takes out what comes within this frame's cut
        for eye in self._eye_boxes:
            if (cover := eye.cut_cover) is None:
                continue
            (cx0, cy0, cx1, cy1), block = cover
            ex, ey = eye.roi[:2]
            at = (ex + cx0, ey + cy0, ex + cx1, ey + cy1)
            out += [(at, texture, block, _STILL) for texture in (0, 1)]
        return out

    @property
    def raw_planes(self) -> tuple[np.ndarray | None, ...]:
        """Every channel over `roi`, before the glasses' gate."""
        raw = self._raw_planes()
        if raw is None:
            return self.planes
        if self._raw_full is None:
            self._raw_full = tuple(
                None if p is None else _over_roi(p, box, self.roi)
                for box, p in zip(self._boxes, raw, strict=True)
            )
        return self._raw_full

    @property
    def planes(self) -> tuple[np.ndarray | None, ...]:
        """One (h, w) float32 plane per channel over `roi`, None where the channel is all
        zeros; the glasses' frames taken out."""
        if self._planes is None:
            raw = self._raw_planes()
            if raw is not None and self.glasses is None:
                self._planes = self.raw_planes
            elif raw is not None:
                assert self.glasses is not None
                # fresh planes over the roi, gated in place (`raw_planes` stay as they were)
                gated = tuple(
                    None if p is None else _over_roi(p, box, self.roi, copy=True)
                    for box, p in zip(self._boxes, raw, strict=True)
                )
                built = [p for p in gated if p is not None]
                self._removed = glasses.apply_gate(self.glasses, self.roi, built)
                self._planes = gated
            else:
                w = self.weights
                self._planes = tuple(
                    np.ascontiguousarray(w[..., k]) if w[..., k].any() else None
                    for k in range(N_CHANNELS)
                )
        return self._planes

    def planes_every(self, step: int) -> tuple[np.ndarray | None, ...]:
        """`planes` on every `step`-th row and column of `roi` (a statistics grid), read
        from each channel's own box; with glasses not yet taken out, only the grid's
        pixels are gated."""
        raw = self._raw_planes()
        if self._planes is not None or raw is None:
            return tuple(None if p is None else p[::step, ::step] for p in self.planes)
        rows, cols = -(-self.shape[0] // step), -(-self.shape[1] // step)
        x0, y0 = self.roi[:2]
        out: list[np.ndarray | None] = []
        for (bx0, by0, *_), plane in zip(self._boxes, raw, strict=True):
            if plane is None:
                out.append(None)
                continue
            grid = np.zeros((rows, cols), np.float32)
            # the grid's first row and column inside the box, and the box's pixel there
            r0, c0 = -(-(by0 - y0) // step), -(-(bx0 - x0) // step)
            sub = plane[r0 * step + y0 - by0 :: step, c0 * step + x0 - bx0 :: step]
            grid[r0 : r0 + sub.shape[0], c0 : c0 + sub.shape[1]] = sub
            out.append(grid)
        if self.glasses is not None:
            keep = glasses.gate_on_grid(self.glasses, (x0, y0), step, (rows, cols))
            out = [None if g is None else g * keep for g in out]
        return tuple(out)

    @property
    def glasses_removed(self) -> float:
        """The share of the first channel built (the lid, with a shadow) the glasses took."""
        self.planes  # noqa: B018 (the gate is applied, and the share read, on first use)
        return self._removed

    def channel(self, name: str) -> np.ndarray:
        if self._weights is None:
            plane = self.planes[CHANNEL[name]]
            return np.zeros(self.shape, np.float32) if plane is None else plane
        return self.weights[..., CHANNEL[name]]


def side_facing(landmarks: np.ndarray) -> tuple[float, float]:
    """How much the subject's right and left side face the camera, each 0..1, from the
    mesh's 3D: the face's normal (eye line x brow-to-chin) turned SIDE_ANGLE towards each
    side gives that side's surface normal; its angle from the camera axis fades it."""
    # Four points and a few products: plain floats (NumPy's calls cost more than the sums).
    r, lft, top, chin = (landmarks[i, :3].tolist() for i in (33, 263, 10, 152))
    across = [lft[k] - r[k] for k in range(3)]
    down = [chin[k] - top[k] for k in range(3)]
    normal = [  # down x across: towards the camera, z < 0 (z smaller is nearer)
        down[1] * across[2] - down[2] * across[1],
        down[2] * across[0] - down[0] * across[2],
        down[0] * across[1] - down[1] * across[0],
    ]
    n_len, a_len = math.hypot(*normal), math.hypot(*across)
    if n_len * a_len <= 1e-9:
        return 0.0, 0.0
    out = []
    for sign in (-1.0, 1.0):  # the right side lies towards -across
        # the z of cos(SIDE_ANGLE) x the unit normal + sin(SIDE_ANGLE) x the unit side
        z = (
            math.cos(SIDE_ANGLE) * normal[2] / n_len
            + math.sin(SIDE_ANGLE) * sign * across[2] / a_len
        )
        angle = math.acos(min(max(-z, -1.0), 1.0))
        u = min(max((FADE_TO - angle) / (FADE_TO - FADE_FROM), 0.0), 1.0)
        out.append(u * u * (3.0 - 2.0 * u))
    return out[0], out[1]


def face_frame(right: EyeMesh, left: EyeMesh) -> tuple[np.ndarray, float]:
    """The similarity from frame pixels to face space (the subject's right eye centre at
    (0, 0), the left's at (1, 0)), and the eye distance in pixels."""
    a, b = right.centre, left.centre
    d = b - a
    dist = float(np.hypot(*d))
    if dist < 1e-6:
        return np.array([[1.0, 0.0, -a[0]], [0.0, 1.0, -a[1]]], np.float32), 0.0
    c, s = d / (dist * dist)
    m = np.array([[c, s, 0.0], [-s, c, 0.0]])
    m[:, 2] = -m[:, :2] @ a
    return m.astype(np.float32), dist


def _shadow_parts(box: EyeBox, wanted: Wanted) -> list[Part]:
    """The lid's, the crease's and the outer corner's (those `wanted`) over a box with its
    eye coordinates (`eye_regions.with_coords`)."""
    parts: list[Part] = []
    if wanted.shadow or wanted.outer:
        lid, crease, outer = eye_regions.shadow_weights(box, wanted.outer)
        if wanted.shadow:
            parts.append((box.roi, CHANNEL["lid"], lid))
            parts.append((box.roi, CHANNEL["crease"], crease))
        if outer is not None:
            parts.append((box.roi, CHANNEL["outer"], outer))
    return parts


def _lash_parts(box: EyeBox, wanted: Wanted) -> list[Part]:
    """The liner's and the lashes' (those `wanted`): drawn along the lash line, from the
    eye's loop alone."""
    parts: list[Part] = []
    if wanted.liner is not None:
        parts.append((box.roi, CHANNEL["liner"], eye_regions.liner_weight(box, *wanted.liner)))
    if wanted.lashes is not None:
        parts.append((box.roi, CHANNEL["lashes"], lashes.lashes_weight(box, *wanted.lashes)))
    return parts


def _paints_eyes(mesh: EyeMesh, wanted: Wanted) -> bool:
    return wanted.eyes and mesh.width >= MIN_EYE_WIDTH


def _wants_shadows(wanted: Wanted) -> bool:
    return wanted.shadow or wanted.outer


def _lash_line(
    mesh: EyeMesh, size: tuple[int, int], wanted: Wanted
) -> tuple[list[Part], EyeBox | None]:
    """One side's eye box (its distances from the opening: the eye-safety cut, made even
    when no eye product is worn) and its liner and lashes (those `wanted`)."""
    roi = eye_regions.box_of(mesh, size)
    box = eye_regions.eye_box(mesh, roi, coords=False) if roi is not None else None
    return (_lash_parts(box, wanted) if box is not None and _paints_eyes(mesh, wanted) else []), box


def _shadows_over(box: EyeBox, mesh: EyeMesh, size: tuple[int, int], wanted: Wanted) -> list[Part]:
    """The shadows over this frame's eye box for `mesh` (which reaches up to its brow),
    cut round the opening as `box` (the lash line's, kept or built) has it."""
    roi = eye_regions.box_of(mesh, size)
    if roi is None:
        return []
    return _shadow_parts(eye_regions.with_coords(eye_regions.reboxed(box, roi, mesh)), wanted)


def _eye_part(
    mesh: EyeMesh, size: tuple[int, int], wanted: Wanted
) -> tuple[list[Part], EyeBox | None]:
    """One side's eye regions (lid, crease, outer corner, liner, lashes: those `wanted`),
    and its eye box (kept for the eye-safety cut, made even when no eye product is)."""
    parts, box = _lash_line(mesh, size, wanted)
    if box is None or not _paints_eyes(mesh, wanted) or not _wants_shadows(wanted):
        return parts, box
    return _shadow_parts(eye_regions.with_coords(box), wanted) + parts, box


def _brow_part(image: np.ndarray, mesh: EyeMesh, fill: float) -> list[Part]:
    """One side's brow tint region (none when its box is off the frame)."""
    broi = cheek_brow.brow_box(mesh, (image.shape[1], image.shape[0]))
    if broi is None:
        return []
    return [(broi, CHANNEL["brow"], cheek_brow.brow_weight(image, mesh, broi, fill))]


def _eye_side(image: np.ndarray, mesh: EyeMesh, wanted: Wanted) -> tuple[list[Part], EyeBox | None]:
    """One side's eye and brow regions, and its eye box (kept for the eye-safety cut)."""
    parts, box = _eye_part(mesh, (image.shape[1], image.shape[0]), wanted)
    if wanted.brow_fill is not None:
        parts = parts + _brow_part(image, mesh, wanted.brow_fill)
    return parts, box


@functools.lru_cache(maxsize=64)
def _eyes_of(wanted: Wanted) -> Wanted:
    """What of `wanted` a side's eye regions are built for (their key in the memory)."""
    return dataclasses.replace(wanted, blush=False, brow_fill=None)


# The landmarks one side's shadows are built from: its eye loop first (the anchors, which
# the lash line, its liner and lashes and the eye-safety cut follow alone), then its brow's
# lower row (the lid's and the crease's span reach up to it; the upper row only sizes their
# box, where they are 0 beyond the lower row); and those its brow region is built from.
SHADOW_POINTS = {
    True: eye_regions.RIGHT_EYE + eye_regions.RIGHT_BROW_LOWER,
    False: eye_regions.LEFT_EYE + eye_regions.LEFT_BROW_LOWER,
}
EYE_ANCHORS = len(eye_regions.RIGHT_EYE)
BROW_POINTS = {
    True: eye_regions.RIGHT_BROW_UPPER + eye_regions.RIGHT_BROW_LOWER,
    False: eye_regions.LEFT_BROW_UPPER + eye_regions.LEFT_BROW_LOWER,
}
# A side's regions are used again (moved with it: `region_motion`) while every point they
# were built from lies within this of where one similarity takes it: a face that slid,
# turned in the image or came nearer keeps its regions to half a pixel, a thirtieth of
# the lid's band on a 720p face.
REUSE_PX = 0.5
# The brow points, for the eye's regions, may be this share of the eye's width off: the
# crease, half-way to the brow, moves by half of it (a hundredth of the eye's width).
BROW_SLACK = 0.02
# Frames a face's slow statistics are kept (the lips' and the skin's colours, the light
# under each make-up area): they change over seconds, not frames, and reading them was a
# fifth of a full look's CPU cost. The glasses are looked for on every other one of the
# same frames (every STATS_EVERY-th while none are found): the slow work falls on one
# frame in STATS_EVERY, not spread over two or three, and the others carry none of it.
STATS_EVERY = 4
GLASSES_EVERY = 2 * STATS_EVERY
_T = TypeVar("_T")


class FaceMemory:
    """What the mirror keeps of one face from frame to frame (one per face it follows):
    its glasses (`glasses.GlassesWatch`), and each side's lash line (its eye box, liner and
    lashes), shadows (lid, crease, outer corner) and brow region, each used again, moved
    with its points (`region_motion`), while those points have moved together (slid,
    turned in the image, come nearer) to within REUSE_PX: a shopper before the mirror
    mostly moves so, and rebuilding them is most of the frame's make-up cost. A blink or a
    glance moves the eye's points apart and rebuilds its lash line and shadows at once; a
    raised brow, the brow's, and the shadows' (which reach up to it) once it is past
    BROW_SLACK, while the lash line, which follows the eye alone, is kept (about a third of
    a talking face's eye rebuilds, each half the cost of the whole side's). The blush
    (which follows the mouth as well) and everything laid over the regions (glasses, hands,
    the eye-safety cut) are done afresh every frame."""

    def __init__(self) -> None:
        self.glasses = glasses.GlassesWatch(every=GLASSES_EVERY, searching=STATS_EVERY)
        self.blocks = BlockCache()  # the eye and brow parts' bytes for the GPU
        # by (what, side, shape): a compare look asks for other regions of the same face
        self._kept: dict[Hashable, region_motion.KeptRegions] = {}
        # Each side's lash line (its eye box, liner and lashes), shadows and brow regions:
        # asked for, used again and, of those, resampled (not slid by whole pixels, nor
        # moved as before), all told (tests, benchmarks)
        self.asked = 0
        self.reused = 0
        self.resampled = 0
        self.frames = 0  # distinct frames seen (a compare look asks twice for one frame)
        self._frame_id: bytes | None = None
        self._stats: dict[Hashable, tuple[int, object]] = {}
        self._made: dict[Hashable, tuple[tuple[object, ...], object]] = {}

    def frame_number(self, image: np.ndarray) -> int:
        """The number of `image` among the frames this face was seen in (the same frame
        asked for again, by another look, keeps its number)."""
        frame_id = glasses.fingerprint(image)
        if frame_id != self._frame_id:
            self._frame_id = frame_id
            self.frames += 1
        return self.frames

    def kept_stats(
        self, key: Hashable, image: np.ndarray, measure: Callable[[], _T], every: int = STATS_EVERY
    ) -> _T:
        """`measure()`, done on the first frame `key` is asked for and then on this face's
        frames 1, 1 + every, 1 + 2 every, ... (with the glasses' looks: `GLASSES_EVERY`),
        or at once when it missed one; the frames between use its last answer (slow
        statistics)."""
        frame = self.frame_number(image)
        kept = self._stats.get(key)
        if (
            kept is None
            or frame - kept[0] >= every
            or (frame != kept[0] and (frame - 1) % every == 0)
        ):
            if len(self._stats) >= 16:  # looks tried and gone
                self._stats.clear()
            kept = self._stats[key] = (frame, measure())
        return cast(_T, kept[1])

    def made(self, key: Hashable, inputs: tuple[object, ...], make: Callable[[], _T]) -> _T:
        """`make()` for `key`, made again only when `inputs` are not the very objects it was
        last made from (what is worked out from the kept statistics: the same objects
        until they are measured again)."""
        kept = self._made.get(key)
        if (
            kept is None
            or len(kept[0]) != len(inputs)
            or any(a is not b for a, b in zip(kept[0], inputs, strict=True))
        ):
            if len(self._made) >= 16:  # looks tried and gone
                self._made.clear()
            kept = self._made[key] = (inputs, make())
        return cast(_T, kept[1])

    def eye_side(
        self, image: np.ndarray, face: Face, mesh: EyeMesh, right: bool, wanted: Wanted
    ) -> tuple[EyeBox | None, list[region_motion.KeptRegions]]:
        """`_eye_side`'s regions, kept from an earlier frame where they can be: the lash
        line's (the eye box, the liner, the lashes) while the eye's loop holds, the
        shadows' while the loop and the brow do, the brow's while the brow does. Returns
        this frame's eye box and the kept units (each `current`: where this frame puts
        it, and by what motion, for the GPU, which moves them itself)."""
        size = (image.shape[1], image.shape[0])
        eyes = _eyes_of(wanted)
        points = pick(face.landmarks, SHADOW_POINTS[right])[:, :2]
        line = self._kept_or_built(
            ("lash line", right, eyes), image, points[:EYE_ANCHORS], EYE_ANCHORS, REUSE_PX,
            mesh, lambda: _lash_line(mesh, size, wanted), region_motion.EYE_SKEW,
        )  # fmt: skip
        units = [line]
        box = line.current.box  # (this frame's, as kept or built)
        if box is not None and _paints_eyes(mesh, wanted) and _wants_shadows(wanted):
            eye_box = box
            slack = max(REUSE_PX, BROW_SLACK * mesh.width)
            units.append(
                self._kept_or_built(
                    ("shadows", right, eyes), image, points, EYE_ANCHORS, slack, mesh,
                    lambda: (_shadows_over(eye_box, mesh, size, wanted), None),
                    region_motion.EYE_SKEW,
                )
            )  # fmt: skip
        fill = wanted.brow_fill
        if fill is not None:
            units.append(
                self._kept_or_built(
                    ("brow", right, fill), image, pick(face.landmarks, BROW_POINTS[right])[:, :2],
                    len(BROW_POINTS[right]), REUSE_PX, mesh,
                    lambda: (_brow_part(image, mesh, fill), None),
                )
            )  # fmt: skip
        return box, units

    def _kept_or_built(
        self,
        key: Hashable,
        image: np.ndarray,
        points: np.ndarray,
        anchors: int,
        slack: float,
        mesh: EyeMesh,
        build: Callable[[], tuple[list[Part], EyeBox | None]],
        skew: float = region_motion.MAX_SCALE,
    ) -> region_motion.KeptRegions:
        """The unit kept under `key`, moved to this frame (`current`) where its points
        have only moved together, else built afresh."""
        self.asked += 1
        kept = self._kept.get(key)
        if kept is not None and kept.shape == image.shape:
            how = region_motion.motion(
                kept.points, points, anchors, REUSE_PX, slack, kept.last, skew
            )
            size = (image.shape[1], image.shape[0])
            again = how is not None and how is kept.last
            got = kept.moved(how, mesh, size) if how else None
            if got is not None:
                self.reused += 1
                self.resampled += how is not None and how.slide is None and not again
                kept.current = got
                return kept
        parts, box = build()
        if len(self._kept) >= 32:  # looks tried and gone
            self._kept.clear()
        kept = self._kept[key] = region_motion.KeptRegions(image.shape, points, parts, box)
        return kept


def _paste(planes: list[np.ndarray | None], roi: Box, part: Part, gain: float, alone: bool) -> None:
    """Into one channel's own plane over `roi` (contiguous rows), made when its first
    part comes. A part that meets no other of its channel (`alone`: the usual case, the
    two eyes apart) is written as it is; where parts meet the larger weight is kept."""
    (x0, y0, x1, y1), ch, w = part
    plane = planes[ch]
    if plane is None:
        plane = planes[ch] = np.zeros((roi[3] - roi[1], roi[2] - roi[0]), np.float32)
    view = plane[y0 - roi[1] : y1 - roi[1], x0 - roi[0] : x1 - roi[0]]
    if alone and gain < 1.0:
        np.multiply(w, np.float32(gain), out=view)
    elif alone:
        np.copyto(view, w)
    else:
        np.maximum(view, w * np.float32(gain) if gain < 1.0 else w, out=view)


def _cut_eye(planes: Sequence[np.ndarray | None], boxes: Sequence[Box], box: EyeBox) -> None:
    """Every channel (each over its own box) exactly 0 in the eye opening and its
    margin round it."""
    cuts: dict[Box, tuple[tuple[slice, slice], np.ndarray] | None] = {}  # by plane box
    for plane, roi in zip(planes, boxes, strict=True):
        if plane is None:
            continue
        if roi not in cuts:  # (the channels share two boxes: the eyes' and the cheeks')
            meet = overlap(box.roi, roi)
            cuts[roi] = None if meet is None else (meet[1], box.cut[meet[0]])
        if (cut := cuts[roi]) is not None:
            plane[cut[0]][cut[1]] = 0.0


def _mark_opening(openings: np.ndarray, roi: Box, box: EyeBox) -> None:
    if (meet := overlap(box.roi, roi)) is not None:
        openings[meet[1]] |= box.opening[meet[0]]


def makeup_regions(
    image: np.ndarray,
    face: Face,
    wanted: Wanted,
    hands: Sequence[Hand] = (),
    memory: FaceMemory | None = None,
) -> MakeupRegions | None:
    """The regions `wanted` on `face` (with their shapes: liner thickness and wing, lash
    volume and length, brow fill), or None when none of them is in the frame.
    `memory`: what is kept of this face across frames (None: this frame alone)."""
    if not wanted.anything or not np.isfinite(face.landmarks).all():
        return None
    xy = face.landmarks[:, :2].astype(np.float32)
    meshes = (eye_regions.eye_mesh(xy, True), eye_regions.eye_mesh(xy, False))
    transform, eye_d = face_frame(*meshes)
    if eye_d < 2.0 * MIN_EYE_WIDTH:
        return None
    facing = side_facing(face.landmarks)
    # each side's regions where this frame puts them (their weights read only when the
    # channels are put together), with its side's fade; the kept units they come from
    sources: list[tuple[region_motion.MovedRegions, float]] = []
    units: list[tuple[region_motion.KeptRegions, float]] = []
    eye_boxes: list[EyeBox] = []
    for mesh, right, gain in zip(meshes, (True, False), facing, strict=True):
        if memory is not None:
            box, kept = memory.eye_side(image, face, mesh, right, wanted)
            units += [(unit, gain) for unit in kept]
            side = [unit.current for unit in kept]
        else:
            built, box = _eye_side(image, mesh, wanted)
            side = [region_motion.MovedRegions.as_built(built, box)]
        if box is not None:
            eye_boxes.append(box)
        if gain > 0.0:
            sources += [(regions, gain) for regions in side if regions.heads]
    heads = [(at, ch) for regions, _ in sources for at, ch in regions.heads]
    blush = CHANNEL["blush"]
    cheeks: tuple[Box, np.ndarray] | None = None
    if wanted.blush:  # both cheeks in one pass, each faded as its side turns away
        size = (image.shape[1], image.shape[0])
        cheeks = cheek_brow.blush_weights(face.landmarks, eye_d, size, facing)
        if cheeks is not None:
            heads.append((cheeks[0], blush))
    if not heads:
        return None
    roi = union([at for at, _ in heads])
    # Each channel over its own group's box: the blush over the cheeks', every other
    # channel over the eyes' and brows' (a third of the face's box).
    on_eyes = [at for at, ch in heads if ch != blush]
    eyes_box = union(on_eyes) if on_eyes else roi
    cheeks_box = cheeks[0] if cheeks is not None else roi
    boxes: list[Box] = [cheeks_box if ch == blush else eyes_box for ch in range(N_CHANNELS)]
    # the one blush part, over its own box, made this frame (and faded as each side turns
    # away): taken as it is
    blush_plane = cheeks[1] if cheeks is not None else None

    watch = memory.glasses if memory is not None else None
    gate = glasses.find_gate(image, meshes, xy[glasses.NOSE_BRIDGE], watch)  # applied when read
    for box in eye_boxes:  # the blush now; the other channels when they are put together
        _cut_eye([blush_plane], [cheeks_box], box)

    def cut_planes() -> list[np.ndarray | None]:
        """The eye and brow channels pasted over the eyes' box and cut round the eyes; the
        blush's beside them."""
        planes: list[np.ndarray | None] = [None] * N_CHANNELS
        pasted: list[list[Box]] = [[] for _ in range(N_CHANNELS)]
        for regions, gain in sources:
            for part in regions.parts:
                at, ch = part[0], part[1]
                alone = not any(overlap(at, b) for b in pasted[ch])
                _paste(planes, boxes[ch], part, gain, alone)
                pasted[ch].append(at)
        for box in eye_boxes:
            _cut_eye(planes, boxes, box)
        planes[blush] = blush_plane
        return planes

    if hands:  # a hand in front: every channel put together now, and gated
        planes = cut_planes()
        size = (image.shape[1], image.shape[0])
        for group in set(boxes):
            cover = hands_cover(hands, size, group)
            if cover is not None:
                keep = (1.0 - cover).astype(np.float32)
                for plane, at in zip(planes, boxes, strict=True):
                    if plane is not None and at == group:
                        np.multiply(plane, keep, out=plane)
        return MakeupRegions(roi, None, eye_boxes, transform, eye_d, facing, planes, gate, boxes)
    # The GPU's textures from the parts' kept bytes, when the channels are the parts as
    # they are (no side faded as the head turns)
    as_they_are = all(gain == 1.0 for _, gain in sources)
    return MakeupRegions(
        roi, None, eye_boxes, transform, eye_d, facing, cut_planes, gate, boxes,
        cheeks=(cheeks_box, blush_plane),
        sources=[regions for regions, _ in sources] if as_they_are else None,
        cache=memory.blocks if memory is not None else BlockCache(),
        units=[unit for unit, gain in units if gain > 0.0] if as_they_are else None,
    )  # fmt: skip
