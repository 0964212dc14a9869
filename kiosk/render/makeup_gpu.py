"""What the GLSL makeup shader (shaders/makeup.frag) needs from a MakeupLayer: three mask
images, the glasses' gate and the uniforms.

Qt-free, so the values the GPU gets are tested without a window. The region weights travel
as two RGBA textures over the eyes' and brows' box (lid, crease, outer, - | lashes, liner,
brow, spare: `TEXTURE_SLOT`) and one grey texture over the cheeks' (the blush); the UI
draws each at its box within the frame, as it draws the lip mask. The uniforms are the layer's own
numbers (`MakeupLayer.uniforms`, already named as the shader names them), so the GPU and
the NumPy reference cannot drift.
The masks are the weights before the glasses' gate: the shader samples the gate's
face-space canvas (`glasses_canvas`) through this frame's affine (`glassesRow0/1`), as
`glasses.apply_gate` warps it for the CPU.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.render.makeup import MakeupLayer, Uniforms
from kiosk.vision.face_regions import CHANNEL, N_CHANNELS, TEXTURE_SLOT, Box, UnitBlock
from kiosk.vision.glasses import GlassesGate
from kiosk.vision.region_bytes import fill_texture, rgba_bytes, written

BARE: Uniforms = {"strength": 0.0}
BLUSH = CHANNEL["blush"]
NO_GLASSES: Uniforms = {"glassesRow0": (0.0, 0.0, 0.0, 0.0), "glassesRow1": (0.0, 0.0, 0.0, 0.0)}


@dataclass(frozen=True)
class MakeupTextures:
    """One face's weights as the shader's textures, each over its own box (x0, y0, x1,
    y1, frame pixels); None: nothing on it."""

    eyes_roi: Box
    first: np.ndarray | None  # RGBA uint8: lid, crease, outer corner, (0)
    second: np.ndarray | None  # RGBA uint8: lashes, liner, brow, spare
    cheeks_roi: Box
    cheeks: np.ndarray | None  # uint8: the blush
    # ... or, in place of `first` and `second`, the kept units' own blocks, each with its
    # motion to this frame, for the GPU to move and lay together (`unit_blocks`)
    parts: tuple[UnitBlock, ...] = ()


# Where a texture's bytes go: (height, width, channels) -> a uint8 array of that shape to
# fill (rows may be padded: a QImage's own buffer); None: new NumPy arrays.
Target = Callable[[int, int, int], np.ndarray]


def makeup_masks(
    layer: MakeupLayer, target: Target | None = None, parts: bool = False
) -> MakeupTextures:
    """The weights x255 rounded, before the glasses' gate (the shader takes the glasses
    out itself), each group over its own box; into `target`'s arrays when given (first,
    second, then the cheeks', those there are). Per frame on the CPU: the eye and brow
    textures from the kept parts' bytes where the regions have them (`eye_blocks`), else
    each channel's own plane scaled by OpenCV straight to bytes (channels nothing asked
    for are zeros, not computed), then interleaved; the same bytes either way. `parts`:
    the kept units' blocks as built with their motions instead, where the regions have
    them (the GPU moves them itself: nothing is warped or packed on the CPU)."""
    regions = layer.regions
    units = regions.unit_blocks() if parts else None
    blocks = regions.eye_blocks() if units is None else None
    first = second = None
    eyes_roi = layer.roi
    if units is not None:
        eyes_roi = regions.eyes_box
    elif blocks is not None:
        if blocks:
            eyes_roi = regions.eyes_box
            h, w = eyes_roi[3] - eyes_roi[1], eyes_roi[2] - eyes_roi[0]
            first, second = (
                fill_texture(_new(target, h, w, 4), eyes_roi, k, blocks, regions.eye_cuts)
                for k in (0, 1)
            )
    else:
        placed = regions.placed
        eyes = [placed[k] for k in range(N_CHANNELS) if k != BLUSH]
        built = [box for box, plane in eyes if plane is not None]
        if built:
            eyes_roi = built[0]
            first, second = _interleaved([plane for _, plane in placed], eyes_roi, target)
    cheeks_roi, blush = regions.cheeks
    cheeks = None
    if blush is not None:
        bh, bw = blush.shape[:2]
        dst = None if target is None else target(bh, bw, 1)
        cheeks = written(cv2.convertScaleAbs(blush, dst=dst, alpha=255.0), dst, (bh, bw))
    return MakeupTextures(eyes_roi, first, second, cheeks_roi, cheeks, tuple(units or ()))


def _new(target: Target | None, height: int, width: int, channels: int) -> np.ndarray:
    if target is None:
        return np.empty((height, width, channels), np.uint8)
    return target(height, width, channels)


def _interleaved(
    planes: list[np.ndarray | None], roi: Box, target: Target | None
) -> tuple[np.ndarray, np.ndarray]:
    """Every channel's plane (N_CHANNELS, in CHANNELS order) as the two RGBA textures'
    bytes, each in its `TEXTURE_SLOT` (the blush is on its own texture)."""
    h, w = roi[3] - roi[1], roi[2] - roi[0]
    groups: list[list[np.ndarray | None]] = [[None] * 4, [None] * 4]
    for ch, slot in enumerate(TEXTURE_SLOT):
        if slot is not None:
            groups[slot[0]][slot[1]] = planes[ch]
    out = []
    for group in groups:
        out.append(rgba_bytes(group, (h, w), None if target is None else target(h, w, 4)))
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
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The three masks over the whole frame (zeros outside their boxes), each box placed
    at its offset: for a scene that draws them frame-sized (tests)."""
    a = np.zeros((height, width, 4), np.uint8)
    b = np.zeros((height, width, 4), np.uint8)
    c = np.zeros((height, width), np.uint8)
    if layer is None:
        return a, b, c
    t = makeup_masks(layer)
    x0, y0, x1, y1 = t.eyes_roi
    if t.first is not None and t.second is not None:
        a[y0:y1, x0:x1], b[y0:y1, x0:x1] = t.first, t.second
    x0, y0, x1, y1 = t.cheeks_roi
    if t.cheeks is not None:
        c[y0:y1, x0:x1] = t.cheeks
    return a, b, c
