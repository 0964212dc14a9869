"""Mascara'd lashes along the upper lash line (lower ones can be turned on: LOWER_COUNT),
drawn from the eye's mesh as fine tapered strokes.

Each lash has a fixed place on the lid: a share of the lid's arc length, with jitter from
a fixed table, so the same lash sits on the same spot of the lid every frame and nothing
flickers. Lashes thin out towards the inner corner and grow longer (and more of them)
towards the outer one; each leaves the lid along its normal, leaned outwards more the
further out it sits, and curls gently; some are short ones growing back. Neighbours are
grouped into clumps whose tips draw together, as mascara does (tighter at volume). As the
eye closes the lashes turn over, still rooted on the lid: their part along the lid's
normal shrinks (they point at the camera half-way) and flips, so a closed eye's lashes
hang down and outwards from below the shut lids.

A stroke is a polygon thick at the root and hair-thin at the tip, filled at sub-pixel
shift on a supersampled box of the strokes' own extent and averaged down: lashes thinner
than a pixel come out as partial coverage, as a camera sees them. The per-lash numbers
that do not depend on the mesh (placement, jitter, clumps) are worked out once per product.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import cv2
import numpy as np

from kiosk.vision.eye_regions import (
    SMOOTH_SAMPLES,
    SUBPIXEL_BITS,
    UPPER_LID_POINTS,
    EyeBox,
    EyeMesh,
)

# How many upper lashes at volume 0 and 1, the lid's arc-length share they grow on (from
# the inner corner), and DENSITY < 1: more of them towards the outer corner.
LASH_COUNT = (40, 100)
LASH_SPAN = (0.07, 0.99)
DENSITY = 0.8
# Length (x eye width) at length 0 and 1 of a lash at the outer corner; at the inner corner
# a lash is INNER_LENGTH of that. Each lash's own length varies by +-LENGTH_JITTER, and a
# share of them are short ones, growing back.
LASH_LENGTH = (0.13, 0.26)
INNER_LENGTH = 0.3
LENGTH_JITTER = 0.2
SHORT_SHARE, SHORT_LENGTH = 0.25, (0.5, 0.75)
# Root width (x eye width) at volume 0 and 1 (+-25 % per lash); the tip is TIP_WIDTH of it.
ROOT_WIDTH = (0.008, 0.017)
TIP_WIDTH = 0.08
INNER_WIDTH = 0.5  # at the inner corner, a root is this share as wide
# Lean from the lid's normal towards the outer corner (degrees) at the inner and the outer
# end, its jitter, and the curl over a lash's length (back towards the normal).
LEAN = (-4.0, 50.0)
LEAN_JITTER = 10.0
CURL = 22.0
LEAN_MAX = 78.0  # degrees from the eye's up: the outer lashes sweep out, never droop
# The openness over which the lashes turn over as the eye closes, and the share of that
# turn over which their roots move from above the upper lid line to below the lower lid.
SWING = (0.03, 0.14)
REROOT = (0.35, 0.75)
# Clumps of 3..CLUMP_MAX neighbours; their tips are pulled this share of the way to the
# clump's middle at volume 0 and 1.
CLUMP_MAX = 5
CLUMP_PULL = (0.2, 0.65)
# Lower lashes: from LOWER_FROM volume on, up to LOWER_COUNT at volume 1, on this share of
# the lower lid (inner to outer), this long (x eye width) and this thin (x the upper roots),
# leaned outwards from straight down; finer and less coated than the upper ones, they are
# drawn lighter, and they shrink away as the eye closes (the upper lashes cover them).
# None for now: drawn below the mesh's lower lid (which sits inside the real rim) they
# float off it at mirror distance; LOWER_COUNT > 0 brings them back.
LOWER_FROM = 0.55
LOWER_COUNT = 0
LOWER_SPAN = (0.25, 0.97)
LOWER_LENGTH = 0.14
LOWER_WIDTH = 0.45
LOWER_LEAN = (0.0, 45.0)
LOWER_SHADE = 0.75
LOWER_CURL = -15.0  # tips turning down and out
# x eye width: the lower roots sit this much further out (the lower lid's rim: CelebAMask's
# eye labels reach past the mesh's lower lid)
LOWER_DROP = 0.05
STROKE_POINTS = 5
ROOT_INSET = 0.6  # roots sit this share of the safe margin out from the lid line
ROOT_PIXELS = 2.5  # supersampling: at least this many box pixels across a root (x2..x4)
SUPERSAMPLE = 4
LINE = cv2.LINE_8
PASSES = CLUMP_MAX + 1  # fillPoly fills one call's overlaps even-odd: one call a pass

_S = np.linspace(0.0, 1.0, STROKE_POINTS)
_MID = 0.5 * (_S[:-1] + _S[1:])
_HALF_WIDTH = 0.5 * (TIP_WIDTH + (1.0 - TIP_WIDTH) * (1.0 - _S) ** 1.4)
_N_UPPER_LID = (UPPER_LID_POINTS - 1) * SMOOTH_SAMPLES + 1  # guard loop points on the upper lid


def _jitter(count: int, seed: int) -> np.ndarray:
    """A fixed table of jitter (the same every run and every frame)."""
    return np.random.default_rng(seed).random((count, 6))


def _smoothstep(x: np.ndarray, a: float, b: float) -> np.ndarray:
    u = np.minimum(np.maximum((x - a) * (1.0 / (b - a)), 0.0), 1.0)
    return u * u * (3.0 - 2.0 * u)


def _step(x: float, a: float, b: float) -> float:
    u = min(max((x - a) / (b - a), 0.0), 1.0)
    return u * u * (3.0 - 2.0 * u)


@dataclass(frozen=True)
class Plan:
    """One product's lashes, everything but the mesh: upper lashes first, then lower."""

    n_upper: int
    lower: np.ndarray = field(repr=False)  # 1.0 for a lower lash
    loop_share: np.ndarray = field(repr=False)  # (2, n): arc position = U * [0] + T * [1]
    side: np.ndarray = field(repr=False)  # +1 upper (normal up), -1 lower (normal down)
    lean: np.ndarray = field(repr=False)  # (2, n) radians: at t 0 (jittered), rise to t 1
    length: np.ndarray = field(repr=False)  # (2, n) x eye width: at t 0, rise to the outer end
    curl: np.ndarray = field(repr=False)  # (n, STROKE_POINTS - 1) radians turned at each step
    half: np.ndarray = field(repr=False)  # (n, STROKE_POINTS) half width x eye width
    clump: np.ndarray = field(repr=False)  # each lash's clump
    share: np.ndarray = field(repr=False)  # 1 / the size of each clump
    pull: np.ndarray = field(repr=False)  # (n, STROKE_POINTS) share of that pull at each point
    root: float = 0.0  # the upper lashes' mean root width x eye width


