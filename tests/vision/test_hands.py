"""HandTracker on real frames with the real model, and the rate governor that keeps it cheap."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.vision.hands import LANDMARK_COUNT, HandRateGovernor, HandTracker
from kiosk.vision.mp_input import prepare_input
from tests.helpers import TESTDATA

FPS = 30.0


@pytest.fixture()
def hands(hand_model: Path) -> Iterator[HandTracker]:
    with HandTracker(hand_model, mode="video") as tracker:
        yield tracker


def _frame(name: str, index: int, folder: str = "hands") -> np.ndarray:
    cap = cv2.VideoCapture(str(TESTDATA / folder / name))
    cap.set(cv2.CAP_PROP_POS_FRAMES, index)
    ok, frame = cap.read()
    cap.release()
    assert ok, f"{name} frame {index} did not decode"
    return frame


def test_a_raised_palm_is_found_where_it_is(hands: HandTracker) -> None:
    """hands_swipe_right_2 at 1.5 s: an open palm at x~0.21, y~0.55 (MANIFEST)."""
    frame = _frame("hands_swipe_right_2.mp4", 30)
    result = hands.detect(prepare_input(frame), 1500)
    assert result.found and result.image_size == (960, 720)
    [hand] = result.hands
    assert hand.landmarks.shape == (LANDMARK_COUNT, 3)
    x, y = hand.palm_center
    assert 0.15 < x < 0.3 and 0.45 < y < 0.65
    assert result.inference_ms > 0


def test_landmarks_follow_the_displayed_frame_when_it_is_mirrored(hand_model: Path) -> None:
    frame = _frame("hands_swipe_right_2.mp4", 30)
    with HandTracker(hand_model, mode="image") as tracker:
        raw = tracker.detect(frame).hands[0].palm_center
        flipped = tracker.detect(cv2.flip(frame, 1)).hands[0].palm_center
    assert abs(flipped[0] - (1.0 - raw[0])) < 0.02 and abs(flipped[1] - raw[1]) < 0.02


def test_no_hand_on_a_talking_face(hands: HandTracker) -> None:
    assert not hands.detect(_frame("talk_d3.mp4", 50, "videos"), 0).found


def test_timestamps_must_increase_and_a_closed_tracker_refuses(hands: HandTracker) -> None:
    frame = _frame("hands_swipe_right_2.mp4", 30)
    hands.detect(frame, 100)
    with pytest.raises(ValueError, match="strictly increase"):
        hands.detect(frame, 100)
    hands.close()
    with pytest.raises(RuntimeError, match="closed"):
        hands.detect(frame, 200)


def test_bad_options_are_refused(hand_model: Path) -> None:
    with pytest.raises(ValueError, match="max_hands"):
        HandTracker(hand_model, max_hands=0)
    with pytest.raises(ValueError, match="running mode"):
        HandTracker(hand_model, mode="live")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="idle_hz"):
        HandRateGovernor(idle_hz=0)


# ---- the governor ----------------------------------------------------------------------------


def test_governor_runs_at_the_idle_rate_until_a_hand_is_seen() -> None:
    gov = HandRateGovernor(idle_hz=5.0, linger_s=1.0)
    ran = []
    for i in range(60):  # 2 s at 30 fps, no hand
        t = i / FPS
        if gov.should_run(t):
            gov.ran(t, found=False)
            ran.append(i)
    assert len(ran) == 10  # 5 a second
    assert not gov.active


def test_governor_runs_every_frame_while_a_hand_is_up_and_lingers() -> None:
    gov = HandRateGovernor(idle_hz=5.0, linger_s=1.0)
    gov.ran(0.0, found=True)
    assert all(gov.should_run(i / FPS) for i in range(1, 30))  # within the linger
    for i in range(1, 30):
        gov.ran(i / FPS, found=False)
    later = [i for i in range(30, 90) if gov.should_run(i / FPS)]
    assert len(later) < 60  # back to the idle rate after the linger
    gov.reset()
    assert gov.should_run(0.0)
