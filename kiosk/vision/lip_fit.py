"""Fit the mesh's outer lip line to the lip's real edge with a learned edge model.

The face mesh draws the lips in the right place but not on the right line: on a
broad smile the lower line sits on the skin under the lip, on a thin mouth it
overflows, and by how much varies from face to face. Per face we read the colour
along the normal of each outer contour point (in CIELAB, relative to this face's
own lip and skin, so any skin tone, light and lipstick look alike to the model),
score every candidate offset with a small linear model of what a lip edge looks
like (learned on annotated faces, validated on others: see
`benchmarks/train_lip_edge.py`), and pick the offsets of all points together by
dynamic programming, so neighbours agree and a stubble hair or a crease cannot
pull one point away. Over video, the offsets are averaged over frames.

The work is done on the lip box scaled so the mouth is `SCALE` pixels wide: the
cost is the same for a 256-px photo and a 4K frame (about a millisecond).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cv2
import numpy as np

from kiosk.vision.lip_edge_model import EDGE_WEIGHTS, INNER_WEIGHTS
from kiosk.vision.lips import LipContours

SCALE = 80.0  # mouth width, in pixels of the box the profiles are read on
STEP = 0.005  # between candidate offsets, x mouth width
REACH = 0.15  # how far either side of the mesh's line the edge may lie, x mouth width
TAPS = 4  # samples either side of a candidate that the edge model sees
SMOOTHNESS = 0.2  # cost of a one-step offset change between neighbouring points
# The inner line (lips to teeth) is moved this much further toward the lips than its
# edge model says: a hair of bare lip by the teeth is invisible, a red tooth is not.
# 0.012 left a band of bare lip between the teeth and the colour (3 % of the annotated
# lips, the largest single loss); teeth still under the paint are `kiosk/vision/teeth.py`'s.
# Chosen among 0, 0.004, 0.008, 0.012 on the cross-validated figures
# (benchmarks/lip_accuracy.py --cross-validate 5).
TEETH_MARGIN = 0.004  # x mouth width
OFFSETS = np.arange(-REACH - TAPS * STEP, REACH + TAPS * STEP + 1e-9, STEP, dtype=np.float32)
CANDIDATES = OFFSETS[TAPS : len(OFFSETS) - TAPS]
CHANNELS = 6
BOX_MARGIN = 0.3  # x mouth width around the outer line: the reach and the skin ring
LIP_SEED = 0.025  # lip pixels this far inside both lines (x mouth width) seed the lip colour
SKIN_RING = (0.06, 0.2)  # skin ring outside the outer line (x mouth width)


def outward_normals(loop: np.ndarray) -> np.ndarray:
    """Unit normals pointing out of a closed loop, whichever way the loop runs
    (from the sign of its area, so thin or bent loops never flip point by point)."""
    tangent = np.roll(loop, -1, axis=0) - np.roll(loop, 1, axis=0)
    normal = np.stack([tangent[:, 1], -tangent[:, 0]], axis=1)
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-6)
    x, y = loop[:, 0], loop[:, 1]
    area = 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    return (normal * (1.0 if area > 0 else -1.0)).astype(np.float32)


def _fill(shape: tuple[int, int], loop: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    cv2.fillPoly(mask, [np.round(loop * 16).astype(np.int32)], 1, cv2.LINE_8, shift=4)
    return mask


def _signed_distance(mask: np.ndarray) -> np.ndarray:
    """Pixels to the mask's edge: positive inside, negative outside."""
    inside = cv2.distanceTransform(mask, cv2.DIST_L2, 3)
    outside = cv2.distanceTransform(1 - mask, cv2.DIST_L2, 3)
    return inside - outside


@dataclass(frozen=True)
class EdgeMaps:
    """The lip box at the working scale, in CIELAB, with this face's lip and skin
    colours (medians of the mesh's lip core and of a ring of skin around it), and
    the contours in the box's pixels."""

    lab: np.ndarray  # (h, w, 3) float32
    lip: np.ndarray  # (3,) median CIELAB of the lip core
    skin: np.ndarray  # (3,) median CIELAB of the skin ring
    outer: np.ndarray  # outer loop in box pixels
    inner: np.ndarray

    def channels(self, lab: np.ndarray) -> np.ndarray:
        """What the edge model reads of CIELAB samples: each channel as a share of the
        way from this skin to this lip (any skin tone, light or lipstick alike), and
        the difference from the lip in tens of CIELAB units."""
        contrast = self.lip - self.skin
        contrast = np.where(np.abs(contrast) > 1.0, contrast, 1.0).astype(np.float32)
        return np.concatenate([(lab - self.skin) / contrast, (lab - self.lip) * 0.1], axis=-1)


