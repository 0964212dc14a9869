"""Blush and brow regions from the face mesh.

Blush: an elliptical soft falloff on the cheek apple (the mesh's cheek points, below the
outer half of the eye), stretched up towards the temple, and exactly 0 on the nose, the
lips and the eyes with a margin (distance-transformed from those shapes, so the falloff
meets 0 softly instead of being clipped into a hard edge).

Brow: the mesh's brow shape (its upper and lower rows) with a soft edge, weighted by
`hairness + fill * (1 - hairness)`: hairness is how much darker a pixel is than the skin
round that brow (the median of a ring round it: local, and robust to a stray hair or a
shadow), so a tint colours the hairs and `fill` the skin between them.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from kiosk.vision.boxes import union
from kiosk.vision.eye_regions import (
    SUBPIXEL_BITS,
    EyeMesh,
    coarse_axes,
    fill_aa,
    upsample,
)
from kiosk.vision.face import pick
from kiosk.vision.lips import OUTER_LIP

# Cheek apple points (subject's right, left mirrored) and the lower eye ring (a blush
# stays below it).
RIGHT_CHEEK = (50, 101, 118, 123)
LEFT_CHEEK = (280, 330, 347, 352)
RIGHT_UNDER_EYE = (33, 7, 163, 144, 145, 153, 154, 155, 133, 243, 112, 26, 22, 23, 24, 110, 25, 130)
LEFT_UNDER_EYE = (263, 249, 390, 373, 374, 380, 381, 382, 362, 463, 341, 256, 252, 253, 254,
                  339, 255, 359)  # fmt: skip
NOSE = (168, 6, 197, 195, 5, 4, 1, 2, 98, 97, 326, 327, 64, 294, 48, 278, 219, 439, 129,
        358, 49, 279, 131, 360, 102, 331, 209, 429, 198, 420, 217, 437, 188, 412, 122, 351,
        245, 465)  # fmt: skip
FACE_OVAL = (10, 338, 297, 332, 284, 251, 389, 356, 454, 323, 361, 288, 397, 365, 379, 378,
             400, 377, 152, 148, 176, 149, 150, 136, 172, 58, 132, 93, 234, 127, 162, 21, 54,
             103, 67, 109)  # fmt: skip
# Blush shape, x eye distance: the ellipse's half-axes (towards the temple, across) and
# the shift of its centre towards the temple; the margin kept off nose, lips and eyes and
# the distance over which it then rises to full.
BLUSH_AXES = (0.27, 0.15)
BLUSH_SHIFT = 0.04
BLUSH_TILT = np.radians(35.0)  # the long axis, up from the eye line's outward direction
FRONTAL_EYE_RATIO = 0.97  # a frontal eye's width on screen over its 3D width (the mesh's)
BLUSH_MARGIN = 0.05
BLUSH_SAMPLES = 40  # coarse-grid samples per eye distance
BLUSH_RISE = 0.1
# Brow: the soft edge (x eye width), the ring round the brow whose median is "the skin"
# (x eye width, from the brow's edge), and the hairness scale: a pixel this share of the
# skin's grey darker (at least BROW_CONTRAST_FLOOR grey levels) is all hair.
BROW_EDGE = 0.045
BROW_RING = (0.08, 0.3)
BROW_DARK = 0.16
BROW_SAMPLES = 24  # coarse-grid samples per eye width for the brow's shape
BROW_CONTRAST_FLOOR = 12.0


def _poly_fill(shape: tuple[int, int], polys: list[np.ndarray], origin: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    scaled = [np.round((p - origin) * (1 << SUBPIXEL_BITS)).astype(np.int32) for p in polys]
    cv2.fillPoly(mask, scaled, 255, cv2.LINE_8, SUBPIXEL_BITS)
    return mask


def cheek_box(
    centre: np.ndarray, eye_distance: float, size: tuple[int, int]
) -> tuple[int, int, int, int] | None:
    """The box round a cheek's apple (`centre`) its blush can reach, within the frame."""
    r = BLUSH_AXES[0] * eye_distance * 1.8
    x0, y0 = np.floor(centre - r).astype(int)
    x1, y1 = np.ceil(centre + r).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, size[0]), min(y1, size[1])
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return int(x0), int(y0), int(x1), int(y1)


def _apple(xy: np.ndarray, right: bool) -> np.ndarray:
    points = pick(xy, RIGHT_CHEEK if right else LEFT_CHEEK)
    return (points.sum(axis=0) / len(points)).astype(np.float32)  # (np.mean's, sooner)


