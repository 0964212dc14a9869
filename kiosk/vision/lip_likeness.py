"""Things in front of the lips, told by colour: a finger, a hand, a cup, a lock of hair.

The face mesh places the lips under whatever covers them, and the hand model finds a
hand only when enough of it shows. What lies on the lips but is not lip differs from
this face's own lips in colour, and it comes in from outside the mouth. So, per face:
the lips' colour (CIELAB a*b*, the dominant cluster of the mesh's lip ring, so an
occluder over half of it does not move it), the skin's (a ring outside the outer line),
and each pixel of the ring that is far from the lips' colour, and either nearer the
skin's or far from both, is taken out when its patch reaches outside the lips (an
occluder enters from outside; a pale highlight or a dark crease inside the lips does
not touch the outside and stays painted). Lightness is left out on purpose: lips in
shadow and lips in gloss are both lips; the mouth's corners, always in a grey shadow that
the colours would call "not lip", are left alone. The work is done on the mouth's box
shrunk by a whole factor to a mouth about WORK_WIDTH pixels wide (a whole factor takes
OpenCV's block-mean shrink), so it costs about the same at any frame size (0.45-0.5 ms
a face at 720p, warm). Teeth are `kiosk/vision/teeth.py`'s.
Measured on the occluder set (`tests/lip_occluders.py`) by `benchmarks/lip_accuracy.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from kiosk.vision.lips import LipContours

if TYPE_CHECKING:  # the face's memory holds the colours; it knows nothing of them
    from kiosk.vision.face_regions import FaceMemory

# Far from the lips: this many of the lips' own a*b* spreads away (and at least FLOOR
# CIELAB units, so a very even lip does not make every pixel "far").
SPREADS = 2.0
FLOOR = 4.0
# Nearer the skin than the lips by this many CIELAB units; or, whatever it is nearer,
# this far from the lips (an object of any colour).
SKIN_MARGIN = 2.0
ANY_COLOUR = 18.0
RAMP = 3.0  # CIELAB units over which each test goes from lip to not-lip
AB_UNITS = np.arange(-128, 128, dtype=np.float32)  # 8-bit a* or b* byte -> CIELAB units
# Below this lip-to-skin a*b* contrast, skin-coloured things cannot be told from lips.
MIN_CONTRAST = 5.0
SKIN_RING = (0.04, 0.15)  # x mouth width outside the outer line
CORE_FLOOR = 40  # lip pixels needed to say what colour the lips are
DEPTH = 0.03  # x mouth width an occluder reaches into the lips (a lip border does not)
WIDTH = 0.05  # x mouth width: narrower things in the lips are lines of the lips
CORNER = 0.1  # x mouth width round each mouth corner where nothing is taken out
WORK_WIDTH = 64.0  # about this mouth width, in pixels of the box the work is done on
SECTORS = 8  # round the mouth: each says what colour the lips are where it is
# Lip (and skin) pixels read for their colour: every k-th, so a 4K mouth costs what
# a 720p one does (the medians of a few hundred pixels are as steady as of thousands).
COLOUR_SAMPLES = 800


def _ring_masks(lips: LipContours, shape: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(inside the outer line, 0/255 bytes; skin ring outside it) over the box (`lips` in
    its pixels)."""
    pts = np.round(lips.outer * 16).astype(np.int32)
    inside = np.zeros(shape, np.uint8)
    cv2.fillPoly(inside, [pts], 255, cv2.LINE_8, 4)
    out_d = cv2.distanceTransform(cv2.bitwise_not(inside), cv2.DIST_L2, 3)
    np.divide(out_d, max(lips.mouth_width, 1.0), out=out_d)
    skin = (out_d > SKIN_RING[0]) & (out_d < SKIN_RING[1])
    return inside, skin


