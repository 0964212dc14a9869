"""One Euro filtering of face landmarks: a still face gives a still overlay.

The filter (Casiez et al., CHI 2012) lowers its cutoff when the signal is slow
(removing jitter) and raises it when it moves fast (removing lag). As in
MediaPipe's own face pipeline, the speed that drives the cutoff is measured in
face sizes per second, so the same settings work for a face near the mirror or
far from it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kiosk.vision.face import Face, FaceResult


def _alpha(cutoff: np.ndarray | float, dt: float) -> np.ndarray | float:
    tau = 1.0 / (2.0 * math.pi * cutoff)
    return 1.0 / (1.0 + tau / dt)


@dataclass(frozen=True)
class OneEuroParams:
    min_cutoff: float = 0.05
    beta: float = 100.0
    d_cutoff: float = 1.0


class OneEuroFilter:
    """Vectorised One Euro filter over an array of values (every coordinate at once)."""

    def __init__(self, params: OneEuroParams) -> None:
        self.params = params
        self._x: np.ndarray | None = None
        self._dx: np.ndarray | None = None
        self._t: float | None = None

    def reset(self) -> None:
        self._x = self._dx = None
        self._t = None

    def __call__(self, t_s: float, x: np.ndarray, value_scale: float = 1.0) -> np.ndarray:
        """Filter `x` taken at time `t_s` seconds; `value_scale` turns units into face sizes."""
        if self._x is None or self._t is None or self._dx is None or x.shape != self._x.shape:
            self._x, self._dx, self._t = x.astype(np.float64), np.zeros(x.shape), t_s
            return x.copy()
        dt = t_s - self._t
        if dt <= 0:
            return self._x.astype(x.dtype)
        p = self.params
        dx = (x - self._x) * value_scale / dt
        self._dx = self._dx + _alpha(p.d_cutoff, dt) * (dx - self._dx)
        cutoff = p.min_cutoff + p.beta * np.abs(self._dx)
        self._x = self._x + _alpha(cutoff, dt) * (x - self._x)
        self._t = t_s
        return self._x.astype(x.dtype)


class LandmarkSmoother:
    """Smooths each tracked face over time; faces are matched to the previous frame by
    position so two shoppers never swap filters, and a lost face resets its filter."""

    def __init__(self, params: OneEuroParams, enabled: bool = True) -> None:
        self.params = params
        self.enabled = enabled
        self._tracks: list[tuple[tuple[float, float], OneEuroFilter]] = []

    def reset(self) -> None:
        self._tracks = []

    def __call__(self, result: FaceResult) -> FaceResult:
        if not self.enabled or not result.found:
            if not result.found:
                self._tracks = []
            return result
        t_s = result.timestamp_ms / 1000.0
        unused = list(self._tracks)
        tracks: list[tuple[tuple[float, float], OneEuroFilter]] = []
        faces: list[Face] = []
        for face in result.faces:
            flt = _take_nearest(unused, face.center, face.size) or OneEuroFilter(self.params)
            scale = 1.0 / max(face.size, 1.0)
            smoothed = Face(flt(t_s, face.landmarks, scale))
            faces.append(smoothed)
            tracks.append((smoothed.center, flt))
        self._tracks = tracks
        return FaceResult(tuple(faces), result.timestamp_ms, result.inference_ms, result.image_size)


def _take_nearest(
    tracks: list[tuple[tuple[float, float], OneEuroFilter]],
    center: tuple[float, float],
    size: float,
) -> OneEuroFilter | None:
    """Pop the track whose last centre is within half a face of `center`."""
    best, best_d = -1, 0.5 * size
    for i, ((cx, cy), _) in enumerate(tracks):
        d = math.hypot(cx - center[0], cy - center[1])
        if d < best_d:
            best, best_d = i, d
    return tracks.pop(best)[1] if best >= 0 else None
