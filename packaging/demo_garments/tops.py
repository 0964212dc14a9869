"""Knitted tops: the crew tee, the Breton and the piqué polo."""

from __future__ import annotations

import numpy as np

from .canvas import BGR, Canvas, Panel, blur, grid, hexbgr, scale
from .cut import Sewn, Top, row_extent, sew_top
from .details import button, seam, topstitch
from .fabric import jersey, knit_grain, pique, stripe_cover, tint
from .light import dome, render
from .trims import band_between, collar, crew_band, rib_band


def hems(c: Canvas, t: Top, s: Sewn, thread: tuple[float, float, float], inset: float = 12) -> None:
    """A double-needle hem at the bottom and at each cuff, and the shoulder seams."""
    y = t.bottom - inset
    x0, x1 = row_extent(s.torso, y)
    topstitch(c, [(x0 + 2, y), (x1 - 2, y)], thread, (0.0, 5.0))
    c.darken(
        0.18
        * blur(
            band_between(
                [(x0, t.bottom - 2), (x1, t.bottom - 2)],
                [(x0, t.bottom + 3), (x1, t.bottom + 3)],
                s.torso,
            ),
            2.0,
        )
    )
    for side in s.cuffs:
        topstitch(c, t.cuff_line(side, inset), thread, (0.0, -5.0 * side))
    for side in (-1, 1):
        seam(c, [t.at(side, t.neck + 8, t.top + 3), t.at(side, t.shoulder - 4, t.top + t.slope)])


def tee() -> np.ndarray:
    """The coral crew-neck tee: cotton jersey, ribbed neckband, twin-needle hems."""
    col = hexbgr("#D9534F")
    t = Top(
        sleeve=120, sleeve_angle=48, cuff=92, chest=165, hem=170, bottom=680, neck=58, neck_depth=44
    )
    c, s = sew_top(t, lambda h: jersey(11, col), lambda h: jersey(12, col), 11)
    thread = scale(col, 0.8)
    edge = crew_band(c, t, scale(col, 0.96), 13)
    topstitch(c, edge, thread, (0.0,))
    hems(c, t, s, thread)
    return render(c)


def breton() -> np.ndarray:
    """The Breton: yarn-dyed cream and navy stripes knitted in (plain cream yoke, as
    the classic marinière), a wide boat neck with a stitched facing, long sleeves."""
    navy, cream = hexbgr("#1F2A44"), hexbgr("#F3EEE2")
    t = Top(
        sleeve=420,
        sleeve_angle=9,
        cuff=62,
        chest=158,
        hem=160,
        bottom=690,
        neck=92,
        neck_depth=22,
        shoulder=178,
    )
    xx, yy = grid()

    def striped(h: np.ndarray, sleeve: bool) -> np.ndarray:
        drape = 0.5 * (h - blur(h, 18.0))  # stripes dip over folds
        if sleeve:  # stripes run round the sleeve, square to its axis
            a = np.radians(t.sleeve_angle)
            v = yy * np.cos(a) + np.abs(xx - 300) * np.sin(a)
        else:
            v = yy
        cover = stripe_cover(v + drape, 21, 20.0, 8.0) * (v > t.top + 70)
        cover = cover[:, :, None]
        grain = knit_grain(22, 0.45)[:, :, None]
        mix = np.asarray(cream, np.float32) * (1 - cover) + np.asarray(navy, np.float32) * cover
        return mix * grain

    c, s = sew_top(t, lambda h: striped(h, False), lambda h: striped(h, True), 22)
    thread = (170.0, 175.0, 182.0)
    neck = t.neckline()
    topstitch(c, neck + np.array([0, 9]), thread, (0.0,))
    seam(c, neck + np.array([0, 1.5]), 0.2)
    hems(c, t, s, thread, 14)
    return render(c)


def polo() -> np.ndarray:
    """The forest-green piqué polo: flat-knit rib collar, a two-button placket,
    ribbed armbands, twin-needle hem."""
    col = hexbgr("#2E6B4F")
    t = Top(sleeve=115, sleeve_angle=44, cuff=88, chest=168, hem=170, bottom=685, neck=50, top=128)
    t.neck_shape = [(250, 128), (262, 146), (284, 162), (300, 166), (316, 162), (338, 146),
                    (350, 128)]  # fmt: skip
    c, s = sew_top(t, lambda h: pique(33, col), lambda h: pique(34, col), 33)
    dark = scale(col, 0.72)
    _placket(c, s, col, dark)
    _armbands(c, t, s, col, dark)
    y = t.bottom - 12
    x0, x1 = row_extent(s.torso, y)
    topstitch(c, [(x0 + 2, y), (x1 - 2, y)], dark, (0.0, 5.0))
    for side in (-1, 1):
        seam(c, [t.at(side, t.neck + 10, t.top + 4), t.at(side, t.shoulder - 4, t.top + t.slope)])
    _polo_collar(c, t, col, dark)
    return render(c)


def _placket(c: Canvas, s: Sewn, col: BGR, dark: BGR) -> None:
    """The placket: a strip down the centre front, box-stitched, two buttons."""
    xx, yy = grid()
    strip = ((np.abs(xx - 300) < 12) & (yy > 150) & (yy < 262)).astype(np.float32)
    strip = blur(strip, 0.4) * s.torso
    c.paint(Panel(strip, pique(35, scale(col, 1.02)), dome(strip, 3, 2), shadow=0.3,
                  shadow_reach=1.5))  # fmt: skip
    topstitch(c, [(288, 150), (288, 262), (312, 262), (312, 150)], dark, (0.0,))
    seam(c, [(300, 160), (300, 258)], 0.15)
    for by in (186.0, 228.0):
        button(c, (300, by), 5.5, (232.0, 236.0, 234.0))


def _armbands(c: Canvas, t: Top, s: Sewn, col: BGR, dark: BGR) -> None:
    """Sleeve armbands: 2x2 rib, 16 px deep, the ribs along the sleeve."""
    for side in s.cuffs:
        a = np.radians(t.sleeve_angle)
        axis = (side * float(np.sin(a)), float(np.cos(a)))
        region = band_between(t.cuff_line(side, -1), t.cuff_line(side, 16), s.sleeves[side])
        rib_band(c, region, scale(col, 0.98), 36, (axis[1], -axis[0]))
        topstitch(c, t.cuff_line(side, 18), dark, (0.0,))


def _polo_collar(c: Canvas, t: Top, col: BGR, dark: BGR) -> None:
    """The collar: flat-knit rib, its leaves meeting at the top of the placket."""
    leaf = [(250, 124), (226, 136), (236, 196), (290, 168), (296, 158), (270, 150), (256, 138)]
    xx, yy = grid()

    def collar_knit() -> np.ndarray:
        ribs = 1 + 0.08 * np.cos(2 * np.pi * (xx + yy * 0.3) / 2.2)
        return tint(scale(col, 1.03), knit_grain(37, 0.5) * ribs)

    for outline in collar(c, t, leaf, collar_knit, 37, lift=4.0):
        topstitch(c, outline[:: max(1, len(outline) // 60)], dark, (0.0,), 1.8, 0.9, 0.5)
