"""Draw the demo garments in assets/garments/ (deterministic: numpy + OpenCV only).

Each garment is drawn at twice its size (1200x1600) and averaged down to 600x800,
so outlines are anti-aliased; colour is premultiplied by coverage before the
downsampling so edges carry no dark fringe. Fabric gets a soft light falloff
towards the edges, low-frequency folds, a fine seeded noise texture, stitched
seams at hems and cuffs, and collars, buttons, pockets or a zip where apt.

Then each image is rigged with kiosk.garments.rig.auto_rig (the rig JSON is
written next to it) and assets/garments/garments.json is written with the
catalog entries. Run from the project root:

    .venv/bin/python packaging/make_demo_garments.py [--check]

`--check` regenerates into memory and fails if any committed file differs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kiosk.garments.rig import auto_rig, rig_path_for  # noqa: E402

OUT = ROOT / "assets" / "garments"
W, H = 600, 800
S = 2  # supersampling factor
Pt = tuple[float, float]
Colour = tuple[int, int, int]  # BGR


def hexbgr(code: str) -> Colour:
    code = code.lstrip("#")
    r, g, b = (int(code[i : i + 2], 16) for i in (0, 2, 4))
    return (b, g, r)


# ----------------------------------------------------------------------------- geometry


def _densify(points: list[Pt], step: float = 10.0) -> np.ndarray:
    pts = np.asarray(points, np.float64)
    out = []
    for a, b in zip(pts, np.roll(pts, -1, axis=0), strict=True):
        n = max(1, int(np.hypot(*(b - a)) / step))
        for t in np.arange(n) / n:
            out.append(a + (b - a) * t)
    return np.asarray(out)


def smooth(points: list[Pt], rounds: int = 3) -> np.ndarray:
    """A closed outline with corners rounded by a few pixels (Chaikin on a dense polygon)."""
    pts = _densify(points)
    for _ in range(rounds):
        nxt = np.roll(pts, -1, axis=0)
        pts = np.stack([0.75 * pts + 0.25 * nxt, 0.25 * pts + 0.75 * nxt], 1).reshape(-1, 2)
    return pts


def fill(poly: np.ndarray) -> np.ndarray:
    """Coverage mask (float 0/1) of an outline at the supersampled size."""
    m = np.zeros((H * S, W * S), np.uint8)
    cv2.fillPoly(m, [np.round(poly * S * 16).astype(np.int32)], 1, cv2.LINE_AA, shift=4)
    return m.astype(np.float32)


def polyline(
    img: np.ndarray,
    pts: list[Pt] | np.ndarray,
    colour: Colour,
    width: float,
    closed: bool = False,
    dash: float = 0.0,
) -> None:
    p = np.asarray(pts, np.float64) * S
    if dash <= 0:
        cv2.polylines(
            img,
            [np.round(p * 16).astype(np.int32)],
            closed,
            colour,
            max(1, int(width * S)),
            cv2.LINE_AA,
            shift=4,
        )
        return
    dense = _densify([tuple(q) for q in p], dash * S / 3)
    if not closed:
        dense = dense[: len(dense) - max(1, int(3 * len(dense) / max(len(p), 1))) // 3 or None]
    for k in range(0, len(dense) - 2, 3):
        a, b = dense[k], dense[k + 1]
        cv2.line(
            img,
            tuple(np.round(a * 16).astype(int)),
            tuple(np.round(b * 16).astype(int)),
            colour,
            max(1, int(width * S)),
            cv2.LINE_AA,
            shift=4,
        )


# ----------------------------------------------------------------------------- fabric


def noise(seed: int, sigma: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    field = rng.standard_normal((H * S, W * S)).astype(np.float32)
    field = cv2.GaussianBlur(field, (0, 0), sigma * S)
    return field / (field.std() + 1e-6)


def shade(mask: np.ndarray, seed: int, folds: float = 0.06, grain: float = 0.025) -> np.ndarray:
    """Multiplicative light: edges fall off, soft folds, fine grain, light from above."""
    inside = (mask > 0.5).astype(np.uint8)
    dist = cv2.distanceTransform(inside, cv2.DIST_L2, 5) / S
    edge = 0.82 + 0.18 * np.clip(dist / 45.0, 0, 1) ** 0.7
    yy = np.linspace(1.04, 0.94, H * S, dtype=np.float32)[:, None]
    light = edge * yy * (1.0 + folds * noise(seed, 38.0)) * (1.0 + grain * noise(seed + 1, 0.6))
    return light.astype(np.float32)


def drag_folds(light: np.ndarray, lines: list[tuple[Pt, Pt]], strength: float = 0.10) -> None:
    """Soft diagonal creases (a darker valley beside a lighter ridge) along given segments."""
    yy, xx = np.mgrid[0 : H * S, 0 : W * S].astype(np.float32) / S
    for (x0, y0), (x1, y1) in lines:
        dx, dy = x1 - x0, y1 - y0
        length = np.hypot(dx, dy)
        t = np.clip(((xx - x0) * dx + (yy - y0) * dy) / (length * length), 0, 1)
        d = ((xx - x0) * dy - (yy - y0) * dx) / length
        along = np.sin(np.pi * t) ** 1.5
        light *= 1.0 - strength * along * (
            np.exp(-(((d - 4) / 6) ** 2)) - 0.6 * np.exp(-(((d + 7) / 7) ** 2))
        )


class Canvas:
    def __init__(self) -> None:
        self.rgb = np.zeros((H * S, W * S, 3), np.float32)
        self.alpha = np.zeros((H * S, W * S), np.float32)

    def paint(
        self, mask: np.ndarray, colour: np.ndarray | Colour, light: np.ndarray | None = None
    ) -> None:
        col = np.asarray(colour, np.float32)
        if col.ndim == 1:
            col = np.broadcast_to(col, self.rgb.shape)
        if light is not None:
            col = col * light[:, :, None]
        m = mask[:, :, None]
        self.rgb = self.rgb * (1 - m) + col * m
        self.alpha = np.maximum(self.alpha, mask)

    def overlay(self, layer: np.ndarray, cover: np.ndarray) -> None:
        """Blend a drawn BGR layer in where `cover` (0..1) says, inside the garment only."""
        c = (cover * (self.alpha > 0.5))[:, :, None]
        self.rgb = self.rgb * (1 - c) + layer.astype(np.float32) * c

    def image(self) -> np.ndarray:
        a = self.alpha[:, :, None]
        pre = cv2.resize(self.rgb * a, (W, H), interpolation=cv2.INTER_AREA)
        al = cv2.resize(self.alpha, (W, H), interpolation=cv2.INTER_AREA)
        rgb = pre / np.maximum(al[:, :, None], 1e-4)
        out = np.dstack([np.clip(rgb, 0, 255), np.clip(al * 255, 0, 255)])
        out[al < 1 / 255] = 0
        return np.round(out).astype(np.uint8)


def draw_details(c: Canvas, fn: Callable[[np.ndarray], None], opacity: float = 1.0) -> None:
    """Draw with OpenCV onto a copy and blend where anything was drawn."""
    layer = np.clip(c.rgb, 0, 255).astype(np.uint8)
    before = layer.copy()
    fn(layer)
    changed = np.any(layer != before, axis=2).astype(np.float32)
    changed = cv2.GaussianBlur(changed, (0, 0), 0.5)
    c.overlay(layer, np.clip(changed * opacity, 0, 1))


# ----------------------------------------------------------------------------- patterns


def stripes(
    base: Colour, other: Colour, period: float, width: float, y0: float = 0.0
) -> np.ndarray:
    yy = np.arange(H * S, dtype=np.float32)[:, None] / S
    phase = ((yy - y0) % period) / period
    edge = np.clip((np.abs(phase - 0.5) - (0.5 - width / period / 2)) * period * S, 0, 1)
    on = np.broadcast_to(1 - edge, (H * S, W * S))[:, :, None]
    return np.asarray(base, np.float32) * (1 - on) + np.asarray(other, np.float32) * on


def polka(base: Colour, dot: Colour, period: float, radius: float) -> np.ndarray:
    yy, xx = np.mgrid[0 : H * S, 0 : W * S].astype(np.float32) / S
    row = np.floor(yy / period)
    xs = xx + (row % 2) * period / 2
    d = np.hypot((xs % period) - period / 2, (yy % period) - period / 2)
    on = np.clip((radius - d) * S, 0, 1)[:, :, None]
    return np.asarray(base, np.float32) * (1 - on) + np.asarray(dot, np.float32) * on


def floral(
    base: Colour, petals: list[Colour], centre: Colour, leaf: Colour, seed: int
) -> np.ndarray:
    img = np.zeros((H * S, W * S, 3), np.uint8)
    img[:] = base
    rng = np.random.default_rng(seed)
    step = 46
    for gy in range(-1, H // step + 2):
        for gx in range(-1, W // step + 2):
            x = (gx + 0.5 * (gy % 2) + rng.uniform(-0.2, 0.2)) * step
            y = (gy + rng.uniform(-0.2, 0.2)) * step
            r = rng.uniform(8, 12)
            col = petals[rng.integers(len(petals))]
            rot = rng.uniform(0, np.pi)
            for k in range(2):
                a = rot + rng.uniform(-0.5, 0.5) + k * np.pi
                lx, ly = x + np.cos(a) * r * 1.5, y + np.sin(a) * r * 1.5
                cv2.ellipse(
                    img,
                    (int(lx * S), int(ly * S)),
                    (int(6 * S), int(2.6 * S)),
                    np.degrees(a),
                    0,
                    360,
                    leaf,
                    -1,
                    cv2.LINE_AA,
                )
            for k in range(5):
                a = rot + k * 2 * np.pi / 5
                px, py = x + np.cos(a) * r * 0.55, y + np.sin(a) * r * 0.55
                cv2.ellipse(
                    img,
                    (int(px * S), int(py * S)),
                    (int(r * 0.55 * S), int(r * 0.38 * S)),
                    np.degrees(a),
                    0,
                    360,
                    col,
                    -1,
                    cv2.LINE_AA,
                )
            cv2.circle(img, (int(x * S), int(y * S)), int(r * 0.28 * S), centre, -1, cv2.LINE_AA)
    return img.astype(np.float32)


def twill(base: Colour, seed: int) -> np.ndarray:
    """Denim: diagonal twill lines with uneven indigo, lighter along the weave."""
    yy, xx = np.mgrid[0 : H * S, 0 : W * S].astype(np.float32) / S
    weave = 0.5 + 0.5 * np.sin((xx + yy) * 2 * np.pi / 3.2)
    slub = noise(seed, 1.2) * 0.5 + noise(seed + 7, 18.0) * 0.8
    fade = 1.0 + 0.06 * weave + 0.05 * slub
    return np.asarray(base, np.float32) * fade[:, :, None]


def rib(base: Colour, period: float = 4.0, depth: float = 0.07) -> np.ndarray:
    xx = np.arange(W * S, dtype=np.float32)[None, :] / S
    m = 1.0 - depth * (0.5 + 0.5 * np.cos(xx * 2 * np.pi / period))
    return np.asarray(base, np.float32) * np.broadcast_to(m, (H * S, W * S))[:, :, None]


# ----------------------------------------------------------------------------- shapes


@dataclass
class Top:
    """A top's outline: all lengths in pixels of the 600x800 image; side = +1 is the image right."""

    shoulder: float = 190.0  # half shoulder width
    neck: float = 62.0  # half neck opening
    neck_depth: float = 48.0  # front neckline below the shoulder line at the neck
    back_depth: float = 10.0
    top: float = 130.0  # y of the neck points
    slope: float = 26.0  # shoulder drop
    chest: float = 170.0  # half width at the armpit
    armpit: float = 150.0  # armpit below the top
    hem: float = 175.0  # half width at the hem
    bottom: float = 690.0  # hem y
    sleeve: float = 0.0  # sleeve length (0: sleeveless)
    sleeve_angle: float = 28.0  # degrees from vertical
    cuff: float = 80.0  # cuff width
    waist: float = 0.0  # inward shaping at the waist

    def point(self, side: int, x: float, y: float) -> Pt:
        return (300 + side * x, y)

    def torso(self) -> np.ndarray:
        pts: list[Pt] = []
        for side in (-1, 1):
            seq = [
                self.point(side, self.neck, self.top),
                self.point(side, self.shoulder, self.top + self.slope),
                self.point(side, self.chest, self.top + self.armpit),
                self.point(
                    side, self.chest - self.waist, (self.top + self.armpit + self.bottom) / 2
                ),
                self.point(side, self.hem, self.bottom),
            ]
            pts += seq if side < 0 else seq[::-1]
        # back neckline between the neck points (shallow), from right neck to left neck
        n = 12
        back = [
            (
                300 + self.neck * np.cos(np.pi * k / n),
                self.top + self.back_depth * np.sin(np.pi * k / n),
            )
            for k in range(1, n)
        ]
        # order: left neck ... left hem, right hem ... right neck, back neckline right->left
        left = pts[:5]
        right = pts[5:]
        return smooth([*left, (300, self.bottom + 2), *right, *back], 3)

    def neckline_front(self) -> np.ndarray:
        n = 16
        return np.array(
            [
                (
                    300 - self.neck * np.cos(np.pi * k / n),
                    self.top + self.neck_depth * np.sin(np.pi * k / n),
                )
                for k in range(n + 1)
            ]
        )

    def sleeve_poly(self, side: int, angle: float | None = None) -> tuple[np.ndarray, Pt, Pt]:
        a = np.radians(self.sleeve_angle if angle is None else angle)
        sx, sy = self.point(side, self.shoulder - 6, self.top + self.slope - 2)
        ax, ay = self.point(side, self.chest - 4, self.top + self.armpit)
        rx, ry = (sx + ax) / 2, (sy + ay) / 2
        ex, ey = rx + side * np.sin(a) * self.sleeve, ry + np.cos(a) * self.sleeve
        half = self.cuff / 2
        outer = (ex + side * half * np.cos(a), ey - half * np.sin(a))
        inner = (ex - side * half * np.cos(a), ey + half * np.sin(a))
        # Start under the body's shoulder and round the sleeve cap over it, so the
        # shoulder line runs smoothly into the sleeve instead of forming a peak.
        tuck = (sx - side * 22, sy + 4)
        cap_t = 26.0 / max(self.sleeve, 1.0)
        cap = (
            sx + (outer[0] - sx) * cap_t + side * 3,
            sy + (outer[1] - sy) * cap_t,
        )
        pts = [tuck, (sx + side * 2, sy + 6), cap, outer, inner, (ax, ay)]
        return smooth(pts, 3), outer, inner