def _clear_corners(mask: np.ndarray, lips: LipContours) -> None:
    """Clear `mask` round the mouth's two corners, CORNER mouth widths round each: always
    in shadow, a dark grey that reads as 'not lip' to the colours, so nothing is taken
    out there. Only the pixels within the reach of a corner are looked at."""
    if CORNER <= 0:
        return
    outer = lips.outer
    r = CORNER * lips.mouth_width
    reach = r**2
    h, w = mask.shape
    for i in (int(np.argmin(outer[:, 0])), int(np.argmax(outer[:, 0]))):
        cx, cy = outer[i, 0], outer[i, 1]
        xa, xb = max(int(np.floor(cx - r)) - 1, 0), min(int(np.ceil(cx + r)) + 2, w)
        ya, yb = max(int(np.floor(cy - r)) - 1, 0), min(int(np.ceil(cy + r)) + 2, h)
        if xa >= xb or ya >= yb:
            continue
        # whole-pixel coordinates less the corner, as np.mgrid's int64 would give
        dx2 = (np.arange(xa, xb) - cx) ** 2
        dy2 = (np.arange(ya, yb) - cy) ** 2
        mask[ya:yb, xa:xb][dy2[:, None] + dx2[None, :] <= reach] = 0


def column_medians(ab: np.ndarray) -> np.ndarray:
    """The per-column (upper) median of (n, k) values, without np.median's overhead
    (this runs some forty times a frame on a few hundred pixels)."""
    mid = len(ab) // 2
    return np.partition(ab, mid, axis=0)[mid]


def _dominant(ab: np.ndarray) -> np.ndarray:
    """The centre of the densest cluster of `ab`: from the median, moved to the median
    of the points within 2 FLOOR of it, three times (an occluder over part of the lips
    pulls the plain median toward itself; this walks back to the lips)."""
    centre = column_medians(ab)
    for _ in range(3):
        near = np.hypot(ab[:, 0] - centre[0], ab[:, 1] - centre[1]) < 2.0 * FLOOR
        if near.sum() < CORE_FLOOR // 2:
            break
        centre = column_medians(ab[near])
    return centre


