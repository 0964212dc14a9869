"""Garment try-on, the light: the garment takes the shading of what the person
wears (folds, the light falling across the body) and the scene's light colour,
so it is not pasted on. Computed only where the garment shows.
"""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.render import garment_cues as cues
from kiosk.render.color import bgr_to_linear, linear_to_srgb, srgb_to_linear
from kiosk.render.lighting import LightEstimate

SHADING_RANGE = (0.55, 1.35)
SHADING_STRENGTH = 0.8
ADAPT_COLOR, ADAPT_BRIGHTNESS = 0.8, 0.5  # as the lipstick renderer
SHOWS = 0.002  # coverage above which a pixel is shaded and kept (below: left out)

# Byte -> linear light (grey levels), and linear light -> sRGB byte on a fine grid:
# table lookups instead of powers on every pixel of a body-sized region.
_GREY_TO_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float32) / 255.0)
_ENCODE_STEPS = 4096
_LINEAR_TO_BYTE = linear_to_srgb(np.linspace(0.0, 1.0, _ENCODE_STEPS, dtype=np.float32)) * 255.0


def shade_layer(
    colour: np.ndarray,
    cover: np.ndarray,
    patch: np.ndarray,
    lab: np.ndarray,
    clothes: cues.ColourModel | None,
    width: float,
    light: LightEstimate | None,
    shading: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(lit garment BGR bytes, coverage) over the box: the warped `colour` under the
    person's own shading and the scene light, where `cover` shows (zero elsewhere).
    `shading`: `body_shading` of the same patch, when the caller worked it out already
    (on another thread, beside the warp)."""
    on = cover > SHOWS
    if shading is None:
        shading = body_shading(patch, lab, clothes, width)
    shading = shading[on]
    lit = bgr_to_linear(colour[on]) * shading[:, None]  # linear RGB
    if light is not None:
        lit = lit * scene_tint(light)
    layer = np.zeros((*cover.shape, 3), np.uint8)
    layer[on] = (encode(lit)[:, ::-1] + 0.5).astype(np.uint8)
    return layer, np.where(on, cover, 0.0).astype(np.float32)


def scene_tint(light: LightEstimate) -> np.ndarray:
    """The linear-RGB gain that puts a product colour under the scene's light."""
    return np.power(light.illuminant, ADAPT_COLOR) * np.float32(light.brightness**ADAPT_BRIGHTNESS)


def body_shading(
    patch: np.ndarray, lab: np.ndarray, clothes: cues.ColourModel | None, width: float
) -> np.ndarray:
    """Folds and light across the body, not the print of what the person wears.

    A band of scales between fabric texture (removed) and the body's overall light
    (the base), read from the plain parts of the clothing only: where the person
    wears a print or a logo the shading is filled in from around it.
    """
    grey = _GREY_TO_LINEAR[cv2.cvtColor(patch, cv2.COLOR_BGR2GRAY)]
    weight = cues.print_weight(lab, clothes)
    if weight is None:
        lum = blur_small(grey, 0.03 * width)
        trust = np.ones_like(lum)
    else:
        den = blur_small(weight, 0.03 * width)
        lum = blur_small(grey * weight, 0.03 * width) / np.maximum(den, 1e-3)
        trust = np.clip(den / 0.3, 0.0, 1.0)  # 0 over a print: the shading fades to flat there
    base = blur_small(lum, 0.12 * width)
    ratio = np.clip(lum / np.maximum(base, 1e-4), *SHADING_RANGE) ** SHADING_STRENGTH
    return (1.0 + (ratio - 1.0) * trust).astype(np.float32)


def encode(linear_rgb: np.ndarray) -> np.ndarray:
    """Linear RGB (clipped to 0..1) -> sRGB 0..255 float, via the table."""
    idx = np.clip(linear_rgb * (_ENCODE_STEPS - 1) + 0.5, 0, _ENCODE_STEPS - 1).astype(np.int32)
    return _LINEAR_TO_BYTE[idx]


def blur_small(values: np.ndarray, sigma: float, factor: int = 4) -> np.ndarray:
    """A wide Gaussian blur computed at 1/`factor` size: same look, a fraction of the cost."""
    h, w = values.shape
    small = cv2.resize(
        values, (max(1, w // factor), max(1, h // factor)), interpolation=cv2.INTER_AREA
    )
    small = cv2.GaussianBlur(small, (0, 0), max(sigma / factor, 0.5))
    return cv2.resize(small, (w, h), interpolation=cv2.INTER_LINEAR)
