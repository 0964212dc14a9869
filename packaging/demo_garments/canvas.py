"""The supersampled canvas the demo garments are painted on, and outline geometry.

Everything is painted at S times the shipped size and averaged down, so outlines,
stitches and knit structure finer than a shipped pixel come out anti-aliased
instead of jagged. Coordinates passed in are always in shipped pixels (600x800).

Each panel of fabric that is painted keeps its own surface slope (for the light),
albedo and sheen: a sleeve laid over the body or a collar over the chest replaces
what lies under it, and casts a soft shadow on it, as in a photograph.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import cv2
import numpy as np

W, H = 600, 800  # shipped image size
S = 2  # supersampling factor
Pt = tuple[float, float]
BGR = tuple[float, float, float]


def hexbgr(code: str) -> BGR:
    """A '#RRGGBB' colour as OpenCV's BGR order (floats 0..255)."""
    code = code.lstrip("#")
    r, g, b = (int(code[i : i + 2], 16) for i in (0, 2, 4))
    return (float(b), float(g), float(r))


def scale(colour: BGR, k: float) -> BGR:
    """A colour made lighter (k > 1) or darker (k < 1)."""
    return (colour[0] * k, colour[1] * k, colour[2] * k)


@cache
def grid() -> tuple[np.ndarray, np.ndarray]:
    """Pixel-centre coordinates (x, y) of the supersampled canvas, in shipped pixels."""
    yy, xx = np.mgrid[0 : H * S, 0 : W * S].astype(np.float32)
    return (xx + 0.5) / S - 0.5 / S, (yy + 0.5) / S - 0.5 / S


def densify(
    points: Sequence[Pt] | np.ndarray, step: float = 6.0, closed: bool = True
) -> np.ndarray:
    """Points every `step` px along a polyline (closed: back to the first point)."""
    pts = np.asarray(points, np.float64)
    ends = np.roll(pts, -1, axis=0) if closed else pts[1:]
    out: list[np.ndarray] = []
    for a, b in zip(pts if closed else pts[:-1], ends, strict=True):
        n = max(1, int(np.hypot(*(b - a)) / step))
        out.extend(a + (b - a) * t for t in np.arange(n) / n)
    if not closed:
        out.append(pts[-1])
    return np.asarray(out)


def smooth(points: Sequence[Pt], rounds: int = 3, closed: bool = True) -> np.ndarray:
    """Corners rounded by a few pixels (Chaikin on a dense polygon): cloth has no
    sharp corners except where it is cut and sewn."""
    pts = densify(points, 10.0, closed)
    for _ in range(rounds):
        nxt = np.roll(pts, -1, axis=0)
        cut = np.stack([0.75 * pts + 0.25 * nxt, 0.25 * pts + 0.75 * nxt], 1).reshape(-1, 2)
        pts = cut if closed else np.vstack([pts[:1], cut[:-2], pts[-1:]])
    return pts


def _fixed(pts: np.ndarray) -> np.ndarray:
    """Shipped-pixel points as OpenCV fixed-point (4 fraction bits) supersampled ints."""
    return np.round((np.asarray(pts, np.float64) + 0.5 / S) * S * 16 - 8).astype(np.int32)


def fill(poly: Sequence[Pt] | np.ndarray) -> np.ndarray:
    """Coverage (float 0..1) of a closed outline, anti-aliased."""
    m = np.zeros((H * S, W * S), np.uint8)
    cv2.fillPoly(m, [_fixed(np.asarray(poly))], 255, cv2.LINE_AA, shift=4)
    return m.astype(np.float32) / 255.0


def stroke(pts: Sequence[Pt] | np.ndarray, width: float, closed: bool = False) -> np.ndarray:
    """Coverage of a line `width` shipped px wide along a polyline."""
    m = np.zeros((H * S, W * S), np.uint8)
    cv2.polylines(
        m, [_fixed(np.asarray(pts))], closed, 255, max(1, round(width * S)), cv2.LINE_AA, shift=4
    )
    return m.astype(np.float32) / 255.0


def dashes(pts: Sequence[Pt] | np.ndarray, width: float, stitch: float, gap: float) -> np.ndarray:
    """Coverage of a row of stitches: short dashes `stitch` long, `gap` apart."""
    dense = densify(pts, 0.25, closed=False)
    seg = np.hypot(*np.diff(dense, axis=0).T)
    along = np.concatenate([[0.0], np.cumsum(seg)])
    m = np.zeros((H * S, W * S), np.uint8)
    period = stitch + gap
    start = 0.5 * gap
    while start + stitch <= along[-1]:
        i0, i1 = np.searchsorted(along, [start, start + stitch])
        part = dense[i0 : max(i1, i0 + 2)]
        cv2.polylines(m, [_fixed(part)], False, 255, max(1, round(width * S)), cv2.LINE_AA, shift=4)
        start += period
    return m.astype(np.float32) / 255.0


