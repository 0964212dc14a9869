"""GestureReader: the rules on synthetic hands (edge cases), then the whole touchless path
(the real pipeline with the real hand and face models) on real recordings.

The synthetic hand is a plain open-palm shape (palm length 1, fingers up) placed, scaled
and turned in the frame; a fist curls the fingers back, an edge-on hand squeezes it flat.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest

from kiosk.pipeline import Look, TryOnPipeline
from kiosk.vision.face import FaceTracker
from kiosk.vision.gestures import GestureParams, GestureReader, GestureReading, is_open_palm
from kiosk.vision.hands import HandRateGovernor, HandTracker
from kiosk.vision.smoothing import LandmarkSmoother, OneEuroParams
from kiosk.vision.touchless import GestureWatch
from tests.helpers import TESTDATA, names_in_testdata

SIZE = (1280, 720)
ASPECT = SIZE[0] / SIZE[1]
FPS = 30.0

# An open right palm facing the camera, fingers up, in palm lengths from the wrist.
# fmt: off
OPEN = np.array([
    (0, 0),
    (-0.35, -0.15), (-0.6, -0.35), (-0.8, -0.55), (-0.95, -0.75),  # thumb
    (-0.3, -0.95), (-0.35, -1.35), (-0.37, -1.6), (-0.38, -1.8),  # index
    (0, -1.0), (0, -1.45), (0, -1.72), (0, -1.95),  # middle
    (0.25, -0.95), (0.28, -1.35), (0.3, -1.58), (0.31, -1.78),  # ring
    (0.45, -0.85), (0.52, -1.15), (0.56, -1.33), (0.6, -1.5),  # pinky
], dtype=np.float64)
# fmt: on
FIST = OPEN.copy()
for _mcp in (5, 9, 13, 17):  # every finger folded back over its knuckle
    FIST[_mcp + 1 : _mcp + 4] = OPEN[_mcp] + (0.0, 0.35)
EDGE_ON = OPEN * (0.15, 1.0)  # seen from the side: the knuckles in a line


class FakeHand:
    """A hand as the tracker reports one (the reader reads only `landmarks`)."""

    def __init__(self, landmarks: np.ndarray) -> None:
        self.landmarks = landmarks
        self.score = 1.0


def hand(
    x: float, y: float, palm: float = 0.12, shape: np.ndarray = OPEN, turn_deg: float = 0.0
) -> FakeHand:
    """A hand whose wrist sits at (x, y) (normalised), `palm` frame heights long, turned."""
    a = math.radians(turn_deg)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]])
    pts = (shape @ rot.T) * palm  # frame heights
    pts[:, 0] = x + pts[:, 0] / ASPECT
    pts[:, 1] += y
    return FakeHand(np.column_stack([pts, np.zeros(len(pts))]).astype(np.float32))


def play(
    reader: GestureReader,
    frames: list[list[FakeHand]],
    t0: float = 0.0,
    face: tuple[float, float, float, float] | None = None,
) -> list[tuple[float, GestureReading]]:
    """Feed one frame list at FPS; the readings with their times."""
    out = []
    for i, hands in enumerate(frames):
        t = t0 + i / FPS
        out.append((t, reader.feed(hands, t, SIZE, face)))  # type: ignore[arg-type]
    return out


def events(readings: list[tuple[float, GestureReading]]) -> list[str]:
    return [r.event for _, r in readings if r.event is not None]


def still(seconds: float, x: float = 0.5, y: float = 0.4, **kw: object) -> list[list[FakeHand]]:
    return [[hand(x, y, **kw)] for _ in range(round(seconds * FPS))]  # type: ignore[arg-type]


def stroke(
    x0: float, x1: float, seconds: float, y0: float = 0.4, y1: float = 0.4
) -> list[list[FakeHand]]:
    n = max(2, round(seconds * FPS))
    return [[hand(x0 + (x1 - x0) * k / (n - 1), y0 + (y1 - y0) * k / (n - 1))] for k in range(n)]


# ---- the shapes --------------------------------------------------------------------------


def test_open_palm_fist_and_edge_on() -> None:
    p = GestureParams()
    assert is_open_palm(OPEN, p)
    assert not is_open_palm(FIST, p)
    assert not is_open_palm(EDGE_ON, p)


# ---- select: an open palm held still ------------------------------------------------------


def test_palm_held_selects_once_after_hold_s() -> None:
    readings = play(GestureReader(), still(2.0))
    fired = [t for t, r in readings if r.event == "select"]
    assert len(fired) == 1
    assert 0.95 <= fired[0] <= 1.1
    before = [r.hold for t, r in readings if t < fired[0]]
    assert before[-1] > 0.9 and all(0.0 <= h < 1.0 for h in before)
    assert all(r.hand_up for _, r in readings)


def test_a_long_hold_selects_once_and_a_new_hold_again() -> None:
    reader = GestureReader()
    readings = play(reader, still(3.5))
    assert events(readings) == ["select"]
    after = [r.hold for t, r in readings if t > 1.2]
    assert max(after) == 0.0  # the ring does not fill again for the same hold
    # the hand drops and comes back: a new hold selects again
    assert events(play(reader, [[]] * 15 + still(1.5), t0=3.5)) == ["select"]
    # or moves to a new place and holds there
    assert events(play(reader, still(1.5, x=0.7), t0=5.5)) == ["select"]


def test_palm_shown_shorter_than_hold_s_does_not_select() -> None:
    assert events(play(GestureReader(), still(0.7) + still(0.7, x=0.8))) == []


def test_hold_time_is_a_setting() -> None:
    readings = play(GestureReader(params=GestureParams(hold_s=0.5)), still(1.0))
    assert [round(t, 1) for t, r in readings if r.event] == [0.5]


def test_a_wave_does_not_select() -> None:
    """The palm's centre stays put while the hand wags +-25 degrees about the wrist, 3 Hz."""
    frames = [
        [hand(0.5, 0.45, turn_deg=25 * math.sin(2 * math.pi * 3 * i / FPS))] for i in range(90)
    ]
    readings = play(GestureReader(), frames)
    assert events(readings) == []
    assert max(r.hold for _, r in readings) < 0.5


