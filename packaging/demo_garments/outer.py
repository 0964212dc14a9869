"""Outer layers: the pullover hoodie and the trucker denim jacket."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .canvas import Canvas, Panel, Pt, blur, fill, grid, hexbgr, scale, smooth, stroke
from .cut import Sewn, Top, row_extent, sew_top
from .details import cord, eyelet, rivet, seam, shank_button, topstitch
from .fabric import fleece, twill
from .light import dome, fold, render
from .trims import band_between, rib_band


def hoodie() -> np.ndarray:
    """The mustard hoodie: brushed sweat fleece, the hood lying down round the neck
    (seen from the front: two rolled front edges crossing at the centre, nothing of
    its lining), drawcords from eyelets, a kangaroo pocket, rib cuffs and waistband."""
    col = hexbgr("#C89B3C")
    t = Top(
        sleeve=400,
        sleeve_angle=9,
        cuff=66,
        chest=166,
        hem=162,
        bottom=680,
        neck=66,
        neck_depth=40,
        shoulder=186,
        slope=30,
    )
    c, s = sew_top(t, lambda h: fleece(55, col), lambda h: fleece(56, col), 55, drape=1.2)
    dark = scale(col, 0.7)
    # Rib waistband and cuffs, gathered.
    band_top = t.bottom - 46
    x0, x1 = row_extent(s.torso, band_top)
    _, yy = grid()
    region = s.torso * (yy > band_top)
    rib_band(c, region, scale(col, 0.96), 57, (1.0, 0.0), 2.8, gather=2.0)
    topstitch(c, [(x0 + 2, band_top - 3), (x1 - 2, band_top - 3)], dark, (0.0, -5.0))
    for side in s.cuffs:
        a = np.radians(t.sleeve_angle)
        region = band_between(t.cuff_line(side, -1), t.cuff_line(side, 44), s.sleeves[side])
        rib_band(
            c,
            region,
            scale(col, 0.96),
            58,
            (np.cos(a), -side * np.sin(a)),
            2.8,
            gather=1.5,
        )
        topstitch(c, t.cuff_line(side, 47), dark, (0.0,))
    _kangaroo(c, t, col, dark)
    _hood(c, t, col, dark)
    for side in (-1, 1):
        topstitch(
            c,
            [t.at(side, t.neck + 26, t.top + 8), t.at(side, t.shoulder - 6, t.top + 30)],
            dark,
            (0.0, 4.0),
        )
    return render(c)


def _kangaroo(c: Canvas, t: Top, col: tuple[float, float, float], dark: tuple) -> None:
    """The kangaroo pocket: a patch with curved side openings, edges bound and
    twin-stitched, standing slightly off the body."""
    top_y, low_y = t.bottom - 210, t.bottom - 50
    outline = [
        (300 - 96, top_y),
        (300 + 96, top_y),
        (300 + 104, top_y + 40),
        (300 + 142, low_y - 20),
        (300 + 146, low_y),
        (300 - 146, low_y),
        (300 - 142, low_y - 20),
        (300 - 104, top_y + 40),
    ]
    m = fill(smooth(outline, 2))
    h = dome(m, 10, 4)
    fold(h, (300 - 60, low_y - 10), (300 - 40, top_y + 20), 12, -2.5)
    fold(h, (300 + 70, low_y - 10), (300 + 50, top_y + 30), 12, -2.0)
    c.paint(Panel(m, fleece(59, col), h, shadow=0.45, shadow_reach=3))
    topstitch(c, [(300 - 92, top_y + 5), (300 + 92, top_y + 5)], dark, (0.0, 4.0))
    for side in (-1, 1):
        opening = [
            (300 + side * 100, top_y + 4),
            (300 + side * 106, top_y + 42),
            (300 + side * 140, low_y - 22),
        ]
        c.darken(
            0.45
            * blur(
                fill(
                    np.vstack(
                        [
                            opening,
                            [opening[-1][0] + side * 4, low_y - 24],
                            [opening[0][0] + side * 4, top_y + 2],
                        ]
                    )
                ),
                1.5,
            )
        )
        topstitch(c, smooth(opening, 2, closed=False), dark, (-side * 5.0, -side * 9.0))


def _hood(c: Canvas, t: Top, col: tuple[float, float, float], dark: tuple) -> None:
    """The hood worn down, from the front: its two front edges roll round the neck
    opening and cross at the centre; its crown lies behind the neck (hidden there,
    and shown only where it rises beside the neck)."""
    for side in (1, -1):  # the wearer's left edge over the right, as usual
        edge = [
            (300 + side * (t.neck - 6), t.top - 9),
            (300 + side * (t.neck + 52), t.top + 4),
            (300 + side * (t.neck + 60), t.top + 32),
            (300 + side * 48, t.top + 98),
            (300 - side * 16, t.top + 86),
            (300 - side * 12, t.top + 62),
            (300 + side * 22, t.top + 48),
            (300 + side * (t.neck - 8), t.top + 6),
        ]
        poly = smooth(edge, 3)
        m = fill(poly)
        h = dome(m, 14, 9)
        fold(h, (300 + side * (t.neck + 30), t.top + 10), (300 + side * 30, t.top + 80), 6, -2)
        c.paint(Panel(m, fleece(60 + side, scale(col, 0.98)), h, shadow=0.55, shadow_reach=4))
        channel = [
            (300 + side * (t.neck + 22), t.top - 4),
            (300 + side * (t.neck + 28), t.top + 26),
            (300 + side * 34, t.top + 74),
            (300 - side * 8, t.top + 72),
        ]
        topstitch(c, smooth(channel, 2, closed=False), dark, (0.0,))
    metal = (190.0, 196.0, 200.0)
    for side in (-1, 1):
        x = 300 + side * 30
        eyelet(c, (x, t.top + 80), 4.5, metal)
        cord(
            c,
            [(x, t.top + 80), (x + side * 5, t.top + 150), (x + side * 3, t.top + 224)],
            (236.0, 236.0, 232.0),
            5.0,
            (205.0, 205.0, 205.0),
        )


THREAD = hexbgr("#C9903A")  # the jacket's gold top-stitching thread
METAL = (120.0, 150.0, 172.0)  # its shank buttons


def denim_jacket() -> np.ndarray:
    """The trucker jacket: indigo twill (lighter where the wash wore the high
    points), point collar, shank-button placket, flap chest pockets on a yoke,
    front pleat seams, waistband and cuffs, all double top-stitched in gold."""
    indigo, weft = hexbgr("#2F4F7F"), hexbgr("#DCE3EA")
    t = Top(sleeve=400, sleeve_angle=8, cuff=72, chest=170, hem=170, bottom=640, neck=58,
            neck_depth=0, shoulder=188, slope=24)  # fmt: skip
    t.neck_shape = [(242, 130), (258, 170), (280, 214), (300, 232), (320, 214), (342, 170),
                    (358, 130)]  # fmt: skip

    def denim(h: np.ndarray, seed: int) -> np.ndarray:
        worn = np.clip((h - blur(h, 14.0)) / 4.0, -0.5, 1.0)  # the wash wears high points
        base = twill(seed, indigo, weft, 0.30)
        return base * (1 + 0.10 * worn)[:, :, None]

    c, s = sew_top(t, lambda h: denim(h, 44), lambda h: denim(h, 45), 44, drape=1.1)
    waist = _jacket_bands(c, t, s)
    _jacket_front(c, t, waist)
    for side in (-1, 1):
        _flap_pocket(c, 300 + side * 96, t.top + 128, THREAD, METAL, indigo, weft, side)
    _point_collar(c, t, indigo, weft, THREAD)
    return render(c, gloss=60.0)


def _gold(c: Canvas, pts: Sequence[Pt] | np.ndarray, offsets: tuple[float, ...]) -> None:
    """Jeans top-stitching: heavier thread, longer stitches than a knit's."""
    topstitch(c, pts, THREAD, offsets, 3.0, 1.2, 0.9)


