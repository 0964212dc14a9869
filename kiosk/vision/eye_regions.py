"""One eye's makeup regions (lid, crease, outer corner, liner, lashes) from the face mesh.

Everything is placed in the eye's own coordinates, rebuilt from the mesh every frame: `t`
runs along the eye from the inner corner (0) to the outer corner (1), and `s` runs up from
the upper eye contour (0) to the brow's lower edge (1). So the crease follows the brow's
arch, the lid band squeezes when the eye opens wide and spreads over the closed lid when
it shuts, and no shape is a fixed stencil that could lag or slide. The soft edges are
smooth functions of (t, s), not blurs: nothing to blur, and nothing that can bleed across
the eye line. The eye opening itself (plus a margin, `EyeMesh.margin`) is cut to exactly 0 in every
channel afterwards, by a distance transform of the opening (`EyeBox.safe`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import cv2
import numpy as np

from kiosk.vision.face import pick
from kiosk.vision.lips import catmull_rom_closed, loop_area

SUBPIXEL_BITS = 4
# The mesh's eye loops: from the outer corner along the upper lid to the inner corner,
# then back along the lower lid. (The subject's right eye is on the image's left.)
RIGHT_EYE = (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7)
LEFT_EYE = (263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249)
UPPER_LID_POINTS = 9  # the loop's first nine points are the upper lid, corner to corner
# The brows' rows, outer end to inner end.
RIGHT_BROW_UPPER = (70, 63, 105, 66, 107)
RIGHT_BROW_LOWER = (46, 53, 52, 65, 55)
LEFT_BROW_UPPER = (300, 293, 334, 296, 336)
LEFT_BROW_LOWER = (276, 283, 282, 295, 285)
SMOOTH_SAMPLES = 4  # Catmull-Rom points per mesh point (as the lips)

# Pixels round the eye opening where every channel is 0: the lash line's inner side.
SAFE_MARGIN = 1.6
MARGIN_SHARE = 0.015  # ... plus this share of the eye's width (the labels' corners reach out)
# The mesh's upper lid runs a little inside the real lid margin (against the CelebAMask-HQ
# eye labels: up to about 3 % of the eye's width at the top of the lid), so the guarded
# opening's upper lid is raised by this much at its middle, tapering to 0 at the corners.
UPPER_GUARD = 0.035
# Shadow placement in (t, s); s = 1 is the brow's lower edge.
LID_TOP = (0.5, 0.8)  # lid weight 1 up to the first s, 0 from the second
CREASE_S, CREASE_WIDTH = 0.52, 0.16  # the crease band's centre and its Gaussian width
# t: shadows fade in over this round the inner corner, and the lid's out over this round
# the outer one. Both ends are blended as an artist blends them: over a fifth of the eye's
# width or more (over 0.20 and 0.22 a charcoal lid ended in a straight, stamped edge).
INNER_FADE = (-0.1, 0.2)
OUTER_FADE = (0.95, 1.32)
BELOW_FADE = 0.07  # x eye width: below the lid line's extension, shadows fade this fast
SHADOW_RAMP = 0.035  # x eye width: shadows rise from the safe margin over this
# Liner: thickness at thickness 0 and 1 (x eye width), mean over the eye, and its taper
# from the inner (x INNER_TAPER) to the outer corner (x 2 - INNER_TAPER).
LINER_THICKNESS = (0.02, 0.09)
INNER_TAPER = 0.45
WING_LENGTH = 0.35  # x eye width at wing 1
WING_RISE = 0.6  # the wing's rise per unit of outward run, before bending to the brow tail
COARSE_WIDTH = 24  # coarse-grid samples per eye width for the smooth shadow fields


@dataclass(frozen=True)
class EyeMesh:
    """One eye's smoothed contours in frame pixels, and its frame of reference."""

    loop: np.ndarray = field(repr=False)  # the closed, smoothed eye loop (the opening)
    guard: np.ndarray = field(repr=False)  # the loop with its upper lid raised by UPPER_GUARD
    upper: np.ndarray = field(repr=False)  # the guard's upper lid, inner to outer corner
    brow_upper: np.ndarray = field(repr=False)  # brow rows, outer to inner
    brow_lower: np.ndarray = field(repr=False)
    inner: np.ndarray = field(repr=False)  # inner and outer corners
    outer: np.ndarray = field(repr=False)
    up: np.ndarray = field(repr=False)  # unit vector from the eye towards its brow
    along: np.ndarray = field(repr=False)  # unit vector from the inner to the outer corner
    width: float = 1.0  # corner to corner, pixels

    @property
    def margin(self) -> float:
        """Pixels round the (guarded) opening where every channel is 0."""
        return SAFE_MARGIN + MARGIN_SHARE * self.width

    @cached_property
    def centre(self) -> np.ndarray:
        """The loop's mean point, float64 (the face's frame and the glasses' canvas are
        set from the two eyes' centres)."""
        return (self.loop.sum(axis=0) / len(self.loop)).astype(np.float64)

    @property
    def openness(self) -> float:
        """The loop's mean height over its width (about 0.3 open, near 0 closed)."""
        return loop_area(self.loop) / (self.width * self.width)