def test_fist_and_edge_on_hand_do_not_select() -> None:
    assert events(play(GestureReader(), still(2.0, shape=FIST))) == []
    assert events(play(GestureReader(), still(2.0, shape=EDGE_ON))) == []


def test_a_low_hand_starts_nothing() -> None:
    face = (0.42, 0.1, 0.58, 0.35)  # chin at 0.35; raised means above ~0.65
    low = play(GestureReader(), still(2.0, y=0.9), face=face)
    assert events(low) == [] and not any(r.hand_up for _, r in low)
    high = play(GestureReader(), still(2.0, y=0.5), face=face)
    assert events(high) == ["select"]


def test_two_palms_do_not_select() -> None:
    frames = [[hand(0.3, 0.4), hand(0.7, 0.4)] for _ in range(60)]
    assert events(play(GestureReader(), frames)) == []


# ---- swipes --------------------------------------------------------------------------------


def test_swipe_direction_follows_the_shopper_on_mirrored_and_raw_frames() -> None:
    """+x on a mirrored frame is the shopper's right (next); on a raw frame, their left."""
    move = still(0.3, x=0.3) + stroke(0.3, 0.75, 0.4)
    assert events(play(GestureReader(mirrored=True), move)) == ["swipe_right"]
    assert events(play(GestureReader(mirrored=False), move)) == ["swipe_left"]
    back = still(0.3, x=0.75) + stroke(0.75, 0.3, 0.4)
    assert events(play(GestureReader(mirrored=True), back)) == ["swipe_left"]


def test_swipe_progress_is_shown_before_it_fires() -> None:
    readings = play(GestureReader(mirrored=True), still(0.3, x=0.3) + stroke(0.3, 0.75, 0.4))
    shown = [r.swipe for _, r in readings if r.event is None and r.swipe > 0.2]
    assert shown and max(shown) < 1.0
    assert [r.swipe for _, r in readings if r.event] == [1.0]