def offset_curve(pts: np.ndarray, distance: float) -> np.ndarray:
    """A polyline moved sideways by `distance` px (to the left of its direction of
    travel in image coordinates: positive moves a left-to-right curve down)."""
    pts = np.asarray(pts, np.float64)
    tangent = np.gradient(pts, axis=0)
    tangent /= np.maximum(np.hypot(*tangent.T), 1e-9)[:, None]
    normal = np.stack([-tangent[:, 1], tangent[:, 0]], 1)
    return pts + normal * distance


def distance_to(pts: Sequence[Pt] | np.ndarray, closed: bool = False) -> np.ndarray:
    """Per canvas pixel, its distance in shipped px to a polyline."""
    line = np.full((H * S, W * S), 255, np.uint8)
    cv2.polylines(line, [_fixed(np.asarray(pts))], closed, 0, 1, cv2.LINE_8, shift=4)
    return cv2.distanceTransform(line, cv2.DIST_L2, 5) / S


def blur(field: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian blur with `sigma` in shipped pixels."""
    return cv2.GaussianBlur(field, (0, 0), max(sigma * S, 0.3))


def shifted(mask: np.ndarray, dx: float, dy: float) -> np.ndarray:
    """A mask moved by (dx, dy) shipped px (for cast shadows)."""
    m = np.array([[1, 0, dx * S], [0, 1, dy * S]], np.float32)
    return cv2.warpAffine(mask, m, (W * S, H * S), flags=cv2.INTER_LINEAR)


@dataclass
class Panel:
    """One piece of fabric as it lies in the photo.

    `mask` is its coverage, `albedo` its colour without light (BGR 0..255 per
    pixel), `height` its surface relief in px (folds, the roundness of a body or a
    sleeve, seams), `sheen` how much a specular highlight shows on it (satin, metal).
    `shadow` is how dark the shadow it casts on what lies under it is (0: none).
    """

    mask: np.ndarray
    albedo: np.ndarray
    height: np.ndarray
    sheen: float = 0.0
    shadow: float = 0.35
    shadow_reach: float = 4.0  # px: the cast shadow's offset downwards and its blur


class Canvas:
    """Panels painted back to front; `render` lights them and sizes the result down."""

    def __init__(self) -> None:
        shape = (H * S, W * S)
        self.albedo = np.zeros((*shape, 3), np.float32)
        self.alpha = np.zeros(shape, np.float32)
        self.gx = np.zeros(shape, np.float32)  # surface slope (height per px)
        self.gy = np.zeros(shape, np.float32)
        self.sheen = np.zeros(shape, np.float32)
        self.occlusion = np.ones(shape, np.float32)  # cast shadows and crevices

    def paint(self, p: Panel) -> None:
        """Lay a panel over what is there: it hides it and shades it near its edge."""
        if p.shadow > 0:
            cast = blur(shifted(p.mask, 0.3 * p.shadow_reach, p.shadow_reach), p.shadow_reach)
            self.occlusion *= 1.0 - p.shadow * cast * (1.0 - p.mask)
        gy, gx = np.gradient(p.height * S)  # per supersampled px -> per shipped px
        m = p.mask
        m3 = m[:, :, None]
        self.albedo = self.albedo * (1 - m3) + p.albedo * m3
        self.gx = self.gx * (1 - m) + gx * m
        self.gy = self.gy * (1 - m) + gy * m
        self.sheen = self.sheen * (1 - m) + p.sheen * m
        self.occlusion = self.occlusion * (1 - m) + m
        self.alpha = np.maximum(self.alpha, m)

    def decorate(self, cover: np.ndarray, colour: np.ndarray | BGR, relief: float = 0.0) -> None:
        """Print or sew something onto the fabric already there (thread, a label, a
        button's face): its colour where `cover` says, the surface slope kept, raised
        by `relief` px where it sits proud of the cloth."""
        c = cover * (self.alpha > 0.02)
        col = np.asarray(colour, np.float32)
        if col.ndim == 1:
            col = col[None, None, :]
        self.albedo = self.albedo * (1 - c[:, :, None]) + col * c[:, :, None]
        if relief:
            gy, gx = np.gradient(blur(c, 0.6) * relief * S)
            self.gx += gx
            self.gy += gy

    def darken(self, amount: np.ndarray) -> None:
        """A crevice or a shadow on the fabric (0: none, 1: black)."""
        self.occlusion *= 1.0 - np.clip(amount, 0, 1) * (self.alpha > 0.02)