def _jacket_bands(c: Canvas, t: Top, s: Sewn) -> float:
    """The waistband and the buttoned cuffs; returns the waistband's seam row."""
    wb = t.bottom - 40
    x0, x1 = row_extent(s.torso, wb)
    c.darken(0.3 * blur(fill([(x0, wb - 1), (x1, wb - 1), (x1, wb + 1), (x0, wb + 1)]), 1.0))
    _gold(c, [(x0 + 3, wb + 5), (x1 - 3, wb + 5)], (0.0, 5.0))
    _gold(c, [(x0 + 3, wb - 4), (x1 - 3, wb - 4)], (0.0, -5.0))
    for side in s.cuffs:
        c.darken(0.3 * blur(stroke_line(t.cuff_line(side, 34)), 1.0))
        _gold(c, t.cuff_line(side, 29), (0.0, 5.0 * side))
        _gold(c, t.cuff_line(side, 7), (0.0,))
        mid = np.mean(t.cuff_line(side, 17), axis=0)
        shank_button(c, (float(mid[0] + side * 14), float(mid[1])), 5.5, METAL)
    return wb


def _jacket_front(c: Canvas, t: Top, wb: float) -> None:
    """The yoke across the chest, the two pleat seams each side and the placket."""
    for side in (-1, 1):
        yoke = [t.at(side, t.chest - 6, t.top + 92), t.at(side, 110, t.top + 96),
                t.at(side, 30, t.top + 120)]  # fmt: skip
        line = smooth(yoke, 2, closed=False)
        seam(c, line, 0.3)
        _gold(c, line, (side * 4.0, side * 9.0))
        for px in (44, 150):
            pleat = [t.at(side, px, t.top + 230), t.at(side, px + 4, wb - 2)]
            seam(c, pleat, 0.3)
            _gold(c, pleat, (-side * 4.0, -side * 9.0))
    placket = [(318, 232), (318, wb + 38)]
    c.darken(0.35 * blur(stroke_line(placket), 1.2))
    _gold(c, placket, (-5.0, -10.0))
    for k in range(5):
        shank_button(c, (304.0, 256.0 + k * 82), 7.0, METAL)