def test_slow_drift_vertical_and_short_strokes_are_not_swipes() -> None:
    assert events(play(GestureReader(), stroke(0.3, 0.75, 3.0))) == []  # slow
    assert events(play(GestureReader(), stroke(0.5, 0.5, 0.4, y0=0.2, y1=0.7))) == []  # down
    assert events(play(GestureReader(), stroke(0.45, 0.55, 0.2))) == []  # short


def test_a_swipe_from_a_lowered_hand_is_not_read() -> None:
    face = (0.42, 0.1, 0.58, 0.3)
    assert events(play(GestureReader(), stroke(0.3, 0.75, 0.4, 0.9, 0.9), face=face)) == []


def test_two_hands_spreading_apart_are_not_a_swipe() -> None:
    n = 12
    frames = [[hand(0.45 - 0.3 * k / n, 0.4), hand(0.55 + 0.3 * k / n, 0.4)] for k in range(n + 1)]
    assert events(play(GestureReader(), still(0.3, x=0.45) + frames)) == []


def test_cooldown_after_a_swipe_and_a_longer_one_for_the_way_back() -> None:
    reader = GestureReader(mirrored=True)
    first = play(reader, stroke(0.2, 0.7, 0.35))
    assert events(first) == ["swipe_right"]
    t = first[-1][0] + 1 / FPS
    # the hand flies back at once: within twice the cooldown, not a swipe
    assert events(play(reader, stroke(0.7, 0.2, 0.35), t0=t)) == []
    t += 0.35 + 1.2  # well past the cooldown: the next swipe counts
    assert events(play(reader, stroke(0.2, 0.7, 0.35), t0=t)) == ["swipe_right"]


def test_one_long_stroke_fires_once() -> None:
    assert events(play(GestureReader(), stroke(0.05, 0.95, 0.6))) == ["swipe_right"]


def test_lost_frames_within_a_swipe_are_bridged_but_a_long_gap_is_not() -> None:
    reader = GestureReader(mirrored=True)
    assert events(play(reader, stroke(0.2, 0.42, 0.2))) == []
    # motion blur: the hand is unseen for 0.2 s, then found further on
    readings = play(reader, [[]] * 6 + stroke(0.6, 0.75, 0.1), t0=0.2)
    assert events(readings) == ["swipe_right"]
    reader = GestureReader(mirrored=True)
    play(reader, stroke(0.2, 0.42, 0.2))
    # gone for a second: a new hand, the earlier travel does not count
    assert events(play(reader, [[]] * 30 + stroke(0.6, 0.75, 0.1), t0=0.2)) == []


def test_a_jump_to_another_hand_is_not_a_swipe() -> None:
    frames = still(0.3, x=0.2) + still(0.3, x=0.8)  # the tracker switches hands
    assert events(play(GestureReader(), frames)) == []


def test_a_hand_that_changes_size_at_once_is_another_hand() -> None:
    """A cut, or a different hand nearer the camera: the stroke does not join across it."""
    near = [[hand(0.2 + 0.02 * k, 0.4, palm=0.2)] for k in range(6)]
    far = [[hand(0.45 + 0.02 * k, 0.4, palm=0.08)] for k in range(6)]
    assert events(play(GestureReader(), near + far)) == []
    same = [[hand(0.45 + 0.02 * k, 0.4, palm=0.2)] for k in range(6)]
    assert events(play(GestureReader(), near + same)) == ["swipe_right"]


def test_no_hand_gives_the_idle_reading_and_reset_forgets() -> None:
    reader = GestureReader()
    readings = play(reader, [*still(0.8), []])
    assert readings[-1][1] == GestureReading()
    play(reader, still(0.8), t0=1.0)
    reader.reset()
    assert reader.last == GestureReading()
    assert events(play(reader, still(0.8), t0=2.0)) == []  # the earlier hold does not count