def _lip_colour(
    ab: np.ndarray, core: np.ndarray, lips: LipContours
) -> tuple[np.ndarray, np.ndarray]:
    """The lips' a*b* and the sampled lip pixels' own a*b*: the colour is the median of
    the medians of SECTORS slices of the lip ring round the mouth's centre, each walked
    to its own dominant colour. An occluder comes in from one side and covers a few
    slices; the lips show in the rest."""
    ys, xs = np.nonzero(core)
    step = -(-len(ys) // COLOUR_SAMPLES)
    ys, xs = ys[::step], xs[::step]
    centre = lips.outer.mean(axis=0)
    angle = np.arctan2(ys - centre[1], xs - centre[0])
    sector = ((angle + np.pi) / (2 * np.pi) * SECTORS).astype(int) % SECTORS
    values = ab[ys, xs]
    found = []
    for k in range(SECTORS):
        part = values[sector == k]
        if len(part) >= CORE_FLOOR // 4:
            found.append(_dominant(part))
    if not found:
        return _dominant(values), values
    return column_medians(np.array(found)), values


@dataclass(frozen=True)
class LipColours:
    """What the lips and the skin round them look like (CIELAB a*b*): the lips' dominant
    colour and the spread of their own pixels round it, and the skin's. They change over
    seconds, not frames: the mirror measures them every few frames (`FaceMemory`)."""

    lip: np.ndarray
    spread: float
    skin: np.ndarray


def not_lips(
    image: np.ndarray,
    lips: LipContours,
    roi: tuple[int, int, int, int],
    cover: np.ndarray,
    memory: FaceMemory | None = None,
) -> np.ndarray:
    """0..1 over `roi` (`cover` the lip coverage there): how surely each covered pixel
    is something in front of the lips rather than lip (zero where it cannot be told).
    The work is done on the box shrunk by the whole factor that brings the mouth nearest
    WORK_WIDTH pixels wide (what is told here is a mouth width's fraction across), then
    brought back.
    `memory`: the face's, where the lips' and skin's colours are kept a few frames."""
    found = occluding(image, lips, roi, cover, memory)
    if found is None:
        return np.zeros(cover.shape, np.float32)
    return found


def occluding(
    image: np.ndarray,
    lips: LipContours,
    roi: tuple[int, int, int, int],
    cover: np.ndarray,
    memory: FaceMemory | None = None,
) -> np.ndarray | None:
    """`not_lips`, or None where it is zero everywhere (most frames: the caller then
    skips a pass over zeros)."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    if int(np.count_nonzero(cover > 0.5)) < CORE_FLOOR:
        return None
    # A band around the box so the skin ring and an occluder's outside part are seen,
    # grown to whole blocks of the shrink factor where the frame allows.
    h, w = image.shape[:2]
    pad = max(2, round(SKIN_RING[1] * lips.mouth_width) + 1)
    f = max(1, round(lips.mouth_width / WORK_WIDTH))
    bx0, bx1 = _whole_blocks(x0 - pad, x1 + pad, w, f)
    by0, by1 = _whole_blocks(y0 - pad, y1 + pad, h, f)
    bh, bw = by1 - by0, bx1 - bx0
    sy, sx = y0 - by0, x0 - bx0
    patch = image[by0:by1, bx0:bx1]
    cover_big: np.ndarray = np.zeros((bh, bw), np.float32)
    cover_big[sy : sy + shape[0], sx : sx + shape[1]] = cover
    if f > 1:
        # (a whole factor takes OpenCV's block-mean path: a tenth of a fractional one's cost)
        small = (max(8, round(bw / f)), max(8, round(bh / f)))
        patch = cv2.resize(patch, small, interpolation=cv2.INTER_AREA)
        cover_big = cv2.resize(cover_big, small, interpolation=cv2.INTER_AREA)
    scale = np.array([patch.shape[1] / bw, patch.shape[0] / bh], np.float32)
    origin = np.array([bx0, by0], np.float32)
    boxed = LipContours(outer=(lips.outer - origin) * scale, inner=(lips.inner - origin) * scale)
    kept = (memory, image) if memory is not None else None
    score = _in_front(patch, boxed, cover_big, kept)
    if score is None:
        return None
    if f > 1:
        score = cv2.resize(score, (bw, bh), interpolation=cv2.INTER_LINEAR)
    return score[sy : sy + shape[0], sx : sx + shape[1]] * (cover > 0)


def _whole_blocks(lo: int, hi: int, limit: int, f: int) -> tuple[int, int]:
    """[lo, hi) clipped to [0, limit) and grown (at the far end first) to a whole number
    of `f`-pixel blocks where the frame has room (at its edge it may stay a part block)."""
    lo, hi = max(lo, 0), min(hi, limit)
    extra = -(hi - lo) % f
    grow = min(extra, limit - hi)
    return lo - min(extra - grow, lo), hi + grow


def _colours(ab: np.ndarray, core: np.ndarray, skin: np.ndarray, lips: LipContours) -> LipColours:
    """The lips' and the skin's colours in this box (`ab` its a*b*)."""
    lip, lip_ab = _lip_colour(ab, core, lips)
    skin_px = ab[skin]
    skin_ab = column_medians(skin_px[:: -(-len(skin_px) // COLOUR_SAMPLES)])
    to_lip = np.hypot(lip_ab[:, 0] - lip[0], lip_ab[:, 1] - lip[1])
    own = to_lip[to_lip < 2.0 * FLOOR]  # the lips' own pixels, not the occluder's
    spread = float(np.median(own)) * 1.4826 if len(own) else FLOOR
    return LipColours(lip, spread, skin_ab)


def _in_front(
    patch: np.ndarray,
    lips: LipContours,
    cover: np.ndarray,
    kept: tuple[FaceMemory, np.ndarray] | None = None,
) -> np.ndarray | None:
    """`not_lips` over a BGR box (`lips` in its pixels, `cover` the lip coverage in it),
    or None when the lips' or the skin's colour cannot be told, or nothing is in front.
    `kept`: the face's memory and the whole frame (which tells the memory one frame from
    the next)."""
    bshape = patch.shape[:2]
    # 8-bit CIELAB (a*b* offset by 128, whole units): several times cheaper than float,
    # and a unit is far below every threshold here.
    lab = cv2.cvtColor(patch, cv2.COLOR_BGR2Lab)
    inside, skin = _ring_masks(lips, bshape)
    core = cover > 0.5
    if int(np.count_nonzero(core)) < CORE_FLOOR or int(np.count_nonzero(skin)) < CORE_FLOOR:
        return None

    def measure() -> LipColours:
        ab = lab[..., 1:].astype(np.float32) - np.float32(128.0)
        return _colours(ab, core, skin, lips)

    colours = measure() if kept is None else kept[0].kept_stats("lip colours", kept[1], measure)
    lip, spread, skin_ab = colours.lip, colours.spread, colours.skin
    _, a8, b8 = cv2.split(lab)
    d_lip = _distance(a8, b8, lip)
    # away: far from the lips; like (when the skin can be told from the lips): nearer the
    # skin; other: far from both. The score is away times the larger of like and other,
    # and (x / RAMP clipped being monotonic) the larger is clipped once.
    away = np.subtract(d_lip, np.float32(max(FLOOR, SPREADS * spread)))
    away /= RAMP
    np.clip(away, 0.0, 1.0, out=away)
    score = np.subtract(d_lip, np.float32(ANY_COLOUR))
    if float(np.linalg.norm(lip - skin_ab)) >= MIN_CONTRAST:
        like = np.subtract(d_lip, _distance(a8, b8, skin_ab), out=d_lip)
        like -= np.float32(SKIN_MARGIN)
        np.maximum(score, like, out=score)
    score /= RAMP
    np.clip(score, 0.0, 1.0, out=score)
    score *= away
    # Keep the patches inside the lips that come in from outside them and reach well in:
    # an occluder enters from outside; a pale lip border only touches the line.
    hard = (score > 0.5).view(np.uint8)  # 0/1 (the booleans' own bytes)
    cv2.bitwise_and(hard, (cover > 0).view(np.uint8), dst=hard)
    cv2.bitwise_and(hard, inside, dst=hard)  # (`inside` is 0/255)
    if not hard.any():  # nothing unlike the lips on them (a third of frames): no patch
        return None
    _clear_corners(hard, lips)
    # Thin dark lines (the crease between the lips, a mouth corner's fold) are not
    # things in front: only what is WIDTH wide survives an opening.
    size = max(3, round(WIDTH * lips.mouth_width) | 1)
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    wide = cv2.morphologyEx(hard, cv2.MORPH_OPEN, disk)
    hard = cv2.bitwise_and(cv2.dilate(wide, disk), hard)
    count, found = cv2.connectedComponents(hard, connectivity=8)
    if count <= 1:
        return None
    labels = np.asarray(found, np.int32)  # (as it is: typed for the indexing below)
    border = (cv2.dilate(cv2.bitwise_not(inside), np.ones((3, 3), np.uint8)) > 0) & (hard > 0)
    depth = cv2.distanceTransform(inside, cv2.DIST_L2, 3) / max(lips.mouth_width, 1.0)
    deepest = np.zeros(count, np.float32)
    np.maximum.at(deepest, labels[hard > 0], depth[hard > 0])
    keep = np.zeros(count, bool)
    keep[labels[border]] = True
    keep &= deepest >= DEPTH
    keep[0] = False
    if not keep.any():
        return None
    score *= keep[labels]  # in place: a kept patch times 1, the rest times 0
    return score


def _distance(a8: np.ndarray, b8: np.ndarray, centre: np.ndarray) -> np.ndarray:
    """Per pixel, the a*b* distance to `centre` of 8-bit CIELAB a* and b* planes. Through
    one table per channel of the squared offsets of its 256 values: a*b* are whole units
    and `centre` is a median of them, so the squares and their sum are exact and the root
    is np.hypot's to the bit (hypot itself is several times slower)."""
    d2 = np.asarray(cv2.LUT(a8, (AB_UNITS - centre[0]) ** 2), np.float32)
    d2 += cv2.LUT(b8, (AB_UNITS - centre[1]) ** 2)
    return np.sqrt(d2, out=d2)
