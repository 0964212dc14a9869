"""Knitted bands and collars that sit on a top's body: crew neckbands, rib cuffs and
waistbands, laid-down collars. Each is its own panel, so it stands off the body,
shades it with a narrow shadow and carries its own knit or weave."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .canvas import BGR, Canvas, Panel, Pt, blur, fill, grid, smooth
from .cut import Top
from .fabric import knit_grain, rib_lines, tint
from .light import dome

Texture = Callable[[], np.ndarray]


def crew_band(c: Canvas, t: Top, colour: BGR, seed: int, width: float = 11.0) -> np.ndarray:
    """A ribbed neckband along the front neckline; its ribs run across the band.
    Returns the band's outer edge (for the stitching that holds it)."""
    xx, yy = grid()
    a, b = t.neck, t.neck_depth
    ex, ey = (xx - 300) / (a + width), (yy - t.top) / (b + width)
    inside = np.clip((1 - np.sqrt(ex * ex + ey * ey)) * (a + width) * 1.2 + 0.5, 0, 1)
    band = inside * c.alpha * (yy > t.top - 12)
    theta = np.arctan2((yy - t.top) / (b + width / 2), (xx - 300) / (a + width / 2))
    u = theta * (a + b + width) / 2
    alb = tint(colour, rib_lines(u, 2.4, 0.18) * knit_grain(seed, 0.6))
    c.paint(Panel(band, alb, dome(band, 3.0, 1.8), shadow=0.4, shadow_reach=2.0))
    k = np.linspace(0, np.pi, 60)
    return np.stack([300 - (a + width + 2) * np.cos(k), t.top + (b + width + 2) * np.sin(k)], 1)


def rib_band(
    c: Canvas,
    region: np.ndarray,
    colour: BGR,
    seed: int,
    across: tuple[float, float],
    period: float = 2.6,
    gather: float = 0.0,
) -> None:
    """A rib-knit band (cuff, waistband): ribs run along the band's length axis
    (`across` is the unit direction across the ribs). `gather` puckers it where it
    pulls the body or sleeve in."""
    xx, yy = grid()
    u = xx * across[0] + yy * across[1]
    alb = tint(colour, rib_lines(u, period, 0.2) * knit_grain(seed, 0.5))
    h = dome(region, 4.0, 3.0)
    if gather:
        h += gather * blur(np.cos(2 * np.pi * u / 19.0).astype(np.float32), 2.0) * region
    c.paint(Panel(region, alb, h, shadow=0.35, shadow_reach=2.5))


def band_between(line_a: Sequence[Pt], line_b: Sequence[Pt], clip: np.ndarray) -> np.ndarray:
    """The coverage of the strip between two lines (e.g. a cuff's edge and its seam)."""
    return fill(np.vstack([np.asarray(line_a), np.asarray(line_b)[::-1]])) * clip


def collar(
    c: Canvas,
    t: Top,
    leaf: Sequence[Pt],
    texture: Texture,
    seed: int,
    lift: float = 5.0,
) -> list[np.ndarray]:
    """A laid-down collar: two leaves mirrored about the centre front, each a panel
    lying on the shoulders with its roll a little raised and a shadow under it.
    `leaf` is the image-left leaf's outline. Returns both outlines."""
    outlines = []
    alb = texture()
    for side in (1, -1):
        pts = smooth([(300 + side * (x - 300) * -1, y) for x, y in leaf], 2)
        m = fill(pts)
        h = dome(m, 8.0, lift)
        c.paint(Panel(m, alb, h, shadow=0.5, shadow_reach=3.5))
        outlines.append(pts)
    return outlines
