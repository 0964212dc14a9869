"""Where eye, cheek and brow products go on one face, from the face mesh.

INTERFACE laid down first (issue 19); the regions helper fills it in. Every weight is
0..1 float32 over one box of the frame around the face's eyes, brows and cheeks, one
channel per place a product goes (`CHANNELS`). The renderers multiply each channel by
the product's strength and colour; everything a region must respect is already in its
weights here: the eye openings (iris, sclera, the lash line's inner side) are exactly 0
in every channel, a region fades out where the head turns it away, glasses frames and
hands in front are not painted.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from kiosk.vision.face import Face
from kiosk.vision.hands import Hand

# Channel order of `MakeupRegions.weights` (and of the two RGBA mask textures the GPU
# samples: lid, crease, outer, liner | lashes, blush, brow, spare).
CHANNELS = ("lid", "crease", "outer", "liner", "lashes", "blush", "brow")
N_CHANNELS = 8  # CHANNELS plus one spare, so the weights pack into two RGBA textures
CHANNEL = {name: i for i, name in enumerate(CHANNELS)}


@dataclass(frozen=True)
class Wanted:
    """Which regions to build and the product shapes they take (the renderer says, from
    the products worn; vision knows no products). None/False: that region is not built."""

    shadow: bool = False  # lid and crease
    outer: bool = False  # the outer corner (a shadow of two or three colours)
    liner: tuple[float, float] | None = None  # (thickness, wing), each 0..1
    lashes: tuple[float, float] | None = None  # (volume, length), each 0..1
    blush: bool = False
    brow_fill: float | None = None  # 0..1: how much of the skin between the hairs


@dataclass(frozen=True)
class MakeupRegions:
    """One face's regions: `weights[..., CHANNEL[name]]` over `roi` (x0, y0, x1, y1,
    frame pixels); channels no product asked for are zeros. `openings`: the pixels inside
    either eye's opening (the mesh's eye loops), over the same box."""

    roi: tuple[int, int, int, int]
    weights: np.ndarray = field(repr=False)  # (h, w, N_CHANNELS) float32
    openings: np.ndarray = field(repr=False)  # (h, w) bool
    frame: np.ndarray = field(repr=False)  # 2x3: frame pixel -> face space (eye distance 1)
    eye_distance: float = 0.0  # pixels between the eye centres (the scale of the face)

    def channel(self, name: str) -> np.ndarray:
        return self.weights[..., CHANNEL[name]]


def makeup_regions(
    image: np.ndarray,
    face: Face,
    wanted: Wanted,
    hands: Sequence[Hand] = (),
) -> MakeupRegions | None:
    """The regions `wanted` on `face` (with their shapes: liner thickness and wing, lash
    volume and length, brow fill), or None when none of them is in the frame."""
    raise NotImplementedError
