"""Garment try-on, reference renderer: warp a rigged garment onto a tracked body.

The garment's rig anchors (neck, shoulders, hips, elbows, sleeve ends, in the
product photo) are matched to points on the body derived from the pose
landmarks, and a thin-plate spline maps every output pixel back into the
garment photo: the garment scales with the shoulders, leans and narrows with
the torso, and its sleeves follow the arms. Then, in this order:

- the garment stays inside the person's silhouette (plus a small margin) and
  off the head (chin, face, hair above the neckline);
- forearms and hands in front of the torso stay in front of it; sleeves are
  drawn over the arms they belong to, hands stay on top;
- the garment takes the shading of what the person wears (folds, the light
  falling across the body) and the scene's light colour, so it is not pasted on.

Plain NumPy/OpenCV on the body's bounding box only.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from kiosk.render import garment_cues as cues
from kiosk.render.color import bgr_to_linear, linear_to_srgb, srgb_to_linear
from kiosk.render.lighting import LightEstimate

# MediaPipe pose landmark indices (the wearer's left/right).
NOSE, LEFT_EYE, RIGHT_EYE, LEFT_EAR, RIGHT_EAR = 0, 2, 5, 7, 8
MOUTH_LEFT, MOUTH_RIGHT = 9, 10
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24

GRID_STEP = 8  # px between exact spline evaluations; bilinear in between
TPS_SMOOTHING = 1e-3  # regularisation (x mean anchor distance^2): no folds from noise
SHOULDER_OUT = 1.2  # the shoulder seam lies outside the joint (at the shoulder tip)
SHOULDER_UP = 0.04  # ... and a little above it (x shoulder width)
NECK_UP = 0.16  # base of the neck above the shoulder line (x shoulder width)
HIP_OUT = 1.45  # the hip outline lies well outside the hip joints
SILHOUETTE_MARGIN = 0.03  # garment may pass the person mask by this (x shoulder width)
FOREARM_RADIUS, HAND_RADIUS = 0.1, 0.13  # occluder widths (x shoulder width)
EDGE_SOFTEN = 0.7  # px of the reduced live render: its edges stay smooth when scaled up
SHADING_RANGE = (0.55, 1.35)
SHADING_STRENGTH = 0.8
ADAPT_COLOR, ADAPT_BRIGHTNESS = 0.8, 0.5  # as the lipstick renderer


@dataclass(frozen=True)
class PreparedGarment:
    """A garment photo ready to warp: linear RGB + alpha, split into its torso and
    its two sleeves (each warped on its own, so a raised arm does not bend the torso)."""

    bgra: np.ndarray = field(repr=False)  # H x W x 4 uint8 (warped as bytes: 4x less to move)
    parts: Mapping[str, np.ndarray] = field(repr=False)  # "torso", "left", "right": uint8
    anchors: Mapping[str, tuple[float, float]]


def prepare_garment(
    bgra: np.ndarray, anchors: Mapping[str, tuple[float, float]]
) -> PreparedGarment:
    """Split a BGRA garment image into colour, alpha and part masks (once per garment)."""
    if bgra.ndim != 3 or bgra.shape[2] != 4:
        raise ValueError("a garment image needs an alpha channel (BGRA)")
    alpha = bgra[..., 3].astype(np.float32) / 255.0
    torso = np.zeros(alpha.shape, np.uint8)
    names = ("left_shoulder", "left_hip", "right_hip", "right_shoulder")
    has_sleeves = any(k.endswith(("_elbow", "_sleeve_end")) for k in anchors)
    if has_sleeves and all(n in anchors for n in names):
        quad = np.array([anchors[n] for n in names], np.float32)
        centre = quad.mean(axis=0)
        quad = centre + (quad - centre) * 1.04  # a seam's width of slack
        cv2.fillPoly(torso, [np.round(quad).astype(np.int32)], 255)
        # Everything above the shoulder line between the shoulders is torso (collar).
        top = quad[[0, 3]].copy()
        top[:, 1] = 0
        cv2.fillPoly(torso, [np.round(np.vstack([quad[[0, 3]], top[::-1]])).astype(np.int32)], 255)
        # ... and everything below the hips between them (a skirt, a long hem).
        bottom = quad[[1, 2]].copy()
        bottom[:, 1] = alpha.shape[0]
        cv2.fillPoly(
            torso, [np.round(np.vstack([quad[[1, 2]], bottom[::-1]])).astype(np.int32)], 255
        )
    else:
        torso[:] = 255
    sleeves = alpha * (torso == 0)
    # The wearer's left sleeve is on the photo's right (a front view).
    mid_x = float(anchors["neck"][0]) if "neck" in anchors else alpha.shape[1] / 2
    right_half = (np.arange(alpha.shape[1]) >= mid_x)[None, :]
    # A sleeve photographed hanging against the body overlaps the torso's side
    # columns: there, whatever lies nearer the sleeve's centre line than the
    # torso's side line belongs to the sleeve.
    for side, half in (("left", right_half), ("right", ~right_half)):
        axis = [
            anchors[k]
            for k in (f"{side}_shoulder", f"{side}_elbow", f"{side}_sleeve_end")
            if k in anchors
        ]
        if len(axis) < 2 or f"{side}_hip" not in anchors:
            continue
        d_axis = _distance_to_polyline(alpha.shape, np.array(axis, np.float32))
        edge = np.array([anchors[f"{side}_shoulder"], anchors[f"{side}_hip"]], np.float32)
        d_edge = _distance_to_polyline(alpha.shape, edge)
        claim = (d_axis < d_edge) & half & (torso > 0) & (alpha > 0)
        shoulder_y = float(anchors[f"{side}_shoulder"][1])
        claim &= (np.arange(alpha.shape[0]) > shoulder_y)[:, None]
        sleeves = np.where(claim, alpha, sleeves)
        torso = np.where(claim, 0, torso).astype(np.uint8)
    parts = {
        "torso": alpha * (torso > 0),
        "left": sleeves * right_half,
        "right": sleeves * ~right_half,
    }
    masks = {k: np.clip(v * 255.0 + 0.5, 0, 255).astype(np.uint8) for k, v in parts.items()}
    return PreparedGarment(_bleed(bgra), masks, dict(anchors))


def _bleed(bgra: np.ndarray, steps: int = 4) -> np.ndarray:
    """The garment's colour spread a few pixels into its transparent surround, so that
    warping (bilinear, straight alpha) does not mix black into its edge pixels."""
    out = np.ascontiguousarray(bgra).copy()
    colour = out[..., :3]
    empty = out[..., 3] == 0
    for _ in range(steps):
        grown = cv2.dilate(colour, np.ones((3, 3), np.uint8))
        colour[empty] = grown[empty]
        empty &= ~grown.any(axis=2)
    return out


def _distance_to_polyline(shape: tuple[int, ...], points: np.ndarray) -> np.ndarray:
    """Per-pixel distance (px) to a polyline, via a distance transform."""
    line = np.full(shape[:2], 255, np.uint8)
    cv2.polylines(line, [np.round(points).astype(np.int32)], False, 0, 1)
    return cv2.distanceTransform(line, cv2.DIST_L2, 3)


def body_targets(landmarks: np.ndarray) -> dict[str, np.ndarray]:
    """Where each rig anchor goes on this body (image pixels)."""
    xy = landmarks[:, :2].astype(np.float64)
    ls, rs = xy[LEFT_SHOULDER], xy[RIGHT_SHOULDER]
    lh, rh = xy[LEFT_HIP], xy[RIGHT_HIP]
    width = float(np.linalg.norm(ls - rs))
    mid_s, mid_h = (ls + rs) / 2, (lh + rh) / 2
    up = mid_s - mid_h
    up /= max(float(np.linalg.norm(up)), 1e-6)
    return {
        "neck": mid_s + up * NECK_UP * width,
        "left_shoulder": mid_s + (ls - mid_s) * SHOULDER_OUT + up * SHOULDER_UP * width,
        "right_shoulder": mid_s + (rs - mid_s) * SHOULDER_OUT + up * SHOULDER_UP * width,
        "left_hip": mid_h + (lh - mid_h) * HIP_OUT,
        "right_hip": mid_h + (rh - mid_h) * HIP_OUT,
    }


def _along_arm(chain: list[np.ndarray], distance: float) -> np.ndarray:
    """The point `distance` px along shoulder -> elbow -> wrist (clamped to the chain)."""
    for a, b in itertools.pairwise(chain):
        seg = float(np.linalg.norm(b - a))
        if distance <= seg or b is chain[-1]:
            return a + (b - a) * min(distance / max(seg, 1e-6), 1.0)
        distance -= seg
    return chain[-1]


SLEEVE_HALF_WIDTH = 0.14  # of shoulder width: side points that hold a sleeve's width
SLEEVE_BAND = 0.3  # a sleeve is drawn no further than this from its arm's centre line


def part_pairs(
    anchors: Mapping[str, tuple[float, float]], landmarks: np.ndarray
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per part ("torso", "left", "right"): (garment points, body points).

    The torso follows neck, shoulders and hips. Each sleeve follows its arm: the
    points along the sleeve's centre line (shoulder, elbow, sleeve end) go to the
    same distances down the arm, in shoulder widths, and points either side of
    them keep the sleeve's width as the arm turns.
    """
    body = body_targets(landmarks)
    xy = landmarks[:, :2].astype(np.float64)
    g = {k: np.asarray(v, np.float64) for k, v in anchors.items()}
    torso = [(g[k], body[k]) for k in body if k in g]
    out = {"torso": (np.array([p[0] for p in torso]), np.array([p[1] for p in torso]))}
    if "left_shoulder" not in g or "right_shoulder" not in g:
        return out
    g_width = float(np.linalg.norm(g["left_shoulder"] - g["right_shoulder"]))
    b_width = float(np.linalg.norm(body["left_shoulder"] - body["right_shoulder"]))
    scale = b_width / max(g_width, 1e-6)
    for side, el, wr in (("left", LEFT_ELBOW, LEFT_WRIST), ("right", RIGHT_ELBOW, RIGHT_WRIST)):
        keys = [k for k in (f"{side}_shoulder", f"{side}_elbow", f"{side}_sleeve_end") if k in g]
        if len(keys) < 2:
            continue
        chain = [body[f"{side}_shoulder"], xy[el], xy[wr]]
        g_axis = [g[k] for k in keys]
        b_axis = [body[keys[0]]]
        for k in keys[1:]:
            along = float(np.linalg.norm(g[k] - g[keys[0]])) * scale
            b_axis.append(_along_arm(chain, along))
        src, dst = [], []
        for i, (gp, bp) in enumerate(zip(g_axis, b_axis, strict=True)):
            j = min(i + 1, len(g_axis) - 1)
            i0 = j - 1
            gd, bd = g_axis[j] - g_axis[i0], b_axis[j] - b_axis[i0]
            gn = np.array([-gd[1], gd[0]]) / max(float(np.linalg.norm(gd)), 1e-6)
            bn = np.array([-bd[1], bd[0]]) / max(float(np.linalg.norm(bd)), 1e-6)
            half_g = SLEEVE_HALF_WIDTH * g_width
            for sign in (-1.0, 0.0, 1.0):
                src.append(gp + sign * gn * half_g)
                dst.append(bp + sign * bn * half_g * scale)
        out[side] = (np.array(src), np.array(dst))
    return out


