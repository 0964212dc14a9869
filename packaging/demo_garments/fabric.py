"""Fabric structure at the scale it has in a 600x800 product photo.

A 600 px wide photo of a top shows about 7 px per cm: a jersey's 15 wales per cm
and a poplin's 40 threads per cm are finer than a pixel and show only as a fine,
slightly directional grain with slubs (thicker bits of yarn) along the courses
or threads; a 2x2 rib (about 3 ribs per cm) and a denim twill (about 4 twill
lines per cm, at 60-70 degrees) are resolved as fine lines. Those are the scales
used here; textures are multiplicative on the colour, seeded and deterministic.
"""

from __future__ import annotations

import cv2
import numpy as np

from .canvas import BGR, H, S, W, blur, grid


def noise(seed: int, sx: float, sy: float | None = None) -> np.ndarray:
    """Seeded white noise blurred by (sx, sy) shipped px, scaled to unit spread."""
    rng = np.random.default_rng(seed)
    white = rng.standard_normal((H * S, W * S)).astype(np.float32)
    sy = sx if sy is None else sy
    field = cv2.GaussianBlur(white, (0, 0), sigmaX=max(sx * S, 0.3), sigmaY=max(sy * S, 0.3))
    return np.asarray(field / (field.std() + 1e-6), np.float32)


def tint(colour: BGR, factor: np.ndarray) -> np.ndarray:
    """A colour modulated per pixel (factor 1: the colour itself)."""
    return np.asarray(colour, np.float32)[None, None, :] * factor[:, :, None]


def knit_grain(seed: int, strength: float = 1.0) -> np.ndarray:
    """Single jersey: a fine vertical-leaning grain (the wales), slubs running across
    (the courses) and a faint mottle of uneven yarn. A multiplier around 1."""
    wales = noise(seed, 0.35, 1.1)
    courses = noise(seed + 1, 9.0, 0.35)
    mottle = noise(seed + 2, 7.0)
    return 1.0 + strength * (0.022 * wales + 0.007 * courses + 0.008 * mottle)


def jersey(seed: int, colour: BGR, strength: float = 1.0) -> np.ndarray:
    """Cotton jersey (tee, Breton): the grain above on the colour."""
    return tint(colour, knit_grain(seed, strength))


def pique(seed: int, colour: BGR) -> np.ndarray:
    """Polo piqué: a honeycomb of raised cells about 1.5 mm across (~1 px), which at
    this scale reads as a crisp, even, slightly rough grain."""
    xx, yy = grid()
    p = 2.2
    cells = np.cos(2 * np.pi * xx / p) * np.cos(2 * np.pi * (yy + 0.5 * (xx // p)) / p)
    return tint(colour, knit_grain(seed, 0.8) + 0.05 * cells)


def fleece(seed: int, colour: BGR) -> np.ndarray:
    """Brushed-back sweat fabric (hoodie): a heavier, softer knit with a heathered
    mottle (a few lighter and darker fibres in the yarn)."""
    fibres = noise(seed + 5, 0.3, 2.0) * (noise(seed + 6, 0.3) > 1.8)
    heather = noise(seed + 7, 1.5)
    return tint(colour, knit_grain(seed, 0.9) + 0.012 * heather + 0.035 * fibres)


def rib_lines(u: np.ndarray, period: float = 2.6, depth: float = 0.16) -> np.ndarray:
    """Rib knit: raised ribs along `u` (a coordinate across the ribs, px), each rib a
    lit ridge with a shadowed gap between. A multiplier around 1."""
    phase = np.cos(2 * np.pi * u / period)
    return 1.0 + depth * (0.5 * phase - 0.15 * np.abs(phase) ** 3)


def twill(seed: int, indigo: BGR, weft: BGR, wash: float = 0.3) -> np.ndarray:
    """Denim: indigo warp over undyed weft in a 3/1 right-hand twill (diagonal lines
    rising to the right, about 2.5 px apart); ring-spun slub makes vertical streaks
    of lighter and darker indigo; `wash` is how much white the wash shows."""
    xx, yy = grid()
    u = xx * np.sin(np.radians(68)) + yy * np.cos(np.radians(68))
    lines = 0.5 + 0.5 * np.cos(2 * np.pi * u / 2.5)
    streak = noise(seed, 0.5, 6.0)  # warp yarns of uneven thickness
    slub = noise(seed + 1, 0.35, 1.5)
    cloud = noise(seed + 2, 25.0)
    white = wash * (0.5 + 0.5 * lines) + 0.018 * streak + 0.008 * slub + 0.045 * cloud
    white = np.clip(white, 0, 1)
    ind = np.asarray(indigo, np.float32)
    wef = np.asarray(weft, np.float32)
    return ind[None, None, :] * (1 - white[:, :, None]) + wef[None, None, :] * white[:, :, None]


def poplin(seed: int) -> np.ndarray:
    """Woven cotton (blouse): a very fine, even crosshatch of warp and weft with
    occasional thicker threads running straight along the grain. A multiplier."""
    warp = noise(seed, 0.3, 6.0)
    weft = noise(seed + 1, 6.0, 0.3)
    fine = noise(seed + 2, 0.35)
    return 1.0 + 0.01 * warp + 0.01 * weft + 0.012 * fine


def satin(seed: int, colour: BGR) -> np.ndarray:
    """Satin: long floats make it smooth; only faint streaks along the warp."""
    return tint(colour, 1.0 + 0.008 * noise(seed, 0.4, 20.0) + 0.006 * noise(seed + 1, 0.4))


def stripe_cover(y: np.ndarray, seed: int, period: float, width: float) -> np.ndarray:
    """Yarn-dyed knitted stripes along rows `y` (px): a stripe starts and stops on a
    course, so its edges are crisp but step a little from stitch to stitch."""
    jag = 0.2 * noise(seed, 0.5, 0.8)
    phase = np.mod(y + jag, period)
    soft = 0.6
    on = np.clip((width - phase) / soft + 0.5, 0, 1) * np.clip(phase / soft + 0.5, 0, 1)
    return on.astype(np.float32)


def polka(x: np.ndarray, y: np.ndarray, period: float, radius: float) -> np.ndarray:
    """Coverage of a printed polka dot (half-drop repeat) at fabric coordinates x, y."""
    row = np.floor(y / period)
    xs = x + (row % 2) * period / 2
    d = np.hypot(np.mod(xs, period) - period / 2, np.mod(y, period) - period / 2)
    return np.clip((radius - d) * S * 0.7 + 0.5, 0, 1).astype(np.float32)


def printed(base: BGR, ink: BGR, cover: np.ndarray, bleed: float = 0.35) -> np.ndarray:
    """A print on cloth: the ink's edge soaked a fraction of a pixel into the weave."""
    c = blur(cover, bleed)[:, :, None]
    return np.asarray(base, np.float32) * (1 - c) + np.asarray(ink, np.float32) * c
