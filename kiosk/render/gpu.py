"""What the GLSL lipstick shader needs from a LipLayer: a mask image and uniforms.

Qt-free, so the values the GPU gets are tested without a window. The mask
carries the per-pixel weights (r = lip coverage, g = liner, b = ombre, a = share of
the shade's lightness); they are computed over the lip box only, and cross to the GPU
as that box: the UI draws it at the box within the frame (a LayerItem), as it draws the
make-up masks. Everything else is a handful of per-face numbers.
"""

from __future__ import annotations

import numpy as np

from kiosk.render.lipstick import LipLayer
from kiosk.vision.region_bytes import rgba_bytes

Vec4 = tuple[float, float, float, float]
Uniforms = dict[str, float | Vec4]
BARE: Uniforms = {"strength": 0.0}


def _v4(a: np.ndarray | tuple[float, ...], w: float = 0.0) -> Vec4:
    x = [float(v) for v in a]
    return (x[0], x[1], x[2], w if len(x) < 4 else x[3])


def mask_weights(layer: LipLayer, out: np.ndarray | None = None) -> np.ndarray:
    """RGBA uint8 weights over the layer's lip box (`layer.roi`), as the shader reads them;
    written into `out` (h, w, 4) when given (a texture's own buffer), and returned."""
    weight_l = layer.cover if layer.weight_l is None else layer.weight_l
    # Each plane scaled by OpenCV straight to bytes (rounded, saturated), then interleaved:
    # a third of the cost of stacking the floats and converting them.
    planes = (layer.cover, layer.liner, layer.ombre, weight_l)
    return rgba_bytes(planes, layer.cover.shape, out)


def layer_mask(layer: LipLayer | None, height: int, width: int) -> np.ndarray:
    """RGBA uint8 weights over the whole frame (zeros where there are no lips): the
    lip box placed at its offset, for a scene that draws the mask frame-sized (tests)."""
    mask = np.zeros((height, width, 4), np.uint8)
    if layer is None:
        return mask
    x0, y0, x1, y1 = layer.roi
    mask[y0:y1, x0:x1] = mask_weights(layer)
    return mask


def layer_uniforms(layer: LipLayer | None) -> Uniforms:
    """The shader's uniforms by name (uvToPixel and wipe come from the view)."""
    if layer is None:
        return dict(BARE)
    p = layer.profile
    f = layer.frame
    return {
        "strength": float(layer.strength),
        "lipMean": _v4(layer.mean, layer.spread),
        "target": _v4(layer.target),
        "innerLab": _v4(layer.inner),
        "linerLab": _v4(layer.liner_lab),
        "specColor": _v4(layer.spec_color, layer.gloss),
        "glintColor": _v4(layer.glint_color, layer.sparkle),
        "profile": (p.shadow, p.highlight, p.knee, p.chroma_detail),
        "shading": (float(layer.contrast), float(layer.level), float(layer.detail_radius), 0.0),
        "frameRow0": (float(f[0, 0]), float(f[0, 1]), float(f[0, 2]), layer.glint_radius),
        "frameRow1": (float(f[1, 0]), float(f[1, 1]), float(f[1, 2]), layer.glint_cells),
    }
