"""The steady size suggestion over many frames."""

from __future__ import annotations

from kiosk.session.sizing import SizeEstimator
from kiosk.vision.measure import Measurement

CHART = {"S": 38.0, "M": 40.0, "L": 42.5}


def test_needs_enough_frames_then_follows_the_median() -> None:
    sizing = SizeEstimator(window=30, minimum=10)
    for _ in range(9):
        sizing.add(Measurement(40.0, 1.0))
    assert sizing.estimate() is None
    sizing.add(Measurement(40.0, 1.0))
    sizing.add(None)  # a frame without a measurement changes nothing
    sizing.add(Measurement(60.0, 1.0))  # one wild frame does not move the median
    estimate = sizing.estimate()
    assert estimate is not None and abs(estimate.value - 40.0) < 0.01
    advice = sizing.advice(CHART)
    assert advice is not None and advice[1].size == "M"


def test_spread_between_frames_widens_the_uncertainty_and_reset_forgets() -> None:
    steady, shaky = SizeEstimator(minimum=5), SizeEstimator(minimum=5)
    for i in range(20):
        steady.add(Measurement(40.0, 1.0))
        shaky.add(Measurement(40.0 + (3.0 if i % 2 else -3.0), 1.0))
    assert shaky.estimate().sd > steady.estimate().sd  # type: ignore[union-attr]
    steady.reset()
    assert steady.estimate() is None
