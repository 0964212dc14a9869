"""Reference lipstick renderer (NumPy + OpenCV) on the lip region only.

Colour is moved in CIELAB: the lips take the shade's hue, chroma and mean
lightness, while each pixel keeps its offset from the lips' own mean lightness,
so the lips' texture, creases and shading stay (colour changes, light does not).
Only the lips' bounding box is touched, so a 1080p frame costs well under a
millisecond. The GLSL compositor will implement the same maths.
"""

from __future__ import annotations

import numpy as np

from kiosk.render.color import bgr_to_lab, hex_to_bgr, lab_to_bgr
from kiosk.render.shade import Shade
from kiosk.vision.lips import LipContours, lip_alpha

# How much of the lip's own chroma variation survives under the shade.
CHROMA_DETAIL = 0.35


def shade_lab(shade: Shade) -> np.ndarray:
    return bgr_to_lab(hex_to_bgr(shade.color).reshape(1, 1, 3)).reshape(3)


def paint_lips(
    image: np.ndarray,
    lips: LipContours,
    shade: Shade,
    intensity: float,
    feather: float,
) -> np.ndarray:
    """Paint `shade` onto the lips of `image` (BGR uint8) in place; returns the
    lip coverage alpha (ROI-sized) for callers that want to know what changed."""
    h, w = image.shape[:2]
    margin = max(2.0, feather * lips.mouth_width * 2.0)
    roi = lips.bounds(margin, w, h)
    x0, y0, x1, y1 = roi
    if x1 - x0 < 2 or y1 - y0 < 2:
        return np.zeros((0, 0), np.float32)
    alpha = lip_alpha(lips, roi, feather) * float(intensity) * shade.opacity
    if not np.any(alpha > 0):
        return alpha
    patch = image[y0:y1, x0:x1]
    lab = bgr_to_lab(patch)
    weight = alpha / max(float(alpha.sum()), 1e-6)
    mean = (lab * weight[..., None]).sum(axis=(0, 1))
    target = shade_lab(shade)
    painted = np.empty_like(lab)
    painted[..., 0] = lab[..., 0] - mean[0] + target[0]
    painted[..., 1:] = target[1:] + (lab[..., 1:] - mean[1:]) * CHROMA_DETAIL
    painted[..., 0] = np.clip(painted[..., 0], 0.0, 100.0)
    new_bgr = lab_to_bgr(painted)
    a = alpha[..., None]
    out = patch.astype(np.float32) * (1.0 - a) + new_bgr * a
    image[y0:y1, x0:x1] = np.clip(out + 0.5, 0, 255).astype(np.uint8)
    return alpha
