"""Garment try-on, reference renderer: warp a rigged garment onto a tracked body.

The garment's rig anchors (neck, shoulders, hips, elbows, sleeve ends, in the
product photo) are matched to points on the body derived from the pose
landmarks, and the garment is warped onto them (`garment_warp`): it scales with
the shoulders, leans and narrows with the torso, and its sleeves follow the
arms. Then, in this order:

- what stays in front of it (`garment_occlusion`): the garment stays inside the
  person's silhouette (plus a small margin) and off the head (chin, face, hair
  above the neckline); forearms and hands in front of the torso stay in front of
  it; sleeves are drawn over the arms they belong to, hands stay on top;
- its light (`garment_shading`): the shading of what the person wears (folds,
  the light falling across the body) and the scene's light colour, so it is not
  pasted on.

Plain NumPy/OpenCV on the body's bounding box only. This module is the one
others import: it puts the steps together and re-exports the public names.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from kiosk.render import garment_cues as cues
from kiosk.render.garment_occlusion import (
    FOREARM_RADIUS,
    HAND_RADIUS,
    SILHOUETTE_MARGIN,
    coverage,
    occlusion,
    sample_sites,
)
from kiosk.render.garment_outline import widen_to_outline
from kiosk.render.garment_shading import (
    ADAPT_BRIGHTNESS,
    ADAPT_COLOR,
    SHADING_RANGE,
    SHADING_STRENGTH,
    body_shading,
    shade_layer,
)
from kiosk.render.garment_warp import (
    GRID_STEP,
    HIP_OUT,
    LEFT_EAR,
    LEFT_ELBOW,
    LEFT_EYE,
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    MOUTH_LEFT,
    MOUTH_RIGHT,
    NECK_UP,
    NOSE,
    RIGHT_EAR,
    RIGHT_ELBOW,
    RIGHT_EYE,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
    SHOULDER_OUT,
    SHOULDER_UP,
    SLEEVE_BAND,
    SLEEVE_HALF_WIDTH,
    TPS_SMOOTHING,
    Box,
    Pairs,
    PreparedGarment,
    ThinPlateSpline,
    arm_halves,
    body_targets,
    hang_unseen_arms,
    part_pairs,
    prepare_garment,
    torso_reach,
    warp_parts,
)
from kiosk.render.lighting import LightEstimate

__all__ = [
    "ADAPT_BRIGHTNESS",
    "ADAPT_COLOR",
    "EDGE_SOFTEN",
    "FOREARM_RADIUS",
    "GRID_STEP",
    "HAND_RADIUS",
    "HIP_OUT",
    "LEFT_EAR",
    "LEFT_ELBOW",
    "LEFT_EYE",
    "LEFT_HIP",
    "LEFT_SHOULDER",
    "LEFT_WRIST",
    "MOUTH_LEFT",
    "MOUTH_RIGHT",
    "NECK_UP",
    "NOSE",
    "RIGHT_EAR",
    "RIGHT_ELBOW",
    "RIGHT_EYE",
    "RIGHT_HIP",
    "RIGHT_SHOULDER",
    "RIGHT_WRIST",
    "SHADING_RANGE",
    "SHADING_STRENGTH",
    "SHOULDER_OUT",
    "SHOULDER_UP",
    "SILHOUETTE_MARGIN",
    "SLEEVE_BAND",
    "SLEEVE_HALF_WIDTH",
    "TPS_SMOOTHING",
    "BodyFit",
    "GarmentPlacement",
    "PreparedGarment",
    "ThinPlateSpline",
    "body_fit",
    "body_targets",
    "garment_layer",
    "garment_overlay",
    "paint_garment",
    "part_pairs",
    "prepare_garment",
]

EDGE_SOFTEN = 0.7  # px of the reduced live render: its edges stay smooth when scaled up
BOX_PAD = 0.45  # the layer's box reaches this far past the body points (x shoulder width)
MIN_WIDTH = 8  # px between the shoulders below which no garment is drawn


@dataclass(frozen=True)
class GarmentPlacement:
    """Where the warped garment went (for tests and the debug overlay)."""

    roi: tuple[int, int, int, int]
    alpha: np.ndarray = field(repr=False)  # final coverage over the ROI
    garment_points: np.ndarray = field(repr=False)
    body_points: np.ndarray = field(repr=False)
    # The torso's warp: image pixel (x0 + i / sx, y0 + j / sy) shows garment pixel
    # torso_map[j, i], with (sx, sy) = torso_scale (below 1 when rendered reduced).
    torso_origin: tuple[int, int] = (0, 0)
    torso_map: np.ndarray | None = field(default=None, repr=False)
    hair: np.ndarray | None = field(default=None, repr=False)  # hair kept in front, over the ROI
    # For a GPU to blend: the garment as straight-alpha BGRA bytes covering the ROI, at
    # whatever scale it was rendered (the GPU scales it up for free). None once painted.
    texture: np.ndarray | None = field(default=None, repr=False)
    torso_scale: tuple[float, float] = (1.0, 1.0)

    def landing(self, garment_xy: tuple[float, float]) -> tuple[float, float]:
        """Where a garment pixel (e.g. a rig anchor) ended up in the image."""
        if self.torso_map is None:
            raise ValueError("no torso warp recorded")
        d = np.linalg.norm(self.torso_map - np.asarray(garment_xy, np.float32), axis=-1)
        j, i = np.unravel_index(int(np.argmin(d)), d.shape)
        sx, sy = self.torso_scale
        return float(self.torso_origin[0] + i / sx), float(self.torso_origin[1] + j / sy)


def paint_garment(
    image: np.ndarray,
    garment: PreparedGarment,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None = None,
    max_pixels: int | None = None,
) -> GarmentPlacement | None:
    """Warp `garment` onto the body and composite it into `image` (BGR, in place).

    With `max_pixels`, a body region larger than that is rendered at a reduced
    scale and the garment layer (colour and coverage) is scaled back up for the
    final blend: the live mirror keeps its frame rate on a close, full-length
    shopper, while photos and `kiosk render` use the full resolution.
    """
    layer = garment_layer(image, garment, landmarks, visibility, person_mask, light, max_pixels)
    if layer is None:
        return None
    placed, colour = layer
    assert colour is not None
    x0, y0, x1, y1 = placed.roi
    # One native pass: patch + (colour - patch) * alpha, over the part of the box the
    # garment covers (where alpha is 0 the blend gives the patch back, byte for byte).
    alpha = placed.alpha
    bx, by, bw, bh = cv2.boundingRect((alpha > 0).view(np.uint8))
    if bw == 0 or bh == 0:
        return placed
    inner = (slice(by, by + bh), slice(bx, bx + bw))
    alpha = alpha[inner]
    patch = image[y0:y1, x0:x1][inner]
    patch[...] = cv2.blendLinear(colour[inner], patch, alpha, 1.0 - alpha)
    return placed


def garment_overlay(
    image: np.ndarray,
    garment: PreparedGarment,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None = None,
    max_pixels: int | None = None,
) -> GarmentPlacement | None:
    """The garment for the GPU to blend: nothing is painted on `image`; the
    placement carries a BGRA texture over its ROI (at the reduced scale when the
    body is large, so neither the scale-up nor the blend costs the CPU anything)."""
    layer = garment_layer(
        image, garment, landmarks, visibility, person_mask, light, max_pixels, texture=True
    )
    return None if layer is None else layer[0]


def _bgra(colour: np.ndarray, cover: np.ndarray) -> np.ndarray:
    alpha = np.clip(cover * 255.0 + 0.5, 0, 255).astype(np.uint8)
    return np.dstack([colour, alpha])


Layer = tuple[GarmentPlacement, np.ndarray | None]  # (placement, BGR colour over its box)


@dataclass(frozen=True)
class BodyFit:
    """How the garment meets this body: rig point pairs per part, the landmarks'
    pixels, the shoulder width that scales every tolerance, and the layer's box."""

    pairs: Pairs = field(repr=False)
    xy: np.ndarray = field(repr=False)  # (33, 2) float64 image pixels
    width: float
    box: Box
    reach: np.ndarray | None = field(default=None, repr=False)  # the torso's outline landed

    @property
    def area(self) -> int:
        x0, y0, x1, y1 = self.box
        return (x1 - x0) * (y1 - y0)