def stroke_line(pts: list) -> np.ndarray:
    """A 1.2 px line's coverage (a crease to darken)."""
    return stroke(pts, 1.2)


def _flap_pocket(
    c: Canvas,
    x0: float,
    y0: float,
    thread: tuple,
    metal: tuple,
    indigo: tuple,
    weft: tuple,
    side: int,
) -> None:
    """A chest pocket with a pointed button-down flap."""
    bag = [
        (x0 - 40, y0 + 30),
        (x0 + 40, y0 + 30),
        (x0 + 40, y0 + 96),
        (x0, y0 + 110),
        (x0 - 40, y0 + 96),
    ]
    topstitch(c, [*bag[1:], bag[0]], thread, (0.0, 5.0), 3.0, 1.2, 0.9)
    c.darken(0.25 * blur(fill(bag), 4.0) * 0.3)
    flap = [(x0 - 44, y0), (x0 + 44, y0), (x0 + 44, y0 + 30), (x0, y0 + 44), (x0 - 44, y0 + 30)]
    m = fill(smooth(flap, 1))
    c.paint(
        Panel(m, twill(46 + side, indigo, weft, 0.34), dome(m, 6, 4), shadow=0.55, shadow_reach=3)
    )
    topstitch(c, [flap[1], flap[2], flap[3], flap[4], flap[0]], thread, (-5.0,), 3.0, 1.2, 0.9)
    shank_button(c, (x0, y0 + 30), 5.5, metal)
    rivet(c, (x0 - 38, y0 + 34), (70.0, 110.0, 160.0))
    rivet(c, (x0 + 38, y0 + 34), (70.0, 110.0, 160.0))


def _point_collar(c: Canvas, t: Top, indigo: tuple, weft: tuple, thread: tuple) -> None:
    """The collar: two leaves lying on the shoulders and chest, points down, the
    neck opening between them left open (no inside of the collar stand shown)."""
    for side in (1, -1):
        leaf = [
            (300 + side * (t.neck - 2), t.top - 2),
            (300 + side * (t.neck + 42), t.top + 10),
            (300 + side * 70, t.top + 106),
            (300 + side * 24, t.top + 92),
            (300 + side * 44, t.top + 42),
        ]
        poly = smooth(leaf, 2)
        m = fill(poly)
        c.paint(
            Panel(
                m, twill(48 + side, indigo, weft, 0.36), dome(m, 9, 6), shadow=0.6, shadow_reach=4
            )
        )
        outer = [leaf[1], leaf[2], leaf[3]]
        topstitch(c, outer, thread, (side * 5.0,), 3.0, 1.2, 0.9)
