"""Colour cues that keep a garment honest: skin and hair in front of it, the
person's own print out of its shading.

Pose landmarks say roughly where hands, forearms and hair are; colour says which
pixels they really cover. Each cue is a small Gaussian colour model in CIELAB
sampled from the same frame (skin from the cheeks, hair from the crown, the
clothing from the chest), so it follows the shopper and the shop's light.
A cue that cannot be told apart from the clothes (black hair on a black top,
a bald head) is not used: the capsule or the plain garment is the safe answer.
"""

from __future__ import annotations

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


def gate(capsule: np.ndarray, like: np.ndarray, min_share: float = 0.35) -> np.ndarray:
    """An occluder capsule narrowed to the pixels that look like what it holds.

    When too little of the capsule matches (a gloved hand, a sleeved forearm), the
    capsule is kept whole: better a slightly wide cut-out than a garment painted
    over a hand.
    """
    inside = capsule > 0.5
    if not inside.any() or float(like[inside].mean()) < min_share:
        return capsule
    # Anything half like it counts whole: a hand in its own shadow is still a hand.
    sure = np.clip(like * 2.0, 0.0, 1.0)
    # Grown by a pixel or two with a blur, not a square dilation (whose blocks show as a
    # staircase once the live render is scaled up).
    grown = np.clip(cv2.GaussianBlur(sure, (0, 0), 1.2) * 1.8, 0.0, 1.0)
    return capsule * grown


def hair_in_front(
    lab: np.ndarray,
    person: np.ndarray | None,
    crown: np.ndarray,
    below: np.ndarray,
    skin: ColourModel | None,
    clothes: ColourModel | None,
) -> np.ndarray | None:
    """0..1 hair lying over the shoulders and chest, or None when it cannot be told.

    `crown` marks where hair is expected on the head (a ring over the top of it),
    `below` where it may fall in front of the garment. Hair is what matches the
    crown's colour, lies in `below`, and is connected to the crown.
    """
    where = crown > 0
    if person is not None:
        where &= person > 0.5
    hair = sample_model(lab, where.astype(np.uint8))
    if hair is None or clothes is None or not hair.apart_from(clothes):
        return None
    if skin is not None and not hair.apart_from(skin):
        return None  # a bald or shaved head: the "crown" is skin
    d_hair = hair.distance(lab)
    like = likeness(d_hair)
    # Each pixel goes to the nearest of hair, skin and clothes.
    for rival in (skin, clothes):
        if rival is not None:
            like[rival.distance(lab) <= d_hair] = 0.0
    candidates = (like > 0.5) & ((below > 0) | where)
    if person is not None:
        candidates &= person > 0.3
    count, labels = cv2.connectedComponents(candidates.astype(np.uint8), connectivity=8)
    if count <= 1:
        return None
    roots = np.unique(labels[where & candidates])
    roots = roots[roots > 0]
    if len(roots) == 0:
        return None
    attached = np.isin(labels, roots) & (below > 0)
    if not attached.any():
        return None
    sure = np.clip(like * 2.0, 0.0, 1.0)  # as for skin: half like hair counts whole
    return cv2.GaussianBlur(attached.astype(np.float32) * sure, (0, 0), 1.0)


def print_weight(lab: np.ndarray, clothes: ColourModel | None) -> np.ndarray | None:
    """1 where the person's clothing shows its own plain colour, 0 on a print or logo:
    shading is read from the plain parts only, so a print does not ghost through."""
    if clothes is None:
        return None
    delta = ColourModel(clothes.mean, np.ones(3, np.float32)).distance(lab)
    return np.clip((PRINT_DELTA - delta) / (0.5 * PRINT_DELTA), 0.0, 1.0).astype(np.float32)
