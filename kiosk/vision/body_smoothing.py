"""One Euro filtering of body landmarks: a still shopper gives a still garment.

The same filter as the face (`kiosk.vision.smoothing.OneEuroFilter`), with the
speed that drives its cutoff measured in body sizes per second (the larger of
torso height and shoulder width), so one setting works near the mirror and
far from it. Bodies are matched to the previous frame by position, so two
people never swap filters, and a lost body resets its filter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kiosk.vision.pose import LEFT_HIP, LEFT_SHOULDER, RIGHT_HIP, RIGHT_SHOULDER, Body, PoseResult
from kiosk.vision.smoothing import OneEuroFilter, OneEuroParams

# Tuned on body_s20_upperbody.mp4 (tests/vision/test_pose.py checks both halves):
# steadier shoulders than raw while still following the shopper's sway.
BODY_PARAMS = OneEuroParams(min_cutoff=0.3, beta=20.0, d_cutoff=1.0)


@dataclass
class _Track:
    center: tuple[float, float]
    size: float
    pixels: OneEuroFilter
    world: OneEuroFilter


class BodySmoother:
    """Smooths each tracked body's pixel and world landmarks over time.

    Visibility and the segmentation mask pass through unfiltered.
    """

    def __init__(self, params: OneEuroParams = BODY_PARAMS, enabled: bool = True) -> None:
        self.params = params
        self.enabled = enabled
        self._tracks: list[_Track] = []

    def reset(self) -> None:
        self._tracks = []

    def __call__(self, result: PoseResult) -> PoseResult:
        if not self.enabled or not result.found:
            if not result.found:
                self._tracks = []
            return result
        t_s = result.timestamp_ms / 1000.0
        unused = list(self._tracks)
        tracks: list[_Track] = []
        bodies: list[Body] = []
        for body in result.bodies:
            track = _take_nearest(unused, body.center, body.size) or _Track(
                body.center, body.size, OneEuroFilter(self.params), OneEuroFilter(self.params)
            )
            world_size = _world_size(body)
            smoothed = Body(
                track.pixels(t_s, body.landmarks, 1.0 / max(body.size, 1.0)),
                body.visibility,
                track.world(t_s, body.world_landmarks, 1.0 / max(world_size, 1e-3)),
                body.mask,
            )
            track.center, track.size = smoothed.center, smoothed.size
            bodies.append(smoothed)
            tracks.append(track)
        self._tracks = tracks
        return PoseResult(
            tuple(bodies), result.timestamp_ms, result.inference_ms, result.image_size
        )


def _world_size(body: Body) -> float:
    """The body's size in metres, measured like `Body.size`."""
    w = body.world_landmarks[:, :2]
    shoulders = (w[LEFT_SHOULDER] + w[RIGHT_SHOULDER]) / 2.0
    hips = (w[LEFT_HIP] + w[RIGHT_HIP]) / 2.0
    width = float(np.linalg.norm(w[LEFT_SHOULDER] - w[RIGHT_SHOULDER]))
    return max(float(np.linalg.norm(shoulders - hips)), width)


def _take_nearest(tracks: list[_Track], center: tuple[float, float], size: float) -> _Track | None:
    """Pop the track whose last centre is within half a body of `center`."""
    best, best_d = -1, 0.5 * size
    for i, track in enumerate(tracks):
        d = math.hypot(track.center[0] - center[0], track.center[1] - center[1])
        if d < best_d:
            best, best_d = i, d
    return tracks.pop(best) if best >= 0 else None