def garment_layers(
    t: Top,
    body_fill: np.ndarray,
    sleeve_fill: np.ndarray | None,
    seed: int,
    sleeve_angle: float | None = None,
) -> tuple[Canvas, np.ndarray, dict[int, tuple[Pt, Pt]]]:
    c = Canvas()
    cuffs: dict[int, tuple[Pt, Pt]] = {}
    torso_poly = t.torso()
    torso = fill(torso_poly)
    sleeves = np.zeros_like(torso)
    if t.sleeve > 0:
        for side in (-1, 1):
            poly, outer, inner = t.sleeve_poly(side, sleeve_angle)
            m = fill(poly)
            sleeves = np.maximum(sleeves, m)
            cuffs[side] = (outer, inner)
    whole = np.maximum(torso, sleeves)
    light = shade(whole, seed)
    folds = [
        ((300 - t.chest + 20, t.top + t.armpit + 10), (300 - 60, t.top + t.armpit + 140)),
        ((300 + t.chest - 20, t.top + t.armpit + 10), (300 + 60, t.top + t.armpit + 140)),
        ((300 - 90, t.bottom - 120), (300 - 40, t.bottom - 20)),
        ((300 + 110, t.bottom - 150), (300 + 70, t.bottom - 30)),
    ]
    drag_folds(light, folds, 0.08)
    if t.sleeve > 0 and sleeve_fill is not None:
        # sleeves drawn first, a touch darker (they hang behind the body's side seam)
        c.paint(sleeves, sleeve_fill, light * 0.94)
    c.paint(torso, body_fill, light)
    # inside of the back neckline
    front = t.neckline_front()
    inner = np.vstack([front, [(300 + t.neck - 2, t.top + 2)]])
    back = fill(smooth([(p[0], p[1]) for p in inner], 1)) * torso
    c.rgb = c.rgb * (1 - 0.45 * back[:, :, None])
    return c, torso_poly, cuffs


