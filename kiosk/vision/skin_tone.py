"""The shopper's skin tone from the cheeks, for anonymous "suits you" suggestions.

Depth is the individual typology angle, ITA = atan((L* - 50) / b*) in degrees, of the
cheek skin in CIELAB; undertone is its hue angle h_ab (pinker = cool, yellower = warm).
Both are read after the light's colour has been taken out (von Kries, in linear RGB),
because a warm shop light would otherwise read as a warm undertone.

Why not the renderer's light estimate (`kiosk.render.lighting`): that one measures the
light *from the skin*, as the skin's deviation from a reference skin. Correcting the
skin by it would pull every shopper to the reference skin and erase exactly the
undertone we want to read (circular). The light here comes from what is not the skin
being measured:

* the whites of the eyes (sclera): inside the face mesh's eye loops, minus the iris
  circle, minus the lid rims and the pink inner corner, the brighter part. They are lit
  by the same light as the cheeks and vary far less between people than skin does; their
  mean colour over well-balanced photos is the neutral reference (`SCLERA_REFERENCE`).
  On the shared faces, correcting by them takes a sixth off the spread of the cheeks'
  colours between photos (benchmarks/skin_tone.py).
* the scene outside the face (grey-edge: the average colour of the frame's edges is
  grey), a fallback for closed eyes or tinted glasses, weighted low: on the shared
  portraits, backgrounds and hair pull it off more often than not (alone, it widens
  that spread).

The cues are combined in log-chromaticity with weights that sum to one (never shrunk
towards "no cast"), so a light's cast moves the estimate by exactly the cast and the
reading stays put; the estimate is only kept within reach of the Planckian locus (real
lamps), and its confidence says which cue carried it. Brightness is not corrected:
depth is read as the camera exposes it, so the kiosk camera's exposure should be fixed
or metered on the scene, not on the face.

The cheeks are sampled in several small discs per side; hair, stubble, shadow, shine and
clipped pixels are dropped, a side turned away from the camera is left out, and the
better-lit side counts more. Every such choice is made on brightness ratios (geometric
mean of the channels) and log-chromaticity, which a cast does not change, so the same
pixels are chosen under any light. Nothing is stored: the reading is a few numbers, kept
in memory by `kiosk.session.tone.ToneSampler` for the session only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import cv2
import numpy as np

# ---- colour: sRGB (IEC 61966-2-1) and CIELAB (D65), the same maths as kiosk.render.color
# (vision sits below render in the layers, so the few lines needed are repeated here, and
# a test checks that both agree).

RGB_TO_XYZ = np.array(
    [[0.4123908, 0.3575843, 0.1804808],
     [0.2126390, 0.7151687, 0.0721923],
     [0.0193308, 0.1191948, 0.9505322]],
    np.float32,
)  # fmt: skip
LUMINANCE = RGB_TO_XYZ[1]
_CODES = np.arange(256, dtype=np.float64) / 255.0
_BYTE_TO_LINEAR = np.where(
    _CODES <= 0.04045, _CODES / 12.92, ((_CODES + 0.055) / 1.055) ** 2.4
).astype(np.float32)


def bgr_to_linear(bgr: np.ndarray) -> np.ndarray:
    """uint8 BGR (..., 3) -> float32 linear RGB (..., 3)."""
    return _BYTE_TO_LINEAR[bgr[..., ::-1]]


def linear_to_lab(rgb: np.ndarray) -> np.ndarray:
    """Linear RGB (..., 3) -> CIELAB relative to D65 (L* 0..100)."""
    rgb = np.ascontiguousarray(rgb, np.float32)
    return cv2.cvtColor(rgb.reshape(1, -1, 3), cv2.COLOR_LRGB2Lab).reshape(rgb.shape)


# ---- the words: classes the catalog's `suits` data and the screen use -----------------------

# Depth by ITA (Chardon et al. 1991, Del Bino 2013: very light > 55, light 41-55,
# intermediate 28-41, tan 10-28, brown -30..10, dark < -30), with brown and dark merged:
# camera ITA below 10 is dominated by exposure, and lipstick ranges do not split there.
DEPTHS: tuple[str, ...] = ("fair", "light", "medium", "tan", "deep")
ITA_BOUNDS: tuple[float, ...] = (55.0, 41.0, 28.0, 10.0)  # lower bound of each but the last
UNDERTONES: tuple[str, ...] = ("cool", "neutral", "warm")
# Hue angle h_ab (degrees) between cool | neutral and neutral | warm: the tertiles of the
# corrected cheek hue over the fitting half of the shared faces (benchmarks/skin_tone.py).
HUE_BOUNDS: tuple[float, float] = (48.3, 55.3)

# ---- face-mesh points -------------------------------------------------------------------------

# Eye loops (outer corner first, upper lid, inner corner at index 8, lower lid) and irises.
RIGHT_EYE = (33, 246, 161, 160, 159, 158, 157, 173, 133, 155, 154, 153, 145, 144, 163, 7)
LEFT_EYE = (263, 466, 388, 387, 386, 385, 384, 398, 362, 382, 381, 380, 374, 373, 390, 249)
RIGHT_IRIS = (468, (469, 470, 471, 472))
LEFT_IRIS = (473, (474, 475, 476, 477))
# Cheek patch centres, the wearer's right and left: under the eye, the apple, outer cheek,
# above the smile line (the lowest two meet a beard first, and are dropped when they do).
RIGHT_CHEEK = (118, 101, 50, 123, 205, 187)
LEFT_CHEEK = (347, 330, 280, 352, 425, 411)
NOSE_TIP, RIGHT_EDGE, LEFT_EDGE = 1, 234, 454
PATCH_RADIUS = 0.03  # x face size

# ---- the light --------------------------------------------------------------------------------

# Mean log-chromaticity (ln R/G, ln B/G, linear RGB) of the sclera pixels chosen here, over
# the fitting half of the shared photos (mostly well balanced): sclera is not paper white.
SCLERA_REFERENCE = np.array([0.23, -0.13], np.float32)
# Grey-edge (1st order, sigma 1, Minkowski p = 1) outside the face, same fitting faces.
SCENE_REFERENCE = np.array([0.08, -0.05], np.float32)
SCENE_WEIGHT = 0.15  # the scene cue's weight against a fully confident sclera
MIN_CUE = 0.05  # a cue less sure than this is not used at all
MAX_TINT = 0.15  # how far (log-chroma) from the Planckian locus a light may lie
LOCUS_RANGE_K = (2500.0, 12000.0)
REFERENCE_K = 5000.0  # the neutral light the locus is drawn relative to

LightSource = Literal["sclera", "sclera+scene", "scene", "none"]


@dataclass(frozen=True)
class Cue:
    """One cue's raw statistic: log-chromaticity (ln R/G, ln B/G), pixels, confidence 0..1."""

    name: str
    chroma: np.ndarray
    pixels: int
    confidence: float


