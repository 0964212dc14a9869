"""Per-finish maths of the lipstick colour model, one function per effect.

Every function here is per pixel (what a fragment shader computes) given a
few per-face uniforms computed once (the lip's mean and spread of lightness,
the mouth frame, the shade's colours under the scene light). The only
per-face images besides the coverage alpha are the two edge distances that
the liner and the ombre use, uploaded to the GPU as extra mask channels.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.render.color import _BYTE_TO_LINEAR, LUMINANCE, luminance_to_lightness
from kiosk.vision.lips import LipContours


@dataclass(frozen=True)
class FinishProfile:
    """How a finish treats the lip's own light (the shade's data sets the rest).

    - `shadow`, `highlight`: scale of lightness offsets below/above the lip's
      mean (1 keeps form and texture; < 1 flattens, > 1 adds contrast).
    - `knee`: highlights are compressed only beyond `knee` x the lip's spread.
    - `chroma_detail`: how much of the lip's own chroma variation survives.
    - `spec_tint`: 0 = white specular highlight, 1 = shade-coloured (metallic).
    - `sparkle_tint`: how much of the shade colour the glints take.
    """

    shadow: float = 1.0
    highlight: float = 1.0
    knee: float = 0.5
    chroma_detail: float = 0.35
    spec_tint: float = 0.0
    sparkle_tint: float = 0.3


PROFILES: dict[str, FinishProfile] = {
    "matte": FinishProfile(highlight=0.45, knee=0.3),
    "satin": FinishProfile(highlight=0.8),
    "cream": FinishProfile(highlight=0.95),
    "gloss": FinishProfile(highlight=1.1, chroma_detail=0.4),
    "shimmer": FinishProfile(highlight=1.0, sparkle_tint=0.3),
    "metallic": FinishProfile(shadow=1.25, highlight=1.35, spec_tint=0.85, sparkle_tint=0.8),
    "sheer": FinishProfile(chroma_detail=0.6),
}

SPEC_GAIN = 0.45  # linear-light peak of a gloss-1 highlight
SPEC_FROM, SPEC_TO = 0.6, 2.2  # soft threshold, in lip lightness spreads above the mean
SPARKLE_GAIN = 0.9  # linear-light peak of a sparkle-1 glint
SPARKLE_CELLS = 55.0  # glint cells per mouth width
SPARKLE_RADIUS = 0.38  # glint radius in cells
# A glint never shrinks under this radius in image pixels: a smaller one is a lone
# white pixel that flickers with any sub-pixel motion, not a reflecting particle.
SPARKLE_MIN_PX = 1.8
SPARKLE_MIN_CELL_PX = 4.0  # so that the floored radius fits in a cell
SPARKLE_MAX_RADIUS = 0.45  # in cells: the glint's centre lies 0.3..0.7 into its cell
# Under the glints, a broad soft sheen where the lip catches light, in the glint colour.
SHEEN_GAIN = 0.12
SPARKLE_DENSITY = (0.06, 0.22)  # fraction of cells lit at sparkle 0 .. 1
# A fine line, not a marker ring: about 1 % of the mouth width (2 px on a 200-px mouth),
# never under 1 px, and softer than the shade so the lip's own edge still shows.
LINER_WIDTH = 0.01  # x mouth width, inside the feather
LINER_MIN_PX = 1.0
LINER_STRENGTH = 0.6
OMBRE_FROM, OMBRE_TO = 0.15, 0.85  # where inner/(inner+outer) distance blends

# The lip's own lightness is split in two (issue 14): its form (a low-pass, 5x5 binomial
# taps reaching DETAIL_RADIUS x mouth width) is shown at FORM_GAIN around the shade's
# lightness and shaped by the finish; its detail (lines, pores, small highlights: the rest)
# is kept at unit gain. The shade's lightness fades in over LIGHTNESS_EDGE x mouth width
# inside the lip line (the shade's hue and chroma over the usual feather), so the lip keeps
# its own edge: no light band inside a dark rim. All three chosen by 5-fold
# cross-validation on the 49 annotated faces (benchmarks/lip_accuracy.py measures; grid
# DETAIL_RADIUS 0.05|0.08, FORM_GAIN 0.3|0.5, LIGHTNESS_EDGE 0.07|0.09|0.11, each fold
# choosing by the smallest margin to the floors; all five folds chose these).
DETAIL_RADIUS = 0.08
FORM_GAIN = 0.3
LIGHTNESS_EDGE = 0.07
BINOMIAL = (1.0, 4.0, 6.0, 4.0, 1.0)  # 5x5 binomial taps, /256 in all


def tap_radius(fraction: float, mouth_width: float) -> int:
    """The form's tap spacing in whole pixels (>= 1): exact texel fetches on the GPU."""
    return max(1, round(fraction * mouth_width / 2.0))