def body_fit(
    garment: PreparedGarment,
    landmarks: np.ndarray,
    size: tuple[int, int],
    visibility: np.ndarray | None = None,
    person_mask: np.ndarray | None = None,
) -> BodyFit | None:
    """The garment's fit on the body in an image of `size` (w, h); None when it
    cannot be placed (too few torso anchors, a body too small, or out of frame).
    With the person's mask, the sleeves are made at least as wide as the arms and the
    sides reach the wearer's outline (`garment_outline`)."""
    pairs = part_pairs(
        garment.anchors, landmarks, garment.shoulder_reach, garment.neck_depth,
        garment.sleeve_halves, arm_halves(person_mask, landmarks),
    )  # fmt: skip
    if len(pairs["torso"][0]) < 4:
        return None
    if person_mask is not None and visibility is not None:
        pairs = widen_to_outline(garment, pairs, landmarks, visibility, person_mask)
    xy = landmarks[:, :2].astype(np.float64)
    width = float(np.linalg.norm(xy[LEFT_SHOULDER] - xy[RIGHT_SHOULDER]))
    if width < MIN_WIDTH:
        return None
    reach = torso_reach(garment, pairs)
    box = layer_box(pairs, xy, width, size, reach)
    return None if box is None else BodyFit(pairs, xy, width, box, reach)