@dataclass(frozen=True)
class Illuminant:
    """The light on the face relative to neutral: linear RGB with luminance 1 (divide the
    skin by it to see the skin under neutral light), which cue(s) gave it, confidence."""

    rgb: np.ndarray = field(default_factory=lambda: np.ones(3, np.float32))
    source: LightSource = "none"
    confidence: float = 0.0

    @property
    def chroma(self) -> np.ndarray:
        return log_chroma(self.rgb)


@dataclass(frozen=True)
class SkinTone:
    """One reading of the cheeks under neutral light."""

    ita: float  # degrees
    lightness: float  # L*
    hue: float  # h_ab, degrees
    chroma: float  # C*_ab
    depth: str  # one of DEPTHS
    undertone: str  # one of UNDERTONES
    confidence: float  # 0..1
    illuminant: Illuminant
    side: Literal["left", "right", "both"]


def log_chroma(rgb: np.ndarray) -> np.ndarray:
    """(ln R/G, ln B/G) of one linear-RGB colour: a light's cast is an offset here."""
    r, g, b = (max(float(v), 1e-6) for v in np.asarray(rgb).reshape(3))
    return np.array([math.log(r / g), math.log(b / g)], np.float32)


def from_log_chroma(chroma: np.ndarray) -> np.ndarray:
    """The linear-RGB colour of luminance 1 with that log-chromaticity."""
    rgb = np.array([math.exp(float(chroma[0])), 1.0, math.exp(float(chroma[1]))], np.float32)
    return (rgb / float(rgb @ LUMINANCE)).astype(np.float32)