def edge_maps(image: np.ndarray, lips: LipContours) -> EdgeMaps | None:
    """The lip box the edge model reads, or None when the lips are off the frame or
    too small to say anything about."""
    width = lips.mouth_width
    if width < 8:
        return None
    h, w = image.shape[:2]
    x0, y0, x1, y1 = lips.bounds(BOX_MARGIN * width, w, h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    k = SCALE / width
    bw, bh = max(8, round((x1 - x0) * k)), max(8, round((y1 - y0) * k))
    interp = cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR
    box = cv2.resize(image[y0:y1, x0:x1], (bw, bh), interpolation=interp)
    scale = np.array([bw / (x1 - x0), bh / (y1 - y0)], np.float32)
    origin = np.array([x0, y0], np.float32)
    outer = (lips.outer - origin) * scale
    inner = (lips.inner - origin) * scale
    d_outer = _signed_distance(_fill((bh, bw), outer)) / SCALE
    d_inner = -_signed_distance(_fill((bh, bw), inner)) / SCALE
    if lips.mouth_open:
        seed = (d_outer > LIP_SEED) & (d_inner > LIP_SEED)
    else:
        seed = (d_outer > LIP_SEED) & (np.abs(d_inner) > 0.6 * LIP_SEED)
    skin = (d_outer < -SKIN_RING[0]) & (d_outer > -SKIN_RING[1])
    if seed.sum() < 10:
        seed = d_outer > 0
    if seed.sum() < 5 or skin.sum() < 5:
        return None
    lab = cv2.cvtColor(box.astype(np.float32) * np.float32(1 / 255.0), cv2.COLOR_BGR2Lab)
    lip_mid = np.median(lab[seed], axis=0).astype(np.float32)
    skin_mid = np.median(lab[skin], axis=0).astype(np.float32)
    return EdgeMaps(lab, lip_mid, skin_mid, outer, inner)


def profile_samples(maps: EdgeMaps, loop: np.ndarray) -> np.ndarray:
    """(points, offsets, CHANNELS): the channels along each point's outward normal."""
    normals = outward_normals(loop)
    reach = OFFSETS * np.float32(SCALE)
    xs = (loop[:, 0, None] + normals[:, 0, None] * reach[None]).astype(np.float32)
    ys = (loop[:, 1, None] + normals[:, 1, None] * reach[None]).astype(np.float32)
    lab = cv2.remap(maps.lab, xs, ys, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return maps.channels(lab)


def _prior(n: int) -> np.ndarray:
    """(points, candidates, 5): offset terms (all points, upper lip again) and a bias."""
    t = CANDIDATES / np.float32(0.05)
    prior = np.stack([t, t * t], axis=-1)
    upper = (np.arange(n) < n // 2).astype(np.float32)[:, None, None]
    m = len(CANDIDATES)
    return np.concatenate(
        [
            np.broadcast_to(prior, (n, m, 2)),
            np.broadcast_to(prior, (n, m, 2)) * upper,
            np.ones((n, m, 1), np.float32),
        ],
        axis=-1,
    )


def profile_features(maps: EdgeMaps, loop: np.ndarray) -> np.ndarray:
    """(points, candidates, features): for each contour point and candidate offset
    of its edge, the channels around that offset and the offset itself (what the
    model is trained on; `profile_scores` computes the same scores faster)."""
    samples = profile_samples(maps, loop)
    n, m = len(loop), len(CANDIDATES)
    window = np.arange(m)[:, None] + np.arange(2 * TAPS + 1)[None, :]
    taps = samples[:, window, :].reshape(n, m, -1)
    return np.concatenate([taps, _prior(n)], axis=-1)


def profile_scores(maps: EdgeMaps, loop: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """(points, candidates) edge scores: `profile_features(...) @ weights`, one tap at
    a time instead of building the features."""
    samples = profile_samples(maps, loop)
    n, m = len(loop), len(CANDIDATES)
    taps = weights[: (2 * TAPS + 1) * CHANNELS].reshape(2 * TAPS + 1, CHANNELS)
    scores = _prior(n) @ weights[(2 * TAPS + 1) * CHANNELS :]
    for k in range(2 * TAPS + 1):
        scores += samples[:, k : k + m, :] @ taps[k]
    return scores


def best_offsets(scores: np.ndarray, smoothness: float = SMOOTHNESS) -> np.ndarray:
    """Offsets (x mouth width) for all points at once: the highest total edge score
    with a quadratic cost on each change between neighbours (Viterbi along the loop)."""
    return best_offsets_many(scores[None], smoothness)[0]


def best_offsets_many(scores: np.ndarray, smoothness: float = SMOOTHNESS) -> np.ndarray:
    """`best_offsets` of several loops of as many points at once, (loops, points,
    candidates) -> (loops, points): one pass along the points for all of them (the outer
    and the inner line of an open mouth), each step's best predecessor and score taken
    with one argmax and one max over the candidates."""
    count, n, m = scores.shape
    steps = np.arange(m, dtype=np.float32)
    jump = -smoothness * (steps[:, None] - steps[None, :]) ** 2  # symmetric: [to, from]
    total = scores[:, 0].astype(np.float32)
    back = np.zeros((n, count, m), np.intp)
    rows = np.arange(count * m)
    for i in range(1, n):
        # (loop, to) rows over `from`: the reductions run along contiguous memory
        options = (jump + total[:, None, :]).reshape(count * m, m)
        best = options.argmax(axis=1)
        back[i] = best.reshape(count, m)
        total = options[rows, best].reshape(count, m) + scores[:, i]
    path = np.zeros((count, n), np.intp)
    path[:, -1] = total.argmax(axis=1)
    loops = np.arange(count)
    for i in range(n - 1, 0, -1):
        path[:, i - 1] = back[i][loops, path[:, i]]
    return CANDIDATES[path]


def smooth_loop(values: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian smoothing of per-point values around a closed loop."""
    radius = max(1, int(3 * sigma))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / max(sigma, 1e-3)) ** 2)
    taps /= taps.sum()
    padded = np.concatenate([values[-radius:], values, values[:radius]])
    return np.convolve(padded, taps, mode="valid").astype(np.float32)


@dataclass(frozen=True)
class EdgeModel:
    """Weights of the two edge models: lip to skin (outer line), lip to mouth (inner)."""

    outer: np.ndarray = field(default_factory=lambda: EDGE_WEIGHTS)
    inner: np.ndarray = field(default_factory=lambda: INNER_WEIGHTS)


SHIPPED = EdgeModel()


def line_offsets(
    image: np.ndarray, lips: LipContours, model: EdgeModel = SHIPPED
) -> tuple[np.ndarray, np.ndarray] | None:
    """Per point of the outer and of the inner loop, where the lip's edge lies along
    the loop's outward normal (x mouth width), or None when the lips cannot be read.
    The inner line is fitted only on an open mouth (closed, it is a crease of lip)."""
    maps = edge_maps(image, lips)
    if maps is None:
        return None
    outer_scores = profile_scores(maps, maps.outer, model.outer)
    if not lips.mouth_open:
        inner = np.zeros(len(lips.inner), np.float32)
        return smooth_loop(best_offsets(outer_scores), 1.5), inner
    inner_scores = profile_scores(maps, maps.inner, model.inner)
    if inner_scores.shape == outer_scores.shape:  # (the mesh's loops: always) both at once
        both = best_offsets_many(np.stack([outer_scores, inner_scores]))
        outer_best, inner_best = both[0], both[1]
    else:
        outer_best, inner_best = best_offsets(outer_scores), best_offsets(inner_scores)
    inner = smooth_loop(inner_best, 1.5) + np.float32(TEETH_MARGIN)
    return smooth_loop(outer_best, 1.5), inner


def moved(lips: LipContours, outer: np.ndarray, inner: np.ndarray | None = None) -> LipContours:
    """`lips` with each point moved by its offset (x mouth width) along its normal."""
    width = np.float32(lips.mouth_width)
    new_outer = lips.outer + outward_normals(lips.outer) * (outer * width)[:, None]
    new_inner = lips.inner
    if inner is not None:
        new_inner = lips.inner + outward_normals(lips.inner) * (inner * width)[:, None]
    return LipContours(outer=new_outer.astype(np.float32), inner=new_inner.astype(np.float32))


class LipFitter:
    """Fits each face's lip lines and averages the offsets over frames: they are
    relative to the mesh, which follows the face, so a moving mouth keeps its fit
    while colour noise between frames is smoothed away. On video (`stride` > 1) a
    fresh fit is made every `stride`-th frame and the frames between reuse the last
    offsets on their own mesh: lips do not change shape against the mesh that fast."""

    def __init__(self, keep: float = 0.6, model: EdgeModel = SHIPPED, stride: int = 1) -> None:
        self.keep = keep  # share of the previous offsets kept at each fresh fit
        self.model = model
        self.stride = max(1, stride)
        self._offsets: list[np.ndarray] = []
        self._frame = 0

    def reset(self) -> None:
        self._offsets = []
        self._frame = 0

    def __call__(
        self, faces: tuple[LipContours, ...], image: np.ndarray
    ) -> tuple[LipContours, ...]:
        fit_now = self._frame % self.stride == 0
        self._frame += 1
        out, kept = [], []
        for i, lips in enumerate(faces):
            n = len(lips.outer)
            before = self._offsets[i] if i < len(self._offsets) else None
            if before is not None and before.shape != (n + len(lips.inner),):
                before = None
            if fit_now or before is None:
                found = line_offsets(image, lips, self.model)
                if found is None:
                    fresh = np.zeros(n + len(lips.inner), np.float32)
                else:
                    fresh = np.concatenate(found)
                if before is not None:
                    fresh = self.keep * before + (1.0 - self.keep) * fresh
            else:
                fresh = before
            kept.append(fresh)
            out.append(moved(lips, fresh[:n], fresh[n:]))
        self._offsets = kept
        return tuple(out)
