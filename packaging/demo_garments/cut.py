"""The cut of a top (its outline) and the cloth panels it is sewn from.

A top is a front body and two set-in sleeves. The body's neck opening is cut
away (it shows through to the background, as a ghost-mannequin photo retouched
for a try-on should): no back neckline, lining or label is drawn, so nothing of
the garment's inside can land on a wearer's chest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .canvas import Canvas, Panel, Pt, S, fill, grid, smooth
from .details import seam
from .fabric import noise
from .light import cylinder, dome, fold, ripple

Albedo = Callable[[np.ndarray], np.ndarray]  # from a panel's relief to its colour


@dataclass
class Top:
    """A top's outline: lengths in shipped px; side = +1 is the image's right."""

    shoulder: float = 190.0  # half shoulder width
    neck: float = 62.0  # half neck opening
    neck_depth: float = 30.0  # front neckline below the neck points
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
    neck_shape: list[Pt] = field(default_factory=list)  # a custom front neckline

    def at(self, side: int, x: float, y: float) -> Pt:
        return (300 + side * x, y)

    def neckline(self, n: int = 20) -> np.ndarray:
        """The front neckline from the right neck point (image left) to the left."""
        if self.neck_shape:
            return np.asarray(self.neck_shape, np.float64)
        k = np.arange(n + 1) / n
        return np.stack(
            [300 - self.neck * np.cos(np.pi * k), self.top + self.neck_depth * np.sin(np.pi * k)],
            1,
        )

    def outline(self) -> np.ndarray:
        sides: dict[int, list[Pt]] = {}
        for side in (-1, 1):
            sides[side] = [
                self.at(side, self.neck, self.top),
                self.at(side, self.shoulder - 8, self.top + self.slope + 2),
                self.at(side, self.chest, self.top + self.armpit),
                self.at(side, self.chest - self.waist, (self.top + self.armpit + self.bottom) / 2),
                self.at(side, self.hem, self.bottom),
            ]
        neck = [tuple(p) for p in self.neckline()[::-1][1:-1]]  # left neck -> right neck
        return smooth([*sides[-1], (300, self.bottom + 1), *sides[1][::-1], *neck], 3)

    def sleeve_outline(self, side: int) -> tuple[np.ndarray, Pt, Pt, Pt]:
        """The sleeve's outline, its cuff's outer and inner corners and its root."""
        a = np.radians(self.sleeve_angle)
        sx, sy = self.at(side, self.shoulder - 6, self.top + self.slope - 2)
        ax, ay = self.at(side, self.chest - 4, self.top + self.armpit)
        rx, ry = (sx + ax) / 2, (sy + ay) / 2
        ex, ey = rx + side * np.sin(a) * self.sleeve, ry + np.cos(a) * self.sleeve
        half = self.cuff / 2
        outer = (ex + side * half * np.cos(a), ey - half * np.sin(a))
        inner = (ex - side * half * np.cos(a), ey + half * np.sin(a))
        # Start under the body's shoulder and round the sleeve cap over it, so the
        # shoulder line runs smoothly into the sleeve instead of forming a peak.
        tuck = (sx - side * 22, sy + 4)
        cap_t = 26.0 / max(self.sleeve, 1.0)
        cap = (sx + (outer[0] - sx) * cap_t + side * 3, sy + (outer[1] - sy) * cap_t)
        pts = [tuck, (sx + side * 2, sy + 6), cap, outer, inner, (ax, ay)]
        return smooth(pts, 3), outer, inner, (rx, ry)

    def cuff_line(self, side: int, inset: float) -> list[Pt]:
        """A line across the sleeve `inset` px up from its cuff edge."""
        _, outer, inner, _ = self.sleeve_outline(side)
        a = np.radians(self.sleeve_angle)
        back = np.array([-side * np.sin(a), -np.cos(a)]) * inset
        across = np.subtract(inner, outer)
        across /= np.hypot(*across)
        return [
            tuple(np.add(outer, back) + across * 2.5),
            tuple(np.add(inner, back) - across * 2.5),
        ]


@dataclass
class Sewn:
    """What the panels of a top left for the details: masks and key lines."""

    torso: np.ndarray
    sleeves: dict[int, np.ndarray]
    cuffs: dict[int, tuple[Pt, Pt]]
    body_height: np.ndarray


def sleeve_relief(t: Top, side: int, mask: np.ndarray, seed: int) -> np.ndarray:
    """A sleeve round an arm, with drag folds from the armpit and, on a long
    sleeve, the bunched wrinkles of the elbow."""
    _, outer, inner, root = t.sleeve_outline(side)
    end = ((outer[0] + inner[0]) / 2, (outer[1] + inner[1]) / 2)
    h = dome(mask, 12, 5) + cylinder((root, end), t.cuff * 0.62, 9)
    h += 0.3 * noise(seed + 11 + side, 4.0) + 1.2 * noise(seed + 13 + side, 10.0, 30.0)
    rng = np.random.default_rng(seed + side)
    ax, ay = t.at(side, t.chest - 4, t.top + t.armpit)
    for k in range(2):
        mid = np.add(root, np.subtract(end, root) * (0.35 + 0.2 * k))
        fold(h, (ax, ay - 4), tuple(mid + side * np.array([8, 0])), 5, -2.2, 3 * side)
    if t.sleeve > 250:
        direction = np.arctan2(end[1] - root[1], end[0] - root[0])
        elbow = tuple(np.add(root, np.subtract(end, root) * 0.55))
        ripple(h, elbow, direction, 4, 12, t.cuff * 0.8, 2.6, rng)
        low = tuple(np.add(root, np.subtract(end, root) * 0.85))
        ripple(h, low, direction, 3, 10, t.cuff * 0.7, 1.6, rng)
    return h


def body_relief(t: Top, mask: np.ndarray, seed: int, drape: float = 1.0) -> np.ndarray:
    """The front body: round over the chest, drag folds from each armpit towards the
    middle, wrinkles gathered at the waist on either side and a soft wave at the hem."""
    rng = np.random.default_rng(seed)
    h = dome(mask, 26, 9) + cylinder(((300, 0), (300, 800)), t.chest + 40, 34)
    _, yy = grid()
    h += 16 * np.exp(-(((yy - t.top - 110) / 110) ** 2))  # the chest: lit above, shaded below
    y_arm = t.top + t.armpit
    for side in (-1, 1):
        fold(
            h, t.at(side, t.chest - 12, y_arm + 8), t.at(side, 60, y_arm + 150), 10, -6 * drape, 12
        )
        fold(h, t.at(side, t.chest - 18, y_arm + 40), t.at(side, 90, y_arm + 210), 9, 4 * drape, 8)
        waist_y = (y_arm + t.bottom) / 2 + 30 + rng.uniform(-30, 30)
        count = int(rng.integers(2, 3))
        at = t.at(side, t.chest - t.waist - 26 - rng.uniform(0, 10), waist_y)
        ripple(h, at, np.pi / 2 + side * rng.uniform(0.1, 0.3), count, 18, 56, 1.7 * drape, rng)
    h += drape * (
        0.3 * noise(seed + 9, 4.0) + 2.2 * noise(seed + 10, 12.0, 45.0)
    )  # long soft drape
    for x in rng.uniform(-0.7, 0.7, 4):
        xs = 300 + x * t.hem
        fold(h, (xs, t.bottom - 130), (xs + rng.uniform(-10, 10), t.bottom + 4), 11, 4.0 * drape)
    return h


def sew_top(
    t: Top, body: Albedo, sleeve: Albedo, seed: int, drape: float = 1.0
) -> tuple[Canvas, Sewn]:
    """Paint a top's sleeves and body (sleeves first: the body's armhole seam lies
    over them and shades them)."""
    c = Canvas()
    sleeves: dict[int, np.ndarray] = {}
    cuffs: dict[int, tuple[Pt, Pt]] = {}
    if t.sleeve > 0:
        for side in (-1, 1):
            poly, outer, inner, _ = t.sleeve_outline(side)
            m = fill(poly)
            h = sleeve_relief(t, side, m, seed)
            c.paint(Panel(m, sleeve(h) * 0.97, h, shadow=0.0))
            sleeves[side], cuffs[side] = m, (outer, inner)
    torso = fill(t.outline())
    h = body_relief(t, torso, seed, drape)
    c.paint(Panel(torso, body(h), h, shadow=0.3, shadow_reach=3))
    for side in sleeves:  # the armhole seam, just inside the body's edge over the sleeve
        armhole = [
            t.at(side, t.shoulder - 11, t.top + t.slope + 4),
            t.at(side, t.chest - 6, t.top + 0.6 * t.armpit),
            t.at(side, t.chest - 4, t.top + t.armpit - 6),
        ]
        seam(c, smooth(armhole, 2, closed=False), 0.25)
    return c, Sewn(torso, sleeves, cuffs, h)


def row_extent(mask: np.ndarray, y: float) -> tuple[float, float]:
    """The garment's left and right edge (shipped px) on row y."""
    row = np.flatnonzero(mask[int(y * S)] > 0.5)
    return (row[0] / S, row[-1] / S) if row.size else (300.0, 300.0)