def planck_rgb(kelvin: float) -> np.ndarray:
    """Linear sRGB (luminance 1) of a black body (Kim et al.'s cubic fit of the locus)."""
    t = 1e3 / kelvin
    if kelvin <= 4000:
        x = -0.2661239 * t**3 - 0.2343589 * t**2 + 0.8776956 * t + 0.179910
    else:
        x = -3.0258469 * t**3 + 2.1070379 * t**2 + 0.2226347 * t + 0.240390
    if kelvin <= 2222:
        y = -1.1063814 * x**3 - 1.34811020 * x**2 + 2.18555832 * x - 0.20219683
    elif kelvin <= 4000:
        y = -0.9549476 * x**3 - 1.37418593 * x**2 + 2.09137015 * x - 0.16748867
    else:
        y = 3.0817580 * x**3 - 5.87338670 * x**2 + 3.75112997 * x - 0.37001483
    xyz = np.array([x / y, 1.0, (1.0 - x - y) / y], np.float64)
    rgb = np.linalg.solve(RGB_TO_XYZ.astype(np.float64), xyz)
    return (rgb / float(rgb @ LUMINANCE)).astype(np.float32)


def cast_gain(kelvin: float, reference_k: float = REFERENCE_K) -> np.ndarray:
    """The von Kries gain (linear RGB, luminance 1) that a `kelvin` light puts on a scene
    balanced for `reference_k`: what the benchmark and tests apply as a warm or cool cast."""
    gain = planck_rgb(kelvin) / planck_rgb(reference_k)
    return (gain / float(gain @ LUMINANCE)).astype(np.float32)


_LOCUS = np.array([log_chroma(cast_gain(k)) for k in np.geomspace(*LOCUS_RANGE_K, 48)], np.float32)


def plausible(chroma: np.ndarray) -> np.ndarray:
    """The nearest light within MAX_TINT of the Planckian locus (lamps and daylight are
    near it; a green wall is not a light)."""
    p = np.asarray(chroma, np.float32)
    a, b = _LOCUS[:-1], _LOCUS[1:]
    ab = b - a
    t = np.clip(((p - a) * ab).sum(axis=1) / (ab * ab).sum(axis=1), 0.0, 1.0)
    near = a + t[:, None] * ab
    dist = np.linalg.norm(p - near, axis=1)
    i = int(np.argmin(dist))
    if dist[i] <= MAX_TINT:
        return p
    return (near[i] + (p - near[i]) * (MAX_TINT / dist[i])).astype(np.float32)


def brightness(rgb: np.ndarray) -> np.ndarray:
    """Geometric mean of the channels: a light's cast scales it by one factor for every
    pixel, so ranking and ratios by it (unlike luminance) do not change with the cast."""
    rgb = np.maximum(rgb, 1e-6)
    return np.cbrt(rgb[..., 0] * rgb[..., 1] * rgb[..., 2])


def _inliers(rgb: np.ndarray, k: float = 2.5) -> np.ndarray:
    """Pixels whose chromaticity is no outlier (veins, make-up, a stray hair): within k
    robust deviations of the median, in log-chromaticity (where a cast is an offset)."""
    lc = np.log(np.maximum(rgb[:, [0, 2]], 1e-5)) - np.log(np.maximum(rgb[:, 1:2], 1e-5))
    med = np.median(lc, axis=0)
    mad = np.median(np.abs(lc - med), axis=0) * 1.4826 + 0.02
    return np.asarray((np.abs(lc - med) <= k * mad).all(axis=1))


def sclera_pixels(image: np.ndarray, landmarks: np.ndarray) -> list[np.ndarray]:
    """BGR pixels of each open eye's white (right eye, left eye; empty when closed)."""
    h, w = image.shape[:2]
    out = []
    for loop, (centre, ring) in ((RIGHT_EYE, RIGHT_IRIS), (LEFT_EYE, LEFT_IRIS)):
        pts = landmarks[list(loop), :2].astype(np.float32)
        outer, inner = pts[0], pts[8]
        span = float(np.linalg.norm(inner - outer))
        opening = float(np.linalg.norm(pts[4] - pts[12]))  # mid upper lid to mid lower lid
        x0, y0 = np.floor(pts.min(axis=0)).astype(int) - 1
        x1, y1 = np.ceil(pts.max(axis=0)).astype(int) + 2
        x0, y0, x1, y1 = max(int(x0), 0), max(int(y0), 0), min(int(x1), w), min(int(y1), h)
        if span < 6.0 or opening < 0.18 * span or x1 - x0 < 4 or y1 - y0 < 3:
            out.append(np.zeros((0, 3), np.uint8))
            continue
        # The loop shrunk towards its middle (lid rims and lashes out) ...
        mid = pts.mean(axis=0)
        shrunk = mid + (pts - mid) * np.array([0.95, 0.75], np.float32)
        mask = np.zeros((y1 - y0, x1 - x0), np.uint8)
        poly = np.round((shrunk - [x0, y0]) * 4).astype(np.int32)
        cv2.fillPoly(mask, [poly], 255, lineType=cv2.LINE_8, shift=2)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        # ... without the inner corner (the pink caruncle) ...
        axis = (inner - outer) / span
        along = (xx - outer[0]) * axis[0] + (yy - outer[1]) * axis[1]
        keep = (mask > 0) & (along < 0.85 * span)
        # ... and without the iris (its ring's radius, with a margin for the limbus).
        c = landmarks[centre, :2]
        r = float(np.linalg.norm(landmarks[list(ring), :2] - c, axis=1).mean()) * 1.15
        keep &= (xx - c[0]) ** 2 + (yy - c[1]) ** 2 > r * r
        out.append(image[y0:y1, x0:x1][keep])
    return out