def test_the_clock_going_back_starts_over() -> None:
    reader = GestureReader()
    play(reader, still(0.8), t0=10.0)
    assert events(play(reader, still(0.8), t0=0.0)) == []


# ---- the real path: pipeline + hand and face models on real recordings ---------------------

HANDS = "hands"
# What the clips' MANIFEST says happens, as the shopper means it: (event, from_s, to_s).
# Clips 1-3, 8 and 9 are not mirrored (a webcam shown as is): the subject's own right is
# the image's left, so "hands_swipe_left" (toward image-left) is a swipe to their right.
# Clips 4-7 may or may not be mirrored; nothing in them has a direction to read.
EXPECTED: dict[str, list[tuple[str, float, float]]] = {
    "hands_swipe_left_1.mp4": [("swipe_right", 2.2, 3.0)],
    "hands_swipe_right_1.mp4": [("swipe_left", 0.65, 1.9)],
    "hands_swipe_right_2.mp4": [("select", 1.9, 2.4), ("swipe_left", 2.3, 3.4)],
    "hands_palm_hold_1.mp4": [("select", 3.5, 3.94)],  # after the wave, ~1 s still
    "hands_palm_fist_sequence_1.mp4": [],  # shown, never held still for a second
    "hands_nongesture_wave_1.mp4": [],  # a friendly wave, then a shrug with both hands
    "hands_nongesture_fist_forehead_1.mp4": [],
    "hands_nongesture_two_hand_spread_1.mp4": [],
    "hands_other_swipe_down_1.mp4": [],  # a short palm, then a downward swipe
}
QUICK = {"hands_swipe_right_1.mp4"}  # 29 frames: stays in the quick loop


def _frames(path: Path, flip: bool) -> Iterator[tuple[int, np.ndarray, int]]:
    cap = cv2.VideoCapture(str(path))
    fps = cap.get(cv2.CAP_PROP_FPS) or 30.0
    i = 0
    while True:
        ok, frame = cap.read()
        if not ok:
            break
        yield i, cv2.flip(frame, 1) if flip else frame, round(i * 1000 / fps)
        i += 1
    cap.release()


class ClipRuns:
    """Each clip through the real pipeline once per session variant (raw or mirrored as the
    kiosk's capture mirrors), cached: several tests read the same run."""

    def __init__(self, face_model: Path, hand_model: Path) -> None:
        self.face_model, self.hand_model = face_model, hand_model
        self._runs: dict[tuple[str, bool], list[tuple[float, GestureReading, float]]] = {}

    def run(self, path: Path, mirrored: bool) -> list[tuple[float, GestureReading, float]]:
        """(time s, reading, hand tracking ms) per frame."""
        key = (str(path), mirrored)
        if key not in self._runs:
            self._runs[key] = self._run(path, mirrored)
        return self._runs[key]

    def _run(self, path: Path, mirrored: bool) -> list[tuple[float, GestureReading, float]]:
        out = []
        with (
            FaceTracker(self.face_model, mode="video") as faces,
            HandTracker(self.hand_model, mode="video") as hands,
        ):
            watch = GestureWatch(hands, GestureReader(mirrored=mirrored), HandRateGovernor())
            pipeline = TryOnPipeline(faces, LandmarkSmoother(OneEuroParams()), gestures=watch)
            try:
                for i, frame, ts in _frames(path, flip=mirrored):
                    result = pipeline.process(frame, i, ts, Look(None), in_place=True)
                    assert result.gesture is not None
                    out.append((ts / 1000.0, result.gesture, result.times.hands_ms))
            finally:
                pipeline.close()
        return out


@pytest.fixture(scope="module")
def clips(face_model: Path, hand_model: Path) -> ClipRuns:
    return ClipRuns(face_model, hand_model)