def layer_box(
    pairs: Pairs,
    xy: np.ndarray,
    width: float,
    size: tuple[int, int],
    outline: np.ndarray | None = None,
) -> Box | None:
    """Around every body point the parts go to, the torso's landed `outline` (a hem
    below the hips), and the nose (the head is cut out of the garment), padded and
    clipped to the image; None when too small to draw."""
    w, h = size
    points = [p[1] for p in pairs.values()] + [xy[[NOSE]]]
    reach = np.vstack(points if outline is None else [*points, outline])
    pad = BOX_PAD * width
    x0, y0 = np.floor(reach.min(axis=0) - pad).astype(int)
    x1, y1 = np.ceil(reach.max(axis=0) + pad).astype(int)
    # (NumPy integers unless clipped, as always: the reduced render's landmark maths
    # takes its precision from them, and changing that would move pixels.)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    return x0, y0, x1, y1


def garment_layer(
    image: np.ndarray,
    garment: PreparedGarment,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None = None,
    max_pixels: int | None = None,
    texture: bool = False,
) -> Layer | None:
    """The garment as a layer over its box: (placement with coverage, BGR colour bytes).

    With `texture`, the placement carries a BGRA texture instead of the colour
    (None): at the reduced scale when the box was rendered reduced.
    """
    h, w = image.shape[:2]
    landmarks = hang_unseen_arms(landmarks, visibility)
    if max_pixels is None and person_mask is not None:
        # No size limit (the reduced pass, a photo): straight to the fit with the mask.
        fit = body_fit(garment, landmarks, (w, h), visibility, person_mask)
        if fit is None:
            return None
        return _full_layer(image, garment, fit, visibility, person_mask, light, texture)
    # The box from the joints alone first: a box too large is drawn reduced, and the
    # person mask's readings (arm widths, outline) are then taken at that scale, once.
    fit = body_fit(garment, landmarks, (w, h))
    if fit is None:
        return None
    if max_pixels is not None and fit.area > max_pixels:
        return _scaled_layer(
            image, fit.box, garment, landmarks, visibility, person_mask, light,
            (max_pixels / fit.area) ** 0.5, texture,
        )  # fmt: skip
    if person_mask is not None:
        fit = body_fit(garment, landmarks, (w, h), visibility, person_mask)
        if fit is None:
            return None
    return _full_layer(image, garment, fit, visibility, person_mask, light, texture)


_warp_pool: ThreadPoolExecutor | None = None
_warp_pool_lock = threading.Lock()


def _warp_thread() -> ThreadPoolExecutor:
    """One thread that warps the garment's parts while the caller works out what stays
    in front of it: the two do not depend on each other, and their NumPy and OpenCV
    work releases the GIL, so on a second core the warp costs the frame almost nothing
    (the body tracker's thread sits idle while the garment renders)."""
    global _warp_pool
    with _warp_pool_lock:
        if _warp_pool is None:
            _warp_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="garment-warp")
        return _warp_pool


def stop_warp_thread() -> None:
    """End the warp thread (the next garment starts a new one): the render loop calls
    this as it ends, so closing the kiosk leaves no thread of ours behind."""
    global _warp_pool
    with _warp_pool_lock:
        pool, _warp_pool = _warp_pool, None
    if pool is not None:
        pool.shutdown(wait=True)


def _full_layer(
    image: np.ndarray,
    garment: PreparedGarment,
    fit: BodyFit,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None,
    texture: bool,
) -> Layer | None:
    """The layer at the image's own scale: warp, what stays in front, then the light.

    The warp thread takes the warp, then the body's shading (it needs only the clothes'
    colour, sampled first); this thread meanwhile builds what stays in front (the hair
    cue is its largest part). Neither waits on the other until the coverage.
    """
    x0, y0, x1, y1 = fit.box
    pool = _warp_thread()
    warped = pool.submit(warp_parts, garment, fit.pairs, fit.box, fit.width, fit.reach)
    patch = image[y0:y1, x0:x1]
    lab = cues.to_lab(patch)
    args = (lab, fit.xy, visibility, fit.pairs, fit.width, fit.box, person_mask)
    sites = sample_sites(*args)
    shading = pool.submit(body_shading, patch, lab, sites.clothes, fit.width)
    seen = occlusion(*args, sites=sites)
    parts = warped.result()
    cover = coverage(parts, seen)
    if not np.any(cover > 0):
        shading.cancel()
        return None
    layer, cover = shade_layer(
        parts.colour, cover, patch, lab, seen.clothes, fit.width, light, shading.result()
    )
    src, dst = fit.pairs["torso"]
    placed = GarmentPlacement(
        fit.box, cover, src, dst, parts.torso_origin, parts.torso_map, seen.hair
    )
    if texture:
        return replace(placed, texture=_bgra(layer, cover)), None
    return placed, layer


