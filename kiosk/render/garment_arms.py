"""Bare arms in front of a sleeveless garment, found by their own skin.

The pose joints say roughly where an arm is, but on a still photo an elbow or wrist
is often a hand's width off (a forearm held across the body, a hand gripping a
bag), and an arm seen side on may have no trusted joint at all. A capsule of fixed
width around the joints then misses half the arm and the garment is painted over
it. Here each arm of a side without a sleeve gets a wide search band around its
joints; inside it, the pixels that look like this person's arm skin (sampled along
the arm's own core, seeded by the face's colour, so a sunlit arm next to a shaded
face or sunglasses on the cheeks still count) and not like their clothes are the
arm, kept only where they join the arm's core: the arm's width follows its own
edges, and skin elsewhere in the band (a neckline the garment covers) stays under
the garment unless it touches the arm.
"""

from __future__ import annotations

from itertools import pairwise

import cv2
import numpy as np

from kiosk.render import garment_cues as cues
from kiosk.render.garment_warp import (
    FRONT_WIDTH,
    LEFT_ELBOW,
    LEFT_HIP,
    LEFT_SHOULDER,
    LEFT_WRIST,
    RIGHT_ELBOW,
    RIGHT_HIP,
    RIGHT_SHOULDER,
    RIGHT_WRIST,
    Pairs,
    capsule,
)

# Search band half-widths (x `arm_scale`, the shoulder width facing the camera): the
# upper arm, whose joints the pose model places well, its own width (as the joint
# capsule, UPPER_ARM_RADIUS); the forearm and hand, whose joints it often misplaces
# by a forearm's width, that much further.
BAND_UPPER, BAND_FOREARM, BAND_HAND = 0.12, 0.24, 0.26
BANDS = (BAND_UPPER, BAND_FOREARM, BAND_HAND)
CORE = 0.06  # the arm's core, where its skin colour is sampled (x `arm_scale`)
FROM = 0.3  # the band starts this far down the upper arm: the strap keeps the shoulder
HAND_LENGTH = 0.45  # a hand past the wrist, x the forearm's length
# The face's colour as a seed for the arm's: its lightness loosened this much (8-bit
# Lab), since an arm is lit unlike a face (sun on the arm, shade or sunglasses on it).
SEED_L_SPREAD = 45.0
MIN_SAMPLE = 30  # core pixels needed to take the arm's own colour
PAD = 6  # px round the band's box: past the reach of the final blur (sigma 1.2)
# A band segment more than this share skin-like (inside the person) cannot tell the arm
# from skin-coloured clothes round it and adds nothing (two-fold: chosen on fold 0 of
# bodies_dev from 0.7/0.8/0.9; 0.9 let a taupe blazer in front, own top +0.0075).
MAX_FILL = 0.8


def bare_arms(
    lab: np.ndarray,
    xy: np.ndarray,
    pairs: Pairs,
    width: float,
    origin: np.ndarray,
    face: cues.ColourModel | None,
    clothes: cues.ColourModel | None,
    person: np.ndarray | None = None,
) -> np.ndarray | None:
    """0..1 over the box: the skin of each arm with no sleeve (None: nothing found).
    `person`: the person mask over the box (the band's fill is read inside it)."""
    sides = [
        (sh, el, wr)
        for side, sh, el, wr in (
            ("left", LEFT_SHOULDER, LEFT_ELBOW, LEFT_WRIST),
            ("right", RIGHT_SHOULDER, RIGHT_ELBOW, RIGHT_WRIST),
        )
        if side not in pairs
    ]
    if face is None or not sides:
        return None
    shape = (lab.shape[0], lab.shape[1])
    scale = arm_scale(xy, width)
    bars = [
        (a, b, reach * scale)
        for sh, el, wr in sides
        for (a, b), reach in zip(pairwise(_chain(xy[sh], xy[el], xy[wr])), BANDS, strict=True)
    ]
    # Everything below only over the band's bounding box (padded past the blur's reach),
    # the bars drawn straight into it.
    win = _window(bars, origin, shape)
    if win is None:
        return None
    at = origin + np.array([win[1].start, win[0].start], np.float64)
    size = (win[0].stop - win[0].start, win[1].stop - win[1].start)
    segments: list[np.ndarray] = []
    core = np.zeros(size, np.uint8)
    for a, b, radius in bars:
        seg = np.zeros(size, np.uint8)
        capsule(seg, a, b, radius, at)
        segments.append(seg > 127)
        capsule(core, a, b, CORE * scale, at)
    sub = np.ascontiguousarray(lab[win])
    core_w = core > 127
    colours = _Colours(sub, face, clothes)
    skin = colours.arm(core_w)
    if skin is None:
        return None
    # The arm's own colour, held to the face's: a core that strayed onto the clothes
    # or a bag does not make them skin.
    like = colours.like(skin) > 0.5
    held = like & (colours.seed_like > 0.5)
    within = np.ones(sub.shape[:2], bool) if person is None else person[win] > 0.5
    band = np.zeros(sub.shape[:2], bool)
    for seg in segments:
        there = seg & within
        fill = float((like & there).sum()) / max(int(there.sum()), 1)
        # Where nearly all of the band looks like skin, colour does not tell the arm
        # from what is round it (skin-coloured clothes): that part adds nothing.
        if fill <= MAX_FILL:
            band |= seg
    found = _joined(band & held, core_w)
    if not found.any():
        return None
    # Grown by a pixel or two with a blur (as `cues.gate`): the garment's soft edge
    # stays off the arm's rim.
    soft = cv2.GaussianBlur(found.astype(np.float32), (0, 0), 1.2)
    out = np.zeros(shape, np.float32)
    out[win] = np.clip(soft * 1.8, 0.0, 1.0)
    return out