class ThinPlateSpline:
    """2-D thin-plate spline through control points (with a little smoothing)."""

    def __init__(self, points: np.ndarray, values: np.ndarray, smoothing: float = TPS_SMOOTHING):
        n = len(points)
        self.points = points.astype(np.float64)
        d = np.linalg.norm(self.points[:, None] - self.points[None], axis=-1)
        k = _kernel(d)
        scale = float(np.mean(d[d > 0] ** 2)) if n > 1 else 1.0
        k += np.eye(n) * smoothing * scale
        p = np.hstack([np.ones((n, 1)), self.points])
        a = np.zeros((n + 3, n + 3))
        a[:n, :n], a[:n, n:], a[n:, :n] = k, p, p.T
        b = np.zeros((n + 3, 2))
        b[:n] = values
        self.coef = np.linalg.lstsq(a, b, rcond=None)[0]

    def __call__(self, xy: np.ndarray) -> np.ndarray:
        d = np.linalg.norm(xy[:, None] - self.points[None], axis=-1)
        n = len(self.points)
        return _kernel(d) @ self.coef[:n] + self.coef[n] + xy @ self.coef[n + 1 :]


def _kernel(d: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        k = d * d * np.log(d * d)
    return np.nan_to_num(k)


def _capsule(
    mask: np.ndarray, a: np.ndarray, b: np.ndarray, radius: float, origin: np.ndarray
) -> None:
    r = max(1, round(radius))
    pa = tuple(int(v) for v in np.round(a - origin))
    pb = tuple(int(v) for v in np.round(b - origin))
    cv2.line(mask, pa, pb, 255, 2 * r, cv2.LINE_AA)


def _soft(mask: np.ndarray) -> np.ndarray:
    """0..1 from a 0/255 mask drawn anti-aliased (its edges are already soft)."""
    return mask.astype(np.float32) * np.float32(1.0 / 255.0)


def _part_box(
    dst: np.ndarray, bounds: tuple[int, int, int, int], pad: float
) -> tuple[int, int, int, int] | None:
    bx0, by0, bx1, by1 = bounds
    x0 = max(int(np.floor(dst[:, 0].min() - pad)), bx0)
    y0 = max(int(np.floor(dst[:, 1].min() - pad)), by0)
    x1 = min(int(np.ceil(dst[:, 0].max() + pad)), bx1)
    y1 = min(int(np.ceil(dst[:, 1].max() + pad)), by1)
    return (x0, y0, x1, y1) if x1 - x0 >= 2 and y1 - y0 >= 2 else None


def _warp_part(
    garment: PreparedGarment,
    name: str,
    src: np.ndarray,
    dst: np.ndarray,
    bounds: tuple[int, int, int, int],
    width: float,
) -> tuple[tuple[int, int, int, int], np.ndarray, np.ndarray, np.ndarray] | None:
    """One part warped into its own box: (box, garment BGR, coverage, pixel map).

    The torso takes a thin-plate spline through its anchors. A sleeve is rigid
    between its joints: each segment (shoulder to elbow, elbow to cuff) is moved,
    turned and scaled onto its arm segment, so a bent elbow folds the sleeve
    instead of smearing it as one smooth warp would.
    """
    box = _part_box(dst, bounds, (0.45 if name == "torso" else 0.35) * width)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    if name == "torso":
        maps = [_spline_map(ThinPlateSpline(dst, src), box)]
        keeps: list[np.ndarray | None] = [None]
    else:
        maps, keeps = _sleeve_maps(src[1::3], dst[1::3], box)
    shape = (y1 - y0, x1 - x0)
    colour = np.zeros((*shape, 3), np.uint8)
    cover = np.zeros(shape, np.float32)
    full = maps[0]
    for pixel_map, keep in zip(maps, keeps, strict=True):
        map_x, map_y = (
            np.ascontiguousarray(pixel_map[..., 0]),
            np.ascontiguousarray(pixel_map[..., 1]),
        )
        bgra = cv2.remap(
            garment.bgra, map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
        )
        part = cv2.remap(
            garment.parts[name], map_x, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT
        )
        seg = np.minimum(part, bgra[..., 3]).astype(np.float32) / 255.0
        if keep is not None:
            seg *= keep
        np.copyto(colour, bgra[..., :3], where=(seg > 0)[..., None])
        cover = np.maximum(cover, seg)
    if name != "torso":
        # A sleeve stays around its arm.
        band = np.zeros(cover.shape, np.uint8)
        axis = dst[1::3] - np.array([x0, y0])  # the centre-line points
        for a, b in itertools.pairwise(axis):
            _capsule(band, a, b, SLEEVE_BAND * width, np.zeros(2))
        cover *= _soft(band)
    return box, colour, cover, full


def _spline_map(spline: ThinPlateSpline, box: tuple[int, int, int, int]) -> np.ndarray:
    """Output pixel -> garment pixel over `box`: exact on a coarse grid, bilinear between."""
    x0, y0, x1, y1 = box
    gx = np.arange(x0, x1 + GRID_STEP, GRID_STEP, dtype=np.float64)
    gy = np.arange(y0, y1 + GRID_STEP, GRID_STEP, dtype=np.float64)
    grid = np.stack(np.meshgrid(gx, gy), axis=-1).reshape(-1, 2) + 0.5
    mapped = spline(grid).reshape(len(gy), len(gx), 2).astype(np.float32)
    full = cv2.resize(mapped, ((len(gx) - 1) * GRID_STEP + 1, (len(gy) - 1) * GRID_STEP + 1))
    return full[: y1 - y0, : x1 - x0] - 0.5


def _sleeve_maps(
    g_axis: np.ndarray, b_axis: np.ndarray, box: tuple[int, int, int, int]
) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """Per sleeve segment: the similarity map (body -> garment) and which output
    pixels it owns (those whose garment point falls along that segment)."""
    x0, y0, x1, y1 = box
    xs = np.arange(x0, x1, dtype=np.float32) + 0.5
    ys = np.arange(y0, y1, dtype=np.float32) + 0.5
    px, py = np.meshgrid(xs, ys)
    maps: list[np.ndarray] = []
    keeps: list[np.ndarray | None] = []
    last = len(g_axis) - 2
    for k in range(len(g_axis) - 1):
        ga, gb = complex(*g_axis[k]), complex(*g_axis[k + 1])
        ba, bb = complex(*b_axis[k]), complex(*b_axis[k + 1])
        if abs(bb - ba) < 1e-6 or abs(gb - ga) < 1e-6:
            continue
        scale = (gb - ga) / (bb - ba)
        sa, sb = np.float32(scale.real), np.float32(scale.imag)
        dx, dy = px - np.float32(ba.real), py - np.float32(ba.imag)
        # garment point of each output pixel: (p - ba) * scale + ga, in float32
        gx = sa * dx - sb * dy + np.float32(ga.real)
        gy = sa * dy + sb * dx + np.float32(ga.imag)
        maps.append(np.dstack([gx - 0.5, gy - 0.5]))
        # Position along this garment segment: the first owns what lies before it,
        # the last what lies past its end.
        ux, uy = np.float32((gb - ga).real), np.float32((gb - ga).imag)
        t = ((gx - np.float32(ga.real)) * ux + (gy - np.float32(ga.imag)) * uy) / (
            ux * ux + uy * uy
        )
        lo = -np.inf if k == 0 else 0.0
        hi = np.inf if k == last else 1.0
        keeps.append(((t >= lo) & (t <= hi)).astype(np.float32))
    return maps, keeps


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
    patch = image[y0:y1, x0:x1]
    # One native pass over the box: patch + (colour - patch) * alpha.
    alpha = placed.alpha
    patch[...] = cv2.blendLinear(colour, patch, alpha, 1.0 - alpha)
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


def garment_layer(
    image: np.ndarray,
    garment: PreparedGarment,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None = None,
    max_pixels: int | None = None,
    texture: bool = False,
) -> tuple[GarmentPlacement, np.ndarray | None] | None:
    """The garment as a layer over its box: (placement with coverage, BGR colour bytes).

    With `texture`, the placement carries a BGRA texture instead of the colour
    (None): at the reduced scale when the box was rendered reduced.
    """
    h, w = image.shape[:2]
    pairs = part_pairs(garment.anchors, landmarks)
    if len(pairs["torso"][0]) < 4:
        return None
    xy = landmarks[:, :2].astype(np.float64)
    width = float(np.linalg.norm(xy[LEFT_SHOULDER] - xy[RIGHT_SHOULDER]))
    if width < 8:
        return None
    reach = np.vstack([p[1] for p in pairs.values()] + [xy[[NOSE]]])
    pad = 0.45 * width
    x0, y0 = np.floor(reach.min(axis=0) - pad).astype(int)
    x1, y1 = np.ceil(reach.max(axis=0) + pad).astype(int)
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    area = (x1 - x0) * (y1 - y0)
    if max_pixels is not None and area > max_pixels:
        return _scaled_layer(
            image, (x0, y0, x1, y1), garment, landmarks, visibility, person_mask, light,
            (max_pixels / area) ** 0.5, texture,
        )  # fmt: skip
    origin = np.array([x0, y0], np.float64)
    shape = (y1 - y0, x1 - x0)

    # Each part warped on its own (output pixel -> garment pixel, exact on a coarse
    # grid, bilinear between), torso first, sleeves over it.
    colour = np.zeros((*shape, 3), np.uint8)  # garment BGR bytes, each pixel from one part
    torso_origin, torso_map = (x0, y0), None
    torso = np.zeros(shape, np.float32)
    sleeves = np.zeros(shape, np.float32)
    for name, (src, dst) in pairs.items():
        part = _warp_part(garment, name, src, dst, (x0, y0, x1, y1), width)
        if part is None:
            continue
        (px0, py0, px1, py1), rgb, cover, pixel_map = part
        if name == "torso":
            torso_origin, torso_map = (px0, py0), pixel_map
        region = (slice(py0 - y0, py1 - y0), slice(px0 - x0, px1 - x0))
        # Parts barely overlap (a seam): a sleeve's colour wins where it is the main
        # cover, or where no torso is under its soft edge.
        on_top = (cover > 0.5) | (torso[region] == 0)
        take = (cover > 0) & (on_top if name != "torso" else True)
        np.copyto(colour[region], rgb, where=take[..., None])
        if name == "torso":
            torso[region] = np.maximum(torso[region], cover)
        else:
            sleeves[region] = sleeves[region] + cover * (1.0 - sleeves[region])
            torso[region] *= 1.0 - cover
    src, dst = pairs["torso"]

    # Inside the person (with a margin), off the head.
    keep = np.ones(shape, np.float32)
    if person_mask is not None:
        # A blurred mask reaches past the silhouette by about one sigma: the margin.
        sigma = max(1.0, SILHOUETTE_MARGIN * width)
        near = _blur_small(person_mask[y0:y1, x0:x1].astype(np.float32), sigma)
        keep *= np.clip((near - 0.1) / 0.4, 0.0, 1.0)
    head = np.zeros(shape, np.uint8)
    ears = (xy[LEFT_EAR] + xy[RIGHT_EAR]) / 2
    mouth = (xy[MOUTH_LEFT] + xy[MOUTH_RIGHT]) / 2
    chin = mouth + (mouth - xy[NOSE]) * 1.6
    rx = max(float(np.linalg.norm(xy[LEFT_EAR] - xy[RIGHT_EAR])) * 0.62, 0.2 * width)
    ry = float(np.linalg.norm(chin - ears))
    centre = tuple(int(v) for v in np.round(ears - origin))
    cv2.ellipse(
        head, centre, (max(1, round(rx)), max(1, round(ry))), 0, 0, 360, 255, -1, cv2.LINE_AA
    )
    keep *= 1.0 - _soft(head)
    patch = image[y0:y1, x0:x1]
    lab = cues.to_lab(patch)
    skin = _skin_model(lab, xy, visibility, origin)

    # Forearms and hands in front of the torso; hands in front of everything; a bare
    # forearm (short sleeve) also in front of its own sleeve, as when the arm folds.
    arms = np.zeros(shape, np.uint8)
    bare = np.zeros(shape, np.uint8)
    hands = np.zeros(shape, np.uint8)
    for side, sh, el, wr in (
        ("left", LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST),
        ("right", RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST),
    ):
        if min(visibility[el], visibility[wr]) < 0.5:
            continue
        _capsule(arms, xy[el], xy[wr], FOREARM_RADIUS * width, origin)
        upper_arm = float(np.linalg.norm(xy[el] - xy[sh]))
        axis = pairs[side][1][1::3] if side in pairs else xy[[sh]]
        reach_arm = float(np.linalg.norm(axis - xy[sh], axis=1).max())
        if reach_arm < 0.9 * upper_arm:
            _capsule(bare, xy[el], xy[wr], FOREARM_RADIUS * width, origin)
        tip = xy[wr] + (xy[wr] - xy[el]) * 0.45
        _capsule(hands, xy[wr], tip, HAND_RADIUS * width, origin)
    arms_soft, hands_soft, bare_soft = _soft(arms), _soft(hands), _soft(bare)
    if skin is not None:  # bare hands and forearms: cut out what looks like skin only
        skin_like = skin.likeness(lab)
        arms_soft = cues.gate(arms_soft, skin_like)
        hands_soft = cues.gate(hands_soft, skin_like, min_share=0.1)  # hands are bare
        bare_soft = cues.gate(bare_soft, skin_like)
    # Hair falling over the shoulders stays in front.
    head_box = (centre, (rx, ry))
    chest = (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) * 0.35 + (xy[LEFT_HIP] + xy[RIGHT_HIP]) * 0.15
    chest_where = cues.disc(shape, chest - origin, 0.2 * width)
    chest_where[(arms > 0) | (hands > 0)] = 0
    if person_mask is not None:
        chest_where[person_mask[y0:y1, x0:x1] < 0.5] = 0
    clothes = cues.sample_model(lab, chest_where)
    hair = _hair(lab, person_mask, (x0, y0, x1, y1), head_box, xy, width, skin, clothes)
    if hair is not None:
        keep *= 1.0 - hair
    over_sleeves = np.maximum(hands_soft, bare_soft)
    cover = (
        torso * (1.0 - np.maximum(arms_soft, hands_soft)) + sleeves * (1.0 - over_sleeves)
    ) * keep
    cover = np.clip(cover, 0.0, 1.0)
    if not np.any(cover > 0):
        return None

    # The person's own shading (folds, light across the body) and the scene light,
    # computed only where the garment shows.
    on = cover > 0.002
    shading = _shading(patch, lab, clothes, width)[on]
    lit = bgr_to_linear(colour[on]) * shading[:, None]  # linear RGB
    if light is not None:
        tint = np.power(light.illuminant, ADAPT_COLOR) * np.float32(
            light.brightness**ADAPT_BRIGHTNESS
        )
        lit = lit * tint
    layer = np.zeros((*shape, 3), np.uint8)
    layer[on] = (_encode(lit)[:, ::-1] + 0.5).astype(np.uint8)
    cover = np.where(on, cover, 0.0).astype(np.float32)
    placed = GarmentPlacement((x0, y0, x1, y1), cover, src, dst, torso_origin, torso_map, hair)
    if texture:
        return replace(placed, texture=_bgra(layer, cover)), None
    return placed, layer


def _shading(
    patch: np.ndarray, lab: np.ndarray, clothes: cues.ColourModel | None, width: float
) -> np.ndarray:
    """Folds and light across the body, not the print of what the person wears.

    A band of scales between fabric texture (removed) and the body's overall light
    (the base), read from the plain parts of the clothing only: where the person
    wears a print or a logo the shading is filled in from around it.
    """
    grey = _GREY_TO_LINEAR[cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY)]
    weight = cues.print_weight(lab, clothes)
    if weight is None:
        lum = _blur_small(grey, 0.03 * width)
        trust = np.ones_like(lum)
    else:
        den = _blur_small(weight, 0.03 * width)
        lum = _blur_small(grey * weight, 0.03 * width) / np.maximum(den, 1e-3)
        trust = np.clip(den / 0.3, 0.0, 1.0)  # 0 over a print: the shading fades to flat there
    base = _blur_small(lum, 0.12 * width)
    ratio = np.clip(lum / np.maximum(base, 1e-4), *SHADING_RANGE) ** SHADING_STRENGTH
    return (1.0 + (ratio - 1.0) * trust).astype(np.float32)