def seam(
    c: Canvas, pts: list[Pt] | np.ndarray, colour: Colour, width: float = 1.2, dash: float = 7.0
) -> None:
    draw_details(c, lambda img: polyline(img, pts, colour, width, dash=dash), 0.75)


def hem_band(c: Canvas, t: Top, colour: Colour, gap: float = 22.0) -> None:
    y = t.bottom - gap
    xw = t.hem - 2 - (t.hem - t.chest + t.waist) * gap / max(t.bottom - t.top - t.armpit, 1)
    seam(c, [(300 - xw + 4, y), (300 + xw - 4, y)], colour)


def cuff_bands(
    c: Canvas, cuffs: dict[int, tuple[Pt, Pt]], t: Top, colour: Colour, gap: float = 18.0
) -> None:
    for side, (outer, inner) in cuffs.items():
        a = np.radians(t.sleeve_angle)
        back = np.array([-side * np.sin(a), -np.cos(a)]) * gap
        seam(
            c,
            [
                tuple(np.add(outer, back) + np.array([-side * 3, 0])),
                tuple(np.add(inner, back) + np.array([side * 3, 0])),
            ],
            colour,
        )


def neck_band(
    c: Canvas, t: Top, colour: Colour, band: Colour | None = None, width: float = 12.0
) -> None:
    front = t.neckline_front()

    def draw(img: np.ndarray) -> None:
        if band is not None:
            polyline(img, front + np.array([0, width / 2]), band, width)
        polyline(img, front + np.array([0, width + 1]), colour, 1.2, dash=7)

    draw_details(c, draw, 0.9)


