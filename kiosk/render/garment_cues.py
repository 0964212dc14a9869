"""Colour cues that keep a garment honest: skin and hair in front of it, the
person's own print out of its shading.

Pose landmarks say roughly where hands and forearms are; colour says which pixels
they really cover. Each cue is a small Gaussian colour model in CIELAB sampled from
the same frame (skin from the cheeks, the clothing from the chest), so it follows
the shopper and the shop's light. Hair has its own module (`garment_hair`): one
Gaussian cannot tell black hair from a charcoal top.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

# Floors on the model's spread (OpenCV 8-bit Lab units): light and shadow move L far
# more than a and b, so L is loose and the chroma axes carry the decision.
MIN_STD = np.array([22.0, 5.0, 5.0], np.float32)
LIKE_NEAR, LIKE_FAR = 2.5, 4.5  # Mahalanobis distances: fully like ... not like
SEPARATE = 2.0  # two models this far apart (in the wider spread) can be told apart
PRINT_DELTA = 45.0  # Lab distance from the clothing's own colour that marks a print


@dataclass(frozen=True)
class ColourModel:
    mean: np.ndarray  # (3,) Lab
    std: np.ndarray  # (3,) per-axis spread, floored

    def distance(self, lab: np.ndarray) -> np.ndarray:
        """Per-pixel normalised distance (a diagonal Mahalanobis distance).

        Native per-channel arithmetic: a body-sized box costs well under a millisecond.
        """
        m, s = self.mean.tolist(), (1.0 / self.std).tolist()
        z = cv2.multiply(cv2.subtract(lab, (*m, 0.0)), (*s, 0.0))  # type: ignore[call-overload]
        d2 = cv2.transform(cv2.multiply(z, z), np.ones((1, 3), np.float32))
        return cv2.sqrt(d2)

    def likeness(self, lab: np.ndarray) -> np.ndarray:
        """0..1: 1 for pixels of this colour, falling to 0 past LIKE_FAR."""
        return likeness(self.distance(lab))

    def apart_from(self, other: ColourModel) -> bool:
        """Whether the two colours are far apart for the wider of the two spreads."""
        gap = np.abs(self.mean - other.mean) / np.maximum(self.std, other.std)
        return bool(np.sqrt((gap**2).sum()) > SEPARATE)


def likeness(distance: np.ndarray) -> np.ndarray:
    """A model distance turned into 0..1 (1 up to LIKE_NEAR, 0 from LIKE_FAR)."""
    return np.clip((LIKE_FAR - distance) * (1.0 / (LIKE_FAR - LIKE_NEAR)), 0.0, 1.0).astype(
        np.float32
    )


def to_lab(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB).astype(np.float32)


def sample_model(lab: np.ndarray, where: np.ndarray, min_pixels: int = 40) -> ColourModel | None:
    """A robust colour model of the pixels in `where` (median and scaled MAD)."""
    pixels = lab[where > 0]
    if len(pixels) < min_pixels:
        return None
    mean = np.median(pixels, axis=0)
    spread = 1.4826 * np.median(np.abs(pixels - mean), axis=0)
    return ColourModel(mean.astype(np.float32), np.maximum(spread, MIN_STD).astype(np.float32))


def disc(shape: tuple[int, int], centre: np.ndarray, radius: float) -> np.ndarray:
    mask = np.zeros(shape, np.uint8)
    c = (round(float(centre[0])), round(float(centre[1])))
    cv2.circle(mask, c, max(1, round(radius)), 255, -1)
    return mask


def gate(
    capsule: np.ndarray,
    like: np.ndarray,
    min_share: float = 0.35,
    reach: Callable[[], np.ndarray] | None = None,
) -> np.ndarray:
    """An occluder capsule narrowed to the pixels that look like what it holds.

    When too little of the capsule matches (a gloved hand, a sleeved forearm), the
    capsule is kept whole: better a slightly wide cut-out than a garment painted
    over a hand. `reach`: `grown(like)` on demand, for callers gating several
    capsules with one likeness (it is worked out once, not once a capsule).
    """
    inside = capsule > 0.5
    if not inside.any() or float(like[inside].mean()) < min_share:
        return capsule
    return capsule * (grown(like) if reach is None else reach())


def grown(like: np.ndarray) -> np.ndarray:
    """Where a likeness holds, grown a little: what a gated capsule keeps."""
    # Anything half like it counts whole: a hand in its own shadow is still a hand.
    sure = np.clip(like * 2.0, 0.0, 1.0)
    # Grown by a pixel or two with a blur, not a square dilation (whose blocks show as a
    # staircase once the live render is scaled up).
    return np.clip(cv2.GaussianBlur(sure, (0, 0), 1.2) * 1.8, 0.0, 1.0)


def print_weight(lab: np.ndarray, clothes: ColourModel | None) -> np.ndarray | None:
    """1 where the person's clothing shows its own plain colour, 0 on a print or logo:
    shading is read from the plain parts only, so a print does not ghost through."""
    if clothes is None:
        return None
    delta = ColourModel(clothes.mean, np.ones(3, np.float32)).distance(lab)
    return np.clip((PRINT_DELTA - delta) / (0.5 * PRINT_DELTA), 0.0, 1.0).astype(np.float32)
