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
    Per frame on the CPU: each channel's own plane scaled by OpenCV straight to bytes
    (channels nothing asked for are zeros, not computed), then interleaved."""
    regions = layer.regions
    h, w = regions.shape
    zeros: np.ndarray | None = None
    out = []
    for group in (regions.planes[:4], regions.planes[4:8]):
        bytes_ = []
        for plane in group:
            if plane is None:
                if zeros is None:
                    zeros = np.zeros((h, w), np.uint8)
                bytes_.append(zeros)
            else:
                bytes_.append(cv2.convertScaleAbs(plane, alpha=255.0))
        out.append(np.asarray(cv2.merge(bytes_)).reshape(h, w, 4))
    return out[0], out[1]


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