@lru_cache(maxsize=16)
def plan(volume: float, length: float) -> Plan:
    """The lashes of a product of `volume` and `length` (each 0..1)."""
    n = round(LASH_COUNT[0] + (LASH_COUNT[1] - LASH_COUNT[0]) * volume)
    m = round(LOWER_COUNT * _step(volume, LOWER_FROM, 1.0))
    ju, jl = _jitter(LASH_COUNT[1], 19)[:n], _jitter(LOWER_COUNT, 23)[:m]
    xu = (np.arange(n) + 0.5 + 0.8 * (ju[:, 0] - 0.5)) / n
    xl = (np.arange(m) + 0.5 + 0.8 * (jl[:, 0] - 0.5)) / max(m, 1)
    su = LASH_SPAN[0] + (LASH_SPAN[1] - LASH_SPAN[0]) * xu**DENSITY
    sl = LOWER_SPAN[0] + (LOWER_SPAN[1] - LOWER_SPAN[0]) * xl**0.6
    # the guard loop runs outer -> inner along the upper lid (arc U), then back below (T)
    loop_share = np.stack([np.concatenate([1.0 - su, 1.0 - sl]), np.concatenate([np.zeros(n), sl])])
    lower = np.concatenate([np.zeros(n), np.ones(m)])
    j = np.concatenate([ju, jl])
    lean = np.radians(
        np.stack(
            [
                np.where(lower > 0, LOWER_LEAN[0], LEAN[0]) + LEAN_JITTER * (2.0 * j[:, 1] - 1.0),
                np.where(lower > 0, LOWER_LEAN[1] - LOWER_LEAN[0], LEAN[1] - LEAN[0]),
            ]
        )
    )
    own = np.where(
        j[:, 5] < SHORT_SHARE,
        SHORT_LENGTH[0] + (SHORT_LENGTH[1] - SHORT_LENGTH[0]) * j[:, 2],
        1.0 + LENGTH_JITTER * (2.0 * j[:, 2] - 1.0),
    )
    reach = LASH_LENGTH[0] + (LASH_LENGTH[1] - LASH_LENGTH[0]) * length
    low_reach = LOWER_LENGTH * (0.7 + 0.3 * length) * (0.6 + 0.6 * j[:, 2])
    base = np.where(lower > 0, 0.5 * low_reach, INNER_LENGTH * reach * own)
    rise = np.where(lower > 0, 0.6 * low_reach, (1.0 - INNER_LENGTH) * reach * own)
    curl_deg = np.where(lower > 0, LOWER_CURL, CURL) * (0.6 + 0.8 * j[:, 3])
    root = ROOT_WIDTH[0] + (ROOT_WIDTH[1] - ROOT_WIDTH[0]) * volume
    width = root * np.where(lower > 0, LOWER_WIDTH, 1.0) * (0.75 + 0.5 * j[:, 4])
    # clumps of the upper lashes, then of the lower ones (at most one clump each below)
    sizes_u = 3 + (_jitter(LASH_COUNT[1], 29)[:, 0] * (CLUMP_MAX - 2)).astype(int)
    group_u = np.searchsorted(np.cumsum(sizes_u), np.arange(n), side="right")
    group = np.concatenate([group_u, group_u[-1] + 1 + np.arange(m)])
    tight = 0.6 + 0.8 * _jitter(LASH_COUNT[1] + LOWER_COUNT, 31)[: n + m, 0]
    strength = CLUMP_PULL[0] + (CLUMP_PULL[1] - CLUMP_PULL[0]) * volume
    return Plan(
        n_upper=n,
        lower=lower,
        loop_share=loop_share,
        side=1.0 - 2.0 * lower,
        lean=lean,
        length=np.stack([base, rise]),
        curl=np.radians(curl_deg)[:, None] * _MID[None, :] ** 1.3,
        half=width[:, None] * _HALF_WIDTH[None, :],
        clump=group,
        share=1.0 / np.bincount(group),
        pull=(strength * tight)[:, None] * (_S**2)[None, :],
        root=root,
    )


