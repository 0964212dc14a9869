"""Scene light from the face's skin, so a shade is shown as it would look under it.

A few small skin patches (forehead, both cheeks) give the skin's mean linear
RGB. Compared with a neutral reference skin (the mean skin of well-balanced
photos), the ratio per channel is the light's colour (von Kries, in linear RGB);
its inverse is the white-balance gain that would undo the cast. The renderer
multiplies the shade's linear RGB by the light's colour before taking its Lab,
so under a warm shop light the lipstick warms up like the lips around it.

Skin tone and light are confounded (a darker skin looks like a dimmer light),
so the gain is clamped, only the chromaticity is adapted fully, and brightness
is reported and used gently. `LightTracker` re-estimates about once a second
and smooths the estimates exponentially (in log space), so the light never
flickers with speech or blinks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kiosk.render.color import LUMINANCE, bgr_to_linear

# MediaPipe face-mesh points at the centre of each skin patch: forehead (2),
# left cheek (2), right cheek (2).
SKIN_POINTS = (151, 108, 337, 50, 205, 280, 425)
PATCH_RADIUS = 0.035  # x face size
# Mean linear RGB of the skin patches over the 16 well-lit faces in the shared test
# data (photos and talking-head videos; R/G 2.25, B/G 0.71 in the median).
REFERENCE_SKIN = np.array([0.55, 0.245, 0.175], np.float32)
GAIN_LIMITS = (0.55, 1.8)
BRIGHTNESS_LIMITS = (0.35, 2.5)


@dataclass(frozen=True)
class LightEstimate:
    """`gain`: per-channel linear-RGB white-balance gain that undoes the light's
    cast (mean 1 in luminance); `brightness`: skin luminance / reference's."""

    gain: np.ndarray = field(default_factory=lambda: np.ones(3, np.float32))
    brightness: float = 1.0

    @property
    def illuminant(self) -> np.ndarray:
        """The light's colour relative to neutral (linear RGB, luminance 1)."""
        c = 1.0 / np.asarray(self.gain, np.float32)
        return (c / float(c @ LUMINANCE)).astype(np.float32)


NEUTRAL = LightEstimate()


def light_key(light: LightEstimate | None) -> tuple[bytes | None, float]:
    """An estimate's values, hashable: what is worked out from a light is remembered by
    them (the tracker hands out a new estimate object every frame, with the same values
    until it re-estimates, about once a second)."""
    if light is None:
        return None, 1.0
    return np.asarray(light.gain, np.float32).tobytes(), float(light.brightness)


def skin_linear(image: np.ndarray, face_landmarks: np.ndarray, step: int = 1) -> np.ndarray | None:
    """Robust mean linear RGB of the skin patches; None when too little skin is visible.
    `step`: every step-th pixel of each patch, each way (a per-frame caller's shortcut)."""
    h, w = image.shape[:2]
    xy = face_landmarks[:, :2]
    span = xy.max(axis=0) - xy.min(axis=0)
    r = max(2, round(float(span.mean()) * PATCH_RADIUS))
    samples = []
    for index in SKIN_POINTS:
        cx, cy = (round(float(v)) for v in xy[index])
        x0, y0, x1, y1 = max(cx - r, 0), max(cy - r, 0), min(cx + r + 1, w), min(cy + r + 1, h)
        if x1 - x0 < 2 or y1 - y0 < 2:
            continue
        samples.append(bgr_to_linear(image[y0:y1:step, x0:x1:step]).reshape(-1, 3))
    if not samples:
        return None
    rgb = np.concatenate(samples)
    y = rgb @ LUMINANCE
    keep = (y > 0.01) & (rgb.max(axis=1) < 0.97)  # no deep shadow, no clipped highlight
    if keep.sum() < 12:
        return None
    rgb, y = rgb[keep], y[keep]
    lo, hi = np.percentile(y, [15, 85])  # drop hair, brows, specular spots
    mid = rgb[(y >= lo) & (y <= hi)]
    return (mid if len(mid) else rgb).mean(axis=0).astype(np.float32)


def estimate_light(image: np.ndarray, face_landmarks: np.ndarray) -> LightEstimate:
    """The scene light seen on one face (BGR uint8 image, landmarks in pixels)."""
    skin = skin_linear(image, face_landmarks)
    if skin is None:
        return NEUTRAL
    ratio = np.maximum(skin, 1e-4) / REFERENCE_SKIN  # light colour x brightness
    brightness = float(ratio @ LUMINANCE)
    gain = brightness / ratio  # undoes the colour; luminance-preserving on average
    gain = np.clip(gain, *GAIN_LIMITS)
    return LightEstimate(gain.astype(np.float32), float(np.clip(brightness, *BRIGHTNESS_LIMITS)))


class LightTracker:
    """Light estimate smoothed over time: re-estimated every `update_interval_s`
    (timestamps come from the caller), blended in with weight `smoothing`."""

    def __init__(self, update_interval_s: float = 1.0, smoothing: float = 0.5) -> None:
        if update_interval_s < 0 or not 0.0 < smoothing <= 1.0:
            raise ValueError("update_interval_s must be >= 0 and smoothing in (0, 1]")
        self.update_interval_s = update_interval_s
        self.smoothing = smoothing
        self._log_gain: np.ndarray | None = None
        self._log_brightness = 0.0
        self._last_s: float | None = None

    @property
    def estimate(self) -> LightEstimate:
        if self._log_gain is None:
            return NEUTRAL
        return LightEstimate(np.exp(self._log_gain).astype(np.float32),
                             float(np.exp(self._log_brightness)))  # fmt: skip

    def reset(self) -> None:
        self._log_gain, self._last_s = None, None

    def update(
        self, image: np.ndarray, face_landmarks: np.ndarray, timestamp_s: float
    ) -> LightEstimate:
        """Re-estimate when the interval has passed (or time went backwards); else
        return the current estimate without touching the image."""
        due = (
            self._last_s is None
            or timestamp_s - self._last_s >= self.update_interval_s
            or timestamp_s < self._last_s
        )
        if due:
            fresh = estimate_light(image, face_landmarks)
            log_gain = np.log(fresh.gain)
            log_brightness = float(np.log(fresh.brightness))
            if self._log_gain is None:
                self._log_gain, self._log_brightness = log_gain, log_brightness
            else:
                a = self.smoothing
                self._log_gain = self._log_gain + a * (log_gain - self._log_gain)
                self._log_brightness += a * (log_brightness - self._log_brightness)
            self._last_s = timestamp_s
        return self.estimate
