"""What the GLSL makeup shader (shaders/makeup.frag) needs from a MakeupLayer: two mask
images, the glasses' gate and the uniforms.

Qt-free, so the values the GPU gets are tested without a window. The eight region weights
travel as two RGBA textures (lid, crease, outer, liner | lashes, blush, brow, spare),
computed over the face box only; the UI draws them at the box within the frame, as it
draws the lip mask. The uniforms are the layer's own numbers (`MakeupLayer.uniforms`,
already named as the shader names them), so the GPU and the NumPy reference cannot drift.
The masks are the weights before the glasses' gate: the shader samples the gate's
face-space canvas (`glasses_canvas`) through this frame's affine (`glassesRow0/1`), as
`glasses.apply_gate` warps it for the CPU.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.render.makeup import MakeupLayer, Uniforms
from kiosk.vision.glasses import GlassesGate

BARE: Uniforms = {"strength": 0.0}
NO_GLASSES: Uniforms = {"glassesRow0": (0.0, 0.0, 0.0, 0.0), "glassesRow1": (0.0, 0.0, 0.0, 0.0)}


def makeup_masks(layer: MakeupLayer) -> tuple[np.ndarray, np.ndarray]:
    """Two RGBA uint8 images over `layer.roi`: weight channels 0-3 and 4-7, x255 rounded.
    Per frame on the CPU: each channel's own plane scaled by OpenCV straight to bytes
    (channels nothing asked for are zeros, not computed), then interleaved."""
    regions = layer.regions
    h, w = regions.shape
    zeros: np.ndarray | None = None
    out = []
    planes = regions.raw_planes  # the shader takes the glasses out itself
    for group in (planes[:4], planes[4:8]):
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
    gate = layer.regions.glasses
    return {**layer.uniforms, **(glasses_rows(gate) if gate is not None else NO_GLASSES)}


def glasses_rows(gate: GlassesGate) -> Uniforms:
    """The frame -> canvas texture map the shader samples the glasses' gate through:
    uv = (row0.xy . px + row0.z, row1.xy . px + row1.z), px the frame position the shader
    has (pixel i's centre at i + 0.5), uv over the canvas texture (texel j's centre at
    (j + 0.5) / size); row0.w = 1 says the face wears glasses. The same map as the CPU's
    warp (pixel centres at whole numbers on both sides)."""
    h, w = gate.keep.shape
    m = gate.to_canvas.astype(np.float64)
    rows = []
    for r, size in ((0, w), (1, h)):
        a, b, c = m[r]
        rows.append((a / size, b / size, (c - 0.5 * (a + b) + 0.5) / size))
    return {"glassesRow0": (*rows[0], 1.0), "glassesRow1": (*rows[1], 0.0)}


def glasses_canvas(layer: MakeupLayer | None) -> np.ndarray | None:
    """The glasses' gate over its face-space canvas as bytes (255: keep, 0: a frame line),
    or None when the face wears none. It changes only when the frames are looked for
    again (every few frames): the caller keeps the texture while it is the same array."""
    if layer is None or layer.regions.glasses is None:
        return None
    return cv2.convertScaleAbs(layer.regions.glasses.keep, alpha=255.0)


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