def button(c: Canvas, x: float, y: float, r: float, colour: Colour) -> None:
    def draw(img: np.ndarray) -> None:
        cv2.circle(img, (int(x * S), int((y + 1.5) * S)), int(r * S), (40, 40, 40), -1, cv2.LINE_AA)
        cv2.circle(img, (int(x * S), int(y * S)), int(r * S), colour, -1, cv2.LINE_AA)
        hi = tuple(int(min(255, v * 1.25 + 20)) for v in colour)
        cv2.circle(
            img,
            (int((x - r * 0.3) * S), int((y - r * 0.3) * S)),
            max(1, int(r * 0.35 * S)),
            hi,
            -1,
            cv2.LINE_AA,
        )
        dark = tuple(int(v * 0.6) for v in colour)
        for dx in (-1, 1):
            for dy in (-1, 1):
                cv2.circle(
                    img,
                    (int((x + dx * r * 0.28) * S), int((y + dy * r * 0.28) * S)),
                    max(1, int(r * 0.12 * S)),
                    dark,
                    -1,
                    cv2.LINE_AA,
                )

    draw_details(c, draw, 1.0)


# ----------------------------------------------------------------------------- garments


def tee() -> np.ndarray:
    col = hexbgr("#D9534F")
    t = Top(sleeve=120, sleeve_angle=48, cuff=92, chest=165, hem=170, bottom=680)
    c, _, cuffs = garment_layers(
        t,
        np.broadcast_to(np.float32(col), (H * S, W * S, 3)),
        np.broadcast_to(np.float32(col), (H * S, W * S, 3)),
        11,
    )
    dark = tuple(int(v * 0.7) for v in col)
    neck_band(c, t, dark, tuple(int(v * 0.92) for v in col))
    hem_band(c, t, dark)
    cuff_bands(c, cuffs, t, dark)
    return c.image()


