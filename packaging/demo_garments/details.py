"""Sewing details: seams, top-stitching, buttons, eyelets, drawcords.

At 7 px per cm a 3 mm stitch is about 2 px long and the two needles of a tee's
cover-stitched hem are about 5 px apart, which is what these draw. Every detail
sits in the cloth: a seam is a crevice (the fabric is pulled in), thread is
raised a little, buttons stand proud and cast a shadow.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .canvas import BGR, Canvas, Panel, Pt, blur, dashes, densify, fill, grid, offset_curve, stroke
from .light import dome


def seam(c: Canvas, pts: Sequence[Pt] | np.ndarray, depth: float = 0.2) -> None:
    """A sewn seam: a narrow crevice with a soft shadow either side."""
    line = stroke(pts, 0.8)
    c.darken(depth * line + 0.5 * depth * blur(line, 1.4))


def topstitch(
    c: Canvas,
    pts: Sequence[Pt] | np.ndarray,
    thread: BGR,
    offsets: Sequence[float] = (0.0,),
    stitch: float = 2.2,
    gap: float = 0.9,
    width: float = 0.75,
) -> None:
    """Rows of stitches along a line, each moved sideways by an offset (px): one row
    for a single needle, two rows ~5 px apart for a double needle."""
    curve = densify(pts, 1.0, closed=False)
    for off in offsets:
        row = offset_curve(curve, off) if off else curve
        c.darken(0.22 * blur(stroke(row, 0.9), 0.7))  # the thread pulls the cloth in
        c.decorate(dashes(row, width, stitch, gap), thread, relief=0.4)


def button(c: Canvas, centre: Pt, radius: float, colour: BGR, holes: int = 4) -> None:
    """A sew-through button: a dished disc with a rim, its holes and the thread."""
    x, y = centre
    disc = fill(_circle(centre, radius))
    h = dome(disc, radius * 0.5, radius * 0.45) - 0.25 * radius * fill(
        _circle(centre, radius * 0.6)
    )
    c.paint(Panel(disc, _flat(colour), h, sheen=0.25, shadow=0.5, shadow_reach=1.5))
    if holes:
        for dx, dy in ((-1, -1), (1, -1), (-1, 1), (1, 1))[:holes]:
            hole = fill(_circle((x + dx * radius * 0.28, y + dy * radius * 0.28), radius * 0.13))
            c.darken(0.7 * hole)


def shank_button(c: Canvas, centre: Pt, radius: float, metal: BGR) -> None:
    """A jeans button: a domed metal cap with a stamped rim and a sharp highlight."""
    disc = fill(_circle(centre, radius))
    h = dome(disc, radius * 0.9, radius * 0.8)
    ring = stroke(_circle(centre, radius * 0.72), 0.8, closed=True)
    c.paint(Panel(disc, _flat(metal), h, sheen=0.8, shadow=0.55, shadow_reach=1.5))
    c.darken(0.35 * ring)


def rivet(c: Canvas, centre: Pt, metal: BGR) -> None:
    """A small copper rivet at the corner of a pocket."""
    disc = fill(_circle(centre, 2.2))
    c.paint(Panel(disc, _flat(metal), dome(disc, 2.0, 1.5), sheen=0.7, shadow=0.4, shadow_reach=1))


def eyelet(c: Canvas, centre: Pt, radius: float, metal: BGR) -> None:
    """A metal eyelet with the dark hole a drawcord comes out of."""
    ring = fill(_circle(centre, radius))
    c.paint(Panel(ring, _flat(metal), dome(ring, radius * 0.5, 1.5), sheen=0.6, shadow=0.4))
    c.darken(0.75 * fill(_circle(centre, radius * 0.5)))


def cord(c: Canvas, pts: Sequence[Pt], colour: BGR, width: float, tip: BGR) -> None:
    """A round drawcord hanging from an eyelet, with a plastic aglet at its end."""
    path = densify(pts, 1.0, closed=False)
    body = stroke(path, width)
    h = dome(body, width * 0.5, width * 0.4)
    xx, _ = grid()
    twist = 1.0 + 0.06 * np.cos(2 * np.pi * (xx + grid()[1]) / 2.2)
    alb = np.asarray(colour, np.float32)[None, None, :] * twist[:, :, None]
    c.paint(Panel(body, alb, h, shadow=0.45, shadow_reach=2.5))
    end = path[-1]
    d = path[-1] - path[-8]
    d = d / max(float(np.hypot(*d)), 1e-6)
    aglet = stroke([tuple(end - d * 9), tuple(end)], width * 0.9)
    c.paint(Panel(aglet, _flat(tip), dome(aglet, width * 0.4, width * 0.4), sheen=0.4, shadow=0.3))


def _circle(centre: Pt, radius: float, n: int = 48) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.stack([centre[0] + radius * np.cos(t), centre[1] + radius * np.sin(t)], 1)


def _flat(colour: BGR) -> np.ndarray:
    """A plain colour as a per-pixel albedo (broadcast, read only)."""
    xx, _ = grid()
    return np.broadcast_to(np.asarray(colour, np.float32), (*xx.shape, 3))