def _cheek_axes(landmarks: np.ndarray, right: bool) -> tuple[np.ndarray, np.ndarray, float]:
    """The side's outward and upward unit vectors in the image (from the eye line), and
    how much the side is foreshortened (its eye's width on screen over its 3D width,
    relative to a frontal eye's): the blush's ellipse is drawn in the unturned cheek and
    squeezed by it, so a turned cheek's blush narrows instead of swinging round."""
    a, b = (33, 133) if right else (263, 362)
    far = 263 if right else 33  # the other eye's outer corner
    p = pick(landmarks, (a, b, far, 168, 13)).astype(np.float64)  # (the few points used)
    eye = p[0] - p[1]
    flat, depth = math.hypot(eye[0], eye[1]), math.sqrt(float(eye @ eye))
    squeeze = min(max(flat / max(depth, 1e-6) / FRONTAL_EYE_RATIO, 0.2), 1.0)
    across = p[0, :2] - p[2, :2]
    o = across / max(math.hypot(across[0], across[1]), 1e-6)
    up = np.array([o[1], -o[0]])
    if float(up @ (p[3, :2] - p[4, :2])) < 0:  # up: from the mouth to the eyes
        up = -up
    return o.astype(np.float32), up.astype(np.float32), squeeze


def _blush_shape(
    xs: np.ndarray, ys: np.ndarray, centre: np.ndarray, landmarks: np.ndarray, right: bool,
    eye_distance: float,
) -> np.ndarray:  # fmt: skip
    """One cheek's flat-topped ellipse round its apple (`centre`) on the grid of columns
    `xs` and rows `ys` (frame points): full on the apple, then a long soft Gaussian fall.
    The ellipse's two coordinates are affine in x and y, so each is made from a row and a
    column and one sum over the grid."""
    o, up, squeeze = _cheek_axes(landmarks, right)
    c, s = math.cos(BLUSH_TILT), math.sin(BLUSH_TILT)
    # u, v = ((a c + b s) - shift, b c - a s) over the axes' lengths, where a is along
    # `o` (squeezed) and b along `up`, from the apple.
    along = o.astype(np.float64) / squeeze
    ku = (along * c + up * s) / (BLUSH_AXES[0] * eye_distance)
    kv = (up * c - along * s) / (BLUSH_AXES[1] * eye_distance)
    dx, dy = xs - np.float32(centre[0]), (ys - np.float32(centre[1]))[:, None]
    shift = BLUSH_SHIFT / BLUSH_AXES[0]
    u = dx * np.float32(ku[0]) + (dy * np.float32(ku[1]) - np.float32(shift))
    v = dx * np.float32(kv[0]) + dy * np.float32(kv[1])
    np.multiply(u, u, out=u)
    u += v * v
    u *= np.float32(-0.9)
    np.exp(u, out=u)
    u *= np.float32(1.4)
    return np.minimum(u, np.float32(1.0), out=u)


def blush_weights(
    landmarks: np.ndarray, eye_distance: float, size: tuple[int, int],
    gains: tuple[float, float] = (1.0, 1.0),
) -> tuple[tuple[int, int, int, int], np.ndarray] | None:  # fmt: skip
    """Both cheeks' blush over one box (the union of the cheeks' boxes; None: neither is
    in the frame), each side's shape times its `gains` (subject's right, left; 0: not
    painted). Worked out on one coarse grid for both cheeks (the blush is smooth
    everywhere, and 0 from BLUSH_MARGIN off the banned shapes, more than a coarse step),
    then brought up: one pass, not one per cheek."""
    xy = landmarks[:, :2].astype(np.float32)
    sides = []  # (right, its apple, its box, its gain)
    for right, gain in zip((True, False), gains, strict=True):
        centre = _apple(xy, right)
        if gain > 0.0 and (box := cheek_box(centre, eye_distance, size)) is not None:
            sides.append((right, centre, box, gain))
    if not sides:
        return None
    roi = union([box for _, _, box, _ in sides])
    step = max(1, int(eye_distance / BLUSH_SAMPLES))
    xs, ys = coarse_axes(roi, step)
    shape_w: np.ndarray | None = None
    for right, centre, _, gain in sides:
        one = _blush_shape(xs, ys, centre, landmarks, right, eye_distance)
        if gain < 1.0:
            one *= np.float32(gain)
        shape_w = one if shape_w is None else np.maximum(shape_w, one, out=shape_w)
    assert shape_w is not None
    dist = _banned_distance(xy, roi, step, (len(ys), len(xs)))
    rise = np.clip(
        (dist - BLUSH_MARGIN * eye_distance) * np.float32(1.0 / (BLUSH_RISE * eye_distance)),
        0.0,
        1.0,
    )
    return roi, upsample((shape_w * rise * rise).astype(np.float32), roi)