def _skin_model(
    lab: np.ndarray, xy: np.ndarray, visibility: np.ndarray, origin: np.ndarray
) -> cues.ColourModel | None:
    """Skin colour from the cheeks (between each eye and mouth corner)."""
    if min(visibility[NOSE], visibility[MOUTH_LEFT], visibility[MOUTH_RIGHT]) < 0.5:
        return None
    radius = 0.12 * float(np.linalg.norm(xy[LEFT_EAR] - xy[RIGHT_EAR]))
    shape = (lab.shape[0], lab.shape[1])
    where = np.zeros(shape, np.uint8)
    for eye, mouth in ((LEFT_EYE, MOUTH_LEFT), (RIGHT_EYE, MOUTH_RIGHT)):
        where |= cues.disc(shape, (xy[eye] + xy[mouth]) / 2 - origin, radius)
    return cues.sample_model(lab, where, min_pixels=12)


def _hair(
    lab: np.ndarray,
    person_mask: np.ndarray | None,
    box: tuple[int, int, int, int],
    head: tuple[tuple[int, ...], tuple[float, float]],
    xy: np.ndarray,
    width: float,
    skin: cues.ColourModel | None,
    clothes: cues.ColourModel | None,
) -> np.ndarray | None:
    """Hair over the shoulders: matched in colour to the crown and connected to it."""
    x0, y0, x1, y1 = box
    shape = lab.shape[:2]
    (cx, cy), (rx, ry) = head
    axes = (max(1, round(rx)), max(1, round(ry)))
    # The crown and the hair framing the face, down to the mouth.
    wide = (max(2, round(rx * 1.6)), max(2, round(ry * 1.3)))
    crown = np.zeros(shape, np.uint8)
    cv2.ellipse(crown, (cx, cy), wide, 0, 0, 360, 255, -1)
    cv2.ellipse(crown, (cx, cy), axes, 0, 0, 360, 0, -1)
    ears_y = round((xy[LEFT_EAR][1] + xy[RIGHT_EAR][1]) / 2) - y0
    mouth_y = round((xy[MOUTH_LEFT][1] + xy[MOUTH_RIGHT][1]) / 2) - y0
    crown[max(0, mouth_y) :] = 0
    below = np.zeros(shape, np.uint8)
    hips_y = (xy[LEFT_HIP][1] + xy[RIGHT_HIP][1]) / 2
    shoulders_y = (xy[LEFT_SHOULDER][1] + xy[RIGHT_SHOULDER][1]) / 2
    low = round(shoulders_y + 0.6 * (hips_y - shoulders_y)) - y0
    below[max(0, ears_y) : max(0, low)] = 255
    cv2.ellipse(below, (cx, cy), axes, 0, 0, 360, 0, -1)
    person = None if person_mask is None else person_mask[y0:y1, x0:x1]
    return cues.hair_in_front(lab, person, crown, below, skin, clothes)


