"""Snap the mesh's outer lip line to the lip's real edge, using the lip's own colour.

The face mesh places the lip line well but not exactly (MediaPipe's outer lip
loop sits a few pixels low on many faces). Along the normal of each contour
point we look for where the pixels stop looking like this lip and start looking
like the skin around it, then move the point there, smoothing the shifts along
the contour so the line stays a smooth curve. Corners are left where the mesh
puts them. Only the lip box is read, so the cost is well under a millisecond.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.vision.lips import LipContours

SEARCH = 0.045  # how far to look either side of the mesh line, x mouth width
STEP_PX = 0.5
# The edge is where a normal's profile crosses halfway between its own lip level
# and its own skin level: contrast varies around the mouth (moustache shadow,
# a paler vermilion border), so a fixed threshold would pull the line in or out.
MIDPOINT = 0.5


def _lab(patch: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(patch.astype(np.float32) / 255.0, cv2.COLOR_BGR2Lab)


def _gaussian(samples: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean = samples.mean(axis=0)
    cov = np.cov(samples, rowvar=False) + np.eye(samples.shape[1]) * 4.0
    return mean, np.linalg.inv(cov)


def _mahalanobis(lab: np.ndarray, model: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    mean, inv = model
    d = lab - mean
    return np.einsum("...i,ij,...j->...", d, inv, d)


def _outward_normals(loop: np.ndarray) -> np.ndarray:
    tangent = np.roll(loop, -1, axis=0) - np.roll(loop, 1, axis=0)
    normal = np.stack([tangent[:, 1], -tangent[:, 0]], axis=1)
    normal /= np.maximum(np.linalg.norm(normal, axis=1, keepdims=True), 1e-6)
    outward = loop - loop.mean(axis=0)
    flip = np.sign(np.sum(normal * outward, axis=1, keepdims=True))
    return normal * np.where(flip == 0, 1.0, flip)


def refine_outer(lips: LipContours, image: np.ndarray) -> LipContours:
    """The same contours with the outer loop moved onto the colour edge."""
    shift = edge_shift(lips, image)
    return lips if shift is None else apply_shift(lips, shift)


def apply_shift(lips: LipContours, shift: np.ndarray) -> LipContours:
    moved = lips.outer + _outward_normals(lips.outer) * shift[:, None]
    return LipContours(outer=moved.astype(np.float32), inner=lips.inner)


class LipRefiner:
    """Refines each face's lips per frame, averaging the edge shifts over time:
    per-frame colour noise would otherwise make the lip line shimmer on a still face."""

    def __init__(self, keep: float = 0.7) -> None:
        self.keep = keep  # share of the previous shift kept each frame
        self._shifts: list[np.ndarray] = []

    def reset(self) -> None:
        self._shifts = []

    def __call__(
        self, faces: tuple[LipContours, ...], image: np.ndarray
    ) -> tuple[LipContours, ...]:
        out, shifts = [], []
        for i, lips in enumerate(faces):
            shift = edge_shift(lips, image)
            if shift is None:
                shift = np.zeros(len(lips.outer), np.float32)
            if i < len(self._shifts) and self._shifts[i].shape == shift.shape:
                shift = self.keep * self._shifts[i] + (1.0 - self.keep) * shift
            shifts.append(shift)
            out.append(apply_shift(lips, shift))
        self._shifts = shifts
        return tuple(out)


def edge_shift(lips: LipContours, image: np.ndarray) -> np.ndarray | None:
    """Per outer-contour point, how far (px, outward positive) the colour edge lies."""
    h, w = image.shape[:2]
    width = lips.mouth_width
    reach = max(2.0, SEARCH * width)
    x0, y0, x1, y1 = lips.bounds(reach * 2 + 2, w, h)
    if x1 - x0 < 8 or y1 - y0 < 8:
        return None
    origin = np.array([x0, y0], np.float32)
    lab = _lab(image[y0:y1, x0:x1])
    shape = (y1 - y0, x1 - x0)
    outer = np.zeros(shape, np.uint8)
    cv2.fillPoly(outer, [np.round(lips.outer - origin).astype(np.int32)], 255)
    band = max(2, round(reach))
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band + 1, 2 * band + 1))
    core = cv2.erode(outer, kernel) > 0
    ring = (cv2.dilate(outer, kernel) > 0) & ~(cv2.dilate(outer, np.ones((3, 3), np.uint8)) > 0)
    if core.sum() < 20 or ring.sum() < 20:
        return None
    feats = lab[..., 1:]  # a*, b*: lips differ from skin in hue, not in light
    lip_model, skin_model = _gaussian(feats[core]), _gaussian(feats[ring])
    score = (_mahalanobis(feats, skin_model) - _mahalanobis(feats, lip_model)).astype(np.float32)
    lipness = np.tanh(score / 4.0).astype(np.float32)  # >0 looks like lip

    offsets = np.arange(-reach, reach + STEP_PX, STEP_PX, dtype=np.float32)
    pts = lips.outer - origin
    normals = _outward_normals(lips.outer)
    sx = pts[:, None, 0] + normals[:, None, 0] * offsets[None, :]
    sy = pts[:, None, 1] + normals[:, None, 1] * offsets[None, :]
    profile = cv2.remap(lipness, sx, sy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    # Local threshold: halfway between this normal's own lip and skin levels.
    k = max(2, profile.shape[1] // 4)
    inner_level = profile[:, :k].mean(axis=1, keepdims=True)
    outer_level = profile[:, -k:].mean(axis=1, keepdims=True)
    mid = outer_level + (inner_level - outer_level) * MIDPOINT
    gain = np.cumsum(profile - mid, axis=1)
    shift = offsets[np.argmax(gain, axis=1)]
    # Trust decays toward the corners, where the lips meet and colour is ambiguous.
    n = len(shift)
    corner_a = 0
    corner_b = int(np.argmax(np.linalg.norm(lips.outer - lips.outer[0], axis=1)))
    idx = np.arange(n)
    dist = np.minimum(
        np.minimum(np.abs(idx - corner_a), n - np.abs(idx - corner_a)),
        np.minimum(np.abs(idx - corner_b), n - np.abs(idx - corner_b)),
    )
    trust = np.clip(dist / (n / 8.0), 0.0, 1.0)
    return _smooth_circular(shift * trust, sigma=n / 24.0).astype(np.float32)


def _smooth_circular(values: np.ndarray, sigma: float) -> np.ndarray:
    radius = max(1, int(3 * sigma))
    taps = np.exp(-0.5 * (np.arange(-radius, radius + 1) / max(sigma, 1e-3)) ** 2)
    taps /= taps.sum()
    padded = np.concatenate([values[-radius:], values, values[:radius]])
    return np.convolve(padded, taps, mode="valid")
