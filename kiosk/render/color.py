"""Colour conversions the renderers share: sRGB hex and bytes, linear RGB, XYZ, CIELAB.

Written out in plain float maths (IEC 61966-2-1 sRGB, CIE 1931 D65 white) so
the GLSL port is a line-by-line copy: every function is per pixel, vectorised
over any array whose last axis holds the three channels. Linear and XYZ arrays
are in RGB order; only the byte helpers (`bgr_*`) use OpenCV's BGR order.
"""

from __future__ import annotations

import re

import cv2
import numpy as np

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")

# D65 white (x, y) = (0.3127, 0.3290), Y = 1.
WHITE_D65 = np.array([0.3127 / 0.3290, 1.0, (1.0 - 0.3127 - 0.3290) / 0.3290], np.float32)

# Linear sRGB -> XYZ (D65), from the sRGB primaries and the white above.
RGB_TO_XYZ = np.array(
    [
        [0.4123908, 0.3575843, 0.1804808],
        [0.2126390, 0.7151687, 0.0721923],
        [0.0193308, 0.1191948, 0.9505322],
    ],
    np.float32,
)
XYZ_TO_RGB = np.linalg.inv(RGB_TO_XYZ.astype(np.float64)).astype(np.float32)
LUMINANCE = RGB_TO_XYZ[1]  # Y of linear RGB

_EPS = (6.0 / 29.0) ** 3
_KAPPA = 3.0 * (6.0 / 29.0) ** 2


