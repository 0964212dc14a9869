"""Woven garments: the floral tie-neck blouse, the satin camisole and the polka dot
midi dress. Wovens do not stretch, so they drape in longer, crisper folds than
knits; their prints move with the folds."""

from __future__ import annotations

import cv2
import numpy as np

from .canvas import BGR, Canvas, H, Panel, S, W, blur, fill, grid, hexbgr, scale, smooth, stroke
from .cut import Albedo, Top, row_extent, sew_top
from .details import button, seam, topstitch
from .fabric import noise, polka, poplin, printed, satin
from .light import dome, fold, render


def floral_print(seed: int, base: BGR, warp: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """A small-scale ditsy floral (five-petal flowers in three colours with leaf
    pairs, a half-drop repeat jittered so it does not read as a grid), printed on
    poplin and moved by `warp` (dx, dy px) so it follows the drape."""
    art = np.zeros((H * S, W * S, 3), np.uint8)
    art[:] = np.round(base).astype(np.uint8)
    rng = np.random.default_rng(seed)
    petals = [hexbgr("#F2C14E"), hexbgr("#F28482"), hexbgr("#F7EDE2")]
    leaf, centre = hexbgr("#5B8E7D"), hexbgr("#8C2F39")
    step = 38
    for gy in range(-1, 800 // step + 2):
        for gx in range(-1, 600 // step + 2):
            x = (gx + 0.5 * (gy % 2) + rng.uniform(-0.25, 0.25)) * step
            y = (gy + rng.uniform(-0.25, 0.25)) * step
            r = rng.uniform(6.5, 9.5)
            col = petals[rng.integers(len(petals))]
            rot = rng.uniform(0, np.pi)
            for k in range(2):
                a = rot + rng.uniform(-0.5, 0.5) + k * np.pi
                lx, ly = x + np.cos(a) * r * 1.45, y + np.sin(a) * r * 1.45
                _ellipse(art, (lx, ly), (5.0, 2.2), a, leaf)
            for k in range(5):
                a = rot + k * 2 * np.pi / 5
                px, py = x + np.cos(a) * r * 0.55, y + np.sin(a) * r * 0.55
                _ellipse(art, (px, py), (r * 0.55, r * 0.4), a, col)
                _ellipse(art, (px, py), (r * 0.25, r * 0.14), a, scale(col, 0.85))
            _ellipse(art, (x, y), (r * 0.26, r * 0.26), 0, centre)
    xx, yy = grid()
    mx = ((xx + warp[0]) * S).astype(np.float32)
    my = ((yy + warp[1]) * S).astype(np.float32)
    out = cv2.remap(art, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT)
    out = cv2.GaussianBlur(out.astype(np.float32), (0, 0), 0.35 * S)  # ink in the weave
    return out * poplin(seed + 1)[:, :, None]


def _ellipse(
    img: np.ndarray, c: tuple[float, float], ax: tuple[float, float], angle: float, colour: BGR
) -> None:
    cv2.ellipse(
        img,
        (round(c[0] * S * 16), round(c[1] * S * 16)),
        (round(ax[0] * S * 16), round(ax[1] * S * 16)),
        float(np.degrees(angle)),
        0,
        360,
        tuple(float(v) for v in colour),
        -1,
        cv2.LINE_AA,
        4,
    )


def _drape_warp(h: np.ndarray, k: float = 0.6) -> tuple[np.ndarray, np.ndarray]:
    """How a print shifts over folds: along the local slope of the relief."""
    detail = h - blur(h, 16.0)
    gy, gx = np.gradient(detail * S)
    return (k * gx * 4).astype(np.float32), (k * gy * 4).astype(np.float32)


def floral_blouse() -> np.ndarray:
    """The navy floral blouse: printed cotton poplin, a neck tie knotted in a bow
    with long tails, long sleeves gathered into buttoned cuffs."""
    base = hexbgr("#243B6B")
    t = Top(
        sleeve=300,
        sleeve_angle=16,
        cuff=72,
        chest=160,
        hem=168,
        bottom=640,
        neck=56,
        neck_depth=34,
        shoulder=180,
    )

    def fabric(h: np.ndarray) -> np.ndarray:
        return floral_print(88, base, _drape_warp(h))

    c, s = sew_top(t, fabric, fabric, 88, drape=1.6)
    dark = scale(base, 0.55)
    y = t.bottom - 8
    x0, x1 = row_extent(s.torso, y)
    topstitch(c, [(x0 + 2, y), (x1 - 2, y)], dark, (0.0,), 1.8, 0.8, 0.6)
    for side in s.cuffs:
        region_edge, region_top = t.cuff_line(side, -1), t.cuff_line(side, 24)
        m = fill(np.vstack([region_edge, region_top[::-1]])) * s.sleeves[side]
        a = np.radians(t.sleeve_angle)
        hh = dome(m, 5, 3)
        c.paint(Panel(m, fabric(hh), hh, shadow=0.4, shadow_reach=2.5))
        topstitch(c, t.cuff_line(side, 21), dark, (0.0,), 1.8, 0.8, 0.6)
        mid = np.mean(t.cuff_line(side, 12), axis=0)
        button(c, (float(mid[0] - side * 18 * np.cos(a)), float(mid[1])), 4.0, (230.0,) * 3)
    for side in (-1, 1):
        seam(c, [t.at(side, t.neck + 4, t.top + 2), t.at(side, t.shoulder - 4, t.top + t.slope)])
    _neck_binding(c, t, fabric, dark)
    _front_placket(c, t, fabric, dark)
    _bow(c, t, fabric)
    return render(c)


def _neck_binding(c: Canvas, t: Top, fabric: Albedo, dark: BGR) -> None:
    """A narrow self-fabric binding round the neckline, stitched at its edge."""
    neck = t.neckline()
    band = stroke(neck + np.array([0, 4.0]), 9.0) * c.alpha
    h = dome(band, 2.5, 2.0)
    c.paint(Panel(band, fabric(h), h, shadow=0.35, shadow_reach=2))
    topstitch(c, neck + np.array([0, 8.0]), dark, (0.0,), 1.8, 0.8, 0.6)


def _front_placket(c: Canvas, t: Top, fabric: Albedo, dark: BGR) -> None:
    """The button front: a self-fabric placket from the neck to the hem, its print
    matched, stitched along both edges, with small pearl buttons (the top ones
    hidden under the bow's tails, as on the real thing)."""
    xx, yy = grid()
    y0 = t.top + t.neck_depth + 2
    strip = ((np.abs(xx - 300) < 11) & (yy > y0) & (yy < t.bottom)).astype(np.float32)
    strip = blur(strip, 0.4) * c.alpha
    h = dome(strip, 2.5, 1.5)
    c.paint(Panel(strip, fabric(h), h, shadow=0.35, shadow_reach=1.5))
    for x in (291.0, 309.0):
        topstitch(c, [(x, y0 + 2), (x, t.bottom - 3)], dark, (0.0,), 1.8, 0.8, 0.6)
    for k in range(7):
        button(c, (300.0, y0 + 36 + k * 66), 4.5, (236.0, 234.0, 226.0))


def _bow(c: Canvas, t: Top, fabric: Albedo) -> None:
    """The tie: two loops and two tails falling from a knot at the centre front."""
    kx, ky = 300.0, t.top + t.neck_depth + 6
    parts = [
        (
            [
                (kx - 4, ky + 6),
                (kx - 42, ky + 96),
                (kx - 32, ky + 150),
                (kx - 16, ky + 140),
                (kx - 18, ky + 96),
                (kx + 2, ky + 8),
            ],
            3.0,
        ),  # tail (image left)
        (
            [
                (kx + 2, ky + 6),
                (kx + 24, ky + 90),
                (kx + 16, ky + 132),
                (kx + 34, ky + 140),
                (kx + 40, ky + 92),
                (kx + 6, ky + 4),
            ],
            3.0,
        ),  # tail (image right)
        (
            [
                (kx - 6, ky - 4),
                (kx - 40, ky - 18),
                (kx - 50, ky + 4),
                (kx - 34, ky + 20),
                (kx - 4, ky + 10),
            ],
            5.0,
        ),  # loop
        (
            [
                (kx + 6, ky - 4),
                (kx + 40, ky - 18),
                (kx + 50, ky + 4),
                (kx + 34, ky + 20),
                (kx + 4, ky + 10),
            ],
            5.0,
        ),  # loop
        ([(kx - 9, ky - 8), (kx + 9, ky - 8), (kx + 10, ky + 12), (kx - 10, ky + 12)], 4.0),
    ]
    rng = np.random.default_rng(7)
    for pts, lift in parts:
        m = fill(smooth(pts, 3))
        h = dome(m, 8, lift * 1.5)
        ys, xs = np.nonzero(m > 0.5)
        if ys.size:
            cy, cx = ys.mean() / S, xs.mean() / S
            fold(h, (cx + rng.uniform(-4, 4), cy - 30), (cx + rng.uniform(-6, 6), cy + 30), 3, -2)
        c.paint(Panel(m, fabric(h) * 0.88, h, shadow=0.6, shadow_reach=3.5))
        c.darken(0.3 * blur(stroke(smooth(pts, 3), 1.0, closed=True), 0.6) * m)


CAMISOLE = [(150, 250), (180, 232), (300, 262), (420, 232), (450, 250), (440, 420),
            (472, 610), (300, 618), (128, 610), (160, 420)]  # fmt: skip
# The bias folds: (x at the top, x at the hem, depth px; < 0 a valley).
BIAS_FOLDS = [(232, 196, 7), (262, 250, 5), (300, 300, -4), (352, 372, 6), (392, 430, 5),
              (212, 160, -4), (410, 452, -4)]  # fmt: skip


def camisole() -> np.ndarray:
    """The blush satin camisole: bias-cut, so it falls in soft vertical folds that
    catch a broad sheen; a fine bound neckline and adjustable straps."""
    col = hexbgr("#E7B7B0")
    c = Canvas()
    body = fill(smooth(CAMISOLE))
    rng = np.random.default_rng(66)
    h = dome(body, 22, 8)
    for x0, x1, amp in BIAS_FOLDS:
        fold(h, (x0 + rng.uniform(-4, 4), 200), (x1, 640), 13, amp, rng.uniform(-8, 8), 0.8)
    h += 1.5 * noise(67, 14.0, 60.0)
    for side in (-1, 1):  # straps first: the body's binding hides their ends
        _strap(c, 300 + side * 116, side, col)
    c.paint(Panel(body, satin(66, col), h, sheen=0.42, shadow=0.0))
    edge = smooth([(152, 252), (180, 236), (300, 266), (420, 236), (448, 252)], 2, closed=False)
    bind = stroke(edge + np.array([0, 2.5]), 5.0) * c.alpha
    c.paint(Panel(bind, satin(69, scale(col, 0.97)), dome(bind, 1.5, 1.2), sheen=0.5,
                  shadow=0.35, shadow_reach=1.5))  # fmt: skip
    seam(c, [(300, 266), (300, 300)], 0.15)
    topstitch(c, [(132, 604), (300, 611), (468, 604)], scale(col, 0.8), (0.0,), 1.8, 0.8, 0.6)
    return render(c, gloss=14.0)


def _strap(c: Canvas, x: float, side: int, col: BGR) -> None:
    """A rouleau strap leaning in towards the neck, with its metal slider."""
    lean = -8 * side
    pts = [(x - 3, 244), (x - 1 + lean, 96), (x + 3 + lean, 96), (x + 3, 244)]
    strap = fill(smooth(pts, 1))
    c.paint(Panel(strap, satin(67, scale(col, 0.95)), dome(strap, 2, 1.5), sheen=0.35,
                  shadow=0.0))  # fmt: skip
    sx = x - 4 * side
    slider = fill(smooth([(sx - 5, 150), (sx + 5, 150), (sx + 5, 157), (sx - 5, 157)], 1))
    c.paint(Panel(slider, satin(68, (215.0, 215.0, 220.0)), dome(slider, 2, 1), sheen=0.6))


def dress() -> np.ndarray:
    """The emerald polka dot midi: a fitted sleeveless bodice with darts, a scoop
    neck, a waist seam with a self-tie bow and a gathered skirt whose folds fall
    from the waist and fan out to the hem; the dots follow the folds."""
    col = hexbgr("#0F6B5C")
    c = Canvas()
    side_pts = [(62, 96), (112, 110), (118, 150), (128, 230), (100, 330), (150, 480), (205, 735)]
    left = [(300 - x, y) for x, y in side_pts]
    right = [(300 + x, y) for x, y in side_pts[::-1]]
    scoop = [
        (300 + 62 * np.cos(np.pi * k / 12), 96 + 64 * np.sin(np.pi * k / 12)) for k in range(1, 12)
    ]
    outline = smooth([*left, (300, 748), *right, *scoop], 3)
    m = fill(outline)
    rng = np.random.default_rng(77)
    h = dome(m, 20, 8)
    _, yy = grid()
    h += 12 * np.exp(-(((yy - 190) / 70) ** 2))  # the bust
    for x in np.linspace(-150, 150, 9):
        x0 = 300 + x * 0.55 + rng.uniform(-4, 4)
        x1 = 300 + x * 1.15 + rng.uniform(-10, 10)
        fold(
            h,
            (x0, 342),
            (x1, 752),
            9 + rng.uniform(0, 5),
            rng.choice([-1, 1]) * rng.uniform(4, 7),
            rng.uniform(-10, 10),
            0.6,
        )
    for side in (-1, 1):
        fold(h, (300 + side * 60, 322), (300 + side * 54, 200), 4, -3)  # darts
    h += 0.3 * noise(79, 4.0) + 2.0 * noise(80, 12.0, 50.0)
    dx, dy = _drape_warp(h, 0.8)
    xx, yy = grid()
    dots = polka(xx + dx, yy + dy, 30, 3.6)
    alb = printed(col, (236.0, 240.0, 238.0), dots) * poplin(78)[:, :, None]
    c.paint(Panel(m, alb, h, shadow=0.0))
    dark = scale(col, 0.55)
    waist = smooth([(300 - 104, 326), (300, 330), (300 + 104, 326)], 2, closed=False)
    seam(c, waist, 0.4)
    for side in (-1, 1):
        seam(c, [(300 + side * 60, 322), (300 + side * 56, 214)], 0.25)
    neck = np.array(scoop[::-1])
    topstitch(c, neck + np.array([0, 7.0]), dark, (0.0,), 1.8, 0.8, 0.6)
    for side in (-1, 1):
        arm = [(300 + side * 112, 110), (300 + side * 122, 160), (300 + side * 122, 226)]
        topstitch(c, arm, dark, (side * 6.0,), 1.8, 0.8, 0.6)
    hem_y = 724
    topstitch(
        c,
        smooth([(300 - 200, hem_y), (300, hem_y + 12), (300 + 200, hem_y)], 2, closed=False),
        dark,
        (0.0,),
        1.8,
        0.8,
        0.6,
    )
    _belt_bow(c, dots, col, dark)
    return render(c)


def _belt_bow(c: Canvas, dots: np.ndarray, col: BGR, dark: BGR) -> None:
    """A narrow self-fabric belt at the waist seam, tied in a small bow."""
    del dark
    alb = printed(col, (236.0, 240.0, 238.0), dots) * poplin(79)[:, :, None]
    belt = fill(smooth([(196, 322), (404, 322), (404, 338), (196, 338)], 1)) * c.alpha
    c.paint(Panel(belt, alb, dome(belt, 4, 2.5), shadow=0.4, shadow_reach=2.5))
    for pts in (
        [(346, 330), (322, 314), (316, 342)],
        [(346, 330), (372, 312), (378, 344)],
        [(344, 332), (332, 392), (340, 394), (350, 334)],
        [(348, 332), (372, 384), (380, 380), (352, 330)],
    ):
        mm = fill(smooth(pts, 2))
        c.paint(Panel(mm, alb, dome(mm, 5, 3), shadow=0.5, shadow_reach=2.5))
    knot = fill(smooth([(340, 323), (352, 323), (353, 338), (339, 338)], 1))
    c.paint(Panel(knot, alb, dome(knot, 4, 3), shadow=0.4, shadow_reach=2))