def closure(mesh: EyeMesh) -> float:
    """0 an open eye .. 1 a closed one: how far the lashes have turned over, from the eye's
    openness (`EyeMesh.openness`: the loop's area over its width squared)."""
    z = _z(mesh.loop)
    twice_area = abs(float(np.vdot(z[:-1], z[1:]).imag + (np.conj(z[-1]) * z[0]).imag))
    return 1.0 - _step(0.5 * twice_area / (mesh.width * mesh.width), *SWING)


def _z(v: np.ndarray) -> np.ndarray:
    """Points (..., 2) as complex numbers x + iy (fewer, cheaper array operations)."""
    return np.ascontiguousarray(v, np.float64).view(np.complex128)[..., 0]


def _lower_drop(mesh: EyeMesh, lid: np.ndarray, t: np.ndarray) -> np.ndarray:
    """How far (along the eye's up, pixels) the lower lid lies below each of `lid`."""
    lower = _z(np.vstack([mesh.loop[_N_UPPER_LID - 1 :], mesh.loop[:1]])) - _z(mesh.inner)
    along, up = _z(mesh.along), _z(mesh.up)
    ct = (lower * np.conj(along)).real * (1.0 / mesh.width)
    order = np.argsort(ct)
    below = np.interp(t, ct[order], (lower * np.conj(up)).real[order])
    return below - ((lid - _z(mesh.inner)) * np.conj(up)).real