def _banned_distance(
    xy: np.ndarray, roi: tuple[int, int, int, int], step: int, shape: tuple[int, ...]
) -> np.ndarray:
    """Frame pixels from the nose, the lips, the eyes (with their lower lids) and the
    outside of the face, on the coarse grid."""
    x0, y0, x1, y1 = roi
    # coarse sample j sits at frame x = (j + 0.5) * scale - 0.5 + x0
    scale = np.array([(x1 - x0) / shape[1], (y1 - y0) / shape[0]], np.float32)
    origin = np.array([x0, y0], np.float32) + 0.5 * scale - 0.5

    def grid(poly: np.ndarray) -> np.ndarray:
        return (poly - origin) / scale

    nose = cv2.convexHull(pick(xy, NOSE)).reshape(-1, 2)
    lips = pick(xy, OUTER_LIP)
    eyes = [
        cv2.convexHull(pick(xy, under)).reshape(-1, 2)
        for under in (RIGHT_UNDER_EYE, LEFT_UNDER_EYE)
    ]
    zero = np.zeros(2, np.float32)
    hw = (int(shape[0]), int(shape[1]))
    banned = _poly_fill(hw, [grid(nose), grid(lips), *(grid(e) for e in eyes)], zero)
    face = _poly_fill(hw, [grid(pick(xy, FACE_OVAL))], zero)
    banned[face == 0] = 255  # nor on the hair or the background past the face's edge
    dist = cv2.distanceTransform((banned == 0).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_5)
    return dist * np.float32(float(scale.mean()))


def brow_polygon(mesh: EyeMesh) -> np.ndarray:
    """The brow's closed outline: its upper row out to in, its lower row back (a polygon:
    the soft edge's blur rounds its corners)."""
    return np.vstack([mesh.brow_upper, mesh.brow_lower[::-1]]).astype(np.float32)


def brow_box(mesh: EyeMesh, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    pad = (BROW_RING[1] + 0.05) * mesh.width
    pts = np.vstack([mesh.brow_upper, mesh.brow_lower])
    x0, y0 = np.floor(pts.min(axis=0) - pad).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0) + pad).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, size[0]), min(y1, size[1])
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return int(x0), int(y0), int(x1), int(y1)


def _hairness(grey: np.ndarray, ring: np.ndarray) -> np.ndarray:
    """How much darker than the skin round the brow (`ring`'s grey levels) each pixel is,
    0..1: the ring's median (a stray hair or a shadow does not move it) less its spread."""
    if ring.size < 8:
        return np.zeros_like(grey)
    mid = ring.size // 2
    ref = float(np.partition(ring, mid)[mid])
    dev = np.abs(ring - ref)
    noise = float(np.partition(dev, mid)[mid])
    scale = max(BROW_DARK * ref, BROW_CONTRAST_FLOOR)
    return np.clip((ref - noise - grey) * np.float32(1.0 / scale), 0.0, 1.0)


def brow_weight(
    image: np.ndarray, mesh: EyeMesh, roi: tuple[int, int, int, int], fill: float
) -> np.ndarray:
    """The brow's shape (soft, on a coarse grid) times its hairness (full resolution)."""
    x0, y0, x1, y1 = roi
    w = mesh.width
    step = max(1, int(w / BROW_SAMPLES))
    xs, ys = coarse_axes(roi, step)
    grid = (len(ys), len(xs))
    scale = (x1 - x0) / grid[1], (y1 - y0) / grid[0]
    origin = np.array([x0 + 0.5 * scale[0] - 0.5, y0 + 0.5 * scale[1] - 0.5], np.float32)
    outline = (brow_polygon(mesh) - origin) / np.array(scale, np.float32)
    hard = fill_aa(grid, outline, np.zeros(2, np.float32))
    sigma = max(BROW_EDGE * w / scale[0], 0.5)
    blurred = cv2.GaussianBlur(hard.astype(np.float32) * np.float32(1 / 255.0), (0, 0), sigma)
    # the soft edge lies outside the mesh's outline: its rows sit inside the hairs' edge
    soft = upsample(np.minimum(2.0 * blurred, 1.0), roi)
    dist = cv2.distanceTransform((hard < 128).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_5)
    dist = dist * np.float32(scale[0])
    ring = (dist > BROW_RING[0] * w) & (dist < BROW_RING[1] * w)
    box = image[y0:y1, x0:x1]
    grey = cv2.cvtColor(box, cv2.COLOR_BGR2GRAY) if box.ndim == 3 else box
    ring_grey = grey[:: max(1, round(scale[1])), :: max(1, round(scale[0]))]
    ring_grey = ring_grey[: ring.shape[0], : ring.shape[1]][
        ring[: ring_grey.shape[0], : ring_grey.shape[1]]
    ]
    hair = _hairness(grey.astype(np.float32), ring_grey.astype(np.float32))
    return (soft * (hair + fill * (1.0 - hair))).astype(np.float32)
