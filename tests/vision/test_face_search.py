"""The face model's cadence: every frame while a face is about, every FACE_SEARCH_MS when not.

A garment shopper standing back (or an empty mirror) has no face the model can find,
and searching the whole frame for one on every frame only takes a core from the pose
model. A face stepping in must still be found within FACE_SEARCH_MS and a frame.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np

from kiosk.pipeline import FACE_GRACE_MS, FACE_SEARCH_MS, Look, TryOnPipeline
from kiosk.vision.face import FaceResult, FaceTracker
from kiosk.vision.mp_input import TrackerInput
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams

FRAME_MS = 33  # 30 fps


class NoFace:
    """A face model that never finds anyone, and counts the frames it is asked about."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    def detect(self, frame: TrackerInput, timestamp_ms: int) -> FaceResult:
        self.calls.append(timestamp_ms)
        return FaceResult((), timestamp_ms, 1.0, (frame.width, frame.height))


def _pipeline(tracker: object) -> TryOnPipeline:
    return TryOnPipeline(tracker, LandmarkSmoother(OneEuroParams()))  # type: ignore[arg-type]


def test_no_face_lately_searched_every_search_interval() -> None:
    fake = NoFace()
    pipeline = _pipeline(fake)
    image = np.zeros((120, 160, 3), np.uint8)
    stamps = [1000 + i * FRAME_MS for i in range(90)]  # 3 s
    searched = [pipeline.process(image, i, ts, Look(None)).times.face_searched
                for i, ts in enumerate(stamps)]  # fmt: skip
    assert fake.calls == [ts for ts, s in zip(stamps, searched, strict=True) if s]
    grace = [ts for ts in stamps if ts <= stamps[0] + FACE_GRACE_MS]
    assert fake.calls[: len(grace)] == grace, "every frame searched in the grace period"
    later = [ts for ts in fake.calls if ts > stamps[0] + FACE_GRACE_MS]
    gaps = np.diff(later)
    assert gaps.min() >= FACE_SEARCH_MS and gaps.max() <= FACE_SEARCH_MS + FRAME_MS
    after = [ts for ts in stamps if ts > stamps[0] + FACE_GRACE_MS]
    assert len(later) <= len(after) / 3 + 1, "a third of the frames or fewer once nobody is there"


def test_reset_searches_at_once() -> None:
    fake = NoFace()
    pipeline = _pipeline(fake)
    image = np.zeros((120, 160, 3), np.uint8)
    for i in range(40):
        pipeline.process(image, i, i * FRAME_MS, Look(None))
    pipeline.reset()
    before = len(fake.calls)
    pipeline.process(image, 40, 40 * FRAME_MS, Look(None))
    assert len(fake.calls) == before + 1


def test_a_face_stepping_in_is_found_within_the_search_interval(
    face_model: Path, testdata: Path
) -> None:
    """Real model, real video: two seconds of an empty (black) mirror, then a face."""
    cap = cv2.VideoCapture(str(testdata / "videos/talk_d13.mp4"))
    faces: list[np.ndarray] = []
    while len(faces) < 12:
        ok, frame = cap.read()
        assert ok
        faces.append(frame)
    cap.release()
    empty = np.zeros_like(faces[0])
    with FaceTracker(face_model, mode="video") as tracker:
        runs: list[int] = []
        detect = tracker.detect

        def counted(frame: TrackerInput, timestamp_ms: int) -> FaceResult:
            runs.append(timestamp_ms)
            return detect(frame, timestamp_ms)

        tracker.detect = counted  # type: ignore[method-assign]
        pipeline = _pipeline(tracker)
        ts = 0
        for i in range(60):
            ts = 1 + i * FRAME_MS
            assert not pipeline.process(empty, i, ts, Look(None)).found
        assert len(runs) < 30, "the empty mirror is searched less often"
        arrived = ts + FRAME_MS
        found_at = None
        for j, frame in enumerate(faces):
            ts = arrived + j * FRAME_MS
            if pipeline.process(frame, 60 + j, ts, Look(None)).found:
                found_at = ts
                break
        assert found_at is not None and found_at - arrived <= FACE_SEARCH_MS
        # Found: every frame is searched again, and a face lost for a moment is looked
        # for on every frame.
        n = len(runs)
        for j in range(1, 4):
            pipeline.process(empty, 100 + j, found_at + j * FRAME_MS, Look(None))
        assert len(runs) == n + 3