def _scaled_layer(
    image: np.ndarray,
    roi: tuple[int, int, int, int],
    garment: PreparedGarment,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    person_mask: np.ndarray | None,
    light: LightEstimate | None,
    scale: float,
    texture: bool = False,
) -> tuple[GarmentPlacement, np.ndarray | None] | None:
    """The layer rendered on a reduced copy of the box, then scaled back up (the
    coverage always; the colour unless a GPU takes the reduced texture)."""
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
    inner = garment_layer(small, garment, marks, visibility, mask, light, None)
    if inner is None:
        return None
    placed, colour = inner
    assert colour is not None
    cx0, cy0, cx1, cy1 = placed.roi
    cover = np.zeros((size[1], size[0]), np.float32)
    full = np.zeros((size[1], size[0], 3), np.uint8)
    cover[cy0:cy1, cx0:cx1] = placed.alpha
    full[cy0:cy1, cx0:cx1] = colour
    # A one-pixel edge at the reduced scale becomes a visible staircase once scaled up:
    # soften it by about half a reduced pixel first, and spread the colour a few pixels
    # past the edge so the softened rim takes the garment's colour, not black.
    grown = cv2.dilate(full, np.ones((5, 5), np.uint8))
    np.copyto(full, grown, where=(cover <= 0.0)[..., None])
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
        hair_small = np.zeros((size[1], size[0]), np.float32)
        hair_small[cy0:cy1, cx0:cx1] = placed.hair
        hair = cv2.resize(hair_small, shape, interpolation=cv2.INTER_LINEAR)
    out = GarmentPlacement(
        roi, cover_up, placed.garment_points, dst, origin, placed.torso_map, hair,
        _bgra(full, cover) if texture else None, (sx, sy),
    )  # fmt: skip
    return out, colour_up


# Byte -> linear light (grey levels), and linear light -> sRGB byte on a fine grid:
# table lookups instead of powers on every pixel of a body-sized region.
_GREY_TO_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float32) / 255.0)
_ENCODE_STEPS = 4096
_LINEAR_TO_BYTE = linear_to_srgb(np.linspace(0.0, 1.0, _ENCODE_STEPS, dtype=np.float32)) * 255.0


def _encode(linear_rgb: np.ndarray) -> np.ndarray:
    """Linear RGB (clipped to 0..1) -> sRGB 0..255 float, via the table."""
    idx = np.clip(linear_rgb * (_ENCODE_STEPS - 1) + 0.5, 0, _ENCODE_STEPS - 1).astype(np.int32)
    return _LINEAR_TO_BYTE[idx]


def _blur_small(values: np.ndarray, sigma: float, factor: int = 4) -> np.ndarray:
    """A wide Gaussian blur computed at 1/`factor` size: same look, a fraction of the cost."""
    h, w = values.shape
    small = cv2.resize(
        values, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), max(sigma / factor, 0.5))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