def _check(runs: list[tuple[float, GestureReading, float]], expected: list, name: str) -> None:
    read = [(round(t, 2), r.event) for t, r, _ in runs if r.event is not None]
    print(f"\n{name}: expected {expected}, read {read}")
    assert [e for _, e in read] == [e for e, _, _ in expected], f"{name}: read {read}"
    for (t, _), (_, lo, hi) in zip(read, expected, strict=True):
        assert lo <= t <= hi, f"{name}: read at {t} s, expected {lo}-{hi} s"


def _marks(name: str) -> list[pytest.MarkDecorator]:
    return [] if name in QUICK else [pytest.mark.slow]


@pytest.mark.parametrize(
    "name",
    [pytest.param(n, marks=_marks(n)) for n in names_in_testdata(HANDS, "*.mp4")],
)
def test_recorded_gestures_are_read_as_the_manifest_says(clips: ClipRuns, name: str) -> None:
    """Raw frames (as recorded), the reader told they are not mirrored."""
    assert name in EXPECTED, f"{name} is new in {HANDS}/: add what its MANIFEST says"
    _check(clips.run(TESTDATA / HANDS / name, mirrored=False), EXPECTED[name], name)


# Known miss: on the flipped frames of this 15 fps clip the model loses the blurred hand at
# 74 % of the swipe and finds it again 0.46 s later at the bottom edge (longer than a blur
# gap may be), so the stroke is never completed. Strict: a fix makes this fail loudly.
MIRRORED_MISSES = {"hands_swipe_right_1.mp4"}


def _mirrored(name: str) -> object:
    if name not in MIRRORED_MISSES:
        return name
    why = "hand lost for 0.46 s mid-swipe on the flipped frames"
    return pytest.param(name, marks=pytest.mark.xfail(reason=why, strict=True))


@pytest.mark.slow
@pytest.mark.parametrize("name", [_mirrored(n) for n in sorted(EXPECTED)])
def test_mirrored_like_the_kiosk_the_same_gestures_are_read(clips: ClipRuns, name: str) -> None:
    """The frames flipped as `capture.mirror` does and the reader told so: a swipe toward
    the shopper's own right is still "swipe_right"."""
    _check(clips.run(TESTDATA / HANDS / name, mirrored=True), EXPECTED[name], name)


@pytest.mark.slow
@pytest.mark.parametrize("name", names_in_testdata("videos", "*.mp4"))
def test_talking_and_moving_people_make_no_gestures(clips: ClipRuns, name: str) -> None:
    """Talking faces, people posing and dancing, a singer with a microphone: no events."""
    runs = clips.run(TESTDATA / "videos" / name, mirrored=True)
    read = [(round(t, 2), r.event) for t, r, _ in runs if r.event is not None]
    assert read == [], f"{name}: read {read}"


@pytest.mark.slow
def test_the_palm_hold_shows_its_progress_before_it_selects(clips: ClipRuns) -> None:
    runs = clips.run(TESTDATA / HANDS / "hands_palm_hold_1.mp4", mirrored=False)
    fired = next(t for t, r, _ in runs if r.event == "select")
    progress = [r.hold for t, r, _ in runs if fired - 0.5 <= t < fired]
    assert progress and progress[-1] > 0.8 and max(progress) < 1.0
    assert all(r.hand_up for t, r, _ in runs if fired - 0.5 <= t <= fired)


@pytest.mark.slow
def test_the_governor_keeps_the_hand_model_cheap_until_a_hand_is_raised(clips: ClipRuns) -> None:
    """body_s20: her hands are in view on every frame but never raised, so the model runs at
    the idle rate (5 Hz of 30 fps); hands_swipe_right_2: every frame while the palm is up."""
    low = clips.run(TESTDATA / "videos" / "body_s20_upperbody.mp4", mirrored=True)
    share = sum(1 for *_, ms in low if ms > 0) / len(low)
    print(f"\nbody_s20_upperbody: hand model ran on {share:.0%} of frames")
    assert 0.1 < share < 0.25
    raised = clips.run(TESTDATA / HANDS / "hands_swipe_right_2.mp4", mirrored=False)
    assert all(ms > 0 for t, _, ms in raised if 1.3 <= t <= 2.2)