def lash_polygons(mesh: EyeMesh, volume: float, length: float) -> tuple[np.ndarray, int, float]:
    """Every lash as a polygon (n, 2 * STROKE_POINTS, 2) in frame pixels, upper lashes
    first; how many are upper; and the upper roots' mean width in pixels."""
    p = plan(round(volume, 3), round(length, 3))
    w = mesh.width
    inner, along, up = _z(mesh.inner), _z(mesh.along), _z(mesh.up)
    # every lash's point on the guarded eye loop (outer -> inner along the upper lid, then
    # back below) and the loop's direction there
    loop = np.empty(len(mesh.guard) + 1, np.complex128)
    loop[:-1] = _z(mesh.guard)
    loop[-1] = loop[0]
    seg = loop[1:] - loop[:-1]
    lens = np.abs(seg)
    arc = np.zeros(len(loop))
    np.cumsum(lens, out=arc[1:])
    pos = p.loop_share[0] * arc[_N_UPPER_LID - 1] + p.loop_share[1] * arc[-1]
    i = np.minimum(np.searchsorted(arc, pos, side="right") - 1, len(seg) - 1)
    tangent = seg[i] / np.maximum(lens[i], 1e-9)
    lid = loop[i] + tangent * (pos - arc[i])
    normal = tangent * -1j  # the upper lashes' normal points up, the lower ones' down
    normal *= np.where((normal * np.conj(up)).real * p.side < 0, -1.0, 1.0)
    outward = tangent * -p.side  # along the lid towards the outer corner
    t = np.minimum(np.maximum(((lid - inner) * np.conj(along)).real * (1.0 / w), 0.0), 1.0)
    lean = p.lean[0] + p.lean[1] * t**1.2
    # the lid's own slope (it falls towards the corners) counts towards the lean
    n = p.n_upper
    slope = np.angle(normal[:n] * np.conj(up)) * (along * np.conj(up)).imag
    lean[:n] = np.minimum(lean[:n], np.radians(LEAN_MAX) - slope)
    grown = _smoothstep(t, 0.0, 0.85)  # the inner corner's lashes are short and fine
    size = (p.length[0] + p.length[1] * grown) * (w / (STROKE_POINTS - 1))
    inset = ROOT_INSET * mesh.margin
    roots = lid + normal * (inset + p.lower * (LOWER_DROP * w))
    c = closure(mesh)
    if c > 0.0:
        size *= 1.0 - p.lower * min(c / 0.9, 1.0)
    rise = normal * size  # one step along the normal: turned over as the eye closes
    if c > 0.0:
        rise[: p.n_upper] *= np.cos(np.pi * c)
        move = _step(c, *REROOT)
        if move > 0.0:
            drop = _lower_drop(mesh, lid[:n], t[:n]) * up - 2.0 * inset * normal[:n]
            roots[:n] += move * drop
    # centre lines: the heading at each step's middle, integrated from the root
    a = lean[:, None] - p.curl
    pts = np.empty((len(t), STROKE_POINTS), np.complex128)
    pts[:, 0] = roots
    d = rise[:, None] * np.cos(a) + (outward * size)[:, None] * np.sin(a)
    np.cumsum(d, axis=1, out=pts[:, 1:])
    pts[:, 1:] += roots[:, None]
    # clumps: tips drawn towards their clump's middle (no BLAS: it would spin threads)
    tips = pts[:, -1]
    middle = np.bincount(p.clump, tips.real) + 1j * np.bincount(p.clump, tips.imag)
    pull = (middle * p.share)[p.clump] - tips
    # a short lash is not dragged further than half its length (it would fold over)
    pull *= np.minimum(1.0, (0.5 * (STROKE_POINTS - 1)) * size / np.maximum(np.abs(pull), 1e-9))
    pts += pull[:, None] * p.pull
    # outlines: root-wide, hair-thin at the tip
    e = np.empty_like(pts)
    e[:, 1:-1] = pts[:, 2:] - pts[:, :-2]
    e[:, 0], e[:, -1] = pts[:, 1] - pts[:, 0], pts[:, -1] - pts[:, -2]
    half = p.half * (w * (INNER_WIDTH + (1.0 - INNER_WIDTH) * grown))[:, None]
    off = e * (1j * half / np.maximum(np.abs(e), 1e-9))
    poly = np.concatenate([pts + off, (pts - off)[:, ::-1]], axis=1)
    return poly.view(np.float64).reshape(len(t), -1, 2), p.n_upper, p.root * w


def lashes_weight(box: EyeBox, volume: float, length: float) -> np.ndarray:
    """The lashes' coverage 0..1 over the eye box; 0 within the opening's margin."""
    x0, y0, x1, y1 = box.roi
    out = np.zeros((y1 - y0, x1 - x0), np.float32)
    polys, n_upper, root = lash_polygons(box.mesh, volume, length)
    if not np.isfinite(polys.sum()):
        return out
    k = min(max(math.ceil(ROOT_PIXELS / max(root, 1e-3)), 2), SUPERSAMPLE)
    # fixed point on the eye box supersampled k times: frame pixel x covers
    # [x - 0.5, x + 0.5), supersampled pixel q's centre is at q
    one = k << SUBPIXEL_BITS
    half = 0.5 * (1 << SUBPIXEL_BITS)
    shift = np.array([(x0 - 0.5) * one + half, (y0 - 0.5) * one + half])
    scaled = np.multiply(polys, one)
    scaled -= shift
    pts = np.rint(scaled, out=scaled).astype(np.int32)  # (np.round's, sooner)
    # the strokes' own box (whole frame pixels) within the eye box
    bx, by, bw, bh = cv2.boundingRect(pts.reshape(-1, 2))
    kx0, ky0 = max(bx // one - 1, 0), max(by // one - 1, 0)
    kx1, ky1 = min((bx + bw) // one + 2, x1 - x0), min((by + bh) // one + 2, y1 - y0)
    if kx1 <= kx0 or ky1 <= ky0:
        return out
    pts -= np.array([kx0 * one, ky0 * one], np.int32)
    big = np.zeros(((ky1 - ky0) * k, (kx1 - kx0) * k), np.uint8)
    if n_upper < len(pts):
        lower_shade = round(255 * LOWER_SHADE)
        cv2.fillPoly(big, list(pts[n_upper:]), lower_shade, LINE, SUBPIXEL_BITS)
    for i in range(PASSES):  # no two lashes of a clump (whose tips meet) in one call
        cv2.fillPoly(big, list(pts[i:n_upper:PASSES]), 255, LINE, SUBPIXEL_BITS)
    small = cv2.resize(big, (kx1 - kx0, ky1 - ky0), interpolation=cv2.INTER_AREA)
    sub = (slice(ky0, ky1), slice(kx0, kx1))
    keep = (box.dist[sub] > box.mesh.margin).astype(np.float32) * np.float32(1 / 255.0)
    out[sub] = small * keep
    return out