def sclera_cue(image: np.ndarray, landmarks: np.ndarray) -> Cue | None:
    """The light's colour from the whites of the eyes, or None when neither eye shows."""
    chroma: list[np.ndarray] = []
    counts: list[int] = []
    for eye in sclera_pixels(image, landmarks):
        unclipped = eye[eye.max(axis=1) < 250] if len(eye) else eye  # clipped: colour lost
        if len(unclipped) < 8:
            continue
        rgb = bgr_to_linear(unclipped).reshape(-1, 3)
        y = brightness(rgb)
        rgb = rgb[y >= np.percentile(y, 60)]  # the white, not lashes or lid shadow
        rgb = rgb[_inliers(rgb)] if len(rgb) >= 4 else rgb
        if len(rgb) < 4:
            continue
        chroma.append(log_chroma(rgb.mean(axis=0)))
        counts.append(len(rgb))
    if not chroma:
        return None
    n = sum(counts)
    mean = np.average(np.array(chroma), axis=0, weights=counts).astype(np.float32)
    if len(chroma) == 2:  # two eyes that disagree are seeing make-up, glare or lids
        spread = float(np.linalg.norm(chroma[0] - chroma[1]))
        agree = math.exp(-((spread / 0.15) ** 2))
    else:
        agree = 0.5
    confidence = min(1.0, n / 60.0) * agree
    return Cue("sclera", mean, n, confidence)