def parse_hex(text: str) -> tuple[int, int, int]:
    """'#B0123A' -> (176, 18, 58) as sRGB bytes; raises ValueError naming the text."""
    match = _HEX.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an sRGB colour; write it as #RRGGBB, e.g. #B0123A")
    value = int(match.group(1), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def check_hex_field(name: str, value: object) -> None:
    """A product field that must hold an sRGB hex colour: a ValueError naming the field and
    the fix otherwise (shades and eye, cheek and brow products alike)."""
    if not isinstance(value, str):
        raise ValueError(f"{name} must be an sRGB hex string like #B0123A, not {value!r}")
    try:
        parse_hex(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def hex_to_bgr(text: str) -> np.ndarray:
    r, g, b = parse_hex(text)
    return np.array([b, g, r], np.uint8)


def srgb_to_linear(c: np.ndarray) -> np.ndarray:
    """sRGB-encoded 0..1 -> linear light 0..1 (the standard piecewise curve)."""
    c = np.asarray(c, np.float32)
    return np.where(
        c <= 0.04045, c / 12.92, np.power((np.maximum(c, 0.04045) + 0.055) / 1.055, 2.4)
    ).astype(np.float32)


def linear_to_srgb(c: np.ndarray) -> np.ndarray:
    """Linear light -> sRGB-encoded (not clipped; negative input gives the linear segment)."""
    c = np.asarray(c, np.float32)
    return np.where(
        c <= 0.0031308,
        c * 12.92,
        1.055 * np.power(np.maximum(c, 0.0031308), 1.0 / 2.4) - 0.055,
    ).astype(np.float32)


# Byte -> linear lookup: what sampling an sRGB texture does on the GPU.
_BYTE_TO_LINEAR = srgb_to_linear(np.arange(256, dtype=np.float32) / 255.0)


def hex_to_linear(text: str) -> np.ndarray:
    """'#RRGGBB' -> linear RGB float32 (3,)."""
    return _BYTE_TO_LINEAR[np.array(parse_hex(text))]


def bgr_to_linear(bgr: np.ndarray) -> np.ndarray:
    """uint8 BGR (..., 3) -> float32 linear RGB (..., 3), channel order reversed."""
    return _BYTE_TO_LINEAR[bgr[..., ::-1]]


def linear_to_bgr(rgb: np.ndarray) -> np.ndarray:
    """Linear RGB (..., 3) -> float32 BGR in 0..255 (not yet rounded or clipped)."""
    return linear_to_srgb(rgb[..., ::-1]) * np.float32(255.0)


def linear_to_xyz(rgb: np.ndarray) -> np.ndarray:
    return np.asarray(rgb, np.float32) @ RGB_TO_XYZ.T


def xyz_to_linear(xyz: np.ndarray) -> np.ndarray:
    return np.asarray(xyz, np.float32) @ XYZ_TO_RGB.T


def xyz_to_lab(xyz: np.ndarray) -> np.ndarray:
    """XYZ (Y = 1 for white) -> CIELAB relative to D65, L in 0..100."""
    t = np.asarray(xyz, np.float32) / WHITE_D65
    f = np.where(t > _EPS, np.cbrt(np.maximum(t, _EPS)), t / _KAPPA + 4.0 / 29.0)
    lab = np.empty_like(f)
    lab[..., 0] = 116.0 * f[..., 1] - 16.0
    lab[..., 1] = 500.0 * (f[..., 0] - f[..., 1])
    lab[..., 2] = 200.0 * (f[..., 1] - f[..., 2])
    return lab


def luminance_to_lightness(y: np.ndarray) -> np.ndarray:
    """CIELAB L* (0..100) of relative luminance Y (white = 1), float32."""
    y = np.asarray(y, np.float32)
    lightness = np.float32(116.0) * cv2.pow(np.maximum(y, np.float32(_EPS)), 1.0 / 3.0) - 16.0
    dark = y <= _EPS
    if dark.any():  # the linear segment: 116 (y / KAPPA + 4/29) - 16 = y * 116 / KAPPA
        lightness[dark] = y[dark] * np.float32(116.0 / _KAPPA)
    return lightness.astype(np.float32)


def lab_to_xyz(lab: np.ndarray) -> np.ndarray:
    lab = np.asarray(lab, np.float32)
    fy = (lab[..., 0] + 16.0) / 116.0
    f = np.stack([fy + lab[..., 1] / 500.0, fy, fy - lab[..., 2] / 200.0], axis=-1)
    t = np.where(f > 6.0 / 29.0, f * f * f, _KAPPA * (f - 4.0 / 29.0))
    return (t * WHITE_D65).astype(np.float32)


def linear_to_lab(rgb: np.ndarray) -> np.ndarray:
    return xyz_to_lab(linear_to_xyz(rgb))


def lab_to_linear(lab: np.ndarray) -> np.ndarray:
    return xyz_to_linear(lab_to_xyz(lab))


def bgr_to_lab(bgr: np.ndarray) -> np.ndarray:
    """uint8 BGR (any shape ending in 3) -> float32 CIELAB (D65), L in 0..100."""
    return linear_to_lab(bgr_to_linear(bgr))


def lab_to_bgr(lab: np.ndarray) -> np.ndarray:
    """float32 CIELAB -> float32 BGR in 0..255 (not yet rounded or clipped)."""
    return linear_to_bgr(lab_to_linear(lab))


def hex_to_lab(text: str) -> np.ndarray:
    return linear_to_lab(hex_to_linear(text))


def into_gamut(rgb: np.ndarray) -> np.ndarray:
    """Bring linear RGB into 0..1 by moving each out-of-gamut colour towards the
    grey of the same luminance (hue and luminance kept, chroma reduced), instead
    of clipping channels one by one, which shifts hue and flattens detail."""
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    y = np.clip(rgb @ LUMINANCE, 0.0, 1.0)
    hi = np.maximum(np.maximum(r, g), b)  # the channel that leaves the top first
    lo = np.minimum(np.minimum(r, g), b)  # and the bottom
    # Largest t in 0..1 with y + t * (rgb - y) inside 0..1 for every channel.
    t_hi = np.where(hi > 1.0, (1.0 - y) / np.maximum(hi - y, 1e-7), 1.0)
    t_lo = np.where(lo < 0.0, y / np.maximum(y - lo, 1e-7), 1.0)
    t = np.clip(np.minimum(t_hi, t_lo), 0.0, 1.0)[..., None]
    yy = y[..., None]
    return (yy + (rgb - yy) * t).astype(np.float32)
