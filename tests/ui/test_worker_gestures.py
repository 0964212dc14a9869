"""The vision worker carries touchless gestures to the UI thread: a real recording played
in real time through the capture thread (mirrored, as the kiosk does), the real pipeline
with the hand and face models, and the worker's hand-over (`Processed.gestures`, which
keeps the events of results the UI never took)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.pipeline import Look, TryOnPipeline
from kiosk.ui.worker import VisionWorker
from kiosk.vision.capture import CaptureThread
from kiosk.vision.face import FaceTracker
from kiosk.vision.gestures import GestureReader
from kiosk.vision.hands import HandTracker
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams
from kiosk.vision.sources import open_source
from kiosk.vision.touchless import GestureWatch
from tests.helpers import TESTDATA


@pytest.mark.slow
def test_a_palm_hold_reaches_the_ui_thread(
    qtbot: QtBot, face_model: Path, hand_model: Path
) -> None:
    clip = TESTDATA / "hands" / "hands_swipe_right_2.mp4"
    source = open_source(str(clip), realtime=True, loop=True)  # again, on a busy machine
    capture = CaptureThread(source, mirror=True)
    with FaceTracker(face_model) as faces, HandTracker(hand_model) as hands:
        watch = GestureWatch(hands, GestureReader(mirrored=True))
        pipeline = TryOnPipeline(faces, LandmarkSmoother(OneEuroParams()), gestures=watch)
        worker = VisionWorker(capture, pipeline, Look(None))
        events: list[str] = []
        held: list[float] = []

        def take() -> None:
            done = worker.take()
            if done is not None:
                events.extend(done.gestures)
                if done.output.gesture is not None:
                    held.append(done.output.gesture.hold)

        worker.ready.connect(take)
        capture.start()
        worker.start()
        try:
            deadline = time.monotonic() + 40.0
            while "select" not in events and time.monotonic() < deadline:
                qtbot.wait(50)
        finally:
            worker.stop()
            capture.stop()
            capture.join(5.0)
            pipeline.close()
    print(f"\nevents read through the worker: {events}; most hold shown {max(held):.2f}")
    assert "select" in events
    assert any(0.5 < h < 1.0 for h in held)  # the hold's progress reached the screen first