def _window(
    bars: list[tuple[np.ndarray, np.ndarray, float]], origin: np.ndarray, shape: tuple[int, int]
) -> tuple[slice, slice] | None:
    """The bars' bounding box (ends +- radius, image px) over the box at `origin`,
    padded by PAD px and clipped to `shape` (None: none of it is inside)."""
    ends = np.array([p - origin for a, b, _ in bars for p in (a, b)], np.float64)
    reach = np.repeat([r + 2.0 for _, _, r in bars], 2)[:, None]
    lo = np.floor((ends - reach).min(axis=0)).astype(int) - PAD
    hi = np.ceil((ends + reach).max(axis=0)).astype(int) + PAD
    x0, y0 = max(0, int(lo[0])), max(0, int(lo[1]))
    x1, y1 = min(shape[1], int(hi[0])), min(shape[0], int(hi[1]))
    if x1 <= x0 or y1 <= y0:
        return None
    return slice(y0, y1), slice(x0, x1)


def arm_scale(xy: np.ndarray, width: float) -> float:
    """The length that arm widths are measured in: the shoulder width, but at least a
    front view's (FRONT_WIDTH torso heights), since an arm keeps its width when the
    body turns side on and its shoulder joints come together."""
    mid_s = (xy[LEFT_SHOULDER] + xy[RIGHT_SHOULDER]) / 2
    mid_h = (xy[LEFT_HIP] + xy[RIGHT_HIP]) / 2
    return max(width, FRONT_WIDTH * float(np.linalg.norm(mid_h - mid_s)))


def _chain(sh: np.ndarray, el: np.ndarray, wr: np.ndarray) -> list[np.ndarray]:
    """Points down the arm: below the strap, elbow, wrist, the hand's tip."""
    return [sh + (el - sh) * FROM, el, wr, wr + (wr - el) * HAND_LENGTH]


def loosened(model: cues.ColourModel) -> cues.ColourModel:
    """A colour with its lightness loosened (SEED_L_SPREAD): the face's as a seed for
    the arm's, the clothes' to be compared with it on equal terms."""
    std = model.std.copy()
    std[0] = max(float(std[0]), SEED_L_SPREAD)
    return cues.ColourModel(model.mean, std)


class _Colours:
    """Skin and clothes likeness over one image, each distance worked out once."""

    def __init__(
        self, lab: np.ndarray, face: cues.ColourModel, clothes: cues.ColourModel | None
    ) -> None:
        self.lab = lab
        self.face = face
        self.clothes = clothes
        # The clothes are lit as unevenly as the arm: their lightness loosened alike.
        self.clothes_d = None if clothes is None else loosened(clothes).distance(lab)
        self.seed = loosened(face)
        self.seed_like = self.like(self.seed)

    def like(self, skin: cues.ColourModel) -> np.ndarray:
        """Skin likeness, zero where the clothes' colour is nearer."""
        d = skin.distance(self.lab)
        like = cues.likeness(d)
        if self.clothes_d is not None:
            like[self.clothes_d < d] = 0.0
        return like

    def arm(self, core: np.ndarray) -> cues.ColourModel | None:
        """The arm's own skin colour: the core pixels that look like the face's skin
        (its lightness loosened) more than like the clothes; the loosened face colour
        when too few do (a sleeved arm, an arm out of the frame). None when the skin's
        colour and the clothes' cannot be told apart (a beige or olive top): then
        colour cannot say where the arm ends, and a guess would cut holes in the
        garment."""
        clothes = self.clothes
        if clothes is not None and not self.seed.apart_from(clothes):
            return None
        pick = core & (self.seed_like > 0.5)
        own = cues.sample_model(self.lab, pick.astype(np.uint8), min_pixels=MIN_SAMPLE)
        skin = self.seed if own is None else own
        if clothes is not None and not skin.apart_from(clothes):
            return None
        return skin


def _joined(found: np.ndarray, core: np.ndarray) -> np.ndarray:
    """The parts of `found` connected to the arm's core."""
    count, labels = cv2.connectedComponents(found.astype(np.uint8), connectivity=8)
    if count <= 1:
        return found
    keep = np.zeros(count, bool)
    keep[labels[found & core]] = True
    keep[0] = False
    return keep[labels]
