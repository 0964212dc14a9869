"""Finishes that read as themselves (issue 14): glints are particles of a few pixels, not
lone white pixels; a liner is a fine line; light adaptation never pulls a shade away
from itself. colour-science is the oracle for the colour bounds."""

from __future__ import annotations

import json
import warnings

import cv2
import numpy as np
import pytest

from kiosk.paths import assets_dir
from kiosk.render import finishes as fx
from kiosk.render.color import linear_to_bgr
from kiosk.render.lighting import BRIGHTNESS_LIMITS, GAIN_LIMITS, LightEstimate
from kiosk.render.lipstick import paint_lips, scene_linear
from kiosk.render.shade import Shade
from kiosk.vision.lips import LipContours

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import colour


def ellipse(cx: float, cy: float, rx: float, ry: float, n: int = 80) -> np.ndarray:
    t = np.linspace(np.pi, -np.pi, n, endpoint=False)
    return np.stack([cx + rx * np.cos(t), cy + ry * np.sin(t)], axis=1).astype(np.float32)


@pytest.mark.parametrize("mouth_px", [90, 140, 260])
def test_a_glint_covers_several_pixels_whatever_the_mouth_size(mouth_px: int) -> None:
    """Each glint (a blob of clearly brightened pixels) has a footprint of >= 4 pixels
    in the median: a lone pixel reads as a white speck, not a reflecting particle."""
    r = mouth_px / 2.0
    lips = LipContours(ellipse(200, 150, r, 0.4 * r), ellipse(200, 150 + 0.2 * r, 2, 1, 12))
    image = np.full((300, 400, 3), (70, 80, 150), np.uint8)
    sparkly = Shade("#7A2E5C", "shimmer", sparkle=1.0, gloss=0.0)
    plain = Shade("#7A2E5C", "shimmer", sparkle=0.0, gloss=0.0)
    a, b = image.copy(), image.copy()
    paint_lips(a, lips, sparkly, 1.0, 0.02)
    paint_lips(b, lips, plain, 1.0, 0.02)
    diff = a.astype(np.float32).sum(axis=2) - b.astype(np.float32).sum(axis=2)
    diff -= np.median(diff[diff > 0])  # the broad sheen: even on a flat patch
    blobs = (diff > 0.1 * diff.max()).astype(np.uint8)
    n, _, stats, _ = cv2.connectedComponentsWithStats(blobs, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA]
    print(f"{mouth_px}-px mouth: {n - 1} glints, median footprint {np.median(areas)} px")
    assert n - 1 >= 10
    assert np.median(areas) >= 4


def test_the_liner_is_a_fine_line() -> None:
    """On a 200-px mouth the liner band (weight > 0.1) is at most 3 px wider than the
    feather ramp it sits on, and never fully opaque: a line, not a marker ring."""
    width, feather = 200.0, 0.02
    d = np.linspace(0.0, 20.0, 2001, dtype=np.float32)
    w = fx.liner_weight(d, width, feather)
    band = float(d[w > 0.1].max()) - feather * width
    print(f"liner band {band:.2f} px past the feather, peak {w.max():.2f}")
    assert band <= 3.0
    assert w.max() <= 0.7


def _oracle_lch(rgb_linear: np.ndarray) -> tuple[float, float, float]:
    srgb = np.clip(linear_to_bgr(rgb_linear[None, :])[0][::-1] / 255.0, 0.0, 1.0)
    lab = colour.XYZ_to_Lab(colour.sRGB_to_XYZ(srgb))
    return float(lab[0]), float(np.hypot(lab[1], lab[2])), float(np.arctan2(lab[2], lab[1]))


def _lights() -> list[LightEstimate]:
    out = []
    for r in GAIN_LIMITS:
        for b in GAIN_LIMITS:
            for bright in BRIGHTNESS_LIMITS:
                out.append(LightEstimate(np.array([r, 1.0, b], np.float32), bright))
    return out


def test_light_adaptation_never_pulls_a_shade_away_from_itself() -> None:
    """Under any light the estimator can report, every catalog colour keeps >= 85 % of
    its chroma, turns its hue by <= 12 degrees and its lightness by <= 8 (oracle CIELAB;
    the renderer's bounds are 10 %, 5 degrees and 6, measured in its own maths)."""
    catalog = json.loads((assets_dir() / "catalog.json").read_text())
    entries = catalog["shades"] if isinstance(catalog, dict) else catalog
    colours = [e["color"] for e in entries]
    worst = (0.0, 0.0, 0.0)
    for hex_color in colours:
        l0, c0, h0 = _oracle_lch(scene_linear(hex_color, None))
        for light in _lights():
            l1, c1, h1 = _oracle_lch(scene_linear(hex_color, light))
            turn = abs(np.degrees(np.angle(np.exp(1j * (h1 - h0)))))
            worst = (max(worst[0], 1 - c1 / c0), max(worst[1], turn), max(worst[2], abs(l1 - l0)))
            assert c1 >= 0.85 * c0, (hex_color, light, c0, c1)
            assert turn <= 12.0, (hex_color, light, turn)  # gamut mapping may add a little
            assert abs(l1 - l0) <= 8.0, (hex_color, light, l0, l1)
    print(f"worst chroma loss {worst[0]:.2f}, hue turn {worst[1]:.1f} deg, dL {worst[2]:.1f}")