def breton() -> np.ndarray:
    navy, cream = hexbgr("#1F2A44"), hexbgr("#F3EEE2")
    t = Top(
        sleeve=420,
        sleeve_angle=9,
        cuff=62,
        chest=158,
        hem=160,
        bottom=690,
        neck=70,
        neck_depth=30,
        shoulder=178,
        back_depth=8,
    )
    pat = stripes(cream, navy, 26, 11, y0=t.top + 40)
    c, _, cuffs = garment_layers(t, pat, pat, 22)
    neck_band(c, t, tuple(int(v * 0.8) for v in navy), navy, 10)
    hem_band(c, t, (150, 150, 150))
    cuff_bands(c, cuffs, t, (150, 150, 150))
    return c.image()


def polo() -> np.ndarray:
    col = hexbgr("#2E6B4F")
    t = Top(
        sleeve=115, sleeve_angle=44, cuff=88, chest=168, hem=170, bottom=685, neck=48, neck_depth=26
    )
    fillc = rib(col, 3.0, 0.05)
    c, _, cuffs = garment_layers(t, fillc, fillc, 33)
    dark = tuple(int(v * 0.65) for v in col)
    hem_band(c, t, dark)
    cuff_bands(c, cuffs, t, dark, 14)
    collar_l = [
        (300 - t.neck - 2, t.top - 6),
        (300 - 8, t.top + 34),
        (300 - 78, t.top + 56),
        (300 - t.neck - 26, t.top + 10),
    ]
    light = shade(fill(smooth(collar_l)), 5, 0.02)
    for side in (-1, 1):
        poly = smooth([(300 + side * (p[0] - 300), p[1]) for p in collar_l], 2)
        m = fill(poly)
        c.paint(m, tuple(int(v * 1.05) for v in col), light)
        seam(
            c,
            poly[::-1][: len(poly) // 2] * 0.97 + np.array([300 * 0.03, t.top * 0.03]),
            dark,
            1.0,
            6,
        )

    # placket with three buttons
    def placket(img: np.ndarray) -> None:
        polyline(
            img,
            [(288, t.top + 34), (288, t.top + 150), (312, t.top + 150), (312, t.top + 34)],
            dark,
            1.4,
        )

    draw_details(c, placket, 0.8)
    for k in range(3):
        button(c, 300, t.top + 60 + 36 * k, 6, (235, 235, 232))
    return c.image()


def denim_jacket() -> np.ndarray:
    col = hexbgr("#4A6E9B")
    t = Top(
        sleeve=400,
        sleeve_angle=8,
        cuff=72,
        chest=170,
        hem=170,
        bottom=640,
        neck=58,
        neck_depth=70,
        shoulder=188,
        slope=24,
    )
    fab = twill(col, 44)
    c, _, cuffs = garment_layers(t, fab, fab, 44)
    thread = hexbgr("#D9A441")
    # waistband and cuffs with double top-stitching
    for off in (40, 46):
        seam(
            c,
            [(300 - t.hem + 6, t.bottom - off), (300 + t.hem - 6, t.bottom - off)],
            thread,
            1.2,
            6,
        )
    for side, (outer, inner) in cuffs.items():
        for off in (36, 42):
            a = np.radians(t.sleeve_angle)
            back = np.array([-side * np.sin(a), -np.cos(a)]) * off
            seam(
                c,
                [
                    tuple(np.add(outer, back) + np.array([-side * 4, 0])),
                    tuple(np.add(inner, back) + np.array([side * 4, 0])),
                ],
                thread,
                1.2,
                6,
            )
    # collar
    for side in (-1, 1):
        pts = [
            (300 + side * 8, t.top + 70),
            (300 + side * (t.neck + 4), t.top - 8),
            (300 + side * (t.neck + 44), t.top + 4),
            (300 + side * 60, t.top + 96),
        ]
        poly = smooth(pts, 2)
        cm = fill(poly)
        c.paint(cm, twill(hexbgr("#5079AA"), 45), shade(cm, 46, 0.02))
        seam(
            c,
            _densify(pts)[4:-4] * 0.94 + np.array([300 * 0.06, (t.top + 50) * 0.06]),
            thread,
            1.0,
            6,
        )
    # placket, buttons and chest pockets with flaps
    seam(c, [(312, t.top + 80), (312, t.bottom - 6)], thread, 1.2, 6)
    seam(c, [(318, t.top + 80), (318, t.bottom - 6)], thread, 1.2, 6)
    for k in range(6):
        button(c, 300, t.top + 100 + k * 76, 7.5, (120, 150, 170))
    for side in (-1, 1):
        x0 = 300 + side * 95
        flap = [
            (x0 - 42, t.top + 140),
            (x0 + 42, t.top + 140),
            (x0 + 42, t.top + 170),
            (x0, t.top + 182),
            (x0 - 42, t.top + 170),
        ]
        pocket = [
            (x0 - 40, t.top + 170),
            (x0 + 40, t.top + 170),
            (x0 + 40, t.top + 240),
            (x0, t.top + 252),
            (x0 - 40, t.top + 240),
        ]
        seam(c, [*pocket, pocket[0]], thread, 1.2, 6)
        draw_details(
            c,
            lambda img, f=flap: polyline(
                img, f, tuple(int(v * 0.7) for v in col), 2.0, closed=True
            ),
            0.9,
        )
        seam(c, [*flap, flap[0]], thread, 1.0, 6)
        button(c, x0, t.top + 166, 6, (120, 150, 170))
        seam(c, [(300 + side * 40, t.top + 300), (300 + side * 40, t.bottom - 50)], thread, 1.0, 6)
    return c.image()


def hoodie() -> np.ndarray:
    col = hexbgr("#C89B3C")
    t = Top(
        sleeve=400,
        sleeve_angle=9,
        cuff=66,
        chest=166,
        hem=162,
        bottom=680,
        neck=64,
        neck_depth=46,
        shoulder=186,
        slope=30,
    )
    c = Canvas()
    # hood behind the neck
    hood = smooth(
        [
            (300 - 118, t.top + 30),
            (300 - 112, t.top - 60),
            (300, t.top - 92),
            (300 + 112, t.top - 60),
            (300 + 118, t.top + 30),
        ]
    )
    hm = fill(hood)
    c.paint(hm, tuple(int(v * 0.86) for v in col), shade(hm, 55, 0.03))
    body, _, cuffs = garment_layers(t, rib(col, 2.5, 0.03), rib(col, 2.5, 0.03), 55)
    m = body.alpha
    c.rgb = c.rgb * (1 - m[:, :, None]) + body.rgb * m[:, :, None]
    c.alpha = np.maximum(c.alpha, m)
    # hood opening (dark lining) and rim
    opening = smooth(
        [
            (300 - 64, t.top + 2),
            (300 - 66, t.top - 40),
            (300, t.top - 66),
            (300 + 66, t.top - 40),
            (300 + 64, t.top + 2),
            (300, t.top + 46),
        ]
    )
    om = fill(opening)
    c.paint(om, tuple(int(v * 0.42) for v in col), shade(om, 56, 0.03))
    dark = tuple(int(v * 0.7) for v in col)
    # ribbed waistband and cuffs
    band = np.zeros_like(c.alpha)
    band[int((t.bottom - 44) * S) :] = 1
    ribs = rib((1, 1, 1), 3.0, 0.12)[:, :, 0]
    c.rgb = c.rgb * (1 - band + band * ribs)[:, :, None]
    seam(c, [(300 - t.hem + 4, t.bottom - 44), (300 + t.hem - 4, t.bottom - 44)], dark, 1.4, 0)
    cuff_bands(c, cuffs, t, dark, 40)
    # kangaroo pocket and drawstrings
    pocket = [
        (300 - 110, t.bottom - 60),
        (300 - 80, t.bottom - 200),
        (300 + 80, t.bottom - 200),
        (300 + 110, t.bottom - 60),
    ]

    def pk(img: np.ndarray) -> None:
        polyline(img, pocket, dark, 2.2)
        polyline(
            img,
            [(300 - 82, t.bottom - 196), (300 - 108, t.bottom - 66)],
            tuple(int(v * 0.55) for v in col),
            3,
        )
        polyline(
            img,
            [(300 + 82, t.bottom - 196), (300 + 108, t.bottom - 66)],
            tuple(int(v * 0.55) for v in col),
            3,
        )
        for side in (-1, 1):
            x = 300 + side * 30
            pts = [(x, t.top + 30), (x + side * 4, t.top + 120), (x + side * 2, t.top + 180)]
            polyline(img, pts, (235, 235, 235), 5)
            cv2.circle(
                img,
                (int(x * S), int((t.top + 30) * S)),
                int(5 * S),
                (200, 200, 200),
                -1,
                cv2.LINE_AA,
            )
            cv2.rectangle(
                img,
                (int((x + side * 2 - 3.5) * S), int((t.top + 178) * S)),
                (int((x + side * 2 + 3.5) * S), int((t.top + 196) * S)),
                (190, 190, 190),
                -1,
                cv2.LINE_AA,
            )

    draw_details(c, pk, 0.9)
    return c.image()


def camisole() -> np.ndarray:
    col = hexbgr("#E7B7B0")
    c = Canvas()
    body = smooth(
        [
            (300 - 150, 250),
            (300 - 120, 232),
            (300, 262),
            (300 + 120, 232),
            (300 + 150, 250),
            (300 + 140, 420),
            (300 + 172, 610),
            (300, 618),
            (300 - 172, 610),
            (300 - 140, 420),
        ]
    )
    bm = fill(body)
    light = shade(bm, 66, 0.09, 0.012)
    # satin: a broad soft highlight band
    xx = np.arange(W * S, dtype=np.float32)[None, :] / S
    light = light * (
        1 + 0.12 * np.exp(-(((xx - 250) / 45) ** 2)) + 0.06 * np.exp(-(((xx - 400) / 30) ** 2))
    )
    drag_folds(
        light, [((230, 300), (200, 600)), ((360, 330), (400, 600)), ((300, 420), (300, 610))], 0.1
    )
    # thin straps (drawn as narrow filled shapes so they belong to the silhouette)
    for side in (-1, 1):
        strap = smooth(
            [
                (300 + side * 112, 244),
                (300 + side * 104, 100),
                (300 + side * 110, 100),
                (300 + side * 121, 244),
            ],
            1,
        )
        sm = fill(strap)
        c.paint(sm, tuple(int(v * 0.9) for v in col), shade(sm, 67, 0.02))
    c.paint(bm, col, light)
    dark = tuple(int(v * 0.75) for v in col)
    edge = [(300 - 148, 252), (300 - 120, 236), (300, 266), (300 + 120, 236), (300 + 148, 252)]

    def trim(img: np.ndarray) -> None:
        polyline(
            img,
            smooth(edge + edge[::-1], 2)[: len(smooth(edge + edge[::-1], 2)) // 2],
            (250, 244, 240),
            3.0,
        )

    draw_details(c, trim, 0.8)
    seam(c, [(300 - 168, 590), (300 + 168, 590)], dark, 1.0, 5)
    return c.image()


def dress() -> np.ndarray:
    col = hexbgr("#0F6B5C")
    c = Canvas()
    body = [
        (300 - 62, 96),
        (300 - 112, 110),
        (300 - 118, 150),
        (300 - 128, 230),
        (300 - 100, 330),
        (300 - 150, 480),
        (300 - 205, 735),
        (300, 748),
        (300 + 205, 735),
        (300 + 150, 480),
        (300 + 100, 330),
        (300 + 128, 230),
        (300 + 118, 150),
        (300 + 112, 110),
        (300 + 62, 96),
    ]
    back = [
        (300 + 62 * np.cos(np.pi * k / 12), 96 + 12 * np.sin(np.pi * k / 12)) for k in range(1, 12)
    ]
    poly = smooth(body + back, 3)
    m = fill(poly)
    pat = polka(col, (235, 240, 240), 34, 4.2)
    light = shade(m, 77, 0.05)
    drag_folds(
        light,
        [
            ((230, 360), (150, 720)),
            ((280, 350), (250, 730)),
            ((330, 350), (360, 730)),
            ((370, 360), (450, 720)),
            ((300, 360), (300, 730)),
        ],
        0.12,
    )
    c.paint(m, pat, light)
    front = np.array(
        [(300 - 62 * np.cos(np.pi * k / 16), 96 + 70 * np.sin(np.pi * k / 16)) for k in range(17)]
    )
    inner = fill(smooth([tuple(p) for p in front] + [(300 + 60, 98)], 1)) * m
    c.rgb = c.rgb * (1 - 0.5 * inner[:, :, None])
    dark = tuple(int(v * 0.6) for v in col)

    # waist seam with a self-fabric belt and a bow
    def waist(img: np.ndarray) -> None:
        polyline(img, [(300 - 104, 318), (300 + 104, 318)], dark, 1.6)
        polyline(img, [(300 - 102, 342), (300 + 102, 342)], dark, 1.6)
        cv2.ellipse(
            img,
            (int(340 * S), int(330 * S)),
            (int(16 * S), int(9 * S)),
            -20,
            0,
            360,
            dark,
            2 * S,
            cv2.LINE_AA,
        )
        cv2.ellipse(
            img,
            (int(372 * S), int(330 * S)),
            (int(16 * S), int(9 * S)),
            20,
            0,
            360,
            dark,
            2 * S,
            cv2.LINE_AA,
        )

    draw_details(c, waist, 0.9)
    seam(c, front + np.array([0, 10]), dark, 1.0, 6)
    seam(c, [(300 - 200, 716), (300, 728), (300 + 200, 716)], dark, 1.0, 6)
    return c.image()


def floral_blouse() -> np.ndarray:
    base = hexbgr("#243B6B")
    t = Top(
        sleeve=300,
        sleeve_angle=16,
        cuff=72,
        chest=160,
        hem=168,
        bottom=640,
        neck=56,
        neck_depth=80,
        shoulder=180,
        back_depth=8,
    )
    pat = floral(
        base,
        [hexbgr("#F2C14E"), hexbgr("#F28482"), hexbgr("#F7EDE2")],
        hexbgr("#8C2F39"),
        hexbgr("#5B8E7D"),
        88,
    )
    c, _, cuffs = garment_layers(t, pat, pat, 88)
    dark = tuple(int(v * 0.6) for v in base)
    hem_band(c, t, dark, 16)
    cuff_bands(c, cuffs, t, dark, 26)
    for side, (outer, inner) in cuffs.items():
        # gathered cuff: short pleat lines
        a = np.radians(t.sleeve_angle)
        for k in range(1, 6):
            p = np.add(outer, np.subtract(inner, outer) * k / 6)
            q = p + np.array([-side * np.sin(a), -np.cos(a)]) * 22
            draw_details(
                c, lambda img, p=p, q=q: polyline(img, [tuple(p), tuple(q)], dark, 1.2), 0.6
            )

    # keyhole neckline tie
    def tie(img: np.ndarray) -> None:
        polyline(img, [(300, t.top + 80), (286, t.top + 150)], (235, 230, 220), 3)
        polyline(img, [(300, t.top + 80), (316, t.top + 146)], (235, 230, 220), 3)

    draw_details(c, tie, 1.0)
    neck_band(c, t, dark, None)
    return c.image()


@dataclass(frozen=True)
class Entry:
    sku: str
    name: str
    category: str
    file: str
    price: float
    draw: Callable[[], np.ndarray]
    colour: str


SIZES = ["XS", "S", "M", "L", "XL"]
CHART = {"XS": 36.0, "S": 38.0, "M": 40.0, "L": 42.0, "XL": 44.0}
MENS = {"S": 43.0, "M": 45.0, "L": 47.0, "XL": 49.0, "XXL": 51.0}
GARMENTS = (
    Entry("TOP-001", "Classic Crew Tee", "tee", "tee-coral.png", 129.0, tee, "coral red"),
    Entry(
        "TOP-002",
        "Breton Stripe Long-Sleeve",
        "top",
        "breton-navy.png",
        199.0,
        breton,
        "navy / cream",
    ),
    Entry("TOP-003", "Piqué Polo", "polo", "polo-green.png", 229.0, polo, "forest green"),
    Entry(
        "JKT-001",
        "Trucker Denim Jacket",
        "jacket",
        "denim-jacket.png",
        499.0,
        denim_jacket,
        "mid-wash indigo",
    ),
    Entry("TOP-004", "Pullover Hoodie", "hoodie", "hoodie-mustard.png", 329.0, hoodie, "mustard"),
    Entry("TOP-005", "Satin Camisole", "camisole", "camisole-blush.png", 159.0, camisole, "blush"),
    Entry(
        "DRS-001",
        "Polka Dot Midi Dress",
        "dress",
        "dress-emerald-dots.png",
        459.0,
        dress,
        "emerald",
    ),
    Entry(
        "TOP-006",
        "Floral Tie-Neck Blouse",
        "blouse",
        "blouse-floral-navy.png",
        269.0,
        floral_blouse,
        "navy floral",
    ),
)


def catalog() -> dict[str, object]:
    items = []
    for e in GARMENTS:
        mens = e.category in ("jacket", "hoodie", "polo")
        chart = MENS if mens else CHART
        items.append(
            {
                "product_id": e.sku,
                "name": e.name,
                "category": e.category,
                "colour": e.colour,
                "price": e.price,
                "image": e.file,
                "rig": e.file + ".rig.json",
                "sizes": list(chart),
                "size_chart": {"shoulder_width_cm": chart},
            }
        )
    return {"version": 1, "currency": "CNY", "garments": items}


def build(check: bool = False) -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    stale = []
    for e in GARMENTS:
        img = e.draw()
        path = OUT / e.file
        ok, png = cv2.imencode(".png", img, [cv2.IMWRITE_PNG_COMPRESSION, 9])
        assert ok
        rig = auto_rig(img, category=e.category, name=e.file)
        rig_text = json.dumps(rig.to_dict(), indent=2) + "\n"
        if check:
            if not path.exists() or path.read_bytes() != png.tobytes():
                stale.append(path.name)
            continue
        path.write_bytes(png.tobytes())
        rig_path_for(path).write_text(rig_text, encoding="utf-8")
        print(f"{path.relative_to(ROOT)}  {len(png) // 1024} KB  sleeves={rig.sleeves}")
    text = json.dumps(catalog(), indent=2, ensure_ascii=False) + "\n"
    cat = OUT / "garments.json"
    if check:
        if not cat.exists() or cat.read_text(encoding="utf-8") != text:
            stale.append(cat.name)
        if stale:
            print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1 if stale else 0
    cat.write_text(text, encoding="utf-8")
    print(cat.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if the committed files are stale")
    raise SystemExit(build(ap.parse_args().check))
