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
shadow and lips in gloss are both lips. Teeth are `kiosk/vision/teeth.py`'s.
Measured on the occluder set (`tests/lip_occluders.py`) by `benchmarks/lip_accuracy.py`.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.vision.lips import LipContours

# Far from the lips: this many of the lips' own a*b* spreads away (and at least FLOOR
# CIELAB units, so a very even lip does not make every pixel "far").
SPREADS = 2.0
FLOOR = 4.0
# Nearer the skin than the lips by this many CIELAB units; or, whatever it is nearer,
# this far from the lips (an object of any colour).
SKIN_MARGIN = 2.0
ANY_COLOUR = 18.0
RAMP = 3.0  # CIELAB units over which each test goes from lip to not-lip
# Below this lip-to-skin a*b* contrast, skin-coloured things cannot be told from lips.
MIN_CONTRAST = 5.0
SKIN_RING = (0.04, 0.15)  # x mouth width outside the outer line
CORE_FLOOR = 40  # lip pixels needed to say what colour the lips are
DEPTH = 0.03  # x mouth width an occluder reaches into the lips (a lip border does not)
WIDTH = 0.05  # x mouth width: narrower things in the lips are lines of the lips
SECTORS = 8  # round the mouth: each says what colour the lips are where it is


def _ring_masks(
    lips: LipContours, roi: tuple[int, int, int, int], shape: tuple[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """(inside the outer line, skin ring outside it) over `roi`, as booleans."""
    x0, y0 = roi[0], roi[1]
    pts = np.round((lips.outer - np.array([x0, y0], np.float32)) * 16).astype(np.int32)
    inside = np.zeros(shape, np.uint8)
    cv2.fillPoly(inside, [pts], 1, cv2.LINE_8, 4)
    out_d = cv2.distanceTransform(1 - inside, cv2.DIST_L2, 3) / max(lips.mouth_width, 1.0)
    skin = (out_d > SKIN_RING[0]) & (out_d < SKIN_RING[1])
    return inside > 0, skin


def _dominant(ab: np.ndarray) -> np.ndarray:
    """The centre of the densest cluster of `ab`: from the median, moved to the median
    of the points within 2 FLOOR of it, three times (an occluder over part of the lips
    pulls the plain median toward itself; this walks back to the lips)."""
    centre = np.median(ab, axis=0)
    for _ in range(3):
        near = np.linalg.norm(ab - centre, axis=1) < 2.0 * FLOOR
        if near.sum() < CORE_FLOOR // 2:
            break
        centre = np.median(ab[near], axis=0)
    return centre


def _lip_colour(
    ab: np.ndarray, core: np.ndarray, lips: LipContours, box: tuple[int, int, int, int]
) -> np.ndarray:
    """The lips' a*b*: the median of the medians of SECTORS slices of the lip ring
    round the mouth's centre, each walked to its own dominant colour. An occluder comes
    in from one side and covers a few slices; the lips show in the rest."""
    ys, xs = np.nonzero(core)
    centre = lips.outer.mean(axis=0) - np.array(box[:2], np.float32)
    angle = np.arctan2(ys - centre[1], xs - centre[0])
    sector = ((angle + np.pi) / (2 * np.pi) * SECTORS).astype(int) % SECTORS
    values = ab[ys, xs]
    found = []
    for k in range(SECTORS):
        part = values[sector == k]
        if len(part) >= CORE_FLOOR // 4:
            found.append(_dominant(part))
    if not found:
        return _dominant(values)
    return np.median(np.array(found), axis=0)


def not_lips(
    image: np.ndarray, lips: LipContours, roi: tuple[int, int, int, int], cover: np.ndarray
) -> np.ndarray:
    """0..1 over `roi` (`cover` the lip coverage there): how surely each covered pixel
    is something in front of the lips rather than lip (zero where it cannot be told)."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    found = np.zeros(shape, np.float32)
    core = cover > 0.5
    if core.sum() < CORE_FLOOR:
        return found
    # A band around the box so the skin ring and an occluder's outside part are seen.
    h, w = image.shape[:2]
    pad = max(2, round(SKIN_RING[1] * lips.mouth_width) + 1)
    big = (max(x0 - pad, 0), max(y0 - pad, 0), min(x1 + pad, w), min(y1 + pad, h))
    bshape = (big[3] - big[1], big[2] - big[0])
    patch = image[big[1] : big[3], big[0] : big[2]].astype(np.float32) * np.float32(1 / 255.0)
    ab = cv2.cvtColor(patch, cv2.COLOR_BGR2Lab)[..., 1:]
    inside, skin = _ring_masks(lips, big, bshape)
    sy, sx = y0 - big[1], x0 - big[0]
    core_big = np.zeros(bshape, bool)
    core_big[sy : sy + shape[0], sx : sx + shape[1]] = core
    ring = np.zeros(bshape, bool)
    ring[sy : sy + shape[0], sx : sx + shape[1]] = cover > 0
    if skin.sum() < CORE_FLOOR:
        return found
    lip_ab = ab[core_big]
    lip = _lip_colour(ab, core_big, lips, big)
    skin_ab = np.median(ab[skin], axis=0)
    d_lip = np.linalg.norm(ab - lip, axis=-1)
    to_lip = np.linalg.norm(lip_ab - lip, axis=1)
    own = to_lip[to_lip < 2.0 * FLOOR]  # the lips' own pixels, not the occluder's
    spread = float(np.median(own)) * 1.4826 if len(own) else FLOOR
    far = max(FLOOR, SPREADS * spread)
    d_skin = np.linalg.norm(ab - skin_ab, axis=-1)
    away = np.clip((d_lip - far) / RAMP, 0.0, 1.0)
    if float(np.linalg.norm(lip - skin_ab)) >= MIN_CONTRAST:
        like = np.clip((d_lip - d_skin - SKIN_MARGIN) / RAMP, 0.0, 1.0)
    else:
        like = np.zeros_like(away)
    other = np.clip((d_lip - ANY_COLOUR) / RAMP, 0.0, 1.0)
    score = away * np.maximum(like, other)
    # Keep the patches inside the lips that come in from outside them and reach well in:
    # an occluder enters from outside; a pale lip border only touches the line.
    hard = ((score > 0.5) & inside & ring).astype(np.uint8)
    # Thin dark lines (the crease between the lips, a mouth corner's fold) are not
    # things in front: only what is WIDTH wide survives an opening.
    size = max(3, round(WIDTH * lips.mouth_width) | 1)
    disk = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    wide = cv2.morphologyEx(hard, cv2.MORPH_OPEN, disk)
    hard = (cv2.dilate(wide, disk) & hard).astype(np.uint8)
    count, labels = cv2.connectedComponents(hard, connectivity=8)
    if count <= 1:
        return found
    inside_u8 = inside.astype(np.uint8)
    border = (cv2.dilate(1 - inside_u8, np.ones((3, 3), np.uint8)) > 0) & (hard > 0)
    depth = cv2.distanceTransform(inside_u8, cv2.DIST_L2, 3) / max(lips.mouth_width, 1.0)
    deepest = np.zeros(count, np.float32)
    np.maximum.at(deepest, labels[hard > 0], depth[hard > 0])
    keep = np.zeros(count, bool)
    keep[labels[border]] = True
    keep &= deepest >= DEPTH
    keep[0] = False
    score = np.where(keep[labels], score, np.float32(0.0)).astype(np.float32)
    found[:] = score[sy : sy + shape[0], sx : sx + shape[1]] * (cover > 0)
    return found