# Byte -> luminance share per channel (B, G, R order): Y is three lookups and two adds.
_Y_OF_BYTE = (_BYTE_TO_LINEAR[:, None] * LUMINANCE[::-1][None, :]).astype(np.float32)


def lightness_bytes(bgr: np.ndarray) -> np.ndarray:
    """CIELAB L* of sRGB bytes (it depends on luminance only)."""
    t = _Y_OF_BYTE
    y = np.take(t[:, 0], bgr[..., 0]) + np.take(t[:, 1], bgr[..., 1])
    y += np.take(t[:, 2], bgr[..., 2])
    return luminance_to_lightness(y)


def lip_form(image: np.ndarray, roi: tuple[int, int, int, int], step: int) -> np.ndarray:
    """The low-pass lightness over `roi`: 5x5 binomial taps `step` px apart on the
    whole image, clamped at its border (as a texture sampled clamp-to-edge)."""
    x0, y0, x1, y1 = roi
    h, w = image.shape[:2]
    r = 2 * step
    ys = np.clip(np.arange(y0 - r, y1 + r), 0, h - 1)
    xs = np.clip(np.arange(x0 - r, x1 + r), 0, w - 1)
    if ys[0] == y0 - r and ys[-1] == y1 + r - 1 and xs[0] == x0 - r and xs[-1] == x1 + r - 1:
        box = image[y0 - r : y1 + r, x0 - r : x1 + r]
    else:
        box = image[np.ix_(ys, xs)]
    lightness = lightness_bytes(box)
    rows, cols = y1 - y0, x1 - x0
    weights = np.array(BINOMIAL, np.float32) / np.float32(16.0)
    down = np.zeros((rows, lightness.shape[1]), np.float32)
    for k, wk in enumerate(weights):
        down += wk * lightness[k * step : k * step + rows]
    out = np.zeros((rows, cols), np.float32)
    for k, wk in enumerate(weights):
        out += wk * down[:, k * step : k * step + cols]
    return out


def smoothstep(e0: float, e1: float, x: np.ndarray) -> np.ndarray:
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return (t * t * (3.0 - 2.0 * t)).astype(np.float32)


def shape_lightness(d_l: np.ndarray, spread: float, profile: FinishProfile) -> np.ndarray:
    """The lip's lightness offset from its mean as the finish shows it: shadows
    scaled by `shadow`, highlights beyond the knee by `highlight`."""
    if profile.highlight >= 1.0:
        above = d_l * profile.highlight
    else:
        knee = profile.knee * spread
        above = np.where(d_l > knee, knee + (d_l - knee) * profile.highlight, d_l)
    return np.where(d_l < 0.0, d_l * profile.shadow, above).astype(np.float32)


def specular_weight(lightness: np.ndarray, mean_l: float, spread: float) -> np.ndarray:
    """0..1: how much a pixel already catches light (soft threshold well above the mean)."""
    return smoothstep(mean_l + SPEC_FROM * spread, mean_l + SPEC_TO * spread, lightness)


def mouth_frame(lips: LipContours) -> np.ndarray:
    """2x3 similarity transform from image pixels to mouth space: the left corner
    (outer[0]) at (0, 0), the opposite corner (the outer point farthest from it)
    at (1, 0). Patterns evaluated there move, turn and scale with the lips."""
    d = lips.outer.astype(np.float64)
    d -= d[0].copy()
    (x0, y0), (dx, dy) = lips.outer[0].tolist(), d[int(np.argmax(np.einsum("ij,ij->i", d, d)))]
    width2 = max(dx * dx + dy * dy, 1e-6)
    ex, ey = dx / width2, dy / width2  # unit direction / width; the y axis is it turned
    rows = [[ex, ey, -(ex * x0 + ey * y0)], [-ey, ex, -(-ey * x0 + ex * y0)]]
    return np.array(rows, np.float32)


def hash_u32(x: np.ndarray) -> np.ndarray:
    """'lowbias32' integer hash (uint32 in, uint32 out), the same in GLSL with uint."""
    x = x.astype(np.uint32)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    return x


def _unit(h: np.ndarray) -> np.ndarray:
    return (h >> np.uint32(8)).astype(np.float32) * np.float32(1.0 / (1 << 24))


