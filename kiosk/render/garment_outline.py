"""The garment's sides taken out to the wearer's own outline.

The torso is placed from the pose's joints alone, which say where the body's
skeleton is, not how wide the person's clothes are: an oversized tee, a padded
coat or a body turned three-quarters is wider than the garment placed on the
joints, and the wearer's own top shows down both sides. Here, at a chest row and a
waist row, each side of the placed garment is followed outwards along the row
through the person's segmentation mask until the mask ends or an arm begins (the
pose's upper arm and forearm, as capsules); where that edge lies clearly further
out, the side gets an extra spline point there. Only ever wider, never narrower
(a loose garment keeps its own width on a slim person), and at most WIDEN_MAX.
"""

from __future__ import annotations

import numpy as np

from kiosk.render.garment_warp import (
    FRONT_WIDTH,
    LEFT_ELBOW,
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    RIGHT_ELBOW,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
    Pairs,
    PreparedGarment,
    landing_spline,
)

# Rows where the sides are read, as a share of the way from shoulders to hips: the
# chest below the armpits and the waist (the shoulders and hips have their anchors).
ROWS = (0.35, 0.7)
# An arm, for the scan: about as wide as the occluders that keep it in front
# (x the shoulder width; an upper arm a little wider than a forearm).
UPPER_ARM_HALF, FOREARM_HALF = 0.13, 0.11
WIDEN_MIN = 0.03  # an edge this much further out (x shoulder width) moves the side
WIDEN_MAX = 0.25  # ... by at most this: a bag or hair beside the body is not the body
INSIDE = 0.5  # the person mask's threshold


def widen_to_outline(
    garment: PreparedGarment,
    pairs: Pairs,
    landmarks: np.ndarray,
    visibility: np.ndarray,
    mask: np.ndarray | None,
) -> Pairs:
    """`pairs` with the torso's sides moved out to the person's outline where it is
    wider than the placed garment (unchanged without a mask or a usable rig)."""
    src, dst = pairs["torso"]
    sides = _garment_sides(garment)
    if mask is None or sides is None or len(src) < 4:
        return pairs
    xy = landmarks[:, :2].astype(np.float64)
    mid_s = (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) / 2
    mid_h = (xy[LEFT_HIP] + xy[RIGHT_HIP]) / 2
    torso = float(np.linalg.norm(mid_h - mid_s))
    width = max(float(np.linalg.norm(xy[LEFT_SHOULDER] - xy[RIGHT_SHOULDER])), FRONT_WIDTH * torso)
    if torso < 1e-6:
        return pairs
    landed = landing_spline(src, dst)(sides)
    arms = _arm_segments(xy, visibility, width)
    # How far out each side could go, per row; a side moves by the least of its rows,
    # so it stays as straight as the garment's own (a flare of the wearer's coat at
    # the waist alone would bulge it).
    gain = np.zeros(len(landed))
    outward = np.zeros(len(landed))
    for k, point in enumerate(landed):
        middle = mid_s + (mid_h - mid_s) * ROWS[k // 2]
        outward[k] = 1.0 if point[0] >= middle[0] else -1.0
        edge = _edge(mask, point, outward[k], width, arms)
        gain[k] = 0.0 if edge is None else max(0.0, (edge - point[0]) * outward[k])
    extra_src, extra_dst = [], []
    for side in (0, 1):
        move = float(gain[side::2].min())
        if move < WIDEN_MIN * width:
            continue
        for k in range(side, len(landed), 2):
            extra_src.append(sides[k])
            extra_dst.append((landed[k][0] + outward[k] * move, landed[k][1]))
    if not extra_src:
        return pairs
    out = dict(pairs)
    out["torso"] = (np.vstack([src, extra_src]), np.vstack([dst, extra_dst]))
    return out


def _garment_sides(garment: PreparedGarment) -> np.ndarray | None:
    """The torso part's two sides (garment px) at each of ROWS between its shoulder
    and hip anchors: [row0 left, row0 right, row1 left, row1 right]."""
    names = ("left_shoulder", "right_shoulder", "left_hip", "right_hip")
    if not all(n in garment.anchors for n in names):
        return None
    a = {n: np.asarray(garment.anchors[n], np.float64) for n in names}
    top = (a["left_shoulder"][1] + a["right_shoulder"][1]) / 2
    bottom = (a["left_hip"][1] + a["right_hip"][1]) / 2
    part = garment.parts["torso"]
    points = []
    for share in ROWS:
        row = round(top + (bottom - top) * share)
        if not 0 <= row < part.shape[0]:
            return None
        xs = np.flatnonzero(part[row] > 127)
        if xs.size < 2:
            return None
        points += [(float(xs[0]), float(row)), (float(xs[-1]), float(row))]
    return np.array(points)


def _arm_segments(
    xy: np.ndarray, visibility: np.ndarray, width: float
) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Each seen arm's upper arm and forearm: (start, end, half-width px)."""
    out = []
    for sh, el, wr in (
        (LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST),
        (RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST),
    ):
        if visibility[el] < 0.5:
            continue
        out.append((xy[sh], xy[el], UPPER_ARM_HALF * width))
        if visibility[wr] >= 0.5:
            out.append((xy[el], xy[wr], FOREARM_HALF * width))
    return out


def _near_arm(points: np.ndarray, arms: list[tuple[np.ndarray, np.ndarray, float]]) -> np.ndarray:
    """Per point (N x 2, all on one row), whether it lies on one of the arms."""
    near = np.zeros(len(points), bool)
    y = float(points[0, 1]) if len(points) else 0.0
    for a, b, half in arms:
        if not min(a[1], b[1]) - half <= y <= max(a[1], b[1]) + half:
            continue  # the segment does not reach this row
        ab = b - a
        t = np.clip((points - a) @ ab / max(float(ab @ ab), 1e-9), 0.0, 1.0)
        d = points - a - t[:, None] * ab
        near |= d[:, 0] * d[:, 0] + d[:, 1] * d[:, 1] < half * half
    return near


def _edge(
    mask: np.ndarray,
    point: np.ndarray,
    outward: float,
    width: float,
    arms: list[tuple[np.ndarray, np.ndarray, float]],
) -> float | None:
    """How far out along `point`'s row the person goes (x, px) before the mask ends
    or an arm begins, scanning at most WIDEN_MAX x width; None off the image."""
    h, w = mask.shape[:2]
    y = round(float(point[1]))
    x0 = round(float(point[0]))
    if not (0 <= y < h and 0 <= x0 < w) or mask[y, x0] <= INSIDE:
        return None
    step = 1 if outward > 0 else -1
    xs = x0 + step * np.arange(1, round(WIDEN_MAX * width) + 1)
    xs = xs[(xs >= 0) & (xs < w)]
    if xs.size == 0:
        return float(x0)
    stop = (mask[y, xs] <= INSIDE) | _near_arm(
        np.column_stack([xs, np.full(xs.size, y)]).astype(float), arms
    )
    first = int(np.argmax(stop)) if stop.any() else xs.size
    return float(x0 if first == 0 else xs[first - 1])
