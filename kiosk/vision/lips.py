"""Lip regions from the face mesh: outer and inner contours and a soft mask.

The painted region is the ring between the outer lip line and the inner lip
line, so teeth, tongue and the dark of an open mouth are never painted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import cv2
import numpy as np

from kiosk.vision.face import Face, pick

# MediaPipe face mesh indices, each loop clockwise from the left mouth corner.
OUTER_LIP = (61, 185, 40, 39, 37, 0, 267, 269, 270, 409, 291,
             375, 321, 405, 314, 17, 84, 181, 91, 146)  # fmt: skip
INNER_LIP = (78, 191, 80, 81, 82, 13, 312, 311, 310, 415, 308,
             324, 318, 402, 317, 14, 87, 178, 88, 95)  # fmt: skip
SUBPIXEL_BITS = 4
# Below this mean gap (as a share of mouth width) the lips touch: the inner loop is
# a line the lips cover, not an opening with teeth behind it.
OPEN_MOUTH_GAP = 0.012
# A wide feather is worked out on a grid coarse enough that its blur is still this
# many (coarse) pixels: the blur's cost falls with the square of the step and more.
COARSE_SIGMA = 2.0


@dataclass(frozen=True)
class LipContours:
    """Closed outer and inner lip loops in image pixels, as smooth curves."""

    outer: np.ndarray = field(repr=False)
    inner: np.ndarray = field(repr=False)

    @cached_property  # asked for many times a frame; the loops are not changed in place
    def mouth_width(self) -> float:
        xs = self.outer[:, 0]
        return float(xs.max() - xs.min())

    @cached_property
    def opening(self) -> float:
        """Mean gap between the lips in pixels: the inner loop's area over its width."""
        x = self.inner[:, 0]
        return loop_area(self.inner) / max(float(x.max() - x.min()), 1.0)

    @property
    def mouth_open(self) -> bool:
        return self.opening >= OPEN_MOUTH_GAP * self.mouth_width

    def bounds(self, margin: float, width: int, height: int) -> tuple[int, int, int, int]:
        """Integer (x0, y0, x1, y1) around the outer loop plus `margin`, clipped to the image."""
        x0, y0 = np.floor(self.outer.min(axis=0) - margin).astype(int)
        x1, y1 = np.ceil(self.outer.max(axis=0) + margin).astype(int)
        return max(x0, 0), max(y0, 0), min(x1, width), min(y1, height)


@lru_cache(maxsize=32)
def _catmull_rom_matrix(n: int, samples: int) -> np.ndarray:
    """The (n * samples, n) weights that take a closed loop's n points to its closed
    Catmull-Rom curve: the curve is linear in the points, so one product makes it."""
    t = np.linspace(0.0, 1.0, samples, endpoint=False)
    t2, t3 = t * t, t * t * t
    # weights of p0 (the point before), p1, p2, p3 at each t
    w = 0.5 * np.stack(
        [-t + 2 * t2 - t3, 2 - 5 * t2 + 3 * t3, t + 4 * t2 - 3 * t3, -t2 + t3], axis=1
    )
    m = np.zeros((n, samples, n))
    for i in range(n):
        for k, offset in enumerate((-1, 0, 1, 2)):
            m[i, :, (i + offset) % n] += w[:, k]
    return m.reshape(n * samples, n)


@lru_cache(maxsize=8)
def _before(n: int) -> np.ndarray:
    """Each of a loop's n points' index of the point before it (np.roll's order, taken
    by one index: rolling costs several times more)."""
    return np.roll(np.arange(n), 1)


def loop_area(points: np.ndarray) -> float:
    """A closed loop's area in pixels (the shoelace formula over (n, 2) points)."""
    x, y = points[:, 0], points[:, 1]
    before = _before(len(points))
    return 0.5 * abs(float(np.dot(x, y[before]) - np.dot(y, x[before])))


def catmull_rom_closed(points: np.ndarray, samples: int = 4) -> np.ndarray:
    """A closed Catmull-Rom curve through `points`: the mesh's few lip points
    become a smooth outline instead of a polygon with visible corners."""
    curve = _catmull_rom_matrix(len(points), samples) @ points.astype(np.float64)
    return curve.astype(np.float32)


def lip_contours(face: Face, samples: int = 4) -> LipContours:
    xy = face.landmarks[:, :2]
    return LipContours(
        outer=catmull_rom_closed(pick(xy, OUTER_LIP), samples),
        inner=catmull_rom_closed(pick(xy, INNER_LIP), samples),
    )


def _fill(shape: tuple[int, int], loop: np.ndarray, origin: np.ndarray, aa: bool) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    pts = np.rint((loop - origin) * (1 << SUBPIXEL_BITS)).astype(np.int32)  # np.round's, sooner
    line = cv2.LINE_AA if aa else cv2.LINE_8
    cv2.fillPoly(mask, [pts], 255, lineType=line, shift=SUBPIXEL_BITS)
    return mask


def inner_mouth_mask(lips: LipContours, shape: tuple[int, int]) -> np.ndarray:
    """Boolean mask (full image) of pixels inside the inner lip loop."""
    return _fill(shape, lips.inner, np.zeros(2, np.float32), aa=False) > 0