def sparkle_cells(frame: np.ndarray) -> float:
    """Glint cells per mouth width: SPARKLE_CELLS, halved (whole octaves, so the pattern
    changes only when the mouth's size in the frame halves or doubles) until a cell
    spans at least SPARKLE_MIN_CELL_PX image pixels."""
    mouth_px = 1.0 / max(float(np.hypot(frame[0, 0], frame[0, 1])), 1e-9)
    octaves = max(0.0, float(np.ceil(np.log2(SPARKLE_CELLS * SPARKLE_MIN_CELL_PX / mouth_px))))
    return SPARKLE_CELLS / 2.0**octaves


def glint_radius(frame: np.ndarray, cells: float) -> float:
    """Glint radius in cells: SPARKLE_RADIUS, floored at SPARKLE_MIN_PX image pixels
    (frame row 0 gives mouth widths per pixel) and capped so a glint stays (almost)
    inside its own cell."""
    cells_per_px = float(np.hypot(frame[0, 0], frame[0, 1])) * cells
    return float(min(max(SPARKLE_RADIUS, SPARKLE_MIN_PX * cells_per_px), SPARKLE_MAX_RADIUS))


def sparkle_field(
    xs: np.ndarray,
    ys: np.ndarray,
    frame: np.ndarray,
    sparkle: float,
    radius: float,
    cells: float = SPARKLE_CELLS,
) -> np.ndarray:
    """0..1 glints at pixel centres (xs, ys), fixed to the mouth: a grid of cells in
    mouth space, each lit or not by a hash of its integer cell, with one soft dot
    at a hashed spot inside. No time term: a still mouth keeps still sparkles."""
    u = (frame[0, 0] * xs + frame[0, 1] * ys + frame[0, 2]) * np.float32(cells)
    v = (frame[1, 0] * xs + frame[1, 1] * ys + frame[1, 2]) * np.float32(cells)
    cu, cv = np.floor(u), np.floor(v)
    h = hash_u32(
        cu.astype(np.int32).view(np.uint32) ^ hash_u32(cv.astype(np.int32).view(np.uint32))
    )
    density = SPARKLE_DENSITY[0] + (SPARKLE_DENSITY[1] - SPARKLE_DENSITY[0]) * sparkle
    lit = _unit(h) < density
    h1 = hash_u32(h ^ np.uint32(0x9E3779B9))
    h2 = hash_u32(h1)
    px = 0.3 + 0.4 * _unit(h1)
    py = 0.3 + 0.4 * _unit(h2)
    d = np.hypot(u - cu - px, v - cv - py) / radius
    dot = np.clip(1.0 - d, 0.0, 1.0)
    level = 0.45 + 0.55 * _unit(hash_u32(h2))
    return np.where(lit, dot * dot * level, 0.0).astype(np.float32)


def _hard(shape: tuple[int, int], loop: np.ndarray, origin: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    pts = np.round((loop - origin) * 16).astype(np.int32)
    cv2.fillPoly(mask, [pts], 255, lineType=cv2.LINE_8, shift=4)
    cv2.polylines(mask, [pts], True, 255, 1, lineType=cv2.LINE_8, shift=4)
    return mask


def edge_distances(
    lips: LipContours, roi: tuple[int, int, int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Per-pixel distance (px) to the outer lip line (0 outside it) and to the
    inner lip loop (0 inside it), over the ROI."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    origin = np.array([x0, y0], np.float32)
    outer = _hard(shape, lips.outer, origin)
    inner = _hard(shape, lips.inner, origin)
    d_outer = cv2.distanceTransform(outer, cv2.DIST_L2, 3)
    d_inner = cv2.distanceTransform(cv2.bitwise_not(inner), cv2.DIST_L2, 3)
    return d_outer, d_inner


def liner_weight(d_outer: np.ndarray, mouth_width: float, feather: float) -> np.ndarray:
    """0..1 band along the outer lip line, just inside the feathered edge."""
    ramp = feather * mouth_width
    width = max(LINER_MIN_PX, LINER_WIDTH * mouth_width)
    return (1.0 - smoothstep(ramp + 0.5 * width, ramp + width, d_outer)) * LINER_STRENGTH


def ombre_weight(d_outer: np.ndarray, d_inner: np.ndarray) -> np.ndarray:
    """0 at the outer lip line .. 1 at the inner one: the share of the inner colour."""
    t = d_outer / np.maximum(d_outer + d_inner, 1e-3)
    return smoothstep(OMBRE_FROM, OMBRE_TO, t)