def _scaled_layer(
    image: np.ndarray,
    roi: Box,
    garment: PreparedGarment,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None,
    scale: float,
    texture: bool = False,
) -> Layer | None:
    """The layer rendered on a reduced copy of the box, then scaled back up (the
    coverage always; the colour unless a GPU takes the reduced texture)."""
    small, marks, mask = _reduced(image, roi, landmarks, person_mask, scale)
    inner = garment_layer(small, garment, marks, visibility, mask, light, None)
    if inner is None:
        return None
    return _scaled_up(inner, roi, (small.shape[1], small.shape[0]), texture)


def _reduced(
    image: np.ndarray,
    roi: Box,
    landmarks: np.ndarray,
    person_mask: np.ndarray | None,
    scale: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The box's pixels, landmarks and person mask at `scale`, the landmarks in the
    reduced box's own pixels."""
    x0, y0, x1, y1 = roi
    size = (max(4, round((x1 - x0) * scale)), max(4, round((y1 - y0) * scale)))
    sx, sy = size[0] / (x1 - x0), size[1] / (y1 - y0)
    small = cv2.resize(image[y0:y1, x0:x1], size, interpolation=cv2.INTER_AREA)
    marks = landmarks.copy()
    marks[:, 0] = (marks[:, 0] - x0) * sx
    marks[:, 1] = (marks[:, 1] - y0) * sy
    mask = None
    if person_mask is not None:
        mask = cv2.resize(person_mask[y0:y1, x0:x1], size, interpolation=cv2.INTER_LINEAR)
    return small, marks, mask


def _scaled_up(inner: Layer, roi: Box, reduced: tuple[int, int], texture: bool) -> Layer:
    """A layer rendered on the box reduced to `reduced` (w, h) placed back over
    `roi`: coverage and colour scaled up, or the reduced BGRA texture for the GPU."""
    x0, y0, x1, y1 = roi
    sx, sy = reduced[0] / (x1 - x0), reduced[1] / (y1 - y0)
    placed, colour = inner
    assert colour is not None
    cx0, cy0, cx1, cy1 = placed.roi
    cover = np.zeros((reduced[1], reduced[0]), np.float32)
    full = np.zeros((reduced[1], reduced[0], 3), np.uint8)
    cover[cy0:cy1, cx0:cx1] = placed.alpha
    full[cy0:cy1, cx0:cx1] = colour
    # A one-pixel edge at the reduced scale becomes a visible staircase once scaled up:
    # soften it by about half a reduced pixel first, and spread the colour a few pixels
    # past the edge so the softened rim takes the garment's colour, not black.
    grown = cv2.dilate(full, np.ones((5, 5), np.uint8))
    # (cv2.copyTo writes `full` in place, some thirty times faster than np.copyto
    # broadcasting a mask over the channels.)
    cv2.copyTo(grown, (cover <= 0.0).view(np.uint8), full)
    cover = cv2.GaussianBlur(cover, (0, 0), EDGE_SOFTEN).astype(np.float32, copy=False)
    shape = (x1 - x0, y1 - y0)
    cover_up = cv2.resize(cover, shape, interpolation=cv2.INTER_LINEAR)
    colour_up = None if texture else cv2.resize(full, shape, interpolation=cv2.INTER_LINEAR)
    # The torso map stays at the reduced scale (only `landing` reads it); its origin and
    # scale say where it lies in the image.
    origin = (round(x0 + placed.torso_origin[0] / sx), round(y0 + placed.torso_origin[1] / sy))
    dst = placed.body_points / np.array([sx, sy]) + np.array([x0, y0])
    hair = None
    if placed.hair is not None:
        hair_small = np.zeros((reduced[1], reduced[0]), np.float32)
        hair_small[cy0:cy1, cx0:cx1] = placed.hair
        hair = cv2.resize(hair_small, shape, interpolation=cv2.INTER_LINEAR)
    out = GarmentPlacement(
        roi, cover_up, placed.garment_points, dst, origin, placed.torso_map, hair,
        _bgra(full, cover) if texture else None, (sx, sy),
    )  # fmt: skip
    return out, colour_up
