"""Relief and light: what turns flat fills into cloth in a studio photograph.

A garment on a ghost mannequin is a surface: round where it wraps the body or an
arm, creased where it bends, sunk where it is sewn. Each panel carries a height
field built from those; its slope is lit by one soft key light from above and in
front (the studio's softbox) plus fill, and satin adds a broad specular sheen.
"""

from __future__ import annotations

import cv2
import numpy as np

from .canvas import Canvas, H, Pt, S, W, blur, grid

LIGHT = np.array([0.0, -0.55, 1.0], np.float32)  # from above and in front (image y down)
LIGHT /= np.linalg.norm(LIGHT)
SHINE = np.array([-0.45, -0.8, 0.75], np.float32)  # the softbox's reflection: upper left
SHINE /= np.linalg.norm(SHINE)
AMBIENT = 0.42
FOLD_GAIN = 2.7  # how deep folds are drawn, relative to the px amplitudes given


def dome(mask: np.ndarray, radius: float, depth: float) -> np.ndarray:
    """A panel's roundness: its edges roll away over `radius` px by `depth` px (a
    quarter round, slope limited so the rim darkens without going black)."""
    inside = (mask > 0.5).astype(np.uint8)
    d = cv2.distanceTransform(inside, cv2.DIST_L2, cv2.DIST_MASK_PRECISE) / S
    t = np.clip(d / radius, 0, 1)
    return blur((depth * (1 - (1 - t) ** 2)).astype(np.float32), max(1.5, 0.12 * radius))


def cylinder(axis: tuple[Pt, Pt], half_width: float, depth: float) -> np.ndarray:
    """A tube's relief across an axis (a sleeve round an arm, a torso round a body):
    highest on the axis, falling by `depth` at `half_width` either side."""
    xx, yy = grid()
    (x0, y0), (x1, y1) = axis
    dx, dy = x1 - x0, y1 - y0
    n = float(np.hypot(dx, dy))
    across = ((xx - x0) * dy - (yy - y0) * dx) / n
    u = np.clip(np.abs(across) / half_width, 0, 1.2)
    return (depth * np.sqrt(np.clip(1 - u * u, 0, 1))).astype(np.float32)


def fold(
    height: np.ndarray,
    a: Pt,
    b: Pt,
    width: float,
    amp: float,
    bend: float = 0.0,
    taper: float = 1.5,
) -> None:
    """Add one soft fold from `a` to `b`: a rounded ridge (amp > 0) or valley (amp < 0)
    `width` px wide, fading out at both ends, bowed sideways by `bend` px."""
    (x0, y0), (x1, y1) = a, b
    pad = width * 3 + abs(bend)
    bx0 = max(int((min(x0, x1) - pad) * S), 0)
    bx1 = min(int((max(x0, x1) + pad) * S) + 1, W * S)
    by0 = max(int((min(y0, y1) - pad) * S), 0)
    by1 = min(int((max(y0, y1) + pad) * S) + 1, H * S)
    if bx1 <= bx0 or by1 <= by0:
        return
    xx, yy = grid()
    xs, ys = xx[by0:by1, bx0:bx1], yy[by0:by1, bx0:bx1]
    dx, dy = x1 - x0, y1 - y0
    length2 = max(dx * dx + dy * dy, 1e-6)
    t = np.clip(((xs - x0) * dx + (ys - y0) * dy) / length2, 0, 1)
    d = ((xs - x0) * dy - (ys - y0) * dx) / np.sqrt(length2) - bend * 4 * t * (1 - t)
    along = np.clip(np.sin(np.pi * t), 0, 1) ** taper
    height[by0:by1, bx0:bx1] += FOLD_GAIN * amp * along * np.exp(-((d / width) ** 2))


def ripple(
    height: np.ndarray,
    centre: Pt,
    direction: float,
    count: int,
    spacing: float,
    length: float,
    amp: float,
    rng: np.random.Generator,
) -> None:
    """A run of short parallel wrinkles (bunched cloth at a waist, an elbow or a
    cuff): `count` folds `spacing` apart along `direction` (radians), each across it."""
    ux, uy = np.cos(direction), np.sin(direction)
    nx, ny = -uy, ux
    for k in range(count):
        s = (k - (count - 1) / 2) * spacing * rng.uniform(0.85, 1.15)
        half = 0.5 * length * rng.uniform(0.7, 1.1)
        cx, cy = centre[0] + ux * s, centre[1] + uy * s
        shift = rng.uniform(-0.25, 0.25) * length
        a = (cx + nx * (-half + shift), cy + ny * (-half + shift))
        b = (cx + nx * (half + shift), cy + ny * (half + shift))
        fold(height, a, b, spacing * 0.32, amp * rng.uniform(0.7, 1.0), rng.uniform(-3, 3))


def render(c: Canvas, gloss: float = 40.0) -> np.ndarray:
    """Light the canvas and size it down to the shipped BGRA image (uint8).

    Colour is premultiplied by coverage before averaging down, so an edge carries
    no dark or light fringe from the transparent surround."""
    gx, gy = blur(c.gx, 0.7), blur(c.gy, 0.7)
    norm = np.sqrt(gx * gx + gy * gy + 1.0)
    ndotl = (-gx * LIGHT[0] - gy * LIGHT[1] + LIGHT[2]) / norm
    flat = float(LIGHT[2])
    diffuse = (AMBIENT + (1 - AMBIENT) * np.clip(ndotl, 0, 1)) / (AMBIENT + (1 - AMBIENT) * flat)
    _, yy = grid()
    falloff = 1.03 - 0.07 * (yy / H)  # the softbox is above: the hem is a little darker
    half = SHINE + np.array([0, 0, 1], np.float32)
    half /= np.linalg.norm(half)
    ndoth = np.clip((-gx * half[0] - gy * half[1] + half[2]) / norm, 0, 1)
    spec = c.sheen * ndoth**gloss * 255.0  # only slopes turned to the softbox shine
    shade = (diffuse * falloff * c.occlusion)[:, :, None]
    rgb = c.albedo * shade + spec[:, :, None]
    a = c.alpha[:, :, None]
    pre = cv2.resize(rgb * a, (W, H), interpolation=cv2.INTER_AREA)
    al = cv2.resize(c.alpha, (W, H), interpolation=cv2.INTER_AREA)
    out = np.dstack([np.clip(pre / np.maximum(al[:, :, None], 1e-4), 0, 255), al * 255])
    out[al < 0.5 / 255] = 0
    return np.round(np.clip(out, 0, 255)).astype(np.uint8)