# The guard's lift along the smoothed upper lid (its points, inner to outer): 0 at the
# corners, 1 at the middle.
_GUARD_LIFT = np.sin(
    np.linspace(0.0, np.pi, (UPPER_LID_POINTS - 1) * SMOOTH_SAMPLES + 1, dtype=np.float32)
)[:, None]


def eye_mesh(xy: np.ndarray, right: bool) -> EyeMesh:
    """The eye's contours from the 478 landmarks' (x, y); `right`: the subject's right eye."""
    loop_ids = RIGHT_EYE if right else LEFT_EYE
    up_ids, low_ids = (
        (RIGHT_BROW_UPPER, RIGHT_BROW_LOWER) if right else (LEFT_BROW_UPPER, LEFT_BROW_LOWER)
    )
    pts = pick(xy, loop_ids).astype(np.float32, copy=False)
    loop = catmull_rom_closed(pts, SMOOTH_SAMPLES)
    n_upper = (UPPER_LID_POINTS - 1) * SMOOTH_SAMPLES + 1
    outer, inner = pts[0], pts[UPPER_LID_POINTS - 1]
    brow_lower = pick(xy, low_ids).astype(np.float32, copy=False)
    brow_upper = pick(xy, up_ids).astype(np.float32, copy=False)
    axis = outer - inner
    width = max(float(np.hypot(axis[0], axis[1])), 1.0)
    along = (axis / width).astype(np.float32)
    up = np.array([along[1], -along[0]], np.float32)
    # (the means as np.mean gives them, without its checks: this runs twice a frame)
    if float(np.dot(up, brow_lower.sum(axis=0) / len(brow_lower) - pts.sum(axis=0) / len(pts))) < 0:
        up = -up
    guard = loop.copy()
    guard[:n_upper] += up[None, :] * (UPPER_GUARD * width) * _GUARD_LIFT
    upper = guard[:n_upper][::-1].copy()
    return EyeMesh(loop, guard, upper, brow_upper, brow_lower, inner, outer, up, along, width)


def box_of(mesh: EyeMesh, size: tuple[int, int]) -> tuple[int, int, int, int] | None:
    """The frame box (x0, y0, x1, y1) the eye's regions can reach, or None when empty."""
    w = mesh.width
    pts = np.vstack(
        [
            mesh.loop,
            mesh.brow_upper + mesh.up * 0.1 * w,
            mesh.outer + mesh.along * 0.6 * w + mesh.up * 0.5 * w,
            mesh.outer - mesh.up * 0.3 * w + mesh.along * 0.3 * w,
            mesh.inner - mesh.along * 0.25 * w - mesh.up * 0.2 * w,
        ]
    )
    x0, y0 = np.floor(pts.min(axis=0)).astype(int)
    x1, y1 = np.ceil(pts.max(axis=0)).astype(int) + 1
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, size[0]), min(y1, size[1])
    if x1 - x0 < 2 or y1 - y0 < 2:
        return None
    return int(x0), int(y0), int(x1), int(y1)


