"""A steady size suggestion from many per-frame shoulder measurements.

One frame's estimate wobbles with the pose; the median of the last couple of
seconds does not. Its uncertainty keeps the per-frame one (the iris ruler's
error does not average out: it is the same eye every frame) plus the spread
between frames.
"""

from __future__ import annotations

from collections import deque

import numpy as np

from kiosk.vision.measure import Measurement, SizeAdvice, suggest_size


class SizeEstimator:
    def __init__(self, window: int = 60, minimum: int = 10) -> None:
        self._values: deque[tuple[float, float]] = deque(maxlen=window)
        self.minimum = minimum

    def reset(self) -> None:
        self._values.clear()

    def add(self, measurement: Measurement | None) -> None:
        if measurement is not None:
            self._values.append((measurement.value, measurement.sd))

    def estimate(self) -> Measurement | None:
        if len(self._values) < self.minimum:
            return None
        values = np.array(self._values)
        centre = float(np.median(values[:, 0]))
        spread = float(np.median(np.abs(values[:, 0] - centre))) * 1.4826
        return Measurement(centre, float(np.hypot(np.median(values[:, 1]), spread)))

    def advice(self, chart: dict[str, float]) -> tuple[Measurement, SizeAdvice] | None:
        estimate = self.estimate()
        if estimate is None or not chart:
            return None
        return estimate, suggest_size(chart, estimate)
