"""What the GLSL makeup shader (shaders/makeup.frag) needs from a MakeupLayer: two mask
images and the uniforms.

Qt-free, so the values the GPU gets are tested without a window. The eight region weights
travel as two RGBA textures (lid, crease, outer, liner | lashes, blush, brow, spare),
computed over the face box only; the UI draws them at the box within the frame, as it
draws the lip mask. The uniforms are the layer's own numbers (`MakeupLayer.uniforms`,
already named as the shader names them), so the GPU and the NumPy reference cannot drift.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.render.makeup import MakeupLayer, Uniforms

BARE: Uniforms = {"strength": 0.0}


def makeup_masks(layer: MakeupLayer) -> tuple[np.ndarray, np.ndarray]:
    """Two RGBA uint8 images over `layer.roi`: weight channels 0-3 and 4-7, x255 rounded.
    Per frame on the CPU: OpenCV scales and splits (a NumPy strided copy of 4 of 8
    channels costs several times as much)."""
    w = layer.regions.weights
    h, width = w.shape[:2]
    scaled = cv2.convertScaleAbs(w.reshape(h, width * w.shape[2]), alpha=255.0)
    planes = cv2.split(scaled.reshape(h, width, w.shape[2]))
    return cv2.merge(planes[:4]), cv2.merge(planes[4:8])


def makeup_uniforms(layer: MakeupLayer | None) -> Uniforms:
    """The shader's uniforms by name (uvToPixel and wipe come from the view); BARE
    (strength 0: the mirror as it is) when nothing is worn."""
    if layer is None:
        return dict(BARE)
    return dict(layer.uniforms)


def frame_masks(
    layer: MakeupLayer | None, height: int, width: int
) -> tuple[np.ndarray, np.ndarray]:
    """The two masks over the whole frame (zeros outside the face box), the box placed at
    its offset: for a scene that draws them frame-sized (tests, a frame-sized texture)."""
    a = np.zeros((height, width, 4), np.uint8)
    b = np.zeros((height, width, 4), np.uint8)
    if layer is None:
        return a, b
    x0, y0, x1, y1 = layer.roi
    ma, mb = makeup_masks(layer)
    a[y0:y1, x0:x1], b[y0:y1, x0:x1] = ma, mb
    return a, b