def fill_aa(shape: tuple[int, int], poly: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """Anti-aliased sub-pixel fill of `poly` (frame pixels) over a box at `origin`: uint8."""
    mask = np.zeros(shape, np.uint8)
    pts = np.round((poly - origin) * (1 << SUBPIXEL_BITS)).astype(np.int32)
    cv2.fillPoly(mask, [pts], 255, cv2.LINE_AA, SUBPIXEL_BITS)
    return mask


def _smoothstep(x: np.ndarray, a: float | np.ndarray, b: float | np.ndarray) -> np.ndarray:
    """u^2 (3 - 2u) of u = (x - a) / (b - a) clipped to 0..1: each step in place, as
    NumPy would give it step by step (a region build asks for it a dozen times)."""
    u = np.subtract(x, a)
    u /= b - a
    np.minimum(np.maximum(u, 0.0, out=u), 1.0, out=u)
    rise = np.multiply(u, -2.0)
    rise += 3.0  # 3 - 2u
    u *= u
    u *= rise
    return u


def _interp_along(t_pix: np.ndarray, curve: np.ndarray, mesh: EyeMesh) -> np.ndarray:
    """The height (pixels along `up`) of `curve` above the inner corner at each pixel's t."""
    rel = curve - mesh.inner
    ct = rel @ mesh.along / mesh.width
    ch = rel @ mesh.up
    order = np.argsort(ct)
    return np.interp(t_pix, ct[order], ch[order]).astype(np.float32)


def coarse_axes(roi: tuple[int, int, int, int], step: int) -> tuple[np.ndarray, np.ndarray]:
    """Frame coordinates of the columns (x) and rows (y) of a grid `step` times coarser
    than the box, placed where cv2.resize(INTER_LINEAR) back to the box's size takes its
    samples to be."""
    x0, y0, x1, y1 = roi
    w, h = x1 - x0, y1 - y0
    cw, ch = -(-w // step), -(-h // step)
    xs = (np.arange(cw, dtype=np.float32) + 0.5) * (w / cw) - 0.5 + x0
    ys = (np.arange(ch, dtype=np.float32) + 0.5) * (h / ch) - 0.5 + y0
    return xs, ys


def upsample(field: np.ndarray, roi: tuple[int, int, int, int]) -> np.ndarray:
    x0, y0, x1, y1 = roi
    if field.shape == (y1 - y0, x1 - x0):
        return field
    return cv2.resize(field, (x1 - x0, y1 - y0), interpolation=cv2.INTER_LINEAR)


def grid_step(width: float) -> int:
    """The coarse grid's step for smooth fields: about COARSE_WIDTH samples an eye width."""
    return max(1, int(width / COARSE_WIDTH))


@dataclass(frozen=True)
class EyeBox:
    """The eye's box: every coarse-grid sample's eye coordinates, and every pixel's
    distance from the opening (full resolution: the eye-safety cut is exact). The
    distances are exact up to `reach` pixels and at least that beyond: all that reads them
    (the cut, the ramps of `safe`, the lashes' keep) has settled by then."""

    roi: tuple[int, int, int, int]
    mesh: EyeMesh = field(repr=False)
    t: np.ndarray = field(repr=False)  # along the eye, 0 inner corner .. 1 outer corner
    above: np.ndarray = field(repr=False)  # pixels above the upper lid line (along `up`)
    s: np.ndarray = field(repr=False)  # 0 the lid line .. 1 the brow's lower edge
    opening: np.ndarray = field(repr=False)  # bool: pixel centre inside the loop
    dist: np.ndarray = field(repr=False)  # pixels from the opening (any pixel it touches)

    @cached_property
    def cut(self) -> np.ndarray:
        """bool: the opening and its margin, where every channel is 0 (worked out once per
        box: a side's box is kept while its regions are)."""
        return self.dist <= self.mesh.margin

    @cached_property
    def cut_bytes(self) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
        """The cut's bounding box within the box (x0, y0, x1, y1, box pixels) and over it
        the cut as bytes, 255 in it and 0 elsewhere; None when nothing is cut."""
        cut = self.cut.view(np.uint8)
        x, y, w, h = cv2.boundingRect(cut)
        if w == 0 or h == 0:
            return None
        return (x, y, x + w, y + h), cv2.multiply(cut[y : y + h, x : x + w], 255)

    @cached_property
    def cut_keep(self) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
        """The cut as a byte mask for four-channel bytes: over its bounding box (h, w, 4)
        uint8, 0 in the cut and 255 elsewhere (an AND zeroes the cut); None when nothing is
        cut."""
        if (cut := self.cut_bytes) is None:
            return None
        box, inside = cut
        h, w = inside.shape
        return box, np.asarray(cv2.merge([cv2.bitwise_not(inside)] * 4)).reshape(h, w, 4)

    @cached_property
    def cut_cover(self) -> tuple[tuple[int, int, int, int], np.ndarray] | None:
        """The cut as premultiplied RGBA bytes to lay over the GPU's two mask textures: over
        its bounding box (h, w, 4) uint8, alpha 255 in the cut and 0 elsewhere, colour 0:
        laid "over" a texture whose alpha carries no weight, it zeroes every weight in the
        cut and leaves the rest; None when nothing is cut."""
        if (cut := self.cut_bytes) is None:
            return None
        box, inside = cut
        cover = np.zeros((*inside.shape, 4), np.uint8)
        cover[..., 3] = inside
        return box, cover

    def safe(self, ramp: float) -> np.ndarray:
        """0 within the margin of the opening, rising to 1 over `ramp` more pixels (at
        most `reach` from the opening in all)."""
        assert self.mesh.margin + ramp <= reach(self.mesh) + 1e-3
        return np.clip((self.dist - self.mesh.margin) * np.float32(1.0 / max(ramp, 1e-3)), 0.0, 1.0)


def reach(mesh: EyeMesh) -> float:
    """Pixels from the opening beyond which no region reads the distance: the margin and
    the widest ramp rising from it (the shadows'; the liner's is a pixel)."""
    return mesh.margin + max(SHADOW_RAMP * mesh.width, 1.0)


def distance_from(touched: np.ndarray, far: float) -> np.ndarray:
    """Pixels (OpenCV's 5x5 chamfer) from the nearest nonzero pixel of `touched`: exact up
    to `far` and about 1.25 `far` or more beyond (a moved copy, scaled down by up to a
    tenth, still reads `far` or more). Worked out over the touched pixels' box widened
    past that alone: the nearest touched pixel of any pixel in it lies in it, so the
    distances there are those over the whole box, at a fraction of its cost."""
    pad = math.ceil(1.25 * far) + 2
    out = np.full(touched.shape, np.float32(pad), np.float32)
    x, y, w, h = cv2.boundingRect(touched)
    if w == 0 or h == 0:
        return out
    rows = slice(max(y - pad, 0), min(y + h + pad, touched.shape[0]))
    cols = slice(max(x - pad, 0), min(x + w + pad, touched.shape[1]))
    inside = (touched[rows, cols] == 0).view(np.uint8)
    out[rows, cols] = cv2.distanceTransform(inside, cv2.DIST_L2, cv2.DIST_MASK_5)
    return out


def eye_box(mesh: EyeMesh, roi: tuple[int, int, int, int], coords: bool = True) -> EyeBox:
    """The box's fields; `coords` False: the distance from the opening only (the safety
    cut when no eye product is worn)."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    origin = np.array([x0, y0], np.float32)
    touched = fill_aa(shape, mesh.guard, origin)
    opening = fill_aa(shape, mesh.loop, origin) >= 128
    dist = distance_from(touched, reach(mesh))
    empty = np.zeros((0, 0), np.float32)
    box = EyeBox(roi, mesh, empty, empty, empty, opening, dist)
    return with_coords(box) if coords else box


def reboxed(box: EyeBox, roi: tuple[int, int, int, int], mesh: EyeMesh) -> EyeBox:
    """`box`'s opening and distances over the box `roi` of the frame, for this frame's
    `mesh` (its `box_of`: a side's shadows built again for a brow that moved while its
    lash line, and so `box`, is kept): beyond `box` nothing is near the opening, its
    distances there the far value `distance_from` gives."""
    empty = np.zeros((0, 0), np.float32)
    if roi == box.roi:
        return EyeBox(roi, mesh, empty, empty, empty, box.opening, box.dist)
    x0, y0, x1, y1 = roi
    far = np.float32(math.ceil(1.25 * reach(mesh)) + 2)
    dist = np.full((y1 - y0, x1 - x0), far, np.float32)
    opening = np.zeros(dist.shape, bool)
    bx0, by0, bx1, by1 = box.roi
    ox0, oy0, ox1, oy1 = max(x0, bx0), max(y0, by0), min(x1, bx1), min(y1, by1)
    if ox0 < ox1 and oy0 < oy1:
        into = (slice(oy0 - y0, oy1 - y0), slice(ox0 - x0, ox1 - x0))
        out_of = (slice(oy0 - by0, oy1 - by0), slice(ox0 - bx0, ox1 - bx0))
        dist[into] = box.dist[out_of]
        opening[into] = box.opening[out_of]
    return EyeBox(roi, mesh, empty, empty, empty, opening, dist)


def with_coords(box: EyeBox) -> EyeBox:
    """`box` with its coarse grid's eye coordinates (t, above, s) for its mesh: what the
    shadows are built from. Apart from the distances (the lash line's): a face's shadows
    are built again when its brow moves, its lash line only when its eye does."""
    roi, mesh = box.roi, box.mesh
    # (a row of the grid's x and a column of its y: t and h are sums of the two)
    xs, ys = coarse_axes(roi, grid_step(mesh.width))
    px, py = xs - float(mesh.inner[0]), (ys - float(mesh.inner[1]))[:, None]
    w = mesh.width
    t = (px * mesh.along[0] + py * mesh.along[1]) * np.float32(1.0 / w)
    h = px * mesh.up[0] + py * mesh.up[1]
    lid_h = _interp_along(t, mesh.upper, mesh)
    brow_h = _interp_along(t, mesh.brow_lower, mesh)
    span = np.maximum(brow_h - lid_h, 0.25 * w)
    above = h - lid_h
    return EyeBox(roi, mesh, t, above, above / span, box.opening, box.dist)


def _along_window(t: np.ndarray, outer_end: tuple[float, float]) -> np.ndarray:
    return _smoothstep(t, *INNER_FADE) * (1.0 - _smoothstep(t, *outer_end))


def shadow_weights(box: EyeBox, outer: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(lid, crease, outer corner or None) over the box: smooth fields on the coarse grid,
    brought to full resolution, then cut round the eye opening at full resolution."""
    w = box.mesh.width
    t, s = box.t, box.s
    # 1 above the lid line's extension, fading below it (past the corners there is no
    # opening to stop a shadow running down the cheek)
    below = np.clip(1.0 + box.above * np.float32(1.0 / (BELOW_FADE * w)), 0.0, 1.0)
    lid = (1.0 - _smoothstep(s, *LID_TOP)) * _along_window(t, OUTER_FADE) * below
    band = np.exp(-0.5 * ((s - CREASE_S) * np.float32(1.0 / CREASE_WIDTH)) ** 2)
    # a crease colour deepens towards the outer corner, as an artist blends it
    deepen = 0.6 + 0.4 * np.clip(t, 0.0, 1.0)
    crease = band * deepen * _along_window(t, (1.05, 1.3)) * below
    safe = box.safe(SHADOW_RAMP * w)
    fields = [lid, crease] + ([_outer_field(box)] if outer else [])
    full = [upsample(f.astype(np.float32), box.roi) * safe for f in fields]
    return full[0], full[1], (full[2] if outer else None)


def _outer_field(box: EyeBox) -> np.ndarray:
    """A sideways V at the outer corner: from the lash line's end up along the crease
    towards the brow's tail, its upper edge lifting the further out it goes."""
    t, s, w = box.t, box.s, box.mesh.width
    inward = _smoothstep(t, 0.55, 0.9)
    outward = 1.0 - _smoothstep(t, 1.05, 1.25)
    top = np.clip(0.4 + 1.2 * (t - 0.7), 0.4, 0.7)
    upper = 1.0 - _smoothstep(s, top - 0.2, top + 0.1)
    lift = np.clip(1.0 + (box.above - 0.5 * w * (t - 1.0)) * np.float32(1.0 / (0.08 * w)), 0.0, 1.0)
    return inward * outward * upper * lift


def _normals(curve: np.ndarray, up: np.ndarray) -> np.ndarray:
    tangent = np.empty_like(curve)
    tangent[1:-1] = curve[2:] - curve[:-2]
    tangent[0], tangent[-1] = curve[1] - curve[0], curve[-1] - curve[-2]
    n = np.stack([tangent[:, 1], -tangent[:, 0]], axis=1)
    n /= np.maximum(np.linalg.norm(n, axis=1, keepdims=True), 1e-6)
    flip = (n @ up) < 0
    n[flip] = -n[flip]
    return n.astype(np.float32)


def _lid_t(mesh: EyeMesh) -> np.ndarray:
    return np.clip(((mesh.upper - mesh.inner) @ mesh.along) / mesh.width, 0.0, 1.0)


def liner_polygon(mesh: EyeMesh, thickness: float, wing: float) -> np.ndarray:
    """The liner as one polygon: the upper lash line, its outer edge (thicker towards the
    outer corner) and, with a wing, a tapered flick past the outer corner rising towards
    the brow's tail."""
    w = mesh.width
    lid = mesh.upper
    n = _normals(lid, mesh.up)
    t = _lid_t(mesh)[:, None]
    mean = LINER_THICKNESS[0] + (LINER_THICKNESS[1] - LINER_THICKNESS[0]) * thickness
    taper = INNER_TAPER + 2.0 * (1.0 - INNER_TAPER) * t
    thick = np.maximum(mean * w * taper, 1.0)
    top = lid + n * (mesh.margin + thick)
    bottom = lid + n * (mesh.margin * 0.5)
    if wing <= 0.0:
        return np.vstack([bottom, top[::-1]]).astype(np.float32)
    rise = mesh.along + WING_RISE * mesh.up
    rise /= float(np.linalg.norm(rise))
    tip = mesh.outer + rise * (WING_LENGTH * wing * w) + n[-1] * mesh.margin
    # the flick's upper edge leaves the liner's top a little before the corner
    join = int(len(lid) * (1.0 - 0.15 * wing))
    return np.vstack([bottom, tip[None], top[join::-1]]).astype(np.float32)


def liner_weight(box: EyeBox, thickness: float, wing: float) -> np.ndarray:
    x0, y0, x1, y1 = box.roi
    poly = liner_polygon(box.mesh, thickness, wing)
    fill = fill_aa((y1 - y0, x1 - x0), poly, np.array([x0, y0], np.float32))
    return fill.astype(np.float32) * np.float32(1 / 255.0) * box.safe(1.0)
