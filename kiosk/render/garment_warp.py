"""Garment try-on, the warp: a rigged garment photo onto the tracked body.

The garment's rig anchors (neck, shoulders, hips, elbows, sleeve ends, in the
product photo) are matched to points on the body derived from the pose
landmarks. The torso takes a thin-plate spline that maps every output pixel back
into the garment photo (it scales with the shoulders, leans and narrows with the
torso); each sleeve is rigid between its joints, so it follows a bent arm.
What stays in front of the garment is `garment_occlusion`'s job, its light
`garment_shading`'s; `garment` puts the three together.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

import cv2
import numpy as np

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
SHOULDER_UP = 0.22  # ... and above it, on top of the shoulder (x shoulder width)
NECK_UP = 0.30  # base of the neck above the shoulder line (x shoulder width)
# A crew neckline's own front drop (x the garment's shoulder width) still goes to the
# base of the neck, covering the wearer's own neckline; only a deeper one (a V, a
# scoop, a camisole) keeps the rest of its depth.
CREW_DROP = 0.15
HIP_OUT = 1.45  # the hip outline lies well outside the hip joints
# A sleeved garment's shoulder seam, x the joints' half-width: a little past the shoulder
# tip, since it is worn over the wearer's own clothes, whose shoulders stand out past it
# (a coat, a padded jacket, a chunky knit). Two-fold on bodies_dev (tee, Breton, hoodie,
# jacket): 1.35 was the knee on fold 0 but its collar touched the wearer's own jaw on
# body_cihp_0012008 (1 px of the labelled face; a face is never painted), and 1.3 too;
# 1.25 keeps every face bare. Held-out fold 1, the six sleeved garments: own top left
# bare at the neck and shoulders -0.003 to -0.010, hair changed no worse (-0.001 to
# +0.000), face 0 (benchmarks/README).
SLEEVED_SHOULDER_OUT = 1.25
# A sleeveless garment's shoulder points (strap tops, the tops of its shoulder panels)
# sit inside the shoulder tips: as far out, x the joints' half-width, as the garment's
# own shoulder points are out of its chest width (the chest at the armpits is about
# as wide as the shoulder joints are apart).
# Turned side on, the shoulders' joints come together but the body stays a chest deep:
# the garment's shoulders and hem are never narrower than this (x torso height; facing
# the camera they are about 0.8), and its heights above the shoulders are measured on
# a shoulder width of at least FRONT_WIDTH x torso height (a front view's width).
# A chest is about 0.23-0.25 m deep over 0.47-0.5 m from shoulder to hip joints, and a
# worn top adds its ease front and back: 0.55 (0.45, the bare chest, left the wearer's
# own top showing down the sides of a turned body; two-fold sweeps of 0.45-0.65 on
# bodies_dev trade that against arms and hair painted, nearly flat, see the README).
SIDE_ON_WIDTH = 0.55
FRONT_WIDTH = 0.6
CHEST_ROW = 0.3  # where the chest is read: this far down from shoulders to hips
# An arm whose elbow is seen less than this hangs down (`hang_unseen_arms`): upper arm
# and forearm about 0.6 and 0.5 torso heights long (shoulder to hip joints ~0.5 m).
UNSEEN = 0.5
UPPER_ARM, FOREARM = 0.6, 0.5
STRAP_REACH = (0.5, SHOULDER_OUT)  # bounds of that reach

Box = tuple[int, int, int, int]  # (x0, y0, x1, y1) in image pixels
Pairs = dict[str, tuple[np.ndarray, np.ndarray]]  # part -> (garment points, body points)


@dataclass(frozen=True)
class PreparedGarment:
    """A garment photo ready to warp: linear RGB + alpha, split into its torso and
    its two sleeves (each warped on its own, so a raised arm does not bend the torso)."""

    bgra: np.ndarray = field(repr=False)  # H x W x 4 uint8 (warped as bytes: 4x less to move)
    parts: Mapping[str, np.ndarray] = field(repr=False)  # "torso", "left", "right": uint8
    anchors: Mapping[str, tuple[float, float]]
    # Where its shoulder points go, x the half-width between the wearer's shoulder
    # joints: the shoulder tips for a garment with sleeves, inside them for straps.
    shoulder_reach: float = SHOULDER_OUT
    neck_depth: float = 0.0  # its neckline below its shoulder line (`neckline_depth`)
    # Points on the torso part's outline (garment px: its hem's corners and middle,
    # its sides halfway down): wherever they land, the layer reaches (`torso_reach`),
    # so a long hem or a skirt below the hips is drawn whole.
    extent: np.ndarray | None = field(default=None, repr=False)
    # Each sleeve's half-width across its upper part, x the garment's shoulder width.
    sleeve_halves: Mapping[str, float] = field(default_factory=dict)


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
    reach = SLEEVED_SHOULDER_OUT if has_sleeves else strap_reach(alpha, anchors)
    halves = {side: sleeve_half(masks[side], anchors, side) for side in ("left", "right")}
    return PreparedGarment(
        _bleed(bgra), masks, dict(anchors), reach, neckline_depth(anchors),
        extent=outline_points(masks["torso"]),
        sleeve_halves={k: v for k, v in halves.items() if v is not None},
    )  # fmt: skip


def sleeve_half(
    part: np.ndarray, anchors: Mapping[str, tuple[float, float]], side: str
) -> float | None:
    """A sleeve's half-width (x the garment's shoulder width), read on its part mask
    across its centre line, halfway from the shoulder to the elbow (or sleeve end)."""
    names = (f"{side}_shoulder", "left_shoulder", "right_shoulder")
    end = next((k for k in (f"{side}_elbow", f"{side}_sleeve_end") if k in anchors), None)
    if end is None or not all(n in anchors for n in names):
        return None
    a, b = (np.asarray(anchors[k], np.float64) for k in (f"{side}_shoulder", end))
    g_width = float(
        np.linalg.norm(np.subtract(anchors["left_shoulder"], anchors["right_shoulder"]))
    )
    u = (b - a) / max(float(np.linalg.norm(b - a)), 1e-6)
    width = _run_across(part.astype(np.float32) / 255.0, (a + b) / 2, u, g_width)
    return None if width is None else width / 2 / max(g_width, 1e-6)


def _run_across(
    mask: np.ndarray, centre: np.ndarray, along: np.ndarray, reach: float
) -> float | None:
    """The width (px) of the run of `mask` (> 0.5) through `centre`, square to `along`,
    looked for no further than `reach` px either side; a side that never leaves the
    mask (a limb against the body) takes the other side's length. None when `centre`
    is not inside the mask or neither side leaves it."""
    normal = np.array([-along[1], along[0]])
    steps = np.arange(0.0, reach, max(reach / 64.0, 0.5))
    h, w = mask.shape[:2]
    ends = []
    for sign in (-1.0, 1.0):
        pts = centre + sign * steps[:, None] * normal
        x = np.clip(np.round(pts[:, 0]).astype(int), 0, w - 1)
        y = np.clip(np.round(pts[:, 1]).astype(int), 0, h - 1)
        out = np.flatnonzero(mask[y, x] <= 0.5)
        ends.append(float(steps[out[0]]) if out.size else None)
    if ends[0] == 0.0 or ends[1] == 0.0:
        return None
    found = [e for e in ends if e is not None]
    if not found:
        return None
    return sum(found) if len(found) == 2 else 2 * found[0]


def outline_points(torso: np.ndarray) -> np.ndarray | None:
    """The torso part's hem (its lowest row's ends and middle) and its widest reach
    halfway down, in garment pixels (None: an empty part)."""
    ys, xs = np.nonzero(torso > 127)
    if len(ys) == 0:
        return None
    x0, x1, y0, y1 = float(xs.min()), float(xs.max()), float(ys.min()), float(ys.max())
    mid_y = (y0 + y1) / 2
    return np.array([[x0, y1], [(x0 + x1) / 2, y1], [x1, y1], [x0, mid_y], [x1, mid_y]])


def torso_reach(garment: PreparedGarment, pairs: Pairs) -> np.ndarray | None:
    """Where the torso part's outline (`PreparedGarment.extent`) lands on the body
    (image px), by the same garment-to-body spline the torso takes."""
    src, dst = pairs["torso"]
    if garment.extent is None or len(src) < 3:
        return None
    return landing_spline(src, dst)(garment.extent)


_splines: OrderedDict[bytes, ThinPlateSpline] = OrderedDict()
_splines_lock = threading.Lock()


def landing_spline(src: np.ndarray, dst: np.ndarray) -> ThinPlateSpline:
    """The torso's garment-to-body spline for these pairs, solved once: a live frame
    reads it up to three times on the same torso pairs (the box from the joints, the
    sides widened to the outline, the box again with the mask)."""
    key = src.astype(np.float64).tobytes() + b"|" + dst.astype(np.float64).tobytes()
    with _splines_lock:
        found = _splines.get(key)
    if found is None:
        found = ThinPlateSpline(src, dst)
        with _splines_lock:
            _splines[key] = found
            while len(_splines) > 4:
                _splines.popitem(last=False)
    return found


def strap_reach(alpha: np.ndarray, anchors: Mapping[str, tuple[float, float]]) -> float:
    """Where a sleeveless garment's shoulder points sit on the wearer, x the half-width
    between the shoulder joints: its shoulder width over its chest width (read on the
    silhouette a little below the armpits). Straps narrower than the chest land between
    neck and shoulder, not out on the upper arms."""
    names = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not all(n in anchors for n in names):
        return SHOULDER_OUT
    ls, rs, lh, rh = (np.asarray(anchors[n], np.float64) for n in names)
    shoulder_y, hip_y = (ls[1] + rs[1]) / 2, (lh[1] + rh[1]) / 2
    row = round(float(shoulder_y + CHEST_ROW * (hip_y - shoulder_y)))
    if not 0 <= row < alpha.shape[0]:
        return SHOULDER_OUT
    xs = np.flatnonzero(alpha[row] > 0.5)
    shoulders = abs(float(ls[0] - rs[0]))
    if xs.size < 2 or shoulders <= 0:
        return SHOULDER_OUT
    chest = float(xs[-1] - xs[0] + 1)
    return float(np.clip(shoulders / chest, *STRAP_REACH))


def neckline_depth(anchors: Mapping[str, tuple[float, float]]) -> float:
    """How far the neckline's centre lies below the garment's shoulder line, x its
    shoulder width: about 0 for a crew neck, deep for a V or a camisole (never < 0:
    a collar or hood rising above the shoulders still sits at the neck's base)."""
    names = ("neck", "left_shoulder", "right_shoulder")
    if not all(n in anchors for n in names):
        return 0.0
    neck, ls, rs = (np.asarray(anchors[n], np.float64) for n in names)
    width = float(np.linalg.norm(ls - rs))
    return max(0.0, float(neck[1] - (ls[1] + rs[1]) / 2) / max(width, 1e-6))


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


def body_targets(
    landmarks: np.ndarray, shoulder_reach: float = SHOULDER_OUT, neck_depth: float = 0.0
) -> dict[str, np.ndarray]:
    """Where each rig anchor goes on this body (image pixels).

    The shoulder points go `shoulder_reach` x the joints' half-width out, on top of
    the shoulder: its top line rises from the tips towards the neck's base, so
    straps nearer the neck sit higher. A crew neckline goes to the base of the neck;
    a deeper one (`neck_depth`, x the garment's shoulder width) goes as much further
    down as it is deeper than a crew neck's drop, scaled as the shoulder points are.
    """
    xy = landmarks[:, :2].astype(np.float64)
    ls, rs = xy[LEFT_SHOULDER], xy[RIGHT_SHOULDER]
    lh, rh = xy[LEFT_HIP], xy[RIGHT_HIP]
    mid_s, mid_h = (ls + rs) / 2, (lh + rh) / 2
    up = mid_s - mid_h
    height = float(np.linalg.norm(up))
    up /= max(height, 1e-6)
    width = max(float(np.linalg.norm(ls - rs)), FRONT_WIDTH * height)
    inward = max(0.0, 1.0 - shoulder_reach / SHOULDER_OUT)
    lift = SHOULDER_UP + (NECK_UP - SHOULDER_UP) * inward
    neck_up = NECK_UP - max(0.0, neck_depth - CREW_DROP) * shoulder_reach
    side_on = SIDE_ON_WIDTH * height / 2  # half the narrowest shoulders and hem
    narrowest = side_on * min(1.0, shoulder_reach / SHOULDER_OUT)  # straps: further in
    left_s = _at_least(ls - mid_s, shoulder_reach, narrowest, up)
    left_h = _at_least(lh - mid_h, HIP_OUT, side_on, up)
    return {
        "neck": mid_s + up * neck_up * width,
        "left_shoulder": mid_s + left_s + up * lift * width,
        "right_shoulder": mid_s - left_s + up * lift * width,
        "left_hip": mid_h + left_h,
        "right_hip": mid_h - left_h,
    }


def hang_unseen_arms(landmarks: np.ndarray, visibility: np.ndarray) -> np.ndarray:
    """The landmarks with every arm whose elbow the pose model does not see (below
    UNSEEN) hanging straight down the torso's side from its shoulder: an arm out of
    the frame or behind the body is a guess, and a sleeve following a wrong guess
    floats over the background. Arms it sees are left as they are."""
    out = landmarks
    xy = landmarks[:, :2].astype(np.float64)
    mid_s = (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) / 2
    mid_h = (xy[LEFT_HIP] + xy[RIGHT_HIP]) / 2
    torso = float(np.linalg.norm(mid_h - mid_s))
    if torso < 1e-6:
        return landmarks
    down = (mid_h - mid_s) / torso
    for sh, el, wr in (
        (LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST),
        (RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST),
    ):
        if visibility[el] >= UNSEEN:
            continue
        if out is landmarks:
            out = landmarks.copy()
        elbow = xy[sh] + down * UPPER_ARM * torso
        out[el, :2] = elbow
        out[wr, :2] = elbow + down * FOREARM * torso
    return out


def _at_least(half: np.ndarray, out: float, least: float, up: np.ndarray) -> np.ndarray:
    """`half` (a joint's offset from the midpoint) x `out`, but reaching at least
    `least` px across the body (square to `up`), the left side staying left."""
    reach = half * out
    if float(np.linalg.norm(reach)) >= least:
        return reach
    across = np.array([-up[1], up[0]])
    if float(np.dot(across, half)) < 0:
        across = -across
    return across * least


SLEEVE_HALF_WIDTH = 0.14  # of shoulder width: side points that hold a sleeve's width
SLEEVE_BAND = 0.3  # a sleeve is drawn no further than this from its arm's centre line
# An arm's lengths, x the shoulder seams' width (1.2 x the joints'): the pose's
# shoulder landmarks sit at the joints' centres, about 0.30 m apart on an adult, and the
# upper arm from there to the elbow's centre is about as long (0.29-0.33 m), the
# forearm to the wrist about 0.25 m. A sleeve's points go to the same share of the
# wearer's arm as they have of these lengths, so an arm seen end on (raised towards
# the camera, crossed) keeps its sleeve where it is on the arm.
UPPER_ARM = 0.8
FOREARM = 0.65
# A sleeve is at least the wearer's arm wide, with its ease (a sleeve's circumference
# runs about a tenth over the arm's), widened no more than this over the garment's own.
SLEEVE_EASE, SLEEVE_WIDEN = 1.1, 1.5
ARM_READ = 0.35  # an arm's width is looked for this far either side (x joints' width)


def arm_halves(person_mask: np.ndarray | None, landmarks: np.ndarray) -> dict[str, float]:
    """Each upper arm's half-width (px), read on the person's mask square to the arm,
    halfway and three quarters of the way from shoulder joint to elbow; left out
    when the arm is seen end on, lies off the mask, or runs into the body both ways."""
    if person_mask is None:
        return {}
    xy = landmarks[:, :2].astype(np.float64)
    width = float(np.linalg.norm(xy[LEFT_SHOULDER] - xy[RIGHT_SHOULDER]))
    out = {}
    for side, sh, el in (
        ("left", LEFT_SHOULDER, LEFT_ELBOW),
        ("right", RIGHT_SHOULDER, RIGHT_ELBOW),
    ):
        arm = xy[el] - xy[sh]
        length = float(np.linalg.norm(arm))
        if length < 0.3 * width:
            continue
        # Read twice down the arm, the narrower kept: hair hanging beside an arm
        # widens the mask at one height more often than at both.
        runs = [
            _run_across(person_mask, xy[sh] + arm * k, arm / length, ARM_READ * width)
            for k in (0.5, 0.75)
        ]
        found = [r for r in runs if r is not None]
        if found:
            out[side] = min(found) / 2
    return out


def _on_arm(chain: list[np.ndarray], share: float) -> np.ndarray:
    """The point `share` of the way down the arm: 0 the shoulder joint, 1 the elbow,
    2 the wrist (and a little past it, no further)."""
    share = min(max(share, 0.0), 2.15)
    if share <= 1.0:
        return chain[0] + (chain[1] - chain[0]) * share
    return chain[1] + (chain[2] - chain[1]) * (share - 1.0)


def part_pairs(
    anchors: Mapping[str, tuple[float, float]],
    landmarks: np.ndarray,
    shoulder_reach: float = SHOULDER_OUT,
    neck_depth: float = 0.0,
    sleeve_halves: Mapping[str, float] | None = None,
    arm_halves: Mapping[str, float] | None = None,
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per part ("torso", "left", "right"): (garment points, body points).

    The torso follows neck, shoulders and hips. Each sleeve starts at the torso's
    shoulder point (joined to it however the arm is raised) and runs the way the
    arm does (shoulder joint to elbow, not seam to elbow: a raised arm's sleeve
    does not swing up over the face); its elbow and sleeve end go to the same
    share of the wearer's arm as they have of an arm's length on the garment
    (`UPPER_ARM`, `FOREARM`), however short the arm looks; points either side of them
    keep the sleeve as wide as the garment's shoulders say, and at least as wide as the wearer's arm
    (`arm_halves`, px, measured on the person's mask) with a sleeve's ease.
    """
    body = body_targets(landmarks, shoulder_reach, neck_depth)
    xy = landmarks[:, :2].astype(np.float64)
    g = {k: np.asarray(v, np.float64) for k, v in anchors.items()}
    torso = [(g[k], body[k]) for k in body if k in g]
    out = {"torso": (np.array([p[0] for p in torso]), np.array([p[1] for p in torso]))}
    if "left_shoulder" not in g or "right_shoulder" not in g or len(torso) < 4:
        return out
    g_width = float(np.linalg.norm(g["left_shoulder"] - g["right_shoulder"]))
    b_width = float(np.linalg.norm(body["left_shoulder"] - body["right_shoulder"]))
    scale = b_width / max(g_width, 1e-6)
    sides = (
        ("left", LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST),
        ("right", RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST),
    )
    for side, sh, el, wr in sides:
        keys = [k for k in (f"{side}_elbow", f"{side}_sleeve_end") if k in g]
        if not keys:
            continue
        half_g = (sleeve_halves or {}).get(side, SLEEVE_HALF_WIDTH) * g_width
        half_b = half_g * scale
        arm = (arm_halves or {}).get(side)
        if arm is not None:
            half_b = float(np.clip(SLEEVE_EASE * arm, half_b, SLEEVE_WIDEN * half_b))
        chain = [xy[sh], xy[el], xy[wr]]
        g_axis = [g[f"{side}_shoulder"]] + [g[k] for k in keys]
        b_axis = [body[f"{side}_shoulder"]]
        # The seam sits off the joint: along the arm (it starts higher up the arm,
        # down to the elbow where the arm's own point takes over) and across it (on
        # the arm's upper side, never further out than half the sleeve's half-width).
        off = b_axis[0] - chain[0]
        u = chain[1] - chain[0]
        u /= max(float(np.linalg.norm(u)), 1e-6)
        along_off = float(np.dot(off, u)) * u
        across_off = off - along_off
        norm = float(np.linalg.norm(across_off))
        if norm > 0.5 * half_b:
            across_off *= 0.5 * half_b / norm
        upper, fore = UPPER_ARM * g_width, FOREARM * g_width
        reach = [float(np.linalg.norm(p - g_axis[0])) for p in g_axis]
        long_sleeve = reach[-1] > upper and len(keys) == 2
        for i, d in enumerate(reach[1:], start=1):
            if long_sleeve and i == 1:
                share = 1.0  # a sleeve past the elbow bends where the garment's does
            elif long_sleeve:
                share = 1.0 + (d - reach[1]) / fore
            else:
                share = d / upper if d <= upper else 1.0 + (d - upper) / fore
            shift = along_off * max(0.0, 1.0 - share) + across_off * min(max(2.0 - share, 0.0), 1.0)
            b_axis.append(_on_arm(chain, share) + shift)
        src, dst = [], []
        for i, (gp, bp) in enumerate(zip(g_axis, b_axis, strict=True)):
            j = min(i + 1, len(g_axis) - 1)
            i0 = j - 1
            gd, bd = g_axis[j] - g_axis[i0], b_axis[j] - b_axis[i0]
            gn = np.array([-gd[1], gd[0]]) / max(float(np.linalg.norm(gd)), 1e-6)
            bn = np.array([-bd[1], bd[0]]) / max(float(np.linalg.norm(bd)), 1e-6)
            for sign in (-1.0, 0.0, 1.0):
                src.append(gp + sign * gn * half_g)
                dst.append(bp + sign * bn * half_b)
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


def capsule(
    mask: np.ndarray, a: np.ndarray, b: np.ndarray, radius: float, origin: np.ndarray
) -> None:
    """Draw a rounded bar from `a` to `b` (image px) into `mask` (0/255, anti-aliased):
    the shape of a limb, or of the band a sleeve may cover around its arm."""
    r = max(1, round(radius))
    pa = tuple(int(v) for v in np.round(a - origin))
    pb = tuple(int(v) for v in np.round(b - origin))
    cv2.line(mask, pa, pb, 255, 2 * r, cv2.LINE_AA)


def soft(mask: np.ndarray) -> np.ndarray:
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
    reach: np.ndarray | None = None,
) -> tuple[tuple[int, int, int, int], np.ndarray, np.ndarray, np.ndarray] | None:
    """One part warped into its own box: (box, garment BGR, coverage, pixel map).

    The torso takes a thin-plate spline through its anchors. A sleeve is rigid
    between its joints: each segment (shoulder to elbow, elbow to cuff) is moved,
    turned and scaled onto its arm segment, so a bent elbow folds the sleeve
    instead of smearing it as one smooth warp would.
    """
    held = dst if reach is None else np.vstack([dst, reach])
    box = _part_box(held, bounds, (0.45 if name == "torso" else 0.35) * width)
    if box is None:
        return None
    x0, y0, x1, y1 = box
    if name == "torso":
        maps = [_spline_map(ThinPlateSpline(dst, src), box)]
        keeps: list[np.ndarray | None] = [None]
    else:
        # Garment px per body px across the arm, from the side points.
        across = float(np.linalg.norm(src[2] - src[1])) / max(
            float(np.linalg.norm(dst[2] - dst[1])), 1e-6
        )
        maps, keeps = _sleeve_maps(src[1::3], dst[1::3], box, across)
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
        # In place; np.copyto broadcasting the mask over the channels is far slower.
        cv2.copyTo(bgra[..., :3], (seg > 0).view(np.uint8), colour)
        cover = np.maximum(cover, seg)
    if name != "torso":
        # A sleeve stays around its arm.
        half = float(np.linalg.norm(dst[2] - dst[1]))
        band = np.zeros(cover.shape, np.uint8)
        axis = dst[1::3] - np.array([x0, y0])  # the centre-line points
        for a, b in itertools.pairwise(axis):
            capsule(band, a, b, max(SLEEVE_BAND * width, 1.3 * half), np.zeros(2))
        cover *= soft(band)
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
    g_axis: np.ndarray, b_axis: np.ndarray, box: tuple[int, int, int, int], across: float
) -> tuple[list[np.ndarray], list[np.ndarray | None]]:
    """Per sleeve segment: the map (body -> garment) that takes the arm's segment onto
    the garment's, scaled along it by their lengths and across it by `across`
    (garment px per body px: the sleeve's width does not shrink with an arm seen end
    on), and which output pixels it owns (those whose garment point falls along it)."""
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
        # p -> ga + t (gb - ga) + s across (gb - ga)/|gb - ga| i, where p - ba is
        # t (bb - ba) + s (bb - ba)/|bb - ba| i: a complex-linear part plus one in conj(p).
        u = (bb - ba) / abs(bb - ba)
        gu = (gb - ga) / abs(gb - ga)
        la = abs(gb - ga) / abs(bb - ba)
        # garment = ga + gu * (la * Re(conj(u) d) + i * across * Im(conj(u) d))
        #         = ga + gu * conj(u) * ((la + across)/2 d) + gu * u * ((la - across)/2 conj(d))
        c1 = gu * u.conjugate() * (la + across) / 2
        c2 = gu * u * (la - across) / 2
        dx, dy = px - np.float32(ba.real), py - np.float32(ba.imag)
        # garment point of each output pixel: c1 d + c2 conj(d) + ga, in float32
        p1, q1 = np.float32(c1.real), np.float32(c1.imag)
        p2, q2 = np.float32(c2.real), np.float32(c2.imag)
        gx = (p1 + p2) * dx + (q2 - q1) * dy + np.float32(ga.real)
        gy = (q1 + q2) * dx + (p1 - p2) * dy + np.float32(ga.imag)
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
class WarpedParts:
    """Every part warped into the body's box: each pixel's colour from one part, and
    the torso's and sleeves' coverage (the torso's already cut where a sleeve lies
    over it). The torso's pixel map is kept for `GarmentPlacement.landing`."""

    colour: np.ndarray = field(repr=False)  # garment BGR bytes over the box
    torso: np.ndarray = field(repr=False)  # 0..1 float32
    sleeves: np.ndarray = field(repr=False)  # 0..1 float32
    torso_origin: tuple[int, int]
    torso_map: np.ndarray | None = field(default=None, repr=False)


def warp_parts(
    garment: PreparedGarment,
    pairs: Pairs,
    box: Box,
    width: float,
    reach: np.ndarray | None = None,
) -> WarpedParts:
    """Each part warped on its own (output pixel -> garment pixel, exact on a coarse
    grid, bilinear between), torso first, sleeves over it, into one layer over `box`.
    `reach`: image points the torso's own box must hold too (`torso_reach`)."""
    x0, y0, x1, y1 = box
    shape = (y1 - y0, x1 - x0)
    colour = np.zeros((*shape, 3), np.uint8)  # garment BGR bytes, each pixel from one part
    torso_origin, torso_map = (x0, y0), None
    torso = np.zeros(shape, np.float32)
    sleeves = np.zeros(shape, np.float32)
    for name, (src, dst) in pairs.items():
        extra = reach if name == "torso" and reach is not None else None
        part = _warp_part(garment, name, src, dst, box, width, extra)
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
        cv2.copyTo(rgb, take.view(np.uint8), colour[region])  # in place, into the view
        if name == "torso":
            torso[region] = np.maximum(torso[region], cover)
        else:
            sleeves[region] = sleeves[region] + cover * (1.0 - sleeves[region])
            torso[region] *= 1.0 - cover
    return WarpedParts(colour, torso, sleeves, torso_origin, torso_map)
