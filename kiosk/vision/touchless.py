"""Touchless control for the pipeline: the hand model, its rate governor and the reader.

`GestureWatch` is what the pipeline holds: per frame it says whether the hand model
is due (`due`), runs it (`track`, safe on a worker thread beside the face model) and
turns what it found into a `GestureReading` (`read`, which also tells the governor
whether a raised hand was there). On frames the governor skips
the reader is not fed and the last reading stands, without an event.
"""

from __future__ import annotations

from kiosk.vision.gestures import Box, GestureReader, GestureReading
from kiosk.vision.hands import HandRateGovernor, HandResult, HandTracker
from kiosk.vision.mp_input import TrackerInput


class GestureWatch:
    """Owns nothing but references: the tracker's lifetime belongs to the caller."""

    def __init__(
        self,
        tracker: HandTracker,
        reader: GestureReader,
        governor: HandRateGovernor | None = None,
        silent: bool = False,
    ) -> None:
        self.tracker = tracker
        self.reader = reader
        self.governor = governor or HandRateGovernor()
        # Silent: the hands are watched only to keep paint off the lips under them;
        # no gesture reaches the screen (touchless control is off).
        self.silent = silent

    def due(self, timestamp_ms: int, painting: bool = True) -> bool:
        """Whether the hand model runs on this frame (every frame while a hand is up);
        a silent watch only while lips are being `painting`."""
        if self.silent and not painting:
            return False
        return self.governor.should_run(timestamp_ms / 1000.0)

    def track(self, frame: TrackerInput, timestamp_ms: int) -> HandResult:
        """Run the hand model on a prepared frame (the pipeline's hand thread)."""
        return self.tracker.detect(frame, timestamp_ms)

    def read(self, result: HandResult | None, face_box: Box | None = None) -> GestureReading | None:
        """The reading for this frame (None from a silent watch); `result` None: the
        model skipped it. The governor hears whether a *raised* hand was there: hands at
        the waist (holding a product, talking with the hands) keep the model at the idle
        rate."""
        if result is None:
            reading = self.reader.last
        else:
            t_s = result.timestamp_ms / 1000.0
            reading = self.reader.feed(result.hands, t_s, result.image_size, face_box)
            self.governor.ran(t_s, reading.hand_up)
        return None if self.silent else reading

    def reset(self) -> None:
        self.reader.reset()
        self.governor.reset()
