"""Body measurements in centimetres, with the iris as the ruler.

The human iris is about 11.7 mm across (± ~0.5 mm between people) and the face
mesh finds its edge, so it gives each frame a scale: millimetres per pixel at
the face's depth. Shoulders are at nearly the same depth as the face for a
shopper facing the mirror, so the same scale turns the shoulder width in pixels
into centimetres. Every estimate carries its uncertainty: the spread of iris
sizes, the landmark noise on a small iris, and a turned torso all widen it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np

IRIS_MM = 11.7
IRIS_MM_SD = 0.5  # between people
LEFT_IRIS = (474, 475, 476, 477)  # contour points around 473 (the wearer's left)
RIGHT_IRIS = (469, 470, 471, 472)  # around 468
LANDMARK_NOISE_PX = 1.0  # typical jitter of an iris edge point
# Pose shoulder landmarks sit on the joints; a garment's shoulder width runs seam to
# seam over the shoulder tips, about this much wider (anthropometric ratio of
# biacromial breadth to the distance between shoulder joint centres).
SHOULDER_TIP_RATIO = 1.12
SHOULDER_NOISE_PX = 4.0


@dataclass(frozen=True)
class Measurement:
    value: float
    sd: float  # one standard deviation, same unit

    def __str__(self) -> str:
        return f"{self.value:.1f} ± {self.sd:.1f}"


def iris_diameter_px(face_landmarks: np.ndarray) -> float | None:
    """Mean iris diameter of both eyes (pixels), or None without iris points."""
    if face_landmarks.shape[0] < 478:
        return None
    sizes = []
    for ring in (LEFT_IRIS, RIGHT_IRIS):
        pts = face_landmarks[list(ring), :2].astype(np.float64)
        # Opposite contour points: (0, 2) horizontal, (1, 3) vertical diameter.
        sizes.append(float(np.linalg.norm(pts[0] - pts[2])))
        sizes.append(float(np.linalg.norm(pts[1] - pts[3])))
    return float(np.mean(sizes))


def mm_per_px(face_landmarks: np.ndarray) -> Measurement | None:
    iris = iris_diameter_px(face_landmarks)
    if iris is None or iris < 3.0:
        return None
    scale = IRIS_MM / iris
    rel = math.hypot(IRIS_MM_SD / IRIS_MM, LANDMARK_NOISE_PX / iris)
    return Measurement(scale, scale * rel)


def shoulder_width_cm(
    face_landmarks: np.ndarray, shoulder_px: float, turn: float = 0.0
) -> Measurement | None:
    """Shoulder width (tip to tip) in cm; `turn` (0 facing .. 1 side on) corrects
    the foreshortening and widens the uncertainty."""
    scale = mm_per_px(face_landmarks)
    if scale is None or shoulder_px <= 0:
        return None
    facing = max(math.cos(math.asin(min(abs(turn), 0.95))), 0.3)
    width = shoulder_px / facing * SHOULDER_TIP_RATIO * scale.value / 10.0
    rel = math.hypot(scale.sd / scale.value, SHOULDER_NOISE_PX / shoulder_px, 0.5 * abs(turn))
    return Measurement(width, width * rel)


@dataclass(frozen=True)
class SizeAdvice:
    size: str
    likelihood: float  # share of the estimate's probability inside that size's range
    also: str | None  # the next most likely size, when it is a real contender

    def __str__(self) -> str:
        alt = f" (or {self.also})" if self.also else ""
        return f"{self.size}{alt}, {self.likelihood:.0%} likely"


def suggest_size(chart: dict[str, float], shoulder: Measurement) -> SizeAdvice:
    """`chart`: size -> the garment's shoulder width in cm. Sizes own the ranges
    halfway to their neighbours; the estimate's normal distribution is shared out
    over them, and the most likely size is suggested."""
    if not chart:
        raise ValueError("the size chart is empty")
    sizes = sorted(chart.items(), key=lambda kv: kv[1])
    edges = [(a[1] + b[1]) / 2 for a, b in itertools.pairwise(sizes)]
    bounds = [-math.inf, *edges, math.inf]

    def cdf(x: float) -> float:
        if math.isinf(x):
            return 0.0 if x < 0 else 1.0
        return 0.5 * (1 + math.erf((x - shoulder.value) / (max(shoulder.sd, 1e-6) * math.sqrt(2))))

    shares = [cdf(hi) - cdf(lo) for lo, hi in itertools.pairwise(bounds)]
    order = sorted(range(len(sizes)), key=lambda i: shares[i], reverse=True)
    best = order[0]
    second = order[1] if len(order) > 1 and shares[order[1]] >= 0.25 else None
    return SizeAdvice(
        sizes[best][0], shares[best], sizes[second][0] if second is not None else None
    )