def scene_cue(image: np.ndarray, landmarks: np.ndarray) -> Cue | None:
    """The light's colour from the frame outside the face (grey-edge: on average the
    colour differences between neighbouring pixels are grey)."""
    h, w = image.shape[:2]
    step = max(1, math.ceil(max(h, w) / 320))
    rgb = bgr_to_linear(image[::step, ::step])  # strided, not averaged: stays linear
    # The face's hull grown by a quarter (hair line, ears and beard edge out).
    xy = landmarks[:, :2] / step
    mid = xy.mean(axis=0)
    grown = mid + (cv2.convexHull(xy.astype(np.float32))[:, 0] - mid) * 1.25
    valid = np.full(rgb.shape[:2], 255, np.uint8)
    cv2.fillConvexPoly(valid, np.round(grown).astype(np.int32), 0)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    valid[np.maximum(np.maximum(r, g), b) >= 0.95] = 0  # clipped
    valid[np.minimum(np.minimum(r, g), b) <= 0.002] = 0  # black
    keep = cv2.erode(valid, np.ones((3, 3), np.uint8)) > 0
    if int(np.count_nonzero(keep)) < 400:
        return None
    blur = cv2.GaussianBlur(rgb, (0, 0), 1.0)
    gx = cv2.Sobel(blur, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(blur, cv2.CV_32F, 0, 1, ksize=3)
    mag = cv2.magnitude(gx.reshape(-1), gy.reshape(-1)).reshape(rgb.shape)[keep]
    strong = int(np.count_nonzero(mag[:, 0] + mag[:, 1] + mag[:, 2] > 0.02))
    if strong < 50:
        return None  # a plain wall: nothing to go on
    edge = mag.astype(np.float64).mean(axis=0)
    return Cue("scene", log_chroma(edge), strong, min(1.0, strong / 400.0))


def combine(sclera: Cue | None, scene: Cue | None) -> Illuminant:
    """One light from the cues: their confidence-weighted mean in log-chromaticity. The
    weights sum to one, never leaving part for "no cast": a shrunk estimate would leave
    part of every cast in the reading (a prior of 0.1 turned 30 % of the undertones
    under the benchmark's casts). Weak cues give a weak confidence instead."""
    s_conf = sclera.confidence if sclera is not None and sclera.confidence >= MIN_CUE else 0.0
    g_conf = SCENE_WEIGHT * scene.confidence if scene is not None else 0.0
    g_conf = g_conf if g_conf >= MIN_CUE else 0.0
    if s_conf + g_conf <= 0.0:
        return Illuminant()  # nothing to go on: the frame as it is, confidence 0
    chroma = np.zeros(2, np.float64)
    if sclera is not None and s_conf > 0.0:
        chroma += s_conf * (sclera.chroma - SCLERA_REFERENCE)
    if scene is not None and g_conf > 0.0:
        chroma += g_conf * (scene.chroma - SCENE_REFERENCE)
    chroma /= s_conf + g_conf
    source: LightSource = ("sclera+scene" if g_conf else "sclera") if s_conf else "scene"
    light = from_log_chroma(plausible(chroma))
    return Illuminant(light, source, float(max(s_conf, g_conf)))


def estimate_illuminant(image: np.ndarray, landmarks: np.ndarray) -> Illuminant:
    """The light on the face from the eyes and the scene (see the module's doc)."""
    return combine(sclera_cue(image, landmarks), scene_cue(image, landmarks))


# ---- the cheeks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheekSide:
    """What one cheek gave: mean linear RGB of the kept pixels and how to weigh it."""

    rgb: np.ndarray
    pixels: int
    brightness: float  # median geometric-mean brightness of the kept pixels
    width: float  # projected width from the nose to the face's edge on this side
    clipped: float  # share of the patch pixels with a clipped channel
    yx: np.ndarray = field(repr=False)  # where the kept pixels are (for the benchmark)


@dataclass(frozen=True)
class Cheeks:
    """The cheeks' skin colour (linear RGB, as the camera saw it) and how far to trust it."""

    rgb: np.ndarray
    pixels: int
    side: Literal["left", "right", "both"]
    agreement: float  # darker side's brightness / brighter side's (0.7 for one side)
    clipped: float
    yx: np.ndarray = field(repr=False)


def _patch_pixels(
    image: np.ndarray, centres: np.ndarray, r: int
) -> list[tuple[np.ndarray, np.ndarray]]:
    """BGR pixels and (y, x) of a disc of radius r around each centre inside the frame."""
    h, w = image.shape[:2]
    dy, dx = np.nonzero(np.hypot(*np.mgrid[-r : r + 1, -r : r + 1]) <= r)
    out = []
    for cx, cy in np.round(centres).astype(int):
        if cx - r < 0 or cy - r < 0 or cx + r + 1 > w or cy + r + 1 > h:
            continue
        ys, xs = cy - r + dy, cx - r + dx
        out.append((image[ys, xs], np.stack([ys, xs], axis=1)))
    return out


def cheek_side(
    image: np.ndarray, landmarks: np.ndarray, points: tuple[int, ...], width: float
) -> CheekSide | None:
    """One cheek's skin. Patches that are mostly hair or beard (much darker than the
    brightest) go, then clipped, shadowed, shiny and off-colour pixels. Every choice is
    made on ratios of brightness and chromaticity that a light's cast does not change."""
    xy = landmarks[:, :2]
    size = float((xy.max(axis=0) - xy.min(axis=0)).mean())
    r = max(2, round(size * PATCH_RADIUS))
    patches = []
    total = clipped = 0
    for px, yx in _patch_pixels(image, xy[list(points)], r):
        ok = np.maximum(np.maximum(px[:, 0], px[:, 1]), px[:, 2]) < 250  # clipped: colour lost
        total, clipped = total + len(px), clipped + int((~ok).sum())
        if ok.sum() >= 6:
            patches.append((bgr_to_linear(px[ok]), yx[ok]))
    if not patches:
        return None
    medians = np.array([float(np.median(brightness(p))) for p, _ in patches])
    kept = [pair for pair, m in zip(patches, medians, strict=True) if m >= 0.6 * medians.max()]
    rgb = np.concatenate([p for p, _ in kept])
    yx = np.concatenate([c for _, c in kept])
    y = brightness(rgb)
    m = float(np.median(y))
    ok = (y > 0.6 * m) & (y < 1.6 * m)
    rgb, yx = rgb[ok], yx[ok]
    if len(rgb) < 12:
        return None
    ok = _inliers(rgb, 3.0)
    rgb, yx = rgb[ok], yx[ok]
    y = brightness(rgb)
    lo, hi = np.percentile(y, [25, 75])  # the typical skin, not its shadow or sheen
    ok = (y >= lo) & (y <= hi)
    if ok.sum() < 12:
        return None
    return CheekSide(
        rgb[ok].mean(axis=0).astype(np.float32),
        int(ok.sum()),
        float(np.median(y[ok])),
        width,
        clipped / max(total, 1),
        yx[ok],
    )


def cheeks(image: np.ndarray, landmarks: np.ndarray) -> Cheeks | None:
    """Both cheeks combined. A cheek turned away (narrower than 55 % of the other) is
    left out; a darker side (in shadow) counts less, by the fourth power of its
    brightness ratio: at 0.8 a third, at 0.6 an eighth."""
    xy = landmarks[:, :2]
    nose = xy[NOSE_TIP]
    found: dict[str, CheekSide] = {}
    for name, points, edge in (("right", RIGHT_CHEEK, RIGHT_EDGE), ("left", LEFT_CHEEK, LEFT_EDGE)):
        side = cheek_side(image, landmarks, points, float(np.linalg.norm(xy[edge] - nose)))
        if side is not None:
            found[name] = side
    if not found:
        return None
    widest = max(s.width for s in found.values())
    found = {k: s for k, s in found.items() if s.width >= 0.55 * widest}
    brightest = max(s.brightness for s in found.values())
    weights = {k: s.pixels * (s.brightness / brightest) ** 4 for k, s in found.items()}
    rgb = sum(weights[k] * s.rgb for k, s in found.items()) / sum(weights.values())
    sides = list(found.values())
    if len(sides) == 2:
        which: Literal["left", "right", "both"] = "both"
        agreement = min(s.brightness for s in sides) / brightest
    else:
        which = "left" if "left" in found else "right"
        agreement = 0.7
    return Cheeks(
        np.asarray(rgb, np.float32),
        sum(s.pixels for s in sides),
        which,
        float(agreement),
        float(np.mean([s.clipped for s in sides])),
        np.concatenate([s.yx for s in sides]),
    )


# ---- the reading ------------------------------------------------------------------------------


def depth_of(ita: float) -> str:
    """The depth class of an ITA angle (degrees)."""
    for name, bound in zip(DEPTHS, ITA_BOUNDS, strict=False):
        if ita > bound:
            return name
    return DEPTHS[-1]


def undertone_of(hue: float) -> str:
    """The undertone class of a cheek hue angle h_ab (degrees)."""
    if hue < HUE_BOUNDS[0]:
        return "cool"
    return "neutral" if hue < HUE_BOUNDS[1] else "warm"


def read_lab(rgb: np.ndarray) -> tuple[float, float, float, float]:
    """ITA, L*, h_ab and C*_ab of one linear-RGB skin colour."""
    lightness, a, b = (float(v) for v in linear_to_lab(np.asarray(rgb, np.float32)[None])[0])
    ita = math.degrees(math.atan2(lightness - 50.0, b))
    return ita, lightness, math.degrees(math.atan2(b, a)), math.hypot(a, b)


def measure_skin_tone(image_bgr: np.ndarray, landmarks_px: np.ndarray) -> SkinTone | None:
    """One reading of the shopper's skin (BGR uint8 frame, 478 landmarks in pixels), or
    None when too little cheek is visible. Nothing of the frame is kept."""
    if landmarks_px.shape[0] < 478:
        return None
    found = cheeks(image_bgr, landmarks_px)
    if found is None:
        return None
    light = estimate_illuminant(image_bgr, landmarks_px)
    ita, lightness, hue, chroma = read_lab(found.rgb / light.rgb)
    confidence = (
        (0.3 + 0.7 * light.confidence)
        * min(1.0, found.pixels / 150.0)  # a far or small face
        * min(1.0, found.agreement / 0.8)  # one side in shadow
        * (1.0 - min(1.0, 1.5 * found.clipped))  # shine or over-exposure
        * (1.0 if 25.0 < lightness < 92.0 else 0.3)  # crushed or blown: L* says little
    )
    return SkinTone(
        ita=ita,
        lightness=lightness,
        hue=hue,
        chroma=chroma,
        depth=depth_of(ita),
        undertone=undertone_of(hue),
        confidence=float(np.clip(confidence, 0.0, 1.0)),
        illuminant=light,
        side=found.side,
    )
