"""HandLandmarker wrapper and its rate governor: the only place MediaPipe's hand task is touched.

Like `kiosk.vision.face` and `kiosk.vision.pose`, it owns the task's options and
running mode, refuses repeated or backward timestamps (MediaPipe would abort the
graph) and returns our own frozen dataclasses, so no MediaPipe type leaves
`kiosk.vision`. Landmarks are normalised (0..1 from the top-left corner) in the
frame as the pipeline got it, which is the frame as displayed: mirrored when
`capture.mirror` is on. MediaPipe's handedness label is not passed on: it assumes
mirrored input, so it would mean opposite things on the two kinds of frame.

Hand tracking is for touchless gestures only, so it must not cost the mirror its
frame rate: `HandRateGovernor` runs the model a few times a second while no hand
is up, and on every frame while one is (and for a moment after it was last seen,
because a fast swipe blurs the hand out of a few frames). A hand in view but not
raised (at the waist, holding a product) leaves it at the idle rate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np

from kiosk.vision import mp_lazy
from kiosk.vision.mp_input import TimestampGuard, TrackerInput, as_input, mp_image

HandMode = Literal["image", "video"]
LANDMARK_COUNT = 21

# MediaPipe's 21 hand landmarks.
WRIST = 0
THUMB_CMC, THUMB_MCP, THUMB_IP, THUMB_TIP = 1, 2, 3, 4
INDEX_MCP, INDEX_PIP, INDEX_DIP, INDEX_TIP = 5, 6, 7, 8
MIDDLE_MCP, MIDDLE_PIP, MIDDLE_DIP, MIDDLE_TIP = 9, 10, 11, 12
RING_MCP, RING_PIP, RING_DIP, RING_TIP = 13, 14, 15, 16
PINKY_MCP, PINKY_PIP, PINKY_DIP, PINKY_TIP = 17, 18, 19, 20
PALM = (WRIST, INDEX_MCP, MIDDLE_MCP, RING_MCP, PINKY_MCP)


@dataclass(frozen=True, eq=False)
class Hand:
    """One hand. `landmarks`: (21, 3) float32; x and y normalised to the frame (0..1
    from the top-left), z on x's scale (smaller is nearer, origin at the wrist).
    `score`: MediaPipe's confidence that this is a hand."""

    landmarks: np.ndarray = field(repr=False)
    score: float = 1.0

    @property
    def palm_center(self) -> tuple[float, float]:
        """The mean of the wrist and the four knuckles (steadier than any one point)."""
        c = self.landmarks[list(PALM), :2].mean(axis=0)
        return float(c[0]), float(c[1])


@dataclass(frozen=True, eq=False)
class HandResult:
    """What the tracker saw in one frame; `hands` is empty when no hand is in view."""

    hands: tuple[Hand, ...]
    timestamp_ms: int
    inference_ms: float
    image_size: tuple[int, int]  # (width, height)

    @property
    def found(self) -> bool:
        return bool(self.hands)


class HandTracker:
    """MediaPipe HandLandmarker (palm detector + 21 landmarks) in IMAGE or VIDEO mode."""

    def __init__(
        self,
        model_path: Path,
        *,
        mode: HandMode = "video",
        max_hands: int = 2,
        min_detection_confidence: float = 0.5,
        min_presence_confidence: float = 0.5,
        min_tracking_confidence: float = 0.5,
    ) -> None:
        mp_lazy.prepare()
        from mediapipe.tasks.python import BaseOptions, vision

        modes = {"image": vision.RunningMode.IMAGE, "video": vision.RunningMode.VIDEO}
        if mode not in modes:
            raise ValueError(f"running mode must be one of {sorted(modes)}, not {mode!r}")
        if not 1 <= max_hands <= 4:
            raise ValueError(f"max_hands must be 1 to 4, not {max_hands}")
        self.mode: HandMode = mode
        self._timestamps = TimestampGuard()
        options = vision.HandLandmarkerOptions(
            base_options=BaseOptions(model_asset_path=str(model_path)),
            running_mode=modes[mode],
            num_hands=max_hands,
            min_hand_detection_confidence=min_detection_confidence,
            min_hand_presence_confidence=min_presence_confidence,
            min_tracking_confidence=min_tracking_confidence,
        )
        self._landmarker: Any = vision.HandLandmarker.create_from_options(options)

    def detect(self, image: np.ndarray | TrackerInput, timestamp_ms: int = 0) -> HandResult:
        """Hands in one BGR frame, or in one already prepared by `mp_input.prepare_input`
        (shared with the face tracker, converted once). Timestamps must strictly
        increase in video mode; frames may be skipped between them."""
        if self._landmarker is None:
            raise RuntimeError("HandTracker is closed")
        if self.mode == "video":
            self._timestamps.check(timestamp_ms)
        frame = as_input(image)
        start = time.perf_counter()
        if self.mode == "image":
            raw = self._landmarker.detect(mp_image(frame))
        else:
            raw = self._landmarker.detect_for_video(mp_image(frame), timestamp_ms)
        elapsed = (time.perf_counter() - start) * 1000.0
        return HandResult(_hands(raw), timestamp_ms, elapsed, (frame.width, frame.height))

    def close(self) -> None:
        """Close the MediaPipe graph now (left to the GC at exit it prints tracebacks)."""
        if self._landmarker is not None:
            self._landmarker.close()
            self._landmarker = None

    def __enter__(self) -> HandTracker:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def _hands(raw: Any) -> tuple[Hand, ...]:
    hands = []
    scores = list(raw.handedness or [])
    for i, marks in enumerate(raw.hand_landmarks or []):
        pts = np.array([(p.x, p.y, p.z) for p in marks], dtype=np.float32)
        score = float(scores[i][0].score) if i < len(scores) and scores[i] else 1.0
        hands.append(Hand(pts, score))
    return tuple(hands)


class HandRateGovernor:
    """Decides, frame by frame, whether the hand model runs.

    While no hand has been seen for `linger_s` the model runs at most `idle_hz`
    times a second (a raised hand is still noticed within 1/idle_hz s); while a
    hand is up, or was within `linger_s`, it runs on every frame, so a swipe is
    followed through the frames where motion blur hides the hand.
    """

    def __init__(self, idle_hz: float = 5.0, linger_s: float = 1.0) -> None:
        if idle_hz <= 0:
            raise ValueError(f"idle_hz must be above 0, not {idle_hz}")
        self.idle_period_s = 1.0 / idle_hz
        self.linger_s = linger_s
        self._last_run_s: float | None = None
        self._last_seen_s: float | None = None

    @property
    def active(self) -> bool:
        """True while a hand was seen recently (the model then runs on every frame)."""
        return self._last_seen_s is not None

    def should_run(self, t_s: float) -> bool:
        if self._last_run_s is None or t_s < self._last_run_s:
            return True  # the first frame, or the clock went back (a looped video)
        if self._last_seen_s is not None and t_s - self._last_seen_s <= self.linger_s:
            return True
        self._last_seen_s = None
        return t_s - self._last_run_s >= self.idle_period_s - 1e-6

    def ran(self, t_s: float, found: bool) -> None:
        """Tell the governor the model ran at `t_s` and whether it found a hand that counts
        (the gesture watch says: a raised one)."""
        self._last_run_s = t_s
        if found:
            self._last_seen_s = t_s

    def reset(self) -> None:
        self._last_run_s = self._last_seen_s = None
