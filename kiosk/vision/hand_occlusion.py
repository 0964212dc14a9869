"""Hands in front of the lips: where the hand model's hands cover the lip box.

The face mesh places the lips even under a finger, so without this the finger would be
painted. A hand is drawn from its 21 landmarks as the palm polygon plus each finger's
bones as thick round-capped strokes (not a convex hull: the lips between two spread
fingers stay lips), a finger as wide as FINGER_WIDTH of the palm's width, then softened
by a pixel so the finger's own anti-aliased edge is not tinted.
Measured on the occluder set (tests/lip_occluders.py) in benchmarks/lip_accuracy.py.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from kiosk.vision.hands import Hand

SUBPIXEL_BITS = 4
# MediaPipe hand landmarks: the palm (wrist, thumb base, the four knuckles) and the
# chains of each finger from its base to its tip.
PALM = (0, 1, 5, 9, 13, 17)
FINGERS = ((1, 2, 3, 4), (5, 6, 7, 8), (9, 10, 11, 12), (13, 14, 15, 16), (17, 18, 19, 20))
# A finger's drawn width as a share of the palm's width (index to little knuckle, 5-17):
# about 0.28 for a real finger, widened for the landmarks' own error.
FINGER_WIDTH = 0.42


def hands_cover(
    hands: Sequence[Hand], image_size: tuple[int, int], roi: tuple[int, int, int, int]
) -> np.ndarray | None:
    """0..1 over `roi` (x0, y0, x1, y1 of a frame `image_size` = (w, h)) where a hand
    is in front; None when no hand reaches the box (the common case: nothing to do)."""
    x0, y0, x1, y1 = roi
    shape = (y1 - y0, x1 - x0)
    size = np.asarray(image_size, np.float32)
    origin = np.array([x0, y0], np.float32)
    mask: np.ndarray | None = None
    for hand in hands:
        pts = hand.landmarks[:, :2] * size - origin
        palm_width = float(np.linalg.norm(pts[5] - pts[17]))
        width = max(2.0, FINGER_WIDTH * palm_width)
        lo, hi = pts.min(axis=0) - width, pts.max(axis=0) + width
        if hi[0] < 0 or hi[1] < 0 or lo[0] > shape[1] or lo[1] > shape[0]:
            continue
        if mask is None:
            mask = np.zeros(shape, np.uint8)
        fixed = np.round(pts * (1 << SUBPIXEL_BITS)).astype(np.int32)
        cv2.fillPoly(mask, [fixed[list(PALM)]], 255, cv2.LINE_8, SUBPIXEL_BITS)
        thickness = max(1, round(width))  # OpenCV ends thick lines round: the tips
        for chain in FINGERS:
            cv2.polylines(mask, [fixed[list(chain)]], False, 255, thickness, cv2.LINE_8,
                          SUBPIXEL_BITS)  # fmt: skip
    if mask is None or not mask.any():
        return None
    mask = cv2.dilate(mask, np.ones((3, 3), np.uint8))
    return cv2.GaussianBlur(mask.astype(np.float32) * np.float32(1 / 255.0), (3, 3), 0)