def _soften(mask: np.ndarray, sigma: float, inward: bool) -> np.ndarray:
    """Blur a hard 0/255 mask into a 0..1 ramp lying wholly inside (`inward`) or
    wholly outside the shape's edge, so the soft edge never crosses the line."""
    if sigma < 0.25:
        return mask.astype(np.float32) / 255.0
    # The blur of twice the coverage (mask / 127.5, one pass) is exactly twice the blur
    # (a power of two scales every rounding alike), so the ramp (blur - 0.5) * 2 is one
    # subtraction, done in place: what lies beyond 0..1 is clipped away either way.
    ramp = cv2.GaussianBlur(np.divide(mask, np.float32(127.5), dtype=np.float32), (0, 0), sigma)
    if inward:
        np.subtract(ramp, np.float32(1.0), out=ramp)
    return np.clip(ramp, 0.0, 1.0, out=ramp)


def _outside(mask: np.ndarray, sigma: float) -> np.ndarray:
    """1 less `_soften(mask, sigma, inward=False)`, and exactly 0 on the mask itself."""
    ramp = _soften(mask, sigma, inward=False)
    ramp[mask > 0] = 1.0
    return np.subtract(np.float32(1.0), ramp, out=ramp)


def _blur_reach(sigma: float) -> int:
    """More than the pixels OpenCV's float Gaussian reaches (its kernel is
    round(8 sigma + 1) | 1 wide): beyond it a blurred zero stays exactly zero."""
    return int(np.ceil(4.0 * sigma)) + 2


def lip_alpha(lips: LipContours, roi: tuple[int, int, int, int], feather: float) -> np.ndarray:
    """Soft coverage (0..1, float32) of the lip ring inside `roi`.

    Both edges are anti-aliased and feathered by `feather` x mouth width, each
    feather lying on the lip side of its line: no colour reaches the skin, and
    when the mouth is open every pixel inside the inner loop (teeth, tongue)
    stays exactly zero.
    """
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    origin = np.array([x0, y0], np.float32)
    sigma = feather * lips.mouth_width / 2.0
    alpha = _soften(_fill(shape, lips.outer, origin, aa=True), sigma, inward=True)
    return _cut_opening(alpha, lips, origin, sigma)


def _cut_opening(
    alpha: np.ndarray, lips: LipContours, origin: np.ndarray, sigma: float
) -> np.ndarray:
    """`alpha` (the outer line's ramp over a box at `origin`) faded out round an open
    mouth's inner loop and exactly 0 inside it, in place."""
    if not lips.mouth_open:
        return alpha  # closed lips: the line between them is lip too
    shape = alpha.shape[:2]
    inner_hard = _fill(shape, lips.inner, origin, aa=False)
    # The opening's outward fade reaches only a blur's width past the opening: it is
    # blurred over that box alone (a part of the ROI), with room for the blur so its
    # border reads the same zeros; beyond it the fade is exactly 0 and alpha the outer's.
    bx, by, bw, bh = cv2.boundingRect(inner_hard)
    if bw == 0:
        return alpha
    reach = _blur_reach(sigma / 2.0)
    box = (
        slice(max(by - reach, 0), min(by + bh + reach, shape[0])),
        slice(max(bx - reach, 0), min(bx + bw + reach, shape[1])),
    )
    alpha[box] *= _outside(inner_hard[box], sigma / 2.0)
    return alpha


def wide_lip_alpha(lips: LipContours, roi: tuple[int, int, int, int], feather: float) -> np.ndarray:
    """`lip_alpha` for a wide feather (a blur several pixels across): the outer line's
    ramp, smooth over many pixels, is worked out on a grid an integer step n coarser and
    brought up (bilinear), at a small part of the blur's cost; the opening is cut at
    full resolution as in `lip_alpha` (its fade is half as wide and lies on a sharp
    line). The grid is aligned to the frame (its cells start at multiples of n), so any
    box holding the blur gives the same weights. Brought up, the ramp reaches up to about
    n/2 pixels past the outer line: for weights capped by a narrower `lip_alpha` (the
    share of the shade's lightness)."""
    sigma = feather * lips.mouth_width / 2.0
    n = int(sigma / COARSE_SIGMA)
    if n < 2:
        return lip_alpha(lips, roi, feather)
    x0, y0, x1, y1 = roi
    ax0, ay0 = x0 // n * n, y0 // n * n  # the aligned grid's first cell
    cw, ch = -(-(x1 - ax0) // n), -(-(y1 - ay0) // n)
    # The line is drawn at full resolution and averaged down (each cell the mean of its
    # n x n pixels): drawn on the coarse grid, OpenCV's fill reaches half a cell past it.
    fill = _fill((ch * n, cw * n), lips.outer, np.array([ax0, ay0], np.float32), aa=True)
    coarse = cv2.resize(fill, (cw, ch), interpolation=cv2.INTER_AREA)
    # Twice the blurred coverage (as `_soften`), smooth, is brought up; the ramp is cut
    # from it at full resolution, so its foot stays on the line.
    blur = cv2.GaussianBlur(
        np.divide(coarse, np.float32(127.5), dtype=np.float32), (0, 0), sigma / n
    )
    ramp = cv2.resize(blur, (cw * n, ch * n), interpolation=cv2.INTER_LINEAR)
    alpha = ramp[y0 - ay0 : y1 - ay0, x0 - ax0 : x1 - ax0]
    np.subtract(alpha, np.float32(1.0), out=alpha)
    np.clip(alpha, 0.0, 1.0, out=alpha)
    return _cut_opening(alpha, lips, np.array([x0, y0], np.float32), sigma)
