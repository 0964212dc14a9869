"""Colour conversions the renderers share (sRGB hex, BGR bytes, CIELAB)."""

from __future__ import annotations

import re

import cv2
import numpy as np

_HEX = re.compile(r"^#?([0-9a-fA-F]{6})$")


def parse_hex(text: str) -> tuple[int, int, int]:
    """'#B0123A' -> (176, 18, 58) as sRGB bytes; raises ValueError naming the text."""
    match = _HEX.match(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not an sRGB colour; write it as #RRGGBB, e.g. #B0123A")
    value = int(match.group(1), 16)
    return (value >> 16) & 255, (value >> 8) & 255, value & 255


def hex_to_bgr(text: str) -> np.ndarray:
    r, g, b = parse_hex(text)
    return np.array([b, g, r], np.uint8)


def bgr_to_lab(bgr: np.ndarray) -> np.ndarray:
    """uint8 BGR (any shape ending in 3) -> float32 CIELAB (D65), L in 0..100."""
    flat = bgr.reshape(-1, 1, 3).astype(np.float32) / 255.0
    return cv2.cvtColor(flat, cv2.COLOR_BGR2Lab).reshape(bgr.shape).astype(np.float32)


def lab_to_bgr(lab: np.ndarray) -> np.ndarray:
    """float32 CIELAB -> float32 BGR in 0..255 (not yet rounded or clipped)."""
    flat = lab.reshape(-1, 1, 3).astype(np.float32)
    return cv2.cvtColor(flat, cv2.COLOR_Lab2BGR).reshape(lab.shape) * 255.0
